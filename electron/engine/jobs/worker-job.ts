import { Worker } from 'node:worker_threads';
import type { FileImportReport, Progress } from '../../../shared/types.js';
import { entryBeside, type WorkerFiles } from '../embed/worker-location.js';
import { CancelledError } from '../base/cancel.js';
import { sqliteBinding } from '../store/db.js';
import type { FromJobWorker, JobSpec, JobWorkerInit, ToJobWorker } from './protocol.js';
import { createAbortFlag } from './shared-abort.js';

/*
 * The API process's side of one job run in the job worker (job-worker.ts): starts the thread,
 * forwards the cancel (shared flag and message) and per-file cancels, passes progress and file
 * reports on, and settles when the thread has exited: by then the job's embedding workers have
 * stopped and its store connection is closed, so "the job is over" means nothing of it still runs.
 */

/** The job worker's files; scripts/build-electron.mjs writes `built` beside the bundles. */
export const JOB_WORKER: WorkerFiles = { built: 'job-worker.cjs', source: 'job-worker-entry.mjs', what: 'job worker' };

/** After its outcome the worker ends by itself; should a stray handle keep it alive, it is stopped after this long. */
const EXIT_GRACE_MS = 5000;

export interface WorkerJobOptions {
  /** The folder of the store file, as openStore takes it. */
  storeDir: string;
  /** The engine's data folder (index files, settings). */
  dataDir: string;
  signal: AbortSignal;
  onProgress?: (p: Progress) => void;
  onFile?: (report: FileImportReport) => void;
}

function rebuilt(name: string, message: string): Error {
  if (name === 'CancelledError') return new CancelledError();
  const err = new Error(message);
  err.name = name;
  return err;
}

/** One job in a job worker. `cancelFile` may be called before, while and after it runs. */
export class WorkerJob {
  private state: 'waiting' | 'running' | 'over' = 'waiting';
  private worker: Worker | null = null;
  private cancelledBefore: string[] = [];
  private asks = new Map<number, (cancelled: boolean) => void>();
  private nextAsk = 0;

  /** Resolves with the engine function's result; rejects with its error (name and message kept), CancelledError when cancelled. */
  run(spec: JobSpec, options: WorkerJobOptions): Promise<unknown> {
    if (this.state !== 'waiting') throw new Error('a WorkerJob runs once');
    const { flag, raise } = createAbortFlag();
    // Cancelled before it started: it still starts, already cancelled, so the engine ends it as it
    // ends any cancelled run (a dream run records it, an import keeps nothing).
    if (options.signal.aborted) raise();
    const init: JobWorkerInit = {
      spec,
      storeDir: options.storeDir,
      dataDir: options.dataDir,
      // The build this thread's stores load (in Electron not node_modules' own: store/db.ts setSqliteBinding).
      sqliteAddon: sqliteBinding(),
      abortFlag: flag,
      cancelledFiles: this.cancelledBefore,
    };
    let worker: Worker;
    try {
      // The parent's flags (`--import tsx`, test runner hooks) mean nothing to the worker: its entry sets up what it needs.
      worker = new Worker(entryBeside(import.meta.url, JOB_WORKER), { workerData: init, execArgv: [] });
    } catch (err) {
      this.state = 'over';
      return Promise.reject(err as Error);
    }
    this.worker = worker;
    this.state = 'running';
    const send = (msg: ToJobWorker) => worker.postMessage(msg);
    const onAbort = () => {
      raise();
      send({ type: 'cancel' });
    };
    if (!options.signal.aborted) options.signal.addEventListener('abort', onAbort, { once: true });

    return new Promise((resolve, reject) => {
      let outcome: Extract<FromJobWorker, { type: 'done' | 'failed' }> | null = null;
      let crash: Error | null = null;
      let grace: NodeJS.Timeout | undefined;
      worker.on('message', (msg: FromJobWorker) => {
        if (msg.type === 'progress') options.onProgress?.(msg.progress);
        else if (msg.type === 'file') options.onFile?.(msg.report);
        else if (msg.type === 'file-cancelled') this.answer(msg.id, msg.cancelled);
        else {
          outcome = msg;
          grace = setTimeout(() => void worker.terminate(), EXIT_GRACE_MS);
        }
      });
      worker.on('error', (err) => (crash ??= err));
      worker.on('exit', (code) => {
        clearTimeout(grace);
        this.state = 'over';
        this.worker = null;
        for (const id of [...this.asks.keys()]) this.answer(id, false);
        options.signal.removeEventListener('abort', onAbort);
        if (outcome?.type === 'done') resolve(outcome.result);
        else if (outcome?.type === 'failed') reject(rebuilt(outcome.name, outcome.message));
        else reject(new Error(`the job worker stopped before the ${spec.kind} ended: ${crash ? crash.message : `exit code ${code}`}`));
      });
    });
  }

  /**
   * Cancels one file of an import (import/file-cancel.ts): true when some of it was still to
   * come. Before the worker starts, every file is still to come; once it is over, none is.
   */
  cancelFile(file: string): boolean | Promise<boolean> {
    if (this.state === 'waiting') {
      this.cancelledBefore.push(file);
      return true;
    }
    const worker = this.worker;
    if (this.state === 'over' || !worker) return false;
    const id = ++this.nextAsk;
    return new Promise<boolean>((resolve) => {
      this.asks.set(id, resolve);
      worker.postMessage({ type: 'cancel-file', id, file } satisfies ToJobWorker);
    });
  }

  private answer(id: number, cancelled: boolean): void {
    const resolve = this.asks.get(id);
    this.asks.delete(id);
    resolve?.(cancelled);
  }
}
