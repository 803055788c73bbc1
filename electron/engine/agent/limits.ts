/*
 * How much Reverie puts into an agent's context. Everything the MCP tools and the hooks return
 * goes into a model's context window, so every answer is bounded (README, "Reverie in your
 * agent's loop"). Longer items are cut with an ellipsis; lists are cut to fit and say so.
 */

/** One MCP tool answer, in characters of the text returned. */
export const MAX_ANSWER_CHARS = 8_000;
/** The SessionStart hook's additionalContext. */
export const MAX_CONTEXT_CHARS = 4_000;
/** One quoted text (a snippet, a failure, the person's next words, a tool input). */
export const MAX_ITEM_CHARS = 400;
/** Results of one tool call, whatever `limit` asks for. */
export const MAX_RESULTS = 20;
export const DEFAULT_RESULTS = 8;

/** `text` cut to `max` characters, with an ellipsis when cut. */
export function clip(text: string, max = MAX_ITEM_CHARS): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** A result count from an agent's `limit`, within 1..MAX_RESULTS. */
export function resultCount(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_RESULTS;
  return Math.min(MAX_RESULTS, Math.max(1, Math.floor(limit)));
}
