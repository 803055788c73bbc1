import { NOT_NAMES } from '../keep-lists.js';
import type { Finding } from '../types.js';
import { lexTags } from './people-nlp.js';

/*
 * Person names found by their shape and place, in any language (the NLP finder knows English
 * names only, and misses "Aurélien Chevalier" or "Friederike Brandt"):
 * - the display name of a mailbox: `Name Surname <addr@host>` (git Author:, Signed-off-by:,
 *   package.json and pyproject authors, mail headers), also quoted (`"Name Surname" <addr@host>`);
 * - the name after a git trailer that names people (`Signed-off-by:`, `Co-authored-by:`,
 *   `Reviewed-by:`, `Author:`...), with or without an address;
 * - in prose, two or three name-shaped words in a row (`Xxxx Yyyy`, letters of any script, with
 *   particles such as de, van, von between) where none is an ordinary word: not known to the
 *   lexicon as something else, not a tool or product (NOT_NAMES), and not written in lower case
 *   anywhere in the same text.
 */
// An apostrophe inside a name is followed by a capital (O'Brien, D'Angelo): "They're", "Claude's" are no names.
// Gaelic surnames are written Mac/Nic/Mc + a capital (MacLeòid) or with a separate particle (below).
export const WORD = String.raw`(?:Mac|Mc|Nic|Fitz)?\p{Lu}\p{Ll}+(?:-\p{Lu}?\p{Ll}+|['’]\p{Lu}\p{Ll}+)*`;
const PARTICLE = String.raw`(?:de|del|della|di|da|das|do|dos|du|la|le|van|von|der|den|ter|ten|zu|bin|al|el|y|ap|ab|ferch|ibn|bint)`;
/** Irish and Scottish surnames: Ó Súilleabháin, Ní Bhriain, Mac Cárthaigh, Ó hAodha, Mac an t-Saoir. */
const GAELIC = String.raw`(?:Ó|Ua|Uí|Ní|Nic|Mac|Mhic|Mc)[ \t](?:an[ \t])?(?:h|n|t-?)?\p{Lu}\p{Ll}+`;
/** Gaelic particles are part of a name, not words to judge. */
export const GAELIC_PARTICLES = new Set(['ó', 'ua', 'uí', 'ní', 'nic', 'mac', 'mhic', 'mc', 'an']);
// Blanks within a line only: a name does not run on into the next line ("Ana Ruiz\nPlatform team").
export const FULL = String.raw`${WORD}(?:[ \t\u00a0](?:${PARTICLE}[ \t\u00a0]){0,2}(?:${GAELIC}|${WORD})){1,3}`;
const MAILBOX = new RegExp(String.raw`(?<![\p{L}\p{N}_.-])(?<q>["']?)(?<name>${FULL})\k<q>\s*<[^<>\s@]{1,64}@[^<>\s]{1,255}>`, 'dgu');
const TRAILER = new RegExp(
  String.raw`(?:^|\n)[ \t]*(?:Signed-off-by|Co-authored-by|Reviewed-by|Acked-by|Tested-by|Reported-by|Suggested-by|Helped-by|Reviewed-on-behalf-of|Author|Committer|Maintainer|From|Cc|CC):[ \t]*(?<name>${FULL})(?![\p{L}\p{N}_(./\\-])`,
  'dgu',
);
const PAIR = new RegExp(String.raw`(?<![\p{L}\p{N}_/.\\@#$:-])(?<name>${FULL})(?![\p{L}\p{N}_(@/\\]|\.[\p{L}\p{N}_]|-\p{L}|:[\p{L}\p{N}])`, 'dgu');

/** Endings of English nouns and adjectives that names rarely have ("Refinement", "Creative", "Priority"). */
const WORD_ENDING = /(?:tion|sion|ment|ness|ity|ive|ous|ism|ist|ure|ance|ence|ics|ed|able|ible|ship|logy|ies|ing|ion|ary|ory|istry|ical|ful|less|ise|ize|work|ware|type|list)$/;

const FIRST_TAGS = new Set(['FirstName', 'MaleName', 'FemaleName']);

/** Only blanks, list marks or the end of a sentence before it on its line. */
function sentenceStart(text: string, start: number): boolean {
  const before = text.slice(text.lastIndexOf('\n', start - 1) + 1, start);
  return /^[\s>*#+\-\d.)(["'“‘¿¡]*$/u.test(before) || /[.!?…:]["'”’)\]]*\s+$/u.test(before);
}

function plainWord(w: string, lowerWords: ReadonlySet<string>): boolean {
  const lower = w.toLowerCase();
  if (lower.length >= 6 && WORD_ENDING.test(lower)) return false;
  return !NOT_NAMES.has(lower) && !ordinaryWord(lower) && !lowerWords.has(lower);
}

/** Known to the lexicon as a word other than a name or a place (surnames are often places too: Colombo, Florence). */
const NAMEISH_TAGS = new Set(['FirstName', 'MaleName', 'FemaleName', 'LastName', 'Person', 'Place', 'City', 'Country', 'Region', 'ProperNoun']);
function ordinaryWord(lower: string): boolean {
  const tags = lexTags(lower);
  return tags.length > 0 && !tags.some((t) => NAMEISH_TAGS.has(t));
}

/** Keys whose quoted value is a person (`"maintainer": "…"`); other quoted Title Case strings are titles and labels. */
const PERSON_KEY = /(?:author|name|maintainer|owner|assignee|user|contact|reviewer|by|person|member|creator|committer|manager|lead)\\?["']?\s*[:=]\s*\\?$/i;

/** A heading, emphasis or a quoted title: Title Case there says nothing about names. */
function titleContext(text: string, start: number, end: number): boolean {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const before = text.slice(lineStart, start);
  if (/^\s*#{1,6}\s/.test(before) || /(?:\*\*|__)[^*_]*$/.test(before)) return true;
  const q = text[start - 1];
  if ((q === '"' || q === "'") && text[end] === q) return !PERSON_KEY.test(before.slice(0, -1));
  return false;
}

export function shapedPeopleFindings(text: string): Finding[] {
  const out: Finding[] = [];
  const push = (m: RegExpExecArray, detector: string) => {
    const [start, end] = m.indices!.groups!.name!;
    out.push({ start, end, type: 'PERSON', detector, key: text.slice(start, end).replace(/\s+/g, ' ').toLowerCase() });
  };
  // Words written in lower case, in prose, paths or URLs, but not as a part of an e-mail address
  // (`g.colombo@ferrovia.it`: a surname there says nothing about the word).
  const lowerWords = new Set(text.match(/(?<![\p{L}\p{N}_@])\p{Ll}{2,}(?![\p{L}\p{N}_@]|(?:\.[\w-]+)+@)/gu) ?? []);
  const named = (name: string) => name.split(/\s+/).filter((w) => /^\p{Lu}/u.test(w) && !GAELIC_PARTICLES.has(w.toLowerCase()));
  if (text.includes('<')) {
    MAILBOX.lastIndex = 0;
    for (let m = MAILBOX.exec(text); m; m = MAILBOX.exec(text)) if (named(m.groups!.name).every((w) => !NOT_NAMES.has(w.toLowerCase()))) push(m, 'person:mailbox');
  }
  if (text.includes(':')) {
    TRAILER.lastIndex = 0;
    for (let m = TRAILER.exec(text); m; m = TRAILER.exec(text)) if (named(m.groups!.name).every((w) => !NOT_NAMES.has(w.toLowerCase()))) push(m, 'person:trailer');
  }
  PAIR.lastIndex = 0;
  for (let m = PAIR.exec(text); m; m = PAIR.exec(text)) {
    const words = named(m.groups!.name);
    const end = m.indices!.groups!.name![1];
    let start = m.indices!.groups!.name![0];
    if (!words.every((w) => plainWord(w, lowerWords)) || titleContext(text, start, end)) continue;
    // Three words or more opening a sentence: the first is often a preposition ("Laut Jürgen Weiß"),
    // unless it is a known first name.
    if (words.length >= 3 && sentenceStart(text, start) && !lexTags(words[0]).some((t) => FIRST_TAGS.has(t))) start += m.groups!.name.search(/\s\S/) + 1;
    out.push({ start, end, type: 'PERSON', detector: 'person:shape', key: text.slice(start, end).replace(/\s+/g, ' ').toLowerCase() });
  }
  return out;
}
