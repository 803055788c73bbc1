import nlp from 'compromise';
import { NOT_NAMES, WEAK_NAMES } from '../keep-lists.js';
import type { Finding } from '../types.js';

/*
 * Person names in prose, found by compromise (an English NLP library with a lexicon of first and
 * last names and contextual tagging), then filtered, because compromise alone takes "Then", "Claude"
 * or "React" for people:
 * - every word must be shaped like a name (Capitalised, or Mc/Mac/O' forms), never a code identifier;
 * - tools, languages and companies that double as first names (keep-lists NOT_NAMES) never count;
 * - a word the lexicon knows as something else ("Will", "Then") counts only as a surname right
 *   after a first name;
 * - one word alone must be a known first or last name, and not one that is also an ordinary word
 *   or a place (WEAK_NAMES: "Grace", "Jordan" need a surname).
 * compromise is slow (~0.1 MB/s), so it reads only short windows around the words that could
 * start a name (see candidateSpans), not whole transcripts of code and logs.
 */
type Lexicon = Record<string, string | string[]>;
const LEXICON = (nlp.model() as { one: { lexicon: Lexicon } }).one.lexicon;
const NAME_TAGS = new Set(['FirstName', 'MaleName', 'FemaleName', 'LastName', 'Person']);
const FIRST_TAGS = new Set(['FirstName', 'MaleName', 'FemaleName']);
const HONORIFICS = /^(?:Dr|Mr|Mrs|Ms|Mx|Prof|Sir|Dame|Mme|Mlle|Herr|Frau)\.?$/;
const NAME_SHAPE = /^(?:\p{Lu}\p{Ll}+(?:[-'’]\p{Lu}?\p{Ll}+)*|(?:Mc|Mac|O'|O’|De|Di|Da|Van|Von|Le|La)\p{Lu}\p{Ll}+)$/u;

export function lexTags(word: string): string[] {
  const t = LEXICON[word.toLowerCase()];
  return t === undefined ? [] : Array.isArray(t) ? t : [t];
}

export function isNameWord(word: string): boolean {
  return lexTags(word).some((t) => NAME_TAGS.has(t));
}

/** In the lexicon as something other than a name ("max" is a noun, "will" a modal). */
export function isCommonWord(word: string): boolean {
  const tags = lexTags(word);
  return tags.length > 0 && !tags.some((t) => NAME_TAGS.has(t));
}

const CAP_WORD = /(?<![\p{L}\p{N}_/.\\-])\p{Lu}[\p{Ll}'’-]+(?![\p{L}\p{N}_(])/gu;

/**
 * Could this capitalised word be (part of) a name? Known names yes; tools and words the lexicon
 * knows as something else no; for other words, no when the text also uses them in lower case
 * ("Storage" beside "storage"): names are rarely written so, title-cased product names often are.
 */
function candidateWord(w: string, lowerWords: ReadonlySet<string>): 'name' | 'unknown' | null {
  const lower = w.toLowerCase();
  if (NOT_NAMES.has(lower)) return null;
  if (isNameWord(lower)) return 'name';
  return isCommonWord(lower) || lowerWords.has(lower) ? null : 'unknown';
}

/**
 * Where a name could be: a capitalised word the lexicon knows as a name, or two capitalised
 * words in a row that are not known as anything else ("Priya Raman").
 */
function candidateSpans(text: string): { start: number; end: number }[] {
  const lowerWords = new Set(text.match(/(?<![\p{L}])\p{Ll}{3,}(?![\p{L}])/gu) ?? []);
  const spans: { start: number; end: number }[] = [];
  let prev: { end: number; kind: 'name' | 'unknown' } | null = null;
  CAP_WORD.lastIndex = 0;
  for (let m = CAP_WORD.exec(text); m; m = CAP_WORD.exec(text)) {
    const kind = candidateWord(m[0], lowerWords);
    const end = m.index + m[0].length;
    if (kind === 'name') spans.push({ start: m.index, end });
    else if (kind === 'unknown' && prev?.kind === 'unknown' && /^\s+$/.test(text.slice(prev.end, m.index))) spans.push({ start: m.index, end });
    prev = kind ? { end, kind } : null;
  }
  return spans;
}

interface Term {
  text: string;
  start: number;
  end: number;
}

/** Picks the name-shaped run(s) inside one compromise person match. */
function nameRuns(terms: Term[], text: string): Term[][] {
  const runs: Term[][] = [];
  let run: Term[] = [];
  const close = () => {
    if (run.length) runs.push(run);
    run = [];
  };
  for (const t of terms) {
    const w = t.text;
    const lower = w.toLowerCase();
    const prev = run.at(-1);
    const adjacent = !prev || /^\s+$/.test(text.slice(prev.end, t.start));
    let ok = NAME_SHAPE.test(w) && !HONORIFICS.test(w) && !NOT_NAMES.has(lower);
    if (ok && isCommonWord(w)) ok = !!prev && adjacent && lexTags(prev.text).some((x) => FIRST_TAGS.has(x));
    if (ok && adjacent) run.push(t);
    else {
      close();
      if (ok) run.push(t);
    }
  }
  close();
  return runs.filter((r) => {
    if (r.length >= 2) return true;
    const w = r[0].text.toLowerCase();
    return isNameWord(w) && !WEAK_NAMES.has(w);
  });
}

interface NlpTerm {
  text: string;
  offset?: { start: number; length: number };
}

/** Context given to compromise on each side of a candidate, in characters. */
const WINDOW = 160;

export function nlpPeopleFindings(text: string): Finding[] {
  // compromise is slow (~0.1 MB/s), so it reads only windows around candidate words, cut at
  // whitespace (so no word is cut) and merged when they overlap.
  const windows: { start: number; end: number }[] = [];
  for (const c of candidateSpans(text)) {
    let start = Math.max(0, c.start - WINDOW);
    let end = Math.min(text.length, c.end + WINDOW);
    while (start > 0 && !/\s/.test(text[start - 1]) && c.start - start < 2 * WINDOW) start--;
    while (end < text.length && !/\s/.test(text[end]) && end - c.end < 2 * WINDOW) end++;
    const last = windows.at(-1);
    if (last && start <= last.end) last.end = Math.max(last.end, end);
    else windows.push({ start, end });
  }
  if (!windows.length) return [];
  const pieces = windows.map((w) => text.slice(w.start, w.end).replace(/\n/g, ' '));
  const joined = pieces.join('\n');
  const joinedStarts: number[] = [];
  let j = 0;
  for (const p of pieces) {
    joinedStarts.push(j);
    j += p.length + 1;
  }
  const toText = (off: number) => {
    let lo = 0;
    let hi = joinedStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (joinedStarts[mid] <= off) lo = mid;
      else hi = mid - 1;
    }
    return windows[lo].start + (off - joinedStarts[lo]);
  };
  const out: Finding[] = [];
  const matches = nlp(joined).people().json({ offset: true, terms: { offset: true } }) as { terms: NlpTerm[] }[];
  for (const m of matches) {
    const terms: Term[] = [];
    for (const t of m.terms) {
      if (!t.offset) continue;
      const start = toText(t.offset.start);
      const end = start + t.offset.length;
      // Offsets must land on a whole word (compromise's can be off for some inflections: "Changes").
      if (/\p{L}/u.test(text[start - 1] ?? '') || /\p{L}/u.test(text[end] ?? '')) continue;
      terms.push({ text: text.slice(start, end), start, end });
    }
    for (const run of nameRuns(terms, text)) {
      const start = run[0].start;
      const end = run.at(-1)!.end;
      // Part of a path, a file name, an identifier or a call: not prose.
      if (/[\p{L}\p{N}_/\\.@-]/u.test(text[start - 1] ?? ' ')) continue;
      if (/^(?:[./\\@_-]\w|\()/.test(text.slice(end, end + 2))) continue;
      out.push({ start, end, type: 'PERSON', detector: 'nlp', key: text.slice(start, end).replace(/\s+/g, ' ').toLowerCase() });
    }
  }
  return out;
}
