import type { Finding } from '../types.js';
import { digitsOf, groupSpan, matchAll } from './util.js';

/*
 * Telephone numbers in the shapes people write them. A bare run of digits is too often an id, a
 * timestamp or a count, so every pattern needs either a leading `+country`, the separators of a
 * national format, or a word such as "phone" / "tel" / "call me" right before it.
 * - international: `+` then 8–15 digits in groups (E.164 allows at most 15);
 * - North America: (415) 555-0132, 415-555-0132, 415.555.0132, 1-800-555-0199 (area code and
 *   exchange start with 2–9);
 * - UK: 020 7946 0958, 07700 900123, 0161 496 0000;
 * - France: 06 12 34 56 78, 01.23.45.67.89;
 * - Germany and others with a trunk 0: 030 1234567, 089/1234567, 0176 12345678.
 */
const NOT_BEFORE = String.raw`(?<![\w+.:/#=-])`;
const NOT_AFTER = String.raw`(?![\w]|[.:-]\d)`;
const PATTERNS: readonly [string, RegExp][] = [
  ['intl', new RegExp(String.raw`(?<![\w+./#=&-])\+[1-9]\d{0,2}(?:[ .-]?\(?\d{1,5}\)?){2,6}` + NOT_AFTER, 'g')],
  ['nanp', new RegExp(NOT_BEFORE + String.raw`(?:1[ .-])?(?:\([2-9]\d{2}\) ?|[2-9]\d{2}([ .-]))[2-9]\d{2}[ .-]\d{4}` + NOT_AFTER, 'g')],
  ['uk', new RegExp(NOT_BEFORE + String.raw`0(?:\d{4} \d{6}|\d{4} \d{3} \d{3}|\d{3} \d{3} \d{4}|\d{2} \d{4} \d{4})` + NOT_AFTER, 'g')],
  ['fr', new RegExp(NOT_BEFORE + String.raw`0[1-9](?:([ .])\d{2})(?:\1\d{2}){3}` + NOT_AFTER, 'g')],
  ['trunk-0', new RegExp(NOT_BEFORE + String.raw`0[1-9]\d{1,4}[ /]\d{5,8}` + NOT_AFTER, 'g')],
];
const CONTEXT =
  /\b(?:phone|tel|telephone|mobile|cell|cellphone|fax|whatsapp|sms|text me at|call me(?: at| on)?|number is|reach me(?: at| on)?|handy|telefon|téléphone)\b[\s:#.=-]{0,5}(?:no\.?|number|nr\.?)?[\s:#.=-]{0,4}(\+?\(?\d[\d ().-]{5,18}\d)/dgi;

function plausible(s: string): boolean {
  const d = digitsOf(s);
  if (d.length < 7 || d.length > 15) return false;
  if (/^(\d)\1+$/.test(d)) return false;
  return true;
}

export function phoneFindings(text: string): Finding[] {
  const out: Finding[] = [];
  for (const [name, re] of PATTERNS) {
    out.push(
      ...matchAll(text, re, 'PHONE', `phone:${name}`, (m) => {
        if (!plausible(m[0])) return null;
        if (name === 'intl' && digitsOf(m[0]).length < 8) return null;
        // Dates and versions written like numbers: 2024-05-06, 10.0.19045.
        if (/^\d{4}-\d{2}-\d{2}/.test(m[0])) return null;
        // One run in a list of numbers (SVG paths, tables, coordinates): "170 512 472 723 1438 1003".
        const end = m.index + m[0].length;
        if (/\d[\s,]$/.test(text.slice(Math.max(0, m.index - 2), m.index)) || /^[\s,]\d/.test(text.slice(end, end + 2))) return null;
        return { start: m.index, end: m.index + m[0].length, key: digitsOf(m[0]).slice(-9) };
      }),
    );
  }
  out.push(
    ...matchAll(text, CONTEXT, 'PHONE', 'phone:context', (m) => {
      if (!plausible(m[1])) return null;
      const span = groupSpan(m, 1)!;
      return { ...span, key: digitsOf(m[1]).slice(-9) };
    }),
  );
  return out;
}
