import type { MomentKind } from '../../shared/types.js';
import type { Db } from '../../electron/engine/store/db.js';

/*
 * Generated session streams with planted pattern rates, written straight into the store
 * (sessions, one message per moment, moments, and a ready-made cluster per pattern), so
 * the dream reports can be tested against known changes without embedding anything.
 */

export const DAY = 86_400_000;

/** mulberry32: small, seeded, good enough for test streams. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function poisson(random: () => number, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  let p = random();
  while (p > limit) {
    k++;
    p *= random();
  }
  return k;
}

export interface PlantedPattern {
  label: string;
  kind?: MomentKind;
  /** Mean moments per session for a session starting at t (ms) in a project. */
  rate: (t: number, project: string) => number;
}

export interface StreamOptions {
  seed: number;
  start: number;
  days: number;
  /** Mean sessions per day (Poisson), optionally varying with time and project. */
  sessionsPerDay: number | ((t: number, project: string) => number);
  projects?: string[];
  patterns: PlantedPattern[];
  model?: string;
}

export const STREAM_MODEL = 'test-model';

/** Writes the stream; returns the cluster id of each pattern by label, and the session count. */
export function plantStream(db: Db, o: StreamOptions): { clusters: Map<string, number>; sessions: number } {
  const random = rng(o.seed);
  const projects = o.projects ?? ['app'];
  const model = o.model ?? STREAM_MODEL;
  const insSession = db.prepare(
    `INSERT INTO sessions (format, external_id, project, started_at, message_count, content_hash, imported_at, updated_at)
     VALUES ('claude-code', ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insMessage = db.prepare(`INSERT INTO messages (session_id, seq, role, text) VALUES (?, ?, 'user', ?)`);
  const insMoment = db.prepare(
    'INSERT INTO moments (session_id, message_id, kind, text, text_hash, at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const insCluster = db.prepare(
    `INSERT INTO clusters (model, kind, label, keywords, size, sessions, projects, weekly) VALUES (?, ?, ?, '[]', 0, 0, 0, '[]')`,
  );
  const insMember = db.prepare('INSERT INTO cluster_members (cluster_id, moment_id, score) VALUES (?, ?, 1)');
  const clusters = new Map<string, number>();
  let sessions = 0;
  db.transaction(() => {
    for (const p of o.patterns) clusters.set(p.label, Number(insCluster.run(model, p.kind ?? 'correction', p.label).lastInsertRowid));
    const existing = (db.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n;
    for (let day = 0; day < o.days; day++) {
      for (const project of projects) {
        const dayStart = o.start + day * DAY;
        const mean = typeof o.sessionsPerDay === 'number' ? o.sessionsPerDay : o.sessionsPerDay(dayStart, project);
        const n = poisson(random, mean);
        for (let i = 0; i < n; i++) {
          const t = dayStart + Math.floor(random() * DAY);
          const at = new Date(t).toISOString();
          const id = `s${o.seed}-${existing + sessions}`;
          const counts = o.patterns.map((p) => poisson(random, p.rate(t, project)));
          const total = counts.reduce((a, b) => a + b, 0);
          const sessionId = Number(insSession.run(id, project, at, total, `hash-${id}`, at, at).lastInsertRowid);
          sessions++;
          let seq = 0;
          o.patterns.forEach((p, pi) => {
            for (let j = 0; j < counts[pi]; j++) {
              const text = `${p.label} ${j}`;
              const messageId = Number(insMessage.run(sessionId, seq++, text).lastInsertRowid);
              const momentId = Number(insMoment.run(sessionId, messageId, p.kind ?? 'correction', text, `h-${messageId}`, at).lastInsertRowid);
              insMember.run(clusters.get(p.label)!, momentId);
            }
          });
        }
      }
    }
  })();
  return { clusters, sessions };
}
