import type { MomentKind } from '../../shared/types.js';
import { seededRandom } from '../../electron/engine/base/random.js';
import { adoptLesson, insertLesson, type NewLesson } from '../../electron/engine/lesson/store.js';
import { openStore, type Db } from '../../electron/engine/store/db.js';

/*
 * Seeded stores for the dream reports (trends, lesson effects): generated session streams with
 * planted pattern rates, written straight into the store (sessions, one message per moment,
 * moments, and a ready-made cluster per pattern), so the reports can be tested against known
 * changes over weeks without embedding anything. And lessons hung on those clusters.
 */

export const DAY = 86_400_000;

/** The model the planted clusters are filed under unless a stream names another. */
export const STREAM_MODEL = 'test-model';

export interface PlantedPattern {
  label: string;
  kind?: MomentKind;
  /** Mean moments per session for a session starting at t (ms) in a project. */
  rate: (t: number, project: string) => number;
}

export interface StreamOptions {
  seed: number;
  /** The first day (ms). */
  start: number;
  days: number;
  /** Mean sessions per day (Poisson), optionally varying with time and project. */
  sessionsPerDay: number | ((t: number, project: string) => number);
  /** Default: one project, 'app'. */
  projects?: string[];
  patterns: PlantedPattern[];
  model?: string;
}

export interface PlantedStream {
  /** The cluster id of each pattern, by label. */
  clusters: Map<string, number>;
  /** How many sessions the stream wrote. */
  sessions: number;
}

function poisson(random: () => number, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  let p = random();
  while (p > limit) {
    k++;
    p *= random();
  }
  return k;
}

/** Writes the stream into `db` (which may already hold other streams). */
export function plantStream(db: Db, o: StreamOptions): PlantedStream {
  const random = seededRandom(o.seed);
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

/** A fresh in-memory store holding one planted stream; the caller closes `db`. */
export function seededStore(o: StreamOptions): PlantedStream & { db: Db } {
  const db = openStore(':memory:');
  return { db, ...plantStream(db, o) };
}

export type LessonOptions = Partial<NewLesson> & {
  /** Adopts the lesson at this time (ms or ISO); without it the lesson stays a draft. */
  adoptedAt?: number | string;
};

/** Writes a local correction lesson on the cluster (a draft unless `adoptedAt`); returns its id. */
export function lessonOn(db: Db, clusterId: number, o: LessonOptions = {}): number {
  const { adoptedAt, ...fields } = o;
  const { id } = insertLesson(db, {
    clusterId,
    kind: 'correction',
    title: `lesson for ${clusterId}`,
    rule: 'Do the thing.',
    why: null,
    appliesWhen: null,
    confidence: null,
    source: 'local',
    model: null,
    evidence: [],
    ...fields,
  });
  if (adoptedAt !== undefined) adoptLesson(db, id, typeof adoptedAt === 'number' ? new Date(adoptedAt).toISOString() : adoptedAt);
  return id;
}
