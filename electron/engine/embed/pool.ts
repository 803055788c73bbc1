import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { CancelledError } from '../base/cancel.js';
import { clip, DEFAULT_BATCH_SIZE, planBatches } from './batching.js';
import { ModelError, type ModelFiles } from './model-config.js';
import type { FromWorker, ToWorker, WorkerInit } from './worker.js';
import { workerEntry } from './worker-location.js';

/*
 * A pool of embedding worker threads, so embedding never blocks the thread that drives the
 * CLI or the app. Workers start on the first job, each loading the model once, and stop after
 * a while idle (each holds the model and an onnxruntime session in memory) or when a job is
 * cancelled (the job rejects at once; each thread ends after the batch it is running).
 */

/** The built worker beside the bundle, or the tsx entry in the source tree (worker-location.ts). */
let entry: URL | undefined;
const entryFile = (): URL => (entry ??= workerEntry());

/**
 * Workers and onnxruntime threads per worker, chosen by measurement on a 2-core machine (bench
 * section `embed`, 2000 short texts, batches of 32, three runs): 2 workers x 1 thread about
 * 1400 texts/s (0.98-1.02 of a raw onnxruntime session with 2 threads), 1 worker x 2 threads
 * 940-1150, 1 x 1 about 740. One single-threaded session per core wins because each worker
 * tokenises and pools in JavaScript while the other's session computes, and small batches
 * parallelise poorly inside one session. Workers are capped at 4 (each holds its own copy of
 * the model, about 125 MB with transformers.js); spare cores become intra-op threads.
 */
export function defaultParallelism(cores = os.availableParallelism()): { workers: number; threads: number } {
  const workers = Math.max(1, Math.min(4, cores));
  return { workers, threads: Math.max(1, Math.floor(cores / workers)) };
}

export interface PoolOptions {
  workers?: number;
  /** onnxruntime intra-op threads per worker. */
  threads?: number;
  /** Workers stop after this long without work. */
  idleMs?: number;
}

export interface EmbedJobOptions {
  batchSize?: number;
  signal?: AbortSignal;
  /** Called after each batch with the number of texts embedded so far. */
  onProgress?: (done: number, total: number) => void;
}

interface Pending {
  resolve: (msg: FromWorker) => void;
  reject: (err: Error) => void;
}

/**
 * One worker thread and the reply it is waiting for.
 *
 * A worker is never terminated while onnxruntime is inside a native call (loading the model or
 * running a batch): Worker.terminate() at that moment makes the binding throw a C++ exception
 * as the thread's JavaScript engine goes away, which aborts the whole process. `stop()` waits
 * for the call in flight (at most one batch) and then terminates.
 */
class PoolWorker {
  readonly worker: Worker;
  readonly ready: Promise<void>;
  private pending: Pending | null = null;
  /** Settles when the worker is back in JavaScript: the load, then each batch. */
  private inFlight: Promise<unknown>;
  private stopped: Promise<void> | null = null;
  private nextId = 0;
  /** Set once the worker died or failed to load: every later request fails with it. */
  private failure: Error | null = null;

  constructor(init: WorkerInit, private readonly files: ModelFiles) {
    // The parent's flags (`-e`, `--input-type`, test runner hooks...) mean nothing to the worker
    // and some make it fail to start: the entry file sets up what the worker needs.
    this.worker = new Worker(entryFile(), { workerData: init, execArgv: [] });
    this.ready = new Promise<void>((resolve, reject) => {
      this.pending = {
        resolve: (msg) => (msg.type === 'load-error' ? reject(new ModelError(msg.message)) : resolve()),
        reject,
      };
    });
    // Rejections are handled by whoever awaits `ready`; avoid an unhandled-rejection report
    // when a pool is torn down before anyone does.
    this.ready.catch(() => undefined);
    this.inFlight = this.ready;
    this.worker.on('message', (msg: FromWorker) => {
      if (msg.type === 'load-error') this.failure = new ModelError(msg.message);
      const p = this.pending;
      this.pending = null;
      p?.resolve(msg);
    });
    this.worker.on('error', (err) => this.fail(new Error(`embedding worker failed: ${err.message}`)));
    this.worker.on('exit', (code) => this.fail(new Error(`embedding worker stopped (exit code ${code}) while embedding with ${this.files.model}`)));
  }

  private fail(err: Error): void {
    this.failure ??= err;
    const p = this.pending;
    this.pending = null;
    p?.reject(this.failure);
  }

  async embed(texts: string[]): Promise<{ vectors: Float32Array; dim: number }> {
    await this.ready;
    if (this.failure) throw this.failure;
    if (this.stopped) throw new Error('embedding worker is stopping');
    const id = ++this.nextId;
    const reply = new Promise<FromWorker>((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage({ type: 'embed', id, texts } satisfies ToWorker);
    });
    this.inFlight = reply.catch(() => undefined);
    const msg = await reply;
    if (msg.type === 'result' && msg.id === id) return { vectors: msg.vectors, dim: msg.dim };
    if (msg.type === 'error') throw new Error(`embedding failed with ${this.files.model}: ${msg.message}`);
    throw new Error(`embedding worker sent an unexpected ${msg.type} message`);
  }

  /** Terminates the thread once it is out of native code; keeps the process alive until then. */
  stop(): Promise<void> {
    this.worker.ref();
    this.stopped ??= this.inFlight
      .catch(() => undefined)
      .then(() => this.worker.terminate())
      .then(() => undefined);
    return this.stopped;
  }

  get failed(): boolean {
    return this.failure !== null;
  }
}

export class EmbedPool {
  readonly workerCount: number;
  readonly threads: number;
  private readonly idleMs: number;
  private workers: PoolWorker[] = [];
  /** Threads not yet exited, including those stopping after a cancel. */
  private threadsAlive = new Set<Worker>();
  private idleTimer: NodeJS.Timeout | null = null;
  /** Jobs run one after another: each already uses every worker. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly files: ModelFiles,
    options: PoolOptions = {},
  ) {
    const auto = defaultParallelism();
    this.workerCount = Math.max(1, options.workers ?? auto.workers);
    this.threads = Math.max(1, options.threads ?? auto.threads);
    this.idleMs = options.idleMs ?? 30_000;
  }

  /** L2-normalised vectors, one per text, in input order. */
  embed(texts: readonly string[], options: EmbedJobOptions = {}): Promise<Float32Array[]> {
    const run = () => this.run(texts, options);
    const job = this.queue.then(run, run);
    this.queue = job.catch(() => undefined);
    return job;
  }

  /**
   * Stops the workers (each after the batch it is running, if any); a later job starts new
   * ones. Resolves once the threads are gone.
   */
  async close(): Promise<void> {
    this.clearIdle();
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((w) => w.stop()));
  }

  /** Worker threads that have not exited yet (for tests and diagnostics). */
  get liveThreads(): number {
    return this.threadsAlive.size;
  }

  private clearIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  private async run(texts: readonly string[], options: EmbedJobOptions): Promise<Float32Array[]> {
    const { signal, onProgress } = options;
    if (signal?.aborted) throw new CancelledError();
    if (texts.length === 0) return [];
    const batches = planBatches(texts, options.batchSize ?? DEFAULT_BATCH_SIZE);
    this.clearIdle();
    // A failed worker (crash, model that would not load) is replaced, not reused.
    for (const w of this.workers) if (w.failed) void w.stop();
    this.workers = this.workers.filter((w) => !w.failed);
    const wanted = Math.min(this.workerCount, batches.length);
    while (this.workers.length < wanted) {
      const w = new PoolWorker({ files: this.files, threads: this.threads }, this.files);
      this.threadsAlive.add(w.worker);
      w.worker.once('exit', () => this.threadsAlive.delete(w.worker));
      this.workers.push(w);
    }
    // Busy workers keep the process alive; idle ones must not (see `finish`).
    for (const w of this.workers) w.worker.ref();

    const out = new Array<Float32Array>(texts.length);
    let next = 0;
    let done = 0;
    const serve = async (w: PoolWorker): Promise<void> => {
      while (next < batches.length) {
        const batch = batches[next++];
        const { vectors, dim } = await w.embed(batch.map((i) => clip(texts[i])));
        if (signal?.aborted) return;
        // Each vector gets its own buffer, so callers may keep or store `vector.buffer` whole.
        batch.forEach((textIndex, j) => (out[textIndex] = vectors.slice(j * dim, (j + 1) * dim)));
        done += batch.length;
        onProgress?.(done, texts.length);
      }
    };

    let onAbort: (() => void) | undefined;
    const cancelled = new Promise<never>((_, reject) => {
      onAbort = () => {
        // The caller hears at once; the threads stop after the batch they are running.
        void this.close();
        reject(new CancelledError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      await Promise.race([Promise.all(this.workers.slice(0, wanted).map(serve)), cancelled]);
    } catch (err) {
      if (!(err instanceof CancelledError)) await this.close();
      throw err;
    } finally {
      if (onAbort) signal?.removeEventListener('abort', onAbort);
      cancelled.catch(() => undefined);
      this.finish();
    }
    return out;
  }

  private finish(): void {
    for (const w of this.workers) w.worker.unref();
    if (this.workers.length === 0) return;
    this.idleTimer = setTimeout(() => void this.close(), this.idleMs);
    this.idleTimer.unref();
  }
}
