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
 * compromise is slow (~0.1 MB/s), so only lines that could hold a name (a capitalised word the
 * lexicon knows as a name, or two capitalised words in a row) are given to it.
 */
type Lexicon = Record<string, string | string[]>;
const LEXICON = (nlp.model() as { one: { lexicon: Lexicon } }).one.lexicon;
const NAME_TAGS = new Set(['FirstName', 'MaleName', 'FemaleName', 'LastName', 'Person']);
const FIRST_TAGS = new Set(['FirstName', 'MaleName', 'FemaleName']);
const HONORIFICS = /^(?:Dr|Mr|Mrs|Ms|Mx|Prof|Sir|Dame|Mme|Mlle|Herr|Frau)\.?$/;
const NAME_SHAPE = /^(?:\p{Lu}\p{Ll}+(?:[-'’]\p{Lu}?\p{Ll}+)*|(?:Mc|Mac|O'|O’|De|Di|Da|Van|Von|Le|La)\p{Lu}\p{Ll}+)$/u;

function lexTags(word: string): string[] {
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
const TWO_CAPS = /(?<![\p{L}\p{N}_/.\\-])\p{Lu}[\p{Ll}'’]+\s+(?:Mc|Mac|O'|O’)?\p{Lu}[\p{Ll}'’]+/u;

function mayHoldName(line: string): boolean {
  if (TWO_CAPS.test(line)) return true;
  CAP_WORD.lastIndex = 0;
  for (let m = CAP_WORD.exec(line); m; m = CAP_WORD.exec(line)) {
    const w = m[0].toLowerCase();
    if (!NOT_NAMES.has(w) && isNameWord(w)) return true;
  }
  return false;
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

export function nlpPeopleFindings(text: string): Finding[] {
  // Gather the lines worth parsing, remembering where each starts in the text.
  const starts: number[] = [];
  const lines: string[] = [];
  let at = 0;
  for (const line of text.split('\n')) {
    if (line.length <= 4000 && mayHoldName(line)) {
      starts.push(at);
      lines.push(line);
    }
    at += line.length + 1;
  }
  if (!lines.length) return [];
  const joined = lines.join('\n');
  // Map an offset in `joined` back to the text.
  const joinedStarts: number[] = [];
  let j = 0;
  for (const l of lines) {
    joinedStarts.push(j);
    j += l.length + 1;
  }
  const toText = (off: number) => {
    let lo = 0;
    let hi = joinedStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (joinedStarts[mid] <= off) lo = mid;
      else hi = mid - 1;
    }
    return starts[lo] + (off - joinedStarts[lo]);
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
