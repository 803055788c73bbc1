// Normalising how people type before the word rules read it.

const CONTRACTIONS: Record<string, string> = {
  dont: "don't",
  doesnt: "doesn't",
  didnt: "didn't",
  isnt: "isn't",
  wasnt: "wasn't",
  arent: "aren't",
  werent: "weren't",
  cant: "can't",
  wont: "won't",
  shouldnt: "shouldn't",
  havent: "haven't",
  hasnt: "hasn't",
  youre: "you're",
  thats: "that's",
  lets: "let's",
  im: "i'm",
  ive: "i've",
};

/**
 * Curly quotes made straight and apostrophe-less contractions ("dont", "doesnt") restored, so
 * one pattern covers how people actually type in a hurry. Lengths may change: use the result
 * for matching, and the original text for what is shown.
 */
export function normalizeWording(text: string): string {
  return text
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/\b(dont|doesnt|didnt|isnt|wasnt|arent|werent|cant|wont|shouldnt|havent|hasnt|youre|thats|lets|im|ive)\b/gi, (w) => {
      const fixed = CONTRACTIONS[w.toLowerCase()];
      return w[0] === w[0].toUpperCase() ? fixed[0].toUpperCase() + fixed.slice(1) : fixed;
    });
}

/** Sentences (and lines) of a message, with their start offsets in `text`. */
export function sentences(text: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  // A stop ends a sentence only before a space or the end: "Chart.js" and "v2.1" stay whole.
  const re = /(?:[^.!?\n]|[.!?]+(?=[^\s.!?]))+[.!?]*/g;
  for (const m of text.matchAll(re)) {
    if (m[0].trim()) out.push({ text: m[0], start: m.index });
  }
  return out;
}

/**
 * Quoted passages of 40 characters or more (an e-mail, an article, a document the person pasted
 * between quotation marks) blanked out with spaces of the same length, so offsets still match: the
 * words inside are someone else's, not the person's instructions to the agent. Straight quotes are
 * paired in order (first with second, third with fourth), so the text between two short quotations
 * ("a" and "b") is never taken for a quotation.
 */
export function blankQuoted(text: string): string {
  const chars = text.split(''); // UTF-16 units, so offsets match the original
  const blank = (from: number, to: number) => {
    if (to - from - 1 < 40) return;
    for (let k = from; k <= to; k++) if (chars[k] !== '\n') chars[k] = ' ';
  };
  let open = -1;
  let curly = -1;
  chars.forEach((c, k) => {
    if (c === '"') {
      if (open < 0) open = k;
      else {
        blank(open, k);
        open = -1;
      }
    } else if (c === '\u201c' && curly < 0) curly = k;
    else if (c === '\u201d' && curly >= 0) {
      blank(curly, k);
      curly = -1;
    }
  });
  return chars.join('');
}
