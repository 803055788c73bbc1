import { randomInt } from 'node:crypto';
import { Random } from '../../base/random.js';
import { ibanCheckDigits, luhnCheckDigit } from './checksums.js';
import type { PiiType } from './types.js';

/*
 * Canaries: fresh fake secrets and personal data of every kind, planted in copies of a cluster's
 * moments before the digest pipeline runs. If any of them survives into what would be sent, the
 * scrubbing failed on this input and nothing may be sent. Values are random on every call (a
 * seed makes them repeatable in tests) so they never coincide with real content, and every
 * canary says which strings would betray it (`needles`).
 */
export interface Canary {
  kind: PiiType;
  /** The sentence planted into a moment. */
  text: string;
  /** Any of these in the output is a leak (case-insensitive; also with spaces, and between digits separators, removed). */
  needles: string[];
}

type Rng = (n: number) => number;

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const B64 = `${ALNUM}+/`;

export function makeCanaries(options: { names?: readonly string[]; seed?: number } = {}): Canary[] {
  const seeded = options.seed === undefined ? null : new Random(options.seed);
  const rng: Rng = (n) => (seeded ? seeded.below(n) : randomInt(n));
  const pick = (alphabet: string, n: number) => Array.from({ length: n }, () => alphabet[rng(alphabet.length)]).join('');
  const digits = (n: number) => pick('0123456789', n);
  const word = (n: number) => pick(LOWER, n);

  const awsKey = 'AKIA' + pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16);
  const ghToken = 'ghp' + '_' + pick(ALNUM, 36);
  const antKey = ['sk', 'ant', 'api03', pick(`${ALNUM}_-`, 93) + 'AA'].join('-');
  const pemBody = Array.from({ length: 4 }, () => pick(B64, 64));
  const pem = ['-----BEGIN RSA PRIVATE KEY-----', 'MIIEow' + pemBody[0].slice(6), ...pemBody.slice(1), '-----END RSA PRIVATE KEY-----'].join('\n');
  const b64url = (n: number) => pick(`${ALNUM}_-`, n);
  const jwt = `eyJhbGciOiJIUzI1NiJ9.eyJ${b64url(40)}.${b64url(43)}`;
  const password = `${pick(ALNUM, 10)}!${digits(2)}`;
  const dbHost = `db-${word(6)}.${word(5)}.internal`;
  const email = `${word(6)}.${word(7)}${digits(2)}@${word(8)}-mail.com`;
  const phone = `+1 (415) 555-01${digits(2)}`;
  const ip = `10.${1 + rng(254)}.${1 + rng(254)}.${1 + rng(254)}`;
  const card15 = '4' + digits(14);
  const card = card15 + luhnCheckDigit(card15);
  const bban = digits(18);
  const iban = `DE${ibanCheckDigits('DE', bban)}${bban}`;
  const ssn = `${100 + rng(565)}-${10 + rng(89)}-${1000 + rng(8999)}`;
  const user = `${word(2)}${pick('bcdfghjklmnpqrstvwxz', 1)}${word(5)}`;
  const host = `build-${word(5)}-${digits(2)}.${word(6)}-corp.com`;
  const street = `${1000 + rng(8999)} ${word(1).toUpperCase()}${word(7)} Street`;
  const login = `${word(1)}${pick('bcdfghjklmnpqrstvwxz', 1)}${word(6)}`;
  const loginIp = `192.168.${rng(255)}.${1 + rng(254)}`;

  const canaries: Canary[] = [
    { kind: 'SECRET', text: `export AWS_ACCESS_KEY_ID=${awsKey}`, needles: [awsKey] },
    { kind: 'SECRET', text: `git remote set-url origin https://${ghToken}@github.com/acme/app.git`, needles: [ghToken] },
    { kind: 'SECRET', text: `ANTHROPIC_API_KEY=${antKey}`, needles: [antKey.slice(0, 40), antKey.slice(-40)] },
    { kind: 'PRIVATE_KEY', text: `cat ~/.ssh/deploy_key\n${pem}`, needles: pemBody.slice(1) },
    { kind: 'JWT', text: `Authorization: Bearer ${jwt}`, needles: [jwt.split('.')[1], jwt.split('.')[2]] },
    { kind: 'PASSWORD', text: `DATABASE_URL=postgres://app:${password}@${dbHost}:5432/app`, needles: [password, dbHost] },
    { kind: 'EMAIL', text: `Please send the report to ${email} when it is done.`, needles: [email] },
    { kind: 'PHONE', text: `You can call me on ${phone} if the deploy fails.`, needles: [phone] },
    { kind: 'IP', text: `ssh: connect to host ${ip} port 22: Connection timed out`, needles: [ip] },
    { kind: 'CARD', text: `The test charge used card ${card.replace(/(\d{4})(?=\d)/g, '$1 ')} and failed.`, needles: [card] },
    { kind: 'IBAN', text: `Refund to IBAN ${iban.replace(/(.{4})(?=.)/g, '$1 ')} please.`, needles: [iban] },
    { kind: 'NATIONAL_ID', text: `The form rejected SSN ${ssn} as invalid.`, needles: [ssn] },
    { kind: 'USER', text: `Error: ENOENT: no such file or directory, open '/Users/${user}/projects/app/config.json'`, needles: [user] },
    { kind: 'HOST', text: `curl: (6) Could not resolve host: ${host}`, needles: [host] },
    { kind: 'USER', text: `rsync -az ./dist/ ${login}@${loginIp}:/srv/app/`, needles: [login, loginIp] },
    { kind: 'ADDRESS', text: `Ship it to ${street}, Springfield, IL 62704.`, needles: [street] },
  ];
  for (const name of options.names ?? []) {
    if (name.trim()) canaries.push({ kind: 'PERSON', text: `Ask ${name.trim()} to review the migration first.`, needles: [name.trim()] });
  }
  return canaries;
}

/**
 * Copies of the texts with the canaries planted, spread round-robin over the texts and put at the
 * start of each, where no later truncation of the moment can cut them off.
 */
export function plantCanaries(texts: readonly string[], canaries: readonly Canary[]): string[] {
  if (!texts.length) return [canaries.map((c) => c.text).join('\n')];
  const extra: string[][] = texts.map(() => []);
  canaries.forEach((c, i) => extra[i % texts.length].push(c.text));
  return texts.map((t, i) => (extra[i].length ? `${extra[i].join('\n')}\n${t}` : t));
}

/** Digits with the separators people put between them removed: "+1 (415) 555-0132" → "14155550132". */
function joinDigits(s: string): string {
  return s.replace(/[+()]/g, '').replace(/(?<=\d)[\s.-]+(?=\d)/g, '');
}

/** The canaries of which some needle is still in the text(s). */
export function findSurvivors(text: string | readonly string[], canaries: readonly Canary[]): Canary[] {
  const all = (typeof text === 'string' ? text : text.join('\n')).toLowerCase();
  const joined = joinDigits(all);
  const unspaced = all.replace(/\s+/g, '');
  return canaries.filter((c) =>
    c.needles.some((n) => {
      const needle = n.toLowerCase();
      if (all.includes(needle)) return true;
      if (needle.length >= 10 && unspaced.includes(needle.replace(/\s+/g, ''))) return true;
      const d = needle.replace(/\D/g, '');
      return d.length >= 7 && /^[\d\s().+-]+$/.test(needle) && joined.includes(d);
    }),
  );
}
