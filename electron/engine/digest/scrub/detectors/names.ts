import type { DetectContext, Finding } from '../types.js';
import { escapeRegExp } from './util.js';

/*
 * Names the scrubber is told or has learnt: account names (USER: the export's user, the names in
 * home paths and shell prompts) and the person names listed in settings (PERSON). Both match
 * case-insensitively as whole words (a letter, digit or `_` on either side blocks a match; `-`, `.`,
 * `/` and `@` do not, so `github.com/ana/…` and `ana-macbook` are caught).
 * A listed full name ("Mike McCully") also stands for each of its parts written with a capital
 * ("Mike", "McCully"), all under the full name's placeholder.
 */
const NOT_WORD_BEFORE = String.raw`(?<![\p{L}\p{N}_])`;
const NOT_WORD_AFTER = String.raw`(?![\p{L}\p{N}_])`;

interface Compiled {
  signature: string;
  whole: RegExp | null;
  parts: RegExp | null;
  keyOf: Map<string, { type: 'USER' | 'PERSON'; key: string }>;
  partKey: Map<string, string>;
}

let cache: Compiled | null = null;

function compile(ctx: DetectContext): Compiled {
  const signature = `${[...ctx.users].join('\u0001')}\u0002${[...ctx.people.keys()].join('\u0001')}`;
  if (cache?.signature === signature) return cache;
  const keyOf = new Map<string, { type: 'USER' | 'PERSON'; key: string }>();
  for (const u of ctx.users) keyOf.set(u.toLowerCase(), { type: 'USER', key: u.toLowerCase() });
  for (const [lower] of ctx.people) if (!keyOf.has(lower)) keyOf.set(lower, { type: 'PERSON', key: lower });
  const partKey = new Map<string, string>();
  for (const [lower, spelled] of ctx.people) {
    const parts = spelled.split(/\s+/);
    if (parts.length < 2) continue;
    for (const p of parts) if (p.length >= 3 && /^\p{Lu}/u.test(p) && !keyOf.has(p.toLowerCase())) partKey.set(p, lower);
  }
  const alt = (words: string[]) =>
    words
      .sort((a, b) => b.length - a.length)
      .map((w) => escapeRegExp(w).replace(/\s+/g, String.raw`\s+`))
      .join('|');
  const wholeWords = [...keyOf.keys()];
  const partWords = [...partKey.keys()];
  cache = {
    signature,
    keyOf,
    partKey,
    whole: wholeWords.length ? new RegExp(`${NOT_WORD_BEFORE}(?:${alt(wholeWords)})${NOT_WORD_AFTER}`, 'giu') : null,
    parts: partWords.length ? new RegExp(`${NOT_WORD_BEFORE}(?:${alt(partWords)})${NOT_WORD_AFTER}`, 'gu') : null,
  };
  return cache;
}

export function listedNameFindings(text: string, ctx: DetectContext): Finding[] {
  const c = compile(ctx);
  const out: Finding[] = [];
  if (c.whole) {
    c.whole.lastIndex = 0;
    for (let m = c.whole.exec(text); m; m = c.whole.exec(text)) {
      const hit = c.keyOf.get(m[0].toLowerCase().replace(/\s+/g, ' '));
      if (hit) out.push({ start: m.index, end: m.index + m[0].length, type: hit.type, key: hit.key, detector: `listed:${hit.type.toLowerCase()}` });
    }
  }
  if (c.parts) {
    c.parts.lastIndex = 0;
    for (let m = c.parts.exec(text); m; m = c.parts.exec(text)) {
      out.push({ start: m.index, end: m.index + m[0].length, type: 'PERSON', key: c.partKey.get(m[0])!, detector: 'listed:part' });
    }
  }
  return out;
}
