// Shared machinery of the agent-log corpora (bench/scrub-logs/tune.ts and held-out.ts): a seeded
// generator of fake values and the document builder. Every value is made here from a seed; no
// third-party data is copied in. Provider key prefixes are split in two so scanners stay quiet.
import { Random } from '../../electron/engine/base/random.js';
import type { PiiType } from '../../electron/engine/digest/scrub/types.js';
import type { PlantedDoc, PlantedItem, ScrubCorpus } from '../scrub-corpus.js';

export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const LOWER = 'abcdefghijklmnopqrstuvwxyz';
export const DIGITS = '0123456789';
export const HEXD = '0123456789abcdef';
export const ALNUM = UPPER + LOWER + DIGITS;
export const B64URL = `${ALNUM}_-`;

/** The value pools of one part of the corpus: the two parts share none of their names. */
export interface Pools {
  /** Full person names, "First Last", with the language of the prose they go with. */
  people: Record<string, [string[], string[]]>;
  /** Account names (personal: they identify someone). */
  handles: string[];
  /** Company or project names, used as host name labels. */
  orgs: string[];
  /** Top-level names private hosts are put under. */
  tlds: string[];
  /** What must stay readable: code names, packages with versions, paths without a user, public URLs. */
  code: { functions: string[]; packages: string[]; paths: string[]; urls: string[] };
}

export class Gen {
  readonly r: Random;
  constructor(
    seed: number,
    readonly pools: Pools,
  ) {
    this.r = new Random(seed);
  }
  pick<T>(xs: readonly T[]): T {
    return this.r.pick(xs);
  }
  int(a: number, b: number): number {
    return this.r.int(a, b);
  }
  s(alphabet: string, n: number): string {
    return Array.from({ length: n }, () => alphabet[this.r.int(0, alphabet.length - 1)]).join('');
  }
  hex(n: number): string {
    return this.s(HEXD, n);
  }
  /** A person of the given language (or any), as [first, last]. */
  person(lang?: string): [string, string] {
    const langs = Object.keys(this.pools.people);
    const [firsts, lasts] = this.pools.people[lang ?? this.pick(langs)];
    return [this.pick(firsts), this.pick(lasts)];
  }
  langs(): string[] {
    return Object.keys(this.pools.people);
  }
  handle(): string {
    return this.pick(this.pools.handles);
  }
  org(): string {
    return this.pick(this.pools.orgs);
  }
  /** A private, company-owned host name. */
  host(): string {
    const o = this.org();
    return this.pick([
      () => `${this.pick(['build', 'ci', 'db', 'pg', 'files', 'bastion', 'jump', 'vpn', 'git', 'nexus', 'jenkins', 'mq'])}-${this.int(1, 40)}.${o}.${this.pick(this.pools.tlds)}`,
      () => `${this.pick(['staging', 'prod', 'intranet', 'wiki', 'registry', 'sso'])}.${o}.${this.pick(this.pools.tlds)}`,
      () => `${this.pick(['app', 'srv', 'node', 'web'])}${this.int(1, 30)}.${this.pick(['eu', 'us', 'ams', 'fra', 'par'])}.${o}.${this.pick(this.pools.tlds)}`,
    ])();
  }
  /** A private-range or public IPv4 address that is not loopback. */
  ip(): string {
    return this.pick([
      () => `10.${this.int(0, 255)}.${this.int(0, 255)}.${this.int(1, 254)}`,
      () => `192.168.${this.int(0, 255)}.${this.int(1, 254)}`,
      () => `172.${this.int(16, 31)}.${this.int(0, 255)}.${this.int(1, 254)}`,
      () => `${this.int(11, 223)}.${this.int(0, 255)}.${this.int(0, 255)}.${this.int(1, 254)}`,
    ])();
  }
  password(): string {
    return this.pick([
      () => `${this.pick(['Sommer', 'Hiver', 'Verano', 'Tiger', 'Kestrel', 'Orchid', 'Nebula'])}${this.int(10, 2030)}${this.pick(['!', '#', '?', '$'])}`,
      () => `${this.s(LOWER, 5)}-${this.s(LOWER, 5)}-${this.s(DIGITS, 2)}`,
      () => this.s(`${ALNUM}!%^*_.`, this.int(12, 22)),
      () => `${this.s(UPPER, 1)}${this.s(LOWER, 7)}${this.s(DIGITS, 3)}`,
    ])();
  }
  /** A random token of no known format (a session id, a webhook secret). */
  token(min = 24, max = 44): string {
    let t = this.s(ALNUM, this.int(min, max));
    // Random text has digits; make sure this one has a few.
    t = t.slice(0, -3) + this.s(DIGITS, 3);
    return t;
  }
  /** Provider keys assembled from split prefixes. */
  providerKey(): string {
    return this.pick([
      () => 'gh' + 'p_' + this.s(ALNUM, 36),
      () => 'gl' + 'pat-' + this.s(B64URL, 20),
      () => 'sk-' + 'proj-' + this.s(B64URL, this.int(48, 80)),
      () => 'xo' + 'xb-' + this.s(DIGITS, 11) + '-' + this.s(DIGITS, 13) + '-' + this.s(ALNUM, 24),
      () => 'AK' + 'IA' + this.s('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16),
      () => 'hf' + '_' + this.s(ALNUM, 34),
      () => 'np' + 'm_' + this.s(ALNUM, 36),
    ])();
  }
  sha(): string {
    return this.hex(40);
  }
  email(first: string, last: string): string {
    const f = fold(first).toLowerCase();
    const l = fold(last).toLowerCase().replace(/[^a-z]/g, '');
    return `${this.pick([`${f}.${l}`, `${f[0]}${l}`, `${l}.${f[0]}`, `${f}_${l}${this.int(1, 99)}`])}@${this.org()}.${this.pick(this.pools.tlds)}`;
  }
}

export const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '');

/** What a template returns: the text, what must go (type + needles) and what must stay. */
export interface Piece {
  text: string;
  items: PlantedItem[];
  keep: string[];
}

export const item = (kind: string, expected: PiiType, ...needles: string[]): PlantedItem => ({ kind, expected, needles });

export type Template = (g: Gen) => Piece;

/** A line of code-only log text and the strings in it that must survive. */
function filler(g: Gen): Piece {
  const { functions, packages, paths, urls } = g.pools.code;
  const sha = g.sha();
  const makers: (() => Piece)[] = [
    () => {
      const fn = g.pick(functions);
      const loc = `${g.pick(paths)}:${g.int(2, 400)}:${g.int(1, 80)}`;
      return { text: `    at ${fn} (${loc})`, items: [], keep: [fn, loc] };
    },
    () => {
      const pkg = g.pick(packages);
      return { text: `+ ${pkg}\nadded 1 package in ${g.int(1, 9)}s`, items: [], keep: [pkg] };
    },
    () => ({ text: `HEAD is now at ${sha.slice(0, 7)} Merge pull request #${g.int(10, 999)}`, items: [], keep: [sha.slice(0, 7)] }),
    () => {
      const u = g.pick(urls);
      return { text: `See ${u}`, items: [], keep: [u] };
    },
    () => {
      const p = g.pick(paths);
      return { text: `modified:   ${p}`, items: [], keep: [p] };
    },
  ];
  return g.pick(makers)();
}

/**
 * Builds `count` documents: each is one or two templates (drawn round-robin so every template is
 * used about equally), in the order a transcript would show them.
 */
export function buildFrom(templates: readonly Template[], pools: Pools, seed: number, count: number): ScrubCorpus {
  const g = new Gen(seed, pools);
  const docs: PlantedDoc[] = [];
  for (let i = 0; i < count; i++) {
    const pieces = [templates[i % templates.length](g)];
    if (g.r.chance(0.3)) pieces.push(g.pick(templates)(g));
    // Code-only lines around them, as in a transcript.
    for (let k = g.int(1, 2); k > 0; k--) pieces.splice(g.int(0, pieces.length), 0, filler(g));
    docs.push({
      text: pieces.map((p) => p.text).join('\n'),
      items: pieces.flatMap((p) => p.items),
      keep: pieces.flatMap((p) => p.keep),
    });
  }
  // Told nothing: no listed names, no account. Data not seen before, as in a first import.
  return { docs, options: {} };
}
