import os from 'node:os';
import type { MomentKind, ClusterDetail, ClusterDigest, ClusterSummary } from '../../../shared/types.js';
import { asData, asDataLine } from '../../../shared/untrusted-text.js';
import type { Settings } from '../config/settings.js';
import { getCluster, listClusters } from '../store/clusters.js';
import type { Db } from '../store/db.js';
import { knownIdentities, sessionFolders } from '../store/identities.js';
import {
  createScrubber,
  findSurvivors,
  makeCanaries,
  plantCanaries,
  type Canary,
  type Finding,
  type OwnerIdentity,
  type ScrubberOptions,
} from './scrub/index.js';

/*
 * Privacy layers 2 to 4, between a cluster and anything that may leave the machine:
 *   2. aggregation threshold: only clusters spanning enough sessions and projects;
 *   3. the digest: kind, counts, keywords and at most five short scrubbed examples, about
 *      1,500 characters at most, never a raw session;
 *   4. the canary check: the same pipeline run on copies of the examples with planted secrets
 *      and personal data; if any of them survives, the digest is refused.
 * Log text is data throughout (shared/untrusted-text.ts): escapes and invisible characters go
 * before scrubbing (so a zero-width space cannot split a secret past the detectors), and nothing
 * in a digest can act as markup (`</digest>`, `<system>`, `<!--`); only the scrubber's
 * placeholders keep their angle brackets.
 */

export const DIGEST_MAX_CHARS = 1500;
const EXAMPLES = 5;
const EXAMPLE_CHARS = 220;

export interface DigestPolicy {
  minSessions: number;
  minProjects: number;
  /** Names to scrub besides those found automatically (settings.scrubNames). */
  names: string[];
  /** The person's own account names and home folders. */
  userNames: string[];
  homeDirs: string[];
  /** The account owner as the imported exports name them (see withStoredIdentities). */
  owner?: OwnerIdentity;
  /** Folders the stored sessions ran in: the user names in them are scrubbed too. */
  knownPaths?: string[];
}

/** The policy from the settings and this machine's user. */
export function digestPolicy(settings: Pick<Settings, 'minSessions' | 'minProjects' | 'scrubNames'>): DigestPolicy {
  const me = os.userInfo();
  return {
    minSessions: settings.minSessions,
    minProjects: settings.minProjects,
    names: settings.scrubNames,
    userNames: [me.username],
    homeDirs: [os.homedir()],
  };
}

/** Layer 2: why a cluster may not leave the machine, or null when it may. */
export function ineligibility(cluster: Pick<ClusterSummary, 'sessions' | 'projects'>, policy: DigestPolicy): string | null {
  if (cluster.sessions < policy.minSessions) {
    return `spans ${cluster.sessions} session${cluster.sessions === 1 ? '' : 's'}; at least ${policy.minSessions} are required`;
  }
  if (cluster.projects < policy.minProjects) {
    return `spans ${cluster.projects} project${cluster.projects === 1 ? '' : 's'}; at least ${policy.minProjects} are required`;
  }
  return null;
}

/**
 * The one place where the store's knowledge of the person joins the policy: the account identities
 * read from imported exports (users.json, user.json) and the folders of the stored sessions, whose
 * home paths name the account that wrote them. buildDigest applies it, so the CLI, the server and
 * the app all scrub with it.
 */
export function withStoredIdentities(db: Db, policy: DigestPolicy): DigestPolicy {
  const known = knownIdentities(db);
  const merge = (a: readonly string[] | undefined, b: readonly string[]) => [...new Set([...(a ?? []), ...b])];
  return {
    ...policy,
    owner: {
      names: merge(policy.owner?.names, known.names),
      emails: merge(policy.owner?.emails, known.emails),
      phones: merge(policy.owner?.phones, known.phones),
      usernames: merge(policy.owner?.usernames, known.usernames),
    },
    knownPaths: merge(policy.knownPaths, sessionFolders(db)),
  };
}

function scrubberOptions(policy: DigestPolicy, extraNames: string[] = []): ScrubberOptions {
  return {
    userNames: policy.userNames,
    extraNames: [...policy.names, ...extraNames],
    homeDirs: policy.homeDirs,
    owner: policy.owner,
    knownPaths: policy.knownPaths,
  };
}

/** The scrubber options digests use for this store and settings (also `reverie anonymize`). */
export function scrubberOptionsFor(db: Db, settings: Pick<Settings, 'minSessions' | 'minProjects' | 'scrubNames'>): ScrubberOptions {
  return scrubberOptions(withStoredIdentities(db, digestPolicy(settings)));
}

function scrubberFor(policy: DigestPolicy, extraNames: string[] = []): ReturnType<typeof createScrubber> {
  return createScrubber(scrubberOptions(policy, extraNames));
}

/**
 * The distinct examples of a cluster, as stored (unscrubbed: stays local): the most representative
 * member of each kind the pattern spans first (a failure and the person's answer to it are one
 * pattern, and a lesson needs both), then the next most representative ones.
 */
export function exampleMembers(cluster: ClusterDetail, count = EXAMPLES): { text: string; kind: MomentKind }[] {
  const key = (t: string) => t.trim().toLowerCase().replace(/\s+/g, ' ');
  const seen = new Set<string>();
  const kinds = new Set<MomentKind>();
  const firsts = cluster.members.filter((m) => !kinds.has(m.kind) && kinds.add(m.kind));
  const out: { text: string; kind: MomentKind }[] = [];
  for (const m of [...firsts, ...cluster.members]) {
    if (seen.has(key(m.text))) continue;
    seen.add(key(m.text));
    out.push({ text: m.text, kind: m.kind });
    if (out.length === count) break;
  }
  return out;
}

/** The texts of exampleMembers. */
export function exampleTexts(cluster: ClusterDetail, count = EXAMPLES): string[] {
  return exampleMembers(cluster, count).map((m) => m.text);
}

const DIGEST_TEXT = { keepPlaceholders: true };

function shorten(text: string, max: number): string {
  const flat = asDataLine(text, DIGEST_TEXT);
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** Renders the digest text from already scrubbed parts, within the character budget. */
export function renderDigest(cluster: ClusterSummary, keywords: string[], examples: string[]): string {
  const span = cluster.firstSeen && cluster.lastSeen ? `, ${cluster.firstSeen.slice(0, 10)} to ${cluster.lastSeen.slice(0, 10)}` : '';
  const head = [
    `Pattern kind: ${cluster.kind}`,
    `Seen ${cluster.size} times in ${cluster.sessions} sessions across ${cluster.projects} projects${span}.`,
    `Keywords: ${keywords.map((k) => asDataLine(k, DIGEST_TEXT)).join(', ')}`,
    'Examples:',
  ].join('\n');
  const lines: string[] = [];
  let used = head.length;
  for (const [i, e] of examples.entries()) {
    const line = `${i + 1}. ${shorten(e, EXAMPLE_CHARS)}`;
    if (used + 1 + line.length > DIGEST_MAX_CHARS) break;
    lines.push(line);
    used += 1 + line.length;
  }
  return `${head}\n${lines.join('\n')}`.slice(0, DIGEST_MAX_CHARS);
}

/**
 * Layer 3 on given texts: scrub keywords, examples and the nearby patterns' names with one scrubber
 * (consistent placeholders).
 */
async function digestOf(cluster: ClusterDetail, texts: string[], policy: DigestPolicy, extraNames: string[] = [], nearby: string[] = []) {
  const scrubber = scrubberFor(policy, extraNames);
  const hidden = await keywordsScrubbedInPlace(scrubber, cluster);
  const shown = cluster.keywords.filter((k) => !hidden.has(k));
  const [keywordLine, ...rest] = await scrubber.scrubAll([shown.join(', '), ...texts, ...nearby].map((t) => asData(t, DIGEST_TEXT)));
  const keywords = keywordLine.split(', ').map((k) => asDataLine(k, DIGEST_TEXT)).filter(Boolean);
  const examples = rest.slice(0, texts.length);
  const names = rest.slice(texts.length).map((n) => shorten(n, NEARBY_CHARS));
  return { keywords, examples, nearby: names, text: renderDigest(cluster, keywords, examples) };
}

/**
 * Keywords are words of the members' raw text, and alone on the keyword line the scrubber cannot
 * tell an address's local part ("dana.whitfield") or a name from a word. So each keyword is looked
 * up where it occurs (a few members that contain it): one that falls inside something the scrubber
 * replaces there never leaves.
 */
async function keywordsScrubbedInPlace(scrubber: ReturnType<typeof createScrubber>, cluster: ClusterDetail, perKeyword = 3): Promise<Set<string>> {
  const holders = new Map<string, string[]>();
  for (const keyword of cluster.keywords) {
    const needle = keyword.toLowerCase();
    if (needle) holders.set(keyword, cluster.members.map((m) => m.text).filter((t) => t.toLowerCase().includes(needle)).slice(0, perKeyword));
  }
  // Each member text is scanned once, however many keywords it holds.
  const spansOf = new Map<string, Finding[]>();
  for (const text of new Set([...holders.values()].flat())) spansOf.set(text, await scrubber.findings(text));
  const hidden = new Set<string>();
  for (const [keyword, texts] of holders) {
    const needle = keyword.toLowerCase();
    const inside = texts.some((text) => {
      const lower = text.toLowerCase();
      const spans = spansOf.get(text)!;
      for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + 1)) {
        if (spans.some((f) => f.start < at + needle.length && at < f.end)) return true;
      }
      return false;
    });
    if (inside) hidden.add(keyword);
  }
  return hidden;
}

const NEARBY = 3;
const NEARBY_CHARS = 80;

/**
 * The local names of the patterns nearest to this one, for contrastive naming: those of the same
 * model sharing the most keywords with it (Jaccard), and only those that pass layer 2 themselves,
 * so no pattern too small to leave the machine is named in another's request. Unscrubbed: stays local.
 */
export function nearbyNames(db: Db, cluster: ClusterSummary, policy: DigestPolicy, count = NEARBY): string[] {
  const model = db.prepare<[number], { model: string }>('SELECT model FROM clusters WHERE id = ?').get(cluster.id)?.model;
  if (!model) return [];
  const own = new Set(cluster.keywords.map((k) => k.toLowerCase()));
  const scored = listClusters(db, model)
    .filter((c) => c.id !== cluster.id && ineligibility(c, policy) === null)
    .map((c) => {
      const theirs = new Set(c.keywords.map((k) => k.toLowerCase()));
      const shared = [...theirs].filter((k) => own.has(k)).length;
      return { c, score: shared / (own.size + theirs.size - shared || 1) };
    })
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || b.c.size - a.c.size || a.c.id - b.c.id);
  return scored.slice(0, count).map((x) => x.c.label);
}

/**
 * Layer 4: plants canaries of every kind in copies of the examples, runs the same digest
 * pipeline, and returns the canaries that survive (in the full scrubbed examples or the
 * final text). Any survivor means the digest must not be sent.
 */
export async function canaryCheck(cluster: ClusterDetail, policy: DigestPolicy, nearby: string[] = []): Promise<Canary[]> {
  const canaries = makeCanaries({ names: policy.names.length ? policy.names : undefined });
  const names = canaries.filter((c) => c.kind === 'PERSON').flatMap((c) => c.needles);
  const planted = plantCanaries([...exampleTexts(cluster), ...nearby], canaries);
  const { examples, text } = await digestOf(cluster, planted, policy, names);
  return findSurvivors([...examples, text], canaries);
}

export class DigestRefused extends Error {
  constructor(
    readonly clusterId: number,
    /** Why, without the cluster: what a screen shows beside the pattern's name. */
    readonly reason: string,
  ) {
    super(`cluster ${clusterId} may not leave this machine: ${reason}`);
    this.name = 'DigestRefused';
  }
}

/** Layers 2 to 4 for one cluster: its digest, or DigestRefused saying why not. */
export async function buildDigest(db: Db, clusterId: number, given: DigestPolicy): Promise<ClusterDigest> {
  const cluster = getCluster(db, clusterId);
  if (!cluster) throw new DigestRefused(clusterId, 'no such cluster');
  const policy = withStoredIdentities(db, given);
  const reason = ineligibility(cluster, policy);
  if (reason) throw new DigestRefused(clusterId, reason);
  const near = nearbyNames(db, cluster, policy);
  const survivors = await canaryCheck(cluster, policy, near);
  if (survivors.length) {
    throw new DigestRefused(clusterId, `the canary check found ${survivors.map((c) => c.kind).join(', ')} surviving the scrubber`);
  }
  const chosen = exampleMembers(cluster);
  const { keywords, examples, nearby, text } = await digestOf(cluster, chosen.map((m) => m.text), policy, [], near);
  return {
    clusterId,
    kind: cluster.kind,
    size: cluster.size,
    sessions: cluster.sessions,
    projects: cluster.projects,
    firstSeen: cluster.firstSeen,
    lastSeen: cluster.lastSeen,
    keywords,
    examples: examples.map((e) => shorten(e, EXAMPLE_CHARS)),
    exampleKinds: chosen.map((m) => m.kind),
    text,
    ...(nearby.length ? { nearby } : {}),
  };
}

/** The digests of clusters that may leave the machine, and why each other cluster stays. */
export interface DigestBatch {
  digests: ClusterDigest[];
  refused: DigestRefused[];
}

/** `buildDigest` for each cluster in order; a refusal is collected, any other error is thrown. */
export async function buildDigests(db: Db, clusterIds: readonly number[], policy: DigestPolicy): Promise<DigestBatch> {
  const batch: DigestBatch = { digests: [], refused: [] };
  for (const id of clusterIds) {
    try {
      batch.digests.push(await buildDigest(db, id, policy));
    } catch (err) {
      if (!(err instanceof DigestRefused)) throw err;
      batch.refused.push(err);
    }
  }
  return batch;
}
