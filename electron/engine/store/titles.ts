import type { ParsedMessage } from '../../../shared/types.js';

/** The longest title derived from a request, in characters (a list row shows about this much). */
export const TITLE_MAX = 80;

/**
 * A title from the words of a person's request, for sessions whose format has none (Aider,
 * ShareGPT, many Codex rollouts): the first non-empty line(s), whitespace collapsed, markup-like
 * noise (code fences, leading `#`, `>` quotes) dropped, cut at a word boundary with an ellipsis.
 * Null when nothing readable is left.
 */
export function titleFromRequest(text: string | null | undefined): string | null {
  if (!text) return null;
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.replace(/^\s*(?:[#>*-]+\s+|```\S*)/, '').trim())
    .filter((l) => l && !l.startsWith('```'));
  const words = lines.join(' ').replace(/\s+/g, ' ').trim();
  if (!words) return null;
  if (words.length <= TITLE_MAX) return words;
  const cut = words.slice(0, TITLE_MAX - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > TITLE_MAX / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '')}…`;
}

/** The first request of the person on the main thread, as a title (see titleFromRequest), or null. */
export function deriveTitle(messages: readonly ParsedMessage[]): string | null {
  for (const m of messages) {
    if (m.role !== 'user' || m.onMainThread === false || m.sidechain) continue;
    const title = titleFromRequest(m.text);
    if (title) return title;
  }
  return null;
}

/** A stored title worth showing: null for a missing or blank one. */
export function usableTitle(title: string | null | undefined): string | null {
  return title && title.trim() ? title : null;
}
