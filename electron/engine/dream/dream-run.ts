import { existsSync } from 'node:fs';
import { runAnalysis, type AnalysisStats, type AnalyzeOptions, type StepSeconds } from '../analyze/run-analysis.js';
import { serialised } from '../analyze/serial.js';
import { loadSettings } from '../config/settings.js';
import { importLimits } from '../import/limits.js';
import { importPaths } from '../import/run-import.js';
import type { Db } from '../store/db.js';
import { listWatched } from './watched.js';

/*
 * One dream run: import what is new in the watched folders, then analyse incrementally.
 *
 * Import already skips files whose bytes were stored before and updates grown transcripts in
 * place, so only new and grown files are read. The analysis runs when anything changed: a
 * session was imported or updated (by this run or by a manual import since), or this model has
 * never been analysed, or moments wait to be placed. The analysis runs in 'auto' mode: new
 * moments join existing clusters when close enough, and everything is re-clustered only when
 * enough has changed (analyze/recluster-rule.ts), with identities kept by membership so lessons
 * stay attached. The run is recorded in `dream_runs`: what it read, what it changed, whether
 * the analysis was incremental or full and why, how long each step took. Dream runs of one
 * store run one at a time: a second call waits for the first.
 */

/** 'hook': Claude Code's SessionEnd hook (`reverie hook session-end`), for the one transcript that ended. */
export type DreamTrigger = 'manual' | 'watch' | 'schedule' | 'hook';

export interface DreamOptions extends AnalyzeOptions {
  trigger?: DreamTrigger;
  /** Import these files instead of the watched folders (the hook's transcript). */
  paths?: string[];
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
  /** 'incremental': new moments assigned to existing clusters; 'full': everything re-clustered. */
  mode?: 'full' | 'incremental';
  /** Why everything was re-clustered (full runs). */
  reclusterReason?: string | null;
  /** New moments that joined a cluster / were left unassigned. */
  assigned?: number;
  unassigned?: number;
  /** Seconds per step: the import, then the analysis's own steps. */
  steps?: { import: number } & Partial<StepSeconds>;
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

/** Moments no run of this model has placed yet (an analysis was cancelled after extracting them, say). */
function unplacedMoments(db: Db, model: string): number {
  return (
    db
      .prepare<[string], { n: number }>(
        'SELECT count(*) AS n FROM moments mo WHERE NOT EXISTS (SELECT 1 FROM map_points p WHERE p.model = ? AND p.moment_id = mo.id)',
      )
      .get(model)?.n ?? 0
  );
}

/** Start time (ms) of the latest dream run, whatever its outcome, or null when none ran yet. */
export function lastDreamStart(db: Db): number | null {
  const row = db.prepare<[], { started_at: string }>('SELECT started_at FROM dream_runs ORDER BY id DESC LIMIT 1').get();
  return row ? Date.parse(row.started_at) : null;
}

export function runDream(db: Db, options: DreamOptions): Promise<DreamRun> {
  return serialised(db, 'dream', () => dream(db, options), options.signal);
}

async function dream(db: Db, options: DreamOptions): Promise<DreamRun> {
  const started = Date.now();
  const trigger = options.trigger ?? 'manual';
  const id = Number(
    db.prepare('INSERT INTO dream_runs (started_at, trigger) VALUES (?, ?)').run(new Date(started).toISOString(), trigger).lastInsertRowid,
  );
  const watched = options.paths
    ? options.paths.map((p) => ({ path: p, exists: existsSync(p) }))
    : listWatched(db);
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
  const importStarted = performance.now();
  try {
    if (present.length > 0) {
      const summary = await importPaths(db, present, { signal: options.signal, onProgress: options.onProgress, limits: importLimits(loadSettings(options.dataDir)) });
      details.filesSeen = summary.files.length;
      details.filesFailed = summary.failed;
      counts.filesRead = summary.files.filter((f) => !f.alreadyImported).length;
      counts.sessionsAdded = summary.sessionsAdded;
      counts.sessionsUpdated = summary.sessionsUpdated;
    }
    details.steps = { import: (performance.now() - importStarted) / 1000 };
    const pending = unscannedSessions(db);
    if (pending === 0 && analysedBefore(db, options.model) && unplacedMoments(db, options.model) === 0) {
      details.analysisSkipped = 'nothing new since the last analysis';
    } else {
      const before = membership(db, options.model);
      const stats = await runAnalysis(db, { ...options, mode: options.mode ?? 'auto' });
      const after = membership(db, options.model);
      details.analysis = stats;
      details.mode = stats.mode;
      details.reclusterReason = stats.reclusterReason;
      details.assigned = stats.assigned;
      details.unassigned = stats.unassigned;
      details.steps = { ...details.steps, ...stats.steps };
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
