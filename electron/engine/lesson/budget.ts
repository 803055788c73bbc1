/*
 * The lesson budget, shared by the request (what Claude is asked for), the local drafter (what
 * it writes) and the linter (what it flags). Research on agent context files (e.g. studies of
 * AGENTS.md/CLAUDE.md) finds long, generic or repeated instructions cost tokens and can make
 * agents worse; a rule earns its place by being short and naming something concrete.
 */

/** A rule is at most this many sentences... */
export const RULE_MAX_SENTENCES = 2;
/** ...and this many characters. */
export const RULE_MAX_CHARS = 300;
/** A title is a label, not a sentence. */
export const TITLE_MAX_CHARS = 80;
/** All exported lessons together: about 1,500 tokens of context. */
export const EXPORT_MAX_CHARS = 6000;

/** Abbreviations whose full stop does not end a sentence. */
const ABBREVIATIONS = /\b(?:e\.g|i\.e|etc|vs|cf|approx|incl|no)\.(?=\s|$)/gi;

/**
 * Sentences in a rule. Code spans, file names (`vite.config.ts`) and version numbers contain
 * dots that end nothing, so only a terminal mark followed by a space or the end counts.
 */
export function countSentences(text: string): number {
  const plain = text
    .replace(/`[^`]*`/g, 'code')
    .replace(ABBREVIATIONS, 'abbr')
    .trim();
  if (!plain) return 0;
  const ends = plain.match(/[.!?]+(?=\s|$)/g) ?? [];
  // Text without a final mark is still one sentence.
  return ends.length + (/[.!?]$/.test(plain) ? 0 : 1);
}
