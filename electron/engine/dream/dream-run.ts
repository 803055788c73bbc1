import { runAnalysis, type AnalysisStats, type AnalyzeOptions } from '../analyze/run-analysis.js';
import { importPaths } from '../import/run-import.js';
import type { Db } from '../store/db.js';
import { listWatched } from './watched.js';

/*
 * One dream run: import what is new in the watched folders, then analyse incrementally.
 *
 * Import already skips files whose bytes were stored before and updates grown transcripts in
 * place, so only new and grown files are read. The analysis runs when anything changed: a
 * session was imported or updated (by this run or by a manual import since), or this model has
 * never been analysed. Its moments, embeddings and index are incremental; clustering is redone
 * and `replaceClusters` keeps cluster ids by membership so lessons stay attached. The run is
 * recorded in `dream_runs`: what it read, what it changed, how long it took.
 */

export type DreamTrigger = 'manual' | 'watch' | 'schedule';

export interface DreamOptions extends AnalyzeOptions {
  trigger?: DreamTrigger;
}

export interface DreamRun {
  id: number;
  startedAt: string;
  finishedAt: string | null;
  trigger: DreamTrigger;
  filesRead: number;
  sessionsAdded: number;
  sessionsUpdated: number;
  momentsAdded: number;
  clustersChanged: number;
  analysisRunId: number | null;
  seconds: number | null;
  stats: DreamDetails | null;
  error: string | null;
}

export interface DreamDetails {
  watched: string[];
  /** Watched paths that were not there this time. */
  missing: string[];
  filesSeen: number;
  filesFailed: number;
  /** Why the analysis did not run, when it did not. */
  analysisSkipped?: string;
  clustersNew: number;
  clustersGone: number;
  clustersRegrouped: number;
  analysis?: AnalysisStats;
}

/** Cluster id → sorted member ids, for one model. */
function membership(db: Db, model: string): Map<number, string> {
  const rows = db
    .prepare<[string], { cluster_id: number; moment_id: number }>(
      `SELECT cm.cluster_id, cm.moment_id FROM cluster_members cm JOIN clusters c ON c.id = cm.cluster_id
       WHERE c.model = ? ORDER BY cm.cluster_id, cm.moment_id`,
    )
    .all(model);
  const out = new Map<number, number[]>();
  for (const r of rows) {
    const list = out.get(r.cluster_id) ?? [];
    list.push(r.moment_id);
    out.set(r.cluster_id, list);
  }
  return new Map([...out].map(([id, ids]) => [id, ids.join(',')]));
}

/** Sessions whose moments are not extracted for their current content: new or grown since the last analysis. */
function unscannedSessions(db: Db): number {
  return (
    db
      .prepare<[], { n: number }>(
        `SELECT count(*) AS n FROM sessions s LEFT JOIN moment_scans m ON m.session_id = s.id
         WHERE m.session_id IS NULL OR m.content_hash != s.content_hash`,
      )
      .get()?.n ?? 0
  );
}

function analysedBefore(db: Db, model: string): boolean {
  return db.prepare('SELECT 1 FROM analysis_runs WHERE model = ? AND finished_at IS NOT NULL LIMIT 1').get(model) !== undefined;
}

export async function runDream(db: Db, options: DreamOptions): Promise<DreamRun> {
  const started = Date.now();
  const trigger = options.trigger ?? 'manual';
  const id = Number(
    db.prepare('INSERT INTO dream_runs (started_at, trigger) VALUES (?, ?)').run(new Date(started).toISOString(), trigger).lastInsertRowid,
  );
  const watched = listWatched(db);
  const present = watched.filter((w) => w.exists).map((w) => w.path);
  const details: DreamDetails = {
    watched: watched.map((w) => w.path),
    missing: watched.filter((w) => !w.exists).map((w) => w.path),
    filesSeen: 0,
    filesFailed: 0,
    clustersNew: 0,
    clustersGone: 0,
    clustersRegrouped: 0,
  };
  const counts = { filesRead: 0, sessionsAdded: 0, sessionsUpdated: 0, momentsAdded: 0, clustersChanged: 0, analysisRunId: null as number | null };
  let error: string | null = null;
  try {
    if (present.length > 0) {
      const summary = await importPaths(db, present, { signal: options.signal, onProgress: options.onProgress });
      details.filesSeen = summary.files.length;
      details.filesFailed = summary.failed;
      counts.filesRead = summary.files.filter((f) => !f.alreadyImported).length;
      counts.sessionsAdded = summary.sessionsAdded;
      counts.sessionsUpdated = summary.sessionsUpdated;
    }
    const pending = unscannedSessions(db);
    if (pending === 0 && analysedBefore(db, options.model)) {
      details.analysisSkipped = 'nothing new since the last analysis';
    } else {
      const before = membership(db, options.model);
      const stats = await runAnalysis(db, options);
      const after = membership(db, options.model);
      details.analysis = stats;
      details.clustersNew = [...after.keys()].filter((k) => !before.has(k)).length;
      details.clustersGone = [...before.keys()].filter((k) => !after.has(k)).length;
      details.clustersRegrouped = [...after].filter(([k, m]) => before.has(k) && before.get(k) !== m).length;
      counts.momentsAdded = stats.momentsAdded;
      counts.clustersChanged = details.clustersNew + details.clustersGone + details.clustersRegrouped;
      counts.analysisRunId = stats.runId;
    }
  } catch (err) {
    error = (err as Error).message;
    throw err;
  } finally {
    db.prepare(
      `UPDATE dream_runs SET finished_at = ?, files_read = ?, sessions_added = ?, sessions_updated = ?, moments_added = ?,
         clusters_changed = ?, analysis_run_id = ?, seconds = ?, stats = ?, error = ? WHERE id = ?`,
    ).run(
      new Date().toISOString(),
      counts.filesRead,
      counts.sessionsAdded,
      counts.sessionsUpdated,
      counts.momentsAdded,
      counts.clustersChanged,
      counts.analysisRunId,
      (Date.now() - started) / 1000,
      JSON.stringify(details),
      error,
      id,
    );
  }
  return getDreamRun(db, id)!;
}

interface DreamRow {
  id: number;
  started_at: string;
  finished_at: string | null;
  trigger: DreamTrigger;
  files_read: number;
  sessions_added: number;
  sessions_updated: number;
  moments_added: number;
  clusters_changed: number;
  analysis_run_id: number | null;
  seconds: number | null;
  stats: string | null;
  error: string | null;
}

function toRun(r: DreamRow): DreamRun {
  return {
    id: r.id,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    trigger: r.trigger,
    filesRead: r.files_read,
    sessionsAdded: r.sessions_added,
    sessionsUpdated: r.sessions_updated,
    momentsAdded: r.moments_added,
    clustersChanged: r.clusters_changed,
    analysisRunId: r.analysis_run_id,
    seconds: r.seconds,
    stats: r.stats ? (JSON.parse(r.stats) as DreamDetails) : null,
    error: r.error,
  };
}

export function getDreamRun(db: Db, id: number): DreamRun | null {
  const row = db.prepare<[number], DreamRow>('SELECT * FROM dream_runs WHERE id = ?').get(id);
  return row ? toRun(row) : null;
}

/** Newest first. */
export function listDreamRuns(db: Db, limit = 20): DreamRun[] {
  return db.prepare<[number], DreamRow>('SELECT * FROM dream_runs ORDER BY id DESC LIMIT ?').all(limit).map(toRun);
}

/**
 * Runs `once` now and then every `intervalMs` until the signal aborts (Ctrl-C). Polling, not
 * fs.watch: agents append to transcripts constantly, and a run per write would never rest;
 * the import's byte check makes a poll of unchanged folders cheap. A failed run is reported
 * and the loop goes on: the next poll may well succeed (a file mid-write, say).
 */
export async function dreamLoop(
  once: () => Promise<void>,
  options: { intervalMs: number; signal: AbortSignal; onError?: (err: Error) => void },
): Promise<number> {
  let runs = 0;
  while (!options.signal.aborted) {
    try {
      await once();
    } catch (err) {
      if (options.signal.aborted) break;
      options.onError?.(err as Error);
    }
    runs++;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, options.intervalMs);
      function done() {
        clearTimeout(timer);
        options.signal.removeEventListener('abort', done);
        resolve();
      }
      options.signal.addEventListener('abort', done, { once: true });
    });
  }
  return runs;
}
