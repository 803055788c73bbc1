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
