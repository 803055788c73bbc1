import { ibanValid } from '../checksums.js';
import type { Finding } from '../types.js';
import { matchAll } from './util.js';

/** IBAN length per country (ISO 13616 registry, the countries people most often write). */
const LENGTHS: Record<string, number> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, CH: 21, CR: 22, CY: 28,
  CZ: 24, DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23,
  GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28,
  LI: 21, LT: 20, LU: 20, LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31, MU: 30, NL: 18, NO: 15,
  PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, SA: 24, SE: 24, SI: 19, SK: 24, SM: 27, TN: 24,
  TR: 26, UA: 29, VG: 24, XK: 20,
};

/*
 * IBANs, solid or in groups of four, validated by the country's length and the mod-97 check
 * (one random string in 97 passes it). The match is cut at the country's length, so a word in
 * capitals right after the number is not swallowed.
 */
const CANDIDATE = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}/g;

export function ibanFindings(text: string): Finding[] {
  return matchAll(text, CANDIDATE, 'IBAN', 'iban', (m) => {
    const len = LENGTHS[m[0].slice(0, 2)];
    if (!len) return null;
    let n = 0;
    let end = 0;
    for (; end < m[0].length && n < len; end++) if (m[0][end] !== ' ') n++;
    if (n < len) return null;
    const iban = m[0].slice(0, end);
    const next = text[m.index + end] ?? '';
    if (/[A-Za-z0-9]/.test(next)) return null;
    if (!ibanValid(iban)) return null;
    return { start: m.index, end: m.index + end, key: iban.replace(/ /g, '') };
  });
}
