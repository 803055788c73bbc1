import path from 'node:path';
import type { FileImportReport, ImportSummary, Progress } from '../../../shared/types.js';
import { runAnalysis, type AnalysisStats } from '../analyze/run-analysis.js';
import { serialised } from '../analyze/serial.js';
import { STORE_FILE } from '../config/paths.js';
import { runDream, type DreamRun, type DreamTrigger } from '../dream/dream-run.js';
import { FileCancels } from '../import/file-cancel.js';
import { loadSettings } from '../config/settings.js';
import { importLimits } from '../import/limits.js';
import { importPaths } from '../import/run-import.js';
import type { Db } from '../store/db.js';
import type { JobSpec } from './protocol.js';
import { WorkerJob } from './worker-job.js';

/*
 * Where the API's long jobs (analysis, dream runs, imports) run.
 *   'worker'  — in a job worker thread with its own connection to the store file (job-worker.ts),
 *               so the API process's event loop stays free: jobStatus answers, Cancel is heard,
 *               the Electron main process never freezes. The default for a store file.
 *   'process' — in the API process, on its own connection. The only choice for an in-memory
 *               store (':memory:', many tests), which no other connection can open.
 * Either way the same engine functions run and the caller sees the same results, progress and
 * errors. Nothing in the API process caches what a job changes, so nothing needs refreshing when
 * a worker job ends: clusters, map points, sessions and settings are read afresh on every call
 * (the connection sees the worker's commits), only an analysis opens the HNSW index, and lesson
 * plans are previews whose bytes are checked again when sent.
 */

export type JobPlace = 'worker' | 'process';

export interface JobRunnerContext {
  db: Db;
  /** The engine's data folder (index files, settings). */
  dataDir: string;
  /** Default: 'worker' when the store is a file opened with openStore, else 'process'. */
  jobsIn?: JobPlace;
}

export interface JobRunOptions {
  signal: AbortSignal;
  onProgress: (p: Progress) => void;
}

export interface EmbedModel {
  model: string;
  modelsDir: string;
}

/** One import job: run it once; cancel its files one by one before or while it runs. */
export interface ImportRun {
  run(paths: string[], options: JobRunOptions & { onFile: (report: FileImportReport) => void }): Promise<ImportSummary>;
  /** Whether some of `file` was still to come (import/file-cancel.ts). */
  cancelFile(file: string): boolean | Promise<boolean>;
}

export interface JobRunner {
  readonly place: JobPlace;
  analyze(options: JobRunOptions & EmbedModel): Promise<AnalysisStats>;
  dream(options: JobRunOptions & EmbedModel & { trigger: DreamTrigger }): Promise<DreamRun>;
  importer(): ImportRun;
}

/** The folder a job worker can open the store from (openStore's), or null when no other connection can. */
export function shareableStoreDir(db: Db): string | null {
  if (db.memory || path.basename(db.name) !== STORE_FILE) return null;
  return path.dirname(path.resolve(db.name));
}

export function createJobRunner(ctx: JobRunnerContext): JobRunner {
  const storeDir = shareableStoreDir(ctx.db);
  const place = ctx.jobsIn ?? (storeDir ? 'worker' : 'process');
  if (place === 'process') return inProcess(ctx);
  if (!storeDir) throw new Error(`jobs can run in a worker only for a store file opened with openStore, not ${ctx.db.memory ? 'an in-memory store' : ctx.db.name}`);
  return inWorker(ctx, storeDir);
}

function inProcess({ db, dataDir }: JobRunnerContext): JobRunner {
  return {
    place: 'process',
    analyze: (o) => runAnalysis(db, { dataDir, model: o.model, modelsDir: o.modelsDir, signal: o.signal, onProgress: o.onProgress }),
    dream: (o) => runDream(db, { dataDir, model: o.model, modelsDir: o.modelsDir, signal: o.signal, onProgress: o.onProgress, trigger: o.trigger }),
    importer: () => {
      const cancels = new FileCancels();
      return {
        run: (paths, o) => importPaths(db, paths, { signal: o.signal, onProgress: o.onProgress, onFile: o.onFile, cancels, limits: importLimits(loadSettings(dataDir)) }),
        cancelFile: (file) => cancels.cancel(file),
      };
    },
  };
}

/**
 * Runs `job` in the store's turn that dream runs and analyses take (analyze/serial.ts; 'dream',
 * then 'analysis', the order a dream run takes them in, so no two wait on each other). Cancelled
 * while it waits (`signal`), it rejects at once without running.
 */
export function storeTurn<T>(db: Db, job: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  return serialised(db, 'dream', () => serialised(db, 'analysis', job, signal), signal);
}

function inWorker({ db, dataDir }: JobRunnerContext, storeDir: string): JobRunner {
  /**
   * A worker job writes the store through another connection, so it takes this store's turn as
   * an in-process dream run would (storeTurn): a dream run or analysis started in this process
   * (the dream scheduler's) waits for it, and it waits for one that is running. Analyses and
   * dream runs stay one at a time per store, and no in-process import writes beside it.
   */
  const run = (job: WorkerJob, spec: JobSpec, o: JobRunOptions & { onFile?: (report: FileImportReport) => void }) =>
    storeTurn(db, () => job.run(spec, { storeDir, dataDir, signal: o.signal, onProgress: o.onProgress, onFile: o.onFile }), o.signal);
  return {
    place: 'worker',
    analyze: async (o) =>
      (await run(new WorkerJob(), { kind: 'analyze', model: o.model, modelsDir: o.modelsDir }, o)) as AnalysisStats,
    dream: async (o) =>
      (await run(new WorkerJob(), { kind: 'dream', model: o.model, modelsDir: o.modelsDir, trigger: o.trigger }, o)) as DreamRun,
    importer: () => {
      const job = new WorkerJob();
      return {
        run: async (paths, o) => (await run(job, { kind: 'import', paths }, o)) as ImportSummary,
        cancelFile: (file) => job.cancelFile(file),
      };
    },
  };
}
