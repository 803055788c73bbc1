import { createHash } from 'node:crypto';
import type { MomentKind } from '../../shared/types.js';
import { seededRandom } from '../../electron/engine/base/random.js';
import { RULES_VERSION } from '../../electron/engine/moments/rules.js';
import type { Db } from '../../electron/engine/store/db.js';

/*
 * Moments with chosen vectors, written straight into a store (a session, a message and a moment
 * each, marked as scanned so extraction leaves them alone), and the stand-in embedder that
 * returns those vectors. For tests about what the analysis does with vectors, not about the model.
 */

export interface PlannedMoment {
  kind: MomentKind;
  text: string;
  vector: Float32Array;
  at: string;
  project?: string;
}

export class VectorStore {
  private readonly byText = new Map<string, Float32Array>();
  private sessions = 0;
  /** The embedder to pass as `AnalyzeOptions.embed`. */
  readonly embed = async (texts: string[]): Promise<Float32Array[]> =>
    texts.map((t) => {
      const v = this.byText.get(t);
      if (!v) throw new Error(`no planned vector for "${t}"`);
      return v;
    });

  constructor(private readonly db: Db) {}

  /** Writes the moments; returns their ids in order. */
  add(moments: PlannedMoment[]): number[] {
    const db = this.db;
    const session = db.prepare(
      `INSERT INTO sessions (format, external_id, project, started_at, message_count, content_hash, imported_at, updated_at)
       VALUES ('claude-code', ?, ?, ?, 1, ?, ?, ?)`,
    );
    const message = db.prepare(`INSERT INTO messages (session_id, seq, role, text) VALUES (?, 0, 'user', ?)`);
    // The full-text index is filled by the importer, not by a trigger; its delete trigger expects the row.
    const fts = db.prepare('INSERT INTO messages_fts (rowid, text) VALUES (?, ?)');
    const moment = db.prepare('INSERT INTO moments (session_id, message_id, kind, text, text_hash, at) VALUES (?, ?, ?, ?, ?, ?)');
    const scan = db.prepare('INSERT INTO moment_scans (session_id, content_hash, rules_version, scanned_at) VALUES (?, ?, ?, ?)');
    return db.transaction(() =>
      moments.map((m) => {
        this.byText.set(m.text, m.vector);
        const external = `synthetic-${++this.sessions}`;
        const hash = `hash-${external}`;
        const sessionId = Number(session.run(external, m.project ?? 'app', m.at, hash, m.at, m.at).lastInsertRowid);
        const messageId = Number(message.run(sessionId, m.text).lastInsertRowid);
        fts.run(messageId, m.text);
        scan.run(sessionId, hash, RULES_VERSION, m.at);
        const textHash = createHash('sha256').update(m.text).digest('hex');
        return Number(moment.run(sessionId, messageId, m.kind, m.text, textHash, m.at).lastInsertRowid);
      }),
    )();
  }
}

/** Seeded unit vectors: random directions, and points scattered around a centre. */
export function vectorMaker(dim: number, seed: number) {
  const rand = seededRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const unit = (v: Float32Array) => {
    const n = Math.hypot(...v) || 1;
    return v.map((x) => x / n);
  };
  const random = () => unit(Float32Array.from({ length: dim }, gauss));
  return {
    random,
    unit,
    /** A point whose cosine to `centre` is about 1 / sqrt(1 + spread^2). */
    near: (centre: Float32Array, spread: number) => unit(centre.map((x) => x + (spread / Math.sqrt(dim)) * gauss())),
    /** A point at exactly this cosine to `centre`, in a random direction off it. */
    atCosine: (centre: Float32Array, cos: number) => {
      const r = random();
      const dot = r.reduce((s, x, d) => s + x * centre[d], 0);
      const off = unit(r.map((x, d) => x - dot * centre[d]));
      return unit(centre.map((x, d) => cos * x + Math.sqrt(1 - cos * cos) * off[d]));
    },
  };
}
