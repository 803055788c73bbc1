import type { Finding } from '../types.js';
import { matchAll } from './util.js';

/*
 * Whole PEM private-key blocks, headers included, whatever the key length. secretlint's rule
 * wants at least 100 base64 characters and both armour lines; transcripts often hold shortened
 * or truncated keys (a `cat` cut by the tool, a key pasted inside JSON with `\n` escapes), and
 * any part of a key is secret. Without an END line the block runs to the end of the base64 text.
 */
// Line breaks: real, JSON-escaped (`\n`, `\\n`), or as the scrubber's escape mask leaves them (two spaces).
const NL = String.raw`(?:\r?\n|\\r?\\n|\\\\n| {2,4})`;
const PEM = new RegExp(
  String.raw`-----BEGIN[A-Z0-9 ]{0,30}PRIVATE KEY(?: BLOCK)?-----` +
    // either everything up to the matching END line...
    String.raw`(?:[\s\S]{0,20000}?-----END[A-Z0-9 ]{0,30}PRIVATE KEY(?: BLOCK)?-----` +
    // ...or, when it was cut off, the base64 lines (and "Proc-Type: ..." headers) that follow.
    String.raw`|(?:${NL}(?:[A-Za-z0-9+/=]+(?=${NL}|$)|[A-Za-z-]+: [^\r\n\\]*))*)`,
  'g',
);
/** PuTTY .ppk files: the private part follows "Private-Lines: N". */
const PPK = /Private-Lines: \d+\r?\n(?:[A-Za-z0-9+/=]+\r?\n?)+/g;
/** OpenSSH / PGP armour without the PEM wording. */
const PGP = /-----BEGIN PGP PRIVATE KEY BLOCK-----[\s\S]{0,40000}?-----END PGP PRIVATE KEY BLOCK-----/g;

export function privateKeyFindings(text: string): Finding[] {
  if (!text.includes('PRIVATE KEY') && !text.includes('Private-Lines')) return [];
  return [
    ...matchAll(text, PEM, 'PRIVATE_KEY', 'pem'),
    ...matchAll(text, PPK, 'PRIVATE_KEY', 'ppk'),
    ...matchAll(text, PGP, 'PRIVATE_KEY', 'pgp'),
  ];
}
