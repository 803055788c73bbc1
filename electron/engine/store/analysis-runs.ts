import type { MomentKind } from '../../../shared/types.js';
import type { Db } from './db.js';

/*
 * What an analysis reads and records: every moment with its session's project, and one
 * `analysis_runs` row per run (started, then finished with its statistics).
 */

export interface StoredMomentFacts {
  id: number;
  sessionId: number;
  kind: MomentKind;
  text: string;
  textHash: string;
  at: string | null;
  project: string | null;
}

/** Every moment, in id order, with its session's project. */
export function momentsForAnalysis(db: Db): StoredMomentFacts[] {
  return db
    .prepare<[], { id: number; session_id: number; kind: MomentKind; text: string; text_hash: string; at: string | null; project: string | null }>(
      `SELECT mo.id, mo.session_id, mo.kind, mo.text, mo.text_hash, mo.at, s.project
       FROM moments mo JOIN sessions s ON s.id = mo.session_id ORDER BY mo.id`,
    )
    .all()
    .map((r) => ({ id: r.id, sessionId: r.session_id, kind: r.kind, text: r.text, textHash: r.text_hash, at: r.at, project: r.project }));
}

/** Records the start of a run; returns its id. */
export function startAnalysisRun(db: Db, model: string, startedAt: Date): number {
  return Number(db.prepare('INSERT INTO analysis_runs (model, started_at) VALUES (?, ?)').run(model, startedAt.toISOString()).lastInsertRowid);
}

/** Records the end of a run with its statistics. */
export function finishAnalysisRun(db: Db, runId: number, stats: unknown): void {
  db.prepare('UPDATE analysis_runs SET finished_at = ?, stats = ? WHERE id = ?').run(new Date().toISOString(), JSON.stringify(stats), runId);
}

/** Per kind, the model's clusters and their members. */
export function clusterCountsByKind(db: Db, model: string): { kind: MomentKind; clusters: number; members: number }[] {
  return db
    .prepare<[string], { kind: MomentKind; clusters: number; members: number }>(
      `SELECT c.kind, count(DISTINCT c.id) AS clusters, count(cm.moment_id) AS members
       FROM clusters c LEFT JOIN cluster_members cm ON cm.cluster_id = c.id WHERE c.model = ? GROUP BY c.kind`,
    )
    .all(model);
}
