import type { Finding } from '../types.js';
import { entropy } from './util.js';

/*
 * Secrets of no known format: long tokens that look random. A token (a run of base64/base64url
 * characters, at least 20 long) counts when it has letters and at least two digits, changes
 * between lower case, upper case and digits often (random text does so about every other
 * character, identifiers such as `getUserProfileById2` rarely), and has high Shannon entropy.
 * Kept on purpose, because they identify code, not people: hex strings (git SHAs, content hashes,
 * digests), UUIDs, paths of ordinary words, npm integrity hashes (`sha512-…`) and the ids that
 * API providers print in errors and logs (`msg_…`, `toolu_…`, `req_…`, `chatcmpl-…`).
 */
// `=` may come right before (`sid=<token>` in a cookie, a query or an env line): padding only ends a token.
const TOKEN = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{20,1024}={0,2}(?![A-Za-z0-9+/=_-])/g;
const HEX = /^(?:0x)?[0-9a-fA-F]+$/;
const UUID = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/;
const PUBLIC_ID =
  /^(?:msg|toolu|tooluse|srvtoolu|req|call|resp|run|thread|asst|file|batch|evt|ch|cus|pi|price|prod|sub|in|ft|ftjob|chatcmpl|cmpl|modr|vs|step|sess|org|proj|user|acct|txn|sha1|sha256|sha384|sha512)[-_]/;
function classOf(c: string): number {
  return c >= 'a' && c <= 'z' ? 0 : c >= 'A' && c <= 'Z' ? 1 : c >= '0' && c <= '9' ? 2 : 3;
}

/** Share of neighbouring characters that switch between lower case, upper case and digits. */
function switchRate(s: string): number {
  if (s.length < 2) return 0;
  let switches = 0;
  for (let i = 1; i < s.length; i++) if (classOf(s[i]) !== classOf(s[i - 1])) switches++;
  return switches / (s.length - 1);
}

/** A path segment or an identifier piece that reads as words: short, hex, or few case/digit switches. */
function readable(piece: string): boolean {
  return piece.length < 6 || HEX.test(piece) || switchRate(piece) < 0.25;
}

/** Reads as words joined camelCase/snake_case (`base64EncodeUrlSafe2`, `getUser2FAStatus`), not random text. */
function wordy(s: string): boolean {
  const pieces = s.split(/(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])|[_\-+]/).filter(Boolean);
  const words = pieces.filter((p) => /^(?:[A-Z]?[a-z]{2,}|[A-Z]{2,5}|\d{1,4})$/.test(p));
  return words.length >= 0.8 * pieces.length && s.length / pieces.length >= 3;
}

export function looksRandom(token: string): boolean {
  const s = token.replace(/=+$/, '');
  if (s.length < 20) return false;
  if (HEX.test(s) || UUID.test(s) || PUBLIC_ID.test(s)) return false;
  // A path (`net/d/tyyo86l0/latency`): judge each segment on its own. Base64 has `/` too, but its
  // segments are almost never plain lower-case words.
  if (s.includes('/')) {
    const segs = s.split('/');
    if (segs.filter((g) => /^[a-z]+$|^[A-Z][a-z]+$/.test(g)).length * 2 >= segs.length) return segs.some((g) => looksRandom(g));
  }
  const digits = (s.match(/\d/g) ?? []).length;
  if (digits < 2 || !/[A-Za-z]/.test(s)) return false;
  // Identifiers joined by _ or - (`build-2024-05-06-release_v2`) or camelCase words.
  if (s.split(/[/_-]/).every(readable) || wordy(s)) return false;
  return switchRate(s) >= 0.3 && entropy(s) >= 3.5;
}

export function entropyFindings(text: string): Finding[] {
  const out: Finding[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m; m = TOKEN.exec(text)) {
    if (looksRandom(m[0])) out.push({ start: m.index, end: m.index + m[0].length, type: 'SECRET', detector: 'entropy' });
  }
  return out;
}
