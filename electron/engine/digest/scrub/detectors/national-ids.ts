import { bsnValid, cpfValid, dniLetter, luhnValid, nirKey, verhoeffValid } from '../checksums.js';
import type { Finding } from '../types.js';
import { digitsOf, groupSpan, matchAll } from './util.js';

/*
 * National identity numbers. Formats with a check digit are accepted on their own when they pass
 * it; the ones without one (US SSN, UK NINO) need their distinctive written shape; bare 9- or 11-digit
 * runs (Dutch BSN, Canadian SIN, German tax id) need their name written next to them.
 * - US SSN: 123-45-6789 (not 000/666/9xx area, not 00 group, not 0000 serial);
 * - UK National Insurance number: AB 12 34 56 C (valid prefix letters);
 * - France NIR: 1 84 12 76 451 089 46 (13 digits + key 97 − n mod 97);
 * - Spain DNI 12345678Z / NIE X1234567L (letter = n mod 23);
 * - Brazil CPF 123.456.789-09 (two mod-11 digits);
 * - India Aadhaar 2345 6789 0123 (Verhoeff);
 * - Netherlands BSN, Canada SIN (Luhn), Germany Steuer-ID: after their name.
 */
const SSN = /(?<![\w-])(?!000|666|9\d\d)\d{3}(-)(?!00)\d{2}\1(?!0000)\d{4}(?![\w]|-\d)/g;
const NINO = /(?<![A-Za-z0-9])(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![A-Za-z0-9])/g;
const NIR = /(?<![\w])([12]) ?(\d{2}) ?(0[1-9]|1[0-2]|[2-9]\d) ?(\d{2}|2[AB]) ?(\d{3}) ?(\d{3}) ?(\d{2})(?![\w])/g;
const DNI = /(?<![\w-])([XYZ]?)(\d{7,8})-?([A-Z])(?![\w])/g;
const CPF = /(?<![\w.-])\d{3}\.\d{3}\.\d{3}-\d{2}(?![\w])/g;
const AADHAAR = /(?<![\w-])[2-9]\d{3}([ -])\d{4}\1\d{4}(?![\w]|[ -]\d)/g;
const NAMED =
  /\b(?:BSN|burgerservicenummer|SIN|social insurance(?: number)?|Steuer-?ID|Steueridentifikationsnummer|IdNr|SSN|social security(?: number)?|national id(?: number)?|ID number|passport(?: number| no\.?)?)\b[\s:#.=-]{0,4}(?:is\s+)?([A-Z]{0,2}\d[\d -]{6,14}\d)/dgi;

function steuerIdValid(d: string): boolean {
  if (!/^[1-9]\d{10}$/.test(d)) return false;
  let product = 10;
  for (let i = 0; i < 10; i++) {
    let sum = (Number(d[i]) + product) % 10;
    if (sum === 0) sum = 10;
    product = (sum * 2) % 11;
  }
  const check = (11 - product) % 10;
  return check === Number(d[10]);
}

export function nationalIdFindings(text: string): Finding[] {
  const key = (s: string) => s.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
  const whole = (m: RegExpExecArray) => ({ start: m.index, end: m.index + m[0].length, key: key(m[0]) });
  const out: Finding[] = [];
  out.push(...matchAll(text, SSN, 'NATIONAL_ID', 'ssn', whole));
  out.push(...matchAll(text, NINO, 'NATIONAL_ID', 'nino', whole));
  out.push(
    ...matchAll(text, NIR, 'NATIONAL_ID', 'nir', (m) => {
      const n = key(m[0]);
      return nirKey(n.slice(0, 13)) === n.slice(13) ? whole(m) : null;
    }),
  );
  out.push(
    ...matchAll(text, DNI, 'NATIONAL_ID', 'dni', (m) => {
      const prefix = m[1] ? String('XYZ'.indexOf(m[1])) : '';
      if (!m[1] && m[2].length !== 8) return null;
      if (m[1] && m[2].length !== 7) return null;
      return dniLetter(prefix + m[2]) === m[3] ? whole(m) : null;
    }),
  );
  out.push(...matchAll(text, CPF, 'NATIONAL_ID', 'cpf', (m) => (cpfValid(digitsOf(m[0])) ? whole(m) : null)));
  out.push(...matchAll(text, AADHAAR, 'NATIONAL_ID', 'aadhaar', (m) => (verhoeffValid(digitsOf(m[0])) ? whole(m) : null)));
  out.push(
    ...matchAll(text, NAMED, 'NATIONAL_ID', 'named-id', (m) => {
      const d = digitsOf(m[1]);
      const label = m[0].toLowerCase();
      const ok =
        /bsn|burger/.test(label) ? bsnValid(d) :
        /\bsin\b|social insurance/.test(label) ? d.length === 9 && luhnValid(d) :
        /steuer|idnr/.test(label) ? steuerIdValid(d) :
        d.length >= 6;
      return ok ? { ...groupSpan(m, 1)!, key: key(m[1]) } : null;
    }),
  );
  return out;
}
