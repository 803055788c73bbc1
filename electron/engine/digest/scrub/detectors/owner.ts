import { NOT_NAMES, WEAK_NAMES } from '../keep-lists.js';
import type { Finding } from '../types.js';
import { isCommonWord } from './people-nlp.js';
import { digitsOf, escapeRegExp } from './util.js';

/*
 * The account owner, as the imported exports name them (store/identities.ts): the names, e-mail
 * addresses and phone numbers are replaced wherever they appear, also in spellings the export did
 * not use. Names follow rules that keep code and prose intact, because a first name is often also
 * a word ("Will", "Grant", "Rose") or an identifier:
 * 1. The full name ("Ana García") in any case, any whitespace between its words, with or without
 *    accents ("ANA GARCIA", "ana  garcia"). When a part is an ordinary word ("Will Grant"), only
 *    Title Case, ALL CAPS or the spelling as exported count, so "you will grant it" stays.
 * 2. Each part of a full name alone ("Ana", "García", "Garcia"): at least 3 letters, not a particle
 *    (de, van, von, al...), and only capitalised as a name is written, case-sensitively: "Garcia",
 *    never "garcia" or "GARCIA" (constants and SQL keywords are upper case, identifiers lower case).
 *    A single-word name is such a part of itself.
 * 3. A part that is also an ordinary word (the NLP lexicon knows it as something else, it is on the
 *    lists of names that double as words, or this text uses it in lower case outside the full name)
 *    counts only in prose, where its capital means a name: not at the start of a sentence or line
 *    ("Grant access to the bucket", "Will this work?"), and never next to code punctuation
 *    (`Grant.create(`, `new Will(`, `/Will/`). Any other part counts wherever it is capitalised.
 * 4. Account names (handles such as "test_user_1", and the local part of a real e-mail address such
 *    as "ana.garcia") join the scrubber's user names (USER, see names.ts and createScrubber).
 * 5. E-mail addresses match in any case, also URL-encoded (`%40`). Phone numbers match whatever
 *    separators are written between the digits, with or without the country code (a national trunk
 *    `0` in place of `+61` included); placeholders are keyed like the phone detector's (last 9 digits).
 */

export interface OwnerIdentity {
  names?: readonly string[];
  emails?: readonly string[];
  phones?: readonly string[];
  usernames?: readonly string[];
}

export interface OwnerMatcher {
  /** Account names to scrub like the user's own (lower-cased): handles and e-mail local parts. */
  users: string[];
  find(text: string): Finding[];
}

const NOT_WORD_BEFORE = String.raw`(?<![\p{L}\p{N}_])`;
const NOT_WORD_AFTER = String.raw`(?![\p{L}\p{N}_])`;
const PARTICLES = new Set(
  'de del della der den di da das do dos du la le lo van von vom zu ter ten bin ibn al el y e st'.split(' '),
);
const MIN_PART = 3;
/**
 * Names that are everyday words or code identifiers too, which the NLP lexicon tags as names only
 * (it calls "grant" and "mark" first names), beside the scrubber's keep-lists (WEAK_NAMES, NOT_NAMES).
 */
const WORDLIKE_NAMES = new Set(
  `grant drew pat sue rob bob ray art gene dean earl duke king victor cook baker frost bond page field young long
  wade lane guy nick miles reed stone wood hall lance clay cliff chip buck skip sterling price rich case bishop
  butler carpenter fisher fowler gardner glass hunt knight marshall mason porter shepherd turner
  ward walker white black brown green gray grey`.split(/\s+/).filter(Boolean),
);
/** A word this name part shares with ordinary English or code. */
function wordlike(lower: string): boolean {
  return isCommonWord(lower) || WEAK_NAMES.has(lower) || NOT_NAMES.has(lower) || WORDLIKE_NAMES.has(lower);
}
/** Mailboxes that name a role, not a person. */
const ROLE_MAILBOXES = new Set(
  'info admin contact hello hi support help sales team office mail email noreply no-reply donotreply billing security abuse postmaster webmaster root user test'.split(' '),
);
/** Reserved example domains (RFC 2606 and 6761): their addresses stand in for someone, they identify no one. */
const RESERVED_DOMAIN = /(?:^|\.)(?:example(?:\.com|\.org|\.net)?|invalid|test|localhost)$/i;

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '');
const clean = (s: string) => s.trim().replace(/\s+/g, ' ');
const keyOf = (s: string) => fold(clean(s)).toLowerCase();
const titleWord = (w: string) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase();

/** A part as a name is written: its own spelling when it mixes cases (McCully), else Title Case. */
function capitalised(w: string): string {
  const mixed = w !== w.toLowerCase() && w !== w.toUpperCase();
  return mixed && /^\p{Lu}/u.test(w) ? w : titleWord(w);
}

/** A single token that is a handle (digits, `_`, `.`, `@`), not a name. */
const isHandle = (w: string) => /[\d_.@]/.test(w);

const alternation = (words: Iterable<string>) =>
  [...new Set(words)]
    .sort((a, b) => b.length - a.length)
    .map((w) => escapeRegExp(w).replace(/\s+/g, String.raw`\s+`))
    .join('|');

/** Preceding text says a new sentence or line starts here: a capital there means nothing. */
function sentenceStart(text: string, start: number): boolean {
  const prefix = text.slice(text.lastIndexOf('\n', start - 1) + 1, start);
  return /^[\s>*#+\-\d.)([\]"'“‘]*$/u.test(prefix) || /[.!?…]["'”’)\]]*\s+["'“‘(]*$/u.test(prefix);
}

/** The word stands in prose: whitespace or an opening quote before, whitespace or punctuation after. */
function inProse(text: string, start: number, end: number): boolean {
  const before = start === 0 || /[\s("'“‘[]/u.test(text[start - 1]);
  const after = end === text.length || /^(?:[\s,;:!?)"'”’\]]|\.(?![\p{L}\p{N}_]))/u.test(text.slice(end, end + 2));
  return before && after;
}

interface Part {
  key: string;
  /** Lower-cased, accents removed: how the text would write it as an ordinary word. */
  lower: string;
  common: boolean;
}

function phoneMatcher(phone: string): { re: RegExp; digits: string } | null {
  const digits = digitsOf(phone);
  if (digits.length < 7) return null;
  const tail = digits.slice(-Math.min(8, digits.length));
  const sep = String.raw`[ ().\-/]{0,2}`;
  const prefix = String.raw`(?:\+?\(?\d{1,4}\)?[ .\-/]?){0,3}?`;
  return { re: new RegExp(String.raw`(?<![\w+])${prefix}(?<tail>${[...tail].join(sep)})(?!\d)`, 'dg'), digits };
}

export function compileOwner(owner: OwnerIdentity | undefined): OwnerMatcher | null {
  if (!owner) return null;
  const users = new Set<string>();
  for (const u of owner.usernames ?? []) if (clean(u)) users.add(clean(u).toLowerCase());

  // Names: whole names (case-insensitive or, for names made of ordinary words, case-sensitive) and parts.
  const anyCase = new Map<string, string>();
  const exactCase = new Map<string, string>();
  const parts = new Map<string, Part>();
  for (const raw of owner.names ?? []) {
    const name = clean(raw);
    if (!name) continue;
    const key = keyOf(name);
    const words = name.split(' ').map((w) => w.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, ''));
    if (words.length === 1 && isHandle(name)) {
      users.add(name.toLowerCase());
      continue;
    }
    const named = words.filter((w) => [...w].filter((c) => /\p{L}/u.test(c)).length >= MIN_PART && !PARTICLES.has(w.toLowerCase()));
    for (const w of named) {
      const common = wordlike(w.toLowerCase());
      for (const form of [capitalised(w), fold(capitalised(w))]) parts.set(form, { key, lower: fold(w).toLowerCase(), common });
    }
    if (words.length < 2) continue;
    if (named.some((w) => wordlike(w.toLowerCase()))) {
      const title = words.map(capitalised).join(' ');
      for (const form of [name, title, name.toUpperCase(), fold(title), fold(name.toUpperCase())]) exactCase.set(form, key);
    } else {
      for (const form of [name, fold(name)]) anyCase.set(form.toLowerCase(), key);
    }
  }
  const wholeAny = anyCase.size ? new RegExp(`${NOT_WORD_BEFORE}(?:${alternation(anyCase.keys())})${NOT_WORD_AFTER}`, 'giu') : null;
  const wholeExact = exactCase.size ? new RegExp(`${NOT_WORD_BEFORE}(?:${alternation(exactCase.keys())})${NOT_WORD_AFTER}`, 'gu') : null;
  const partRe = parts.size ? new RegExp(`${NOT_WORD_BEFORE}(?:${alternation(parts.keys())})${NOT_WORD_AFTER}`, 'gu') : null;

  // E-mail addresses, and their local part as an account name when the address is a real one.
  const emails = new Set<string>();
  for (const raw of owner.emails ?? []) {
    const email = raw.trim().toLowerCase();
    const at = email.lastIndexOf('@');
    if (at < 1) continue;
    emails.add(email);
    const local = email.slice(0, at).replace(/\+.*$/, '');
    if (!RESERVED_DOMAIN.test(email.slice(at + 1)) && local.length >= 4 && !ROLE_MAILBOXES.has(local)) users.add(local);
  }
  const emailRe = emails.size
    ? new RegExp(
        String.raw`(?<![\w.+%-])(?:${[...emails].map((e) => escapeRegExp(e).replace('@', '(?:@|%40)')).join('|')})(?![\w-]|\.[A-Za-z0-9])`,
        'gi',
      )
    : null;

  const phones = (owner.phones ?? []).map(phoneMatcher).filter((p) => p !== null);

  if (!wholeAny && !wholeExact && !partRe && !emailRe && !phones.length && !users.size) return null;

  const find = (text: string): Finding[] => {
    const out: Finding[] = [];
    const wholeSpans: [number, number][] = [];
    const push = (start: number, end: number, type: Finding['type'], key: string, detector: string) =>
      out.push({ start, end, type, key, detector });
    for (const [re, keys, detector] of [
      [wholeAny, anyCase, 'owner:name'],
      [wholeExact, exactCase, 'owner:name'],
    ] as const) {
      if (!re) continue;
      re.lastIndex = 0;
      for (let m = re.exec(text); m; m = re.exec(text)) {
        const spelled = m[0].replace(/\s+/g, ' ');
        const key = keys.get(re.flags.includes('i') ? spelled.toLowerCase() : spelled) ?? keys.get(fold(spelled).toLowerCase()) ?? keyOf(spelled);
        push(m.index, m.index + m[0].length, 'PERSON', key, detector);
        wholeSpans.push([m.index, m.index + m[0].length]);
      }
    }
    if (partRe) {
      // Lower-case use of a part outside the full name ("ana garcia" itself says nothing).
      let rest: string | null = null;
      const lowerUse = new Map<string, boolean>();
      const usedInLowerCase = (lower: string) => {
        let used = lowerUse.get(lower);
        if (used === undefined) {
          rest ??= fold(wholeSpans.reduce((t, [a, b]) => t.slice(0, a) + ' '.repeat(b - a) + t.slice(b), text));
          used = new RegExp(`${NOT_WORD_BEFORE}${escapeRegExp(lower)}${NOT_WORD_AFTER}`, 'u').test(rest);
          lowerUse.set(lower, used);
        }
        return used;
      };
      partRe.lastIndex = 0;
      for (let m = partRe.exec(text); m; m = partRe.exec(text)) {
        const part = parts.get(m[0])!;
        const end = m.index + m[0].length;
        const ordinary = part.common || usedInLowerCase(part.lower);
        if (ordinary && (!inProse(text, m.index, end) || sentenceStart(text, m.index))) continue;
        push(m.index, end, 'PERSON', part.key, 'owner:part');
      }
    }
    if (emailRe) {
      emailRe.lastIndex = 0;
      for (let m = emailRe.exec(text); m; m = emailRe.exec(text)) {
        push(m.index, m.index + m[0].length, 'EMAIL', m[0].replace(/%40/i, '@').toLowerCase(), 'owner:email');
      }
    }
    for (const { re, digits } of phones) {
      re.lastIndex = 0;
      for (let m = re.exec(text); m; m = re.exec(text)) {
        // The optional prefix may have taken a number written just before: start at the first digit
        // group from which the digits are the owner's (with the country code, or a trunk 0 for it).
        const tailStart = m.indices!.groups!.tail[0];
        let start = tailStart;
        for (let i = m.index; i < tailStart; i++) {
          if (i > m.index && !(/[\d+(]/.test(text[i]) && /\D/.test(text[i - 1]))) continue;
          const d = digitsOf(text.slice(i, m.index + m[0].length));
          if (digits.endsWith(d) || (d.startsWith('0') && digits.endsWith(d.slice(1)))) {
            start = i;
            break;
          }
        }
        push(start, m.index + m[0].length, 'PHONE', digits.slice(-9), 'owner:phone');
      }
    }
    return out;
  };
  return { users: [...users], find };
}
