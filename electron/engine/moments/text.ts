// Small text helpers shared by the moment rules. Moment texts are embedded and clustered,
// so they are kept short, on one line, and free of terminal noise.

/** The longest moment text; longer texts are cut (embedders truncate anyway, and short texts cluster better). */
export const MAX_TEXT = 400;
/** The longest context: what the agent did just before, for a person reading the moment. */
export const MAX_CONTEXT = 400;

// CSI sequences (colours, cursor moves), OSC sequences (titles, links) and lone escapes.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-_]/g;
// Box-drawing and block characters that terminal UIs (terraform, vitest) draw around errors.
const BOX = /[\u2500-\u259f\u23af]+/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/** Collapses all whitespace to single spaces. */
export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Cuts to `max` characters at a word boundary when one is near, marking the cut with an ellipsis. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.7 ? cut.slice(0, space) : cut}…`;
}

/** Terminal output made readable: no escapes, no box drawing, one line per line, no blank lines. */
export function cleanOutput(text: string): string[] {
  return stripAnsi(text)
    .replace(BOX, ' ')
    .split(/\r?\n/)
    .map((l) => squash(l))
    .filter((l) => l.length > 0);
}

/**
 * The part of a long text around `index` (a rule's match), cut at sentence starts so the
 * excerpt reads on its own. Short texts are returned whole.
 */
export function excerptAround(text: string, index: number, max = MAX_TEXT): string {
  const flat = squash(text);
  if (flat.length <= max) return flat;
  // Map the index into the squashed text approximately by the ratio of lengths.
  const at = Math.min(flat.length - 1, Math.round((index / Math.max(1, text.length)) * flat.length));
  let start = 0;
  for (const m of flat.matchAll(/[.!?\n]\s+/g)) {
    const s = m.index + m[0].length;
    if (s > at) break;
    start = s;
  }
  if (at - start > max / 2) start = Math.max(0, at - Math.floor(max / 4));
  return clip(flat.slice(start), max);
}

/** Lower-cased word tokens (letters and digits, any script). */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}'_-]*/gu) ?? [];
}
