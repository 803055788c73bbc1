import { luhnValid } from '../checksums.js';
import type { Finding } from '../types.js';
import { digitsOf, matchAll } from './util.js';

/*
 * Payment card numbers: 12–19 digits, written solid or in groups split by single spaces or dashes,
 * that pass the Luhn check and start with an issuer prefix (Visa 4, Mastercard 51–55 / 2221–2720,
 * Amex 34/37, Discover 6011/644–649/65, JCB 3528–3589, Diners 300–305/36/38, UnionPay 62, Maestro
 * 50/56–69). Luhn alone passes one random number in ten; the prefix and length rules cut that further.
 */
const CANDIDATE = /(?<![\w.-])\d(?:[ -]?\d){11,18}(?![\w]|[.-]\d)/g;

function issuerOk(d: string): boolean {
  const n = d.length;
  if (/^4/.test(d)) return n === 13 || n === 16 || n === 19;
  if (/^(?:5[1-5]|2(?:2[2-9]|[3-6]\d|7[01]|720))/.test(d)) return n === 16;
  if (/^3[47]/.test(d)) return n === 15;
  if (/^(?:6011|64[4-9]|65)/.test(d)) return n >= 16 && n <= 19;
  if (/^35(?:2[89]|[3-8]\d)/.test(d)) return n >= 16 && n <= 19;
  if (/^(?:30[0-5]|36|38|39)/.test(d)) return n >= 14 && n <= 19;
  if (/^62/.test(d)) return n >= 16 && n <= 19;
  if (/^(?:50|5[6-9]|6\d)/.test(d)) return n >= 12 && n <= 19;
  return false;
}

export function cardFindings(text: string): Finding[] {
  return matchAll(text, CANDIDATE, 'CARD', 'card', (m) => {
    const raw = m[0];
    // Mixed separators ("4111 1111-1111") are not how cards are written.
    if (raw.includes(' ') && raw.includes('-')) return null;
    const d = digitsOf(raw);
    if (d.length < 12 || d.length > 19 || !issuerOk(d) || !luhnValid(d)) return null;
    if (/^(\d)\1+$/.test(d)) return null;
    return { start: m.index, end: m.index + raw.length, key: d };
  });
}
