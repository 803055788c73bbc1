import { createHash } from 'node:crypto';
import { MOMENT_KINDS, type MomentKind } from '../../shared/types.js';
import { seededRandom } from '../../electron/engine/base/random.js';
import { weeklyCounts } from '../../electron/engine/cluster/summary.js';
import { RULES_VERSION } from '../../electron/engine/moments/rules.js';
import { replaceClusters, replaceMapPoints, type ClusterRecord } from '../../electron/engine/store/clusters.js';
import type { Db } from '../../electron/engine/store/db.js';

/*
 * Big synthetic stores written straight into SQLite, for the benchmarks and the tests that need
 * 100k moments without importing or embedding them: sessions of 8 moments each (two projects,
 * spread over a year), their user messages in the full-text index, scan records (so an analysis
 * sees them as scanned) and the moments. `seedMappedStore` adds what an analysis would have left:
 * clusters and 2-D map points.
 */

export const MOMENTS_PER_SESSION = 8;
const WEEK = 7 * 86_400_000;
const START = Date.parse('2025-01-06T09:00:00Z');

/**
 * A moment of a planted topic (-1: scattered, of no topic). Its kind follows the topic, so each
 * topic is a pattern of one kind; its text carries topic words so keywords have something to find.
 */
export function topicMoment(i: number, topic: number): { kind: MomentKind; text: string } {
  const kind = MOMENT_KINDS[(topic >= 0 ? topic : i) % MOMENT_KINDS.length];
  const text = topic >= 0 ? `topic${topic} word${topic}a word${topic}b shared${i % 13} moment${i}` : `scattered${i % 97} moment${i}`;
  return { kind, text };
}

export interface WrittenMoment {
  momentId: number;
  sessionId: number;
  textHash: string;
  at: string;
}

/**
 * Writes moments `from..to` (of `total`, which sets the time spread) in one transaction. Session
 * `s` holds moments 8s..8s+7 and is dated s/(total/8) of the way through a year, so moments added
 * later (from > 0) land in later sessions of the same timeline. Returns the moments in order.
 */
export function writeSyntheticMoments(
  db: Db,
  options: { from: number; to: number; total: number; moment: (i: number) => { kind: MomentKind; text: string } },
): WrittenMoment[] {
  const { from, to, total } = options;
  const session = db.prepare(
    `INSERT INTO sessions (format, external_id, title, project, started_at, message_count, content_hash, imported_at, updated_at)
     VALUES ('claude-code', ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const message = db.prepare(`INSERT INTO messages (session_id, seq, role, text) VALUES (?, ?, 'user', ?)`);
  const fts = db.prepare('INSERT INTO messages_fts (rowid, text) VALUES (?, ?)');
  const scan = db.prepare('INSERT INTO moment_scans (session_id, content_hash, rules_version, scanned_at) VALUES (?, ?, ?, ?)');
  const moment = db.prepare('INSERT INTO moments (session_id, message_id, kind, text, text_hash, at) VALUES (?, ?, ?, ?, ?, ?)');
  const written: WrittenMoment[] = [];
  db.transaction(() => {
    for (let first = from; first < to; first += MOMENTS_PER_SESSION) {
      const s = Math.floor(first / MOMENTS_PER_SESSION);
      const at = new Date(START + Math.floor((s * 52 * WEEK) / (total / MOMENTS_PER_SESSION))).toISOString();
      const last = Math.min(to, first + MOMENTS_PER_SESSION);
      const hash = `bench-session-${s}`;
      const sessionId = Number(session.run(`s${s}`, `Session ${s}`, s % 2 ? 'api' : 'web', at, last - first, hash, at, at).lastInsertRowid);
      scan.run(sessionId, hash, RULES_VERSION, at);
      for (let i = first; i < last; i++) {
        const { kind, text } = options.moment(i);
        const messageId = Number(message.run(sessionId, i - first, text).lastInsertRowid);
        fts.run(messageId, text);
        const textHash = createHash('sha256').update(text).digest('hex');
        const momentId = Number(moment.run(sessionId, messageId, kind, text, textHash, at).lastInsertRowid);
        written.push({ momentId, sessionId, textHash, at });
      }
    }
  })();
  return written;
}

/** Share of moments in the one big topic (the "cluster of ~10k members" at 100k) and scattered (noise). */
const BIG_SHARE = 0.1;
const NOISE_SHARE = 0.05;
/** About one topic per 120 moments, as cluster-scale's data (the clustering finds a similar number at 100k). */
const MOMENTS_PER_TOPIC = 120;

/**
 * Topics and 2-D places for `n` moments: topic 0 takes a tenth of them, the other topics share
 * the rest with Zipf-like sizes (weight 1/sqrt(t+1)), 5% are scattered (-1). Each topic is a
 * Gaussian blob (radius growing with its size) at a random centre in a 100×100 square; scattered
 * points fall anywhere. Seeded, so the same `n` and `seed` give the same map.
 */
export function syntheticMap(n: number, seed = 1): { topics: number[]; x: Float64Array; y: Float64Array; topicCount: number } {
  const rand = seededRandom(seed);
  const gauss = (): number => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const topicCount = Math.max(3, Math.round(n / MOMENTS_PER_TOPIC));
  const cumulative: number[] = [];
  let acc = 0;
  for (let t = 1; t < topicCount; t++) cumulative.push((acc += 1 / Math.sqrt(t)));
  const topics: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = rand();
    if (r < NOISE_SHARE) topics.push(-1);
    else if (r < NOISE_SHARE + BIG_SHARE) topics.push(0);
    else {
      const w = rand() * acc;
      let lo = 0;
      let hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid] < w) lo = mid + 1;
        else hi = mid;
      }
      topics.push(lo + 1);
    }
  }
  const sizes = new Array<number>(topicCount).fill(0);
  for (const t of topics) if (t >= 0) sizes[t]++;
  const centres = Array.from({ length: topicCount }, () => [5 + 90 * rand(), 5 + 90 * rand()] as const);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = topics[i];
    if (t < 0) {
      x[i] = 100 * rand();
      y[i] = 100 * rand();
      continue;
    }
    const radius = 0.08 * Math.sqrt(sizes[t]);
    x[i] = centres[t][0] + radius * gauss();
    y[i] = centres[t][1] + radius * gauss();
  }
  return { topics, x, y, topicCount };
}

export interface SeededMap {
  /** Moments written (= n). */
  moments: number;
  sessions: number;
  /** Stored cluster ids by topic (topic 0 is the big one). */
  clusterIds: number[];
  /** Members of the big cluster. */
  bigClusterSize: number;
}

/**
 * Seeds `db` with `n` moments that an analysis with `model` has already clustered and mapped:
 * one cluster per planted topic (kind, keywords, label, members scored by closeness to the blob's
 * centre, sessions, projects, time span, weekly counts) and a map point per moment. No vectors:
 * the map, the cluster list and the details read none.
 */
export function seedMappedStore(db: Db, n: number, options: { model: string; seed?: number }): SeededMap {
  const { topics, x, y, topicCount } = syntheticMap(n, options.seed ?? 1);
  const written = writeSyntheticMoments(db, { from: 0, to: n, total: n, moment: (i) => topicMoment(i, topics[i]) });
  const byTopic: number[][] = Array.from({ length: topicCount }, () => []);
  topics.forEach((t, i) => t >= 0 && byTopic[t].push(i));
  const projectOf = (sessionId: number) => (sessionId % 2 ? 'api' : 'web');
  const clusterIds = new Array<number>(topicCount).fill(-1);
  for (const kind of MOMENT_KINDS) {
    const records: ClusterRecord[] = [];
    const recordTopics: number[] = [];
    byTopic.forEach((members, t) => {
      if (members.length === 0 || topicMoment(0, t).kind !== kind) return;
      let cx = 0;
      let cy = 0;
      for (const i of members) [cx, cy] = [cx + x[i], cy + y[i]];
      [cx, cy] = [cx / members.length, cy / members.length];
      const scored = members
        .map((i) => ({ momentId: written[i].momentId, score: 1 / (1 + Math.hypot(x[i] - cx, y[i] - cy)) }))
        .sort((a, b) => b.score - a.score);
      const dates = members.map((i) => written[i].at).sort();
      const keywords = [`topic${t}`, `word${t}a`, `word${t}b`];
      records.push({
        kind,
        label: keywords.join(' · '),
        keywords,
        size: members.length,
        sessions: new Set(members.map((i) => written[i].sessionId)).size,
        projects: new Set(members.map((i) => projectOf(written[i].sessionId))).size,
        firstSeen: dates[0],
        lastSeen: dates.at(-1)!,
        weekly: weeklyCounts(dates.map((d) => new Date(d))),
        members: scored,
      });
      recordTopics.push(t);
    });
    replaceClusters(db, options.model, kind, records, null).forEach((id, j) => (clusterIds[recordTopics[j]] = id));
  }
  replaceMapPoints(
    db,
    options.model,
    written.map((w, i) => ({ momentId: w.momentId, x: x[i], y: y[i] })),
  );
  return { moments: n, sessions: Math.ceil(n / MOMENTS_PER_SESSION), clusterIds, bigClusterSize: byTopic[0].length };
}
