import { CancelledError } from '../base/cancel.js';
import { clip, DEFAULT_BATCH_SIZE, planBatches } from './batching.js';
import type { Embedder } from './embedder.js';
import { hashNgramVector, isBuiltinModel } from './hash-ngram.js';
import { assertModelUsable, checkModel, type ModelFiles } from './model-config.js';
import { EmbedPool } from './pool.js';

/*
 * The simple entry point: texts in, L2-normalised vectors out. Runs in worker threads (a pool
 * kept per model while in use), or in the calling thread when asked.
 */

export interface EmbedOptions {
  /** Model id in transformers.js layout under `modelsDir`, e.g. `energetic-ai/use-lite-en`. */
  model: string;
  modelsDir: string;
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** Embed in the calling thread instead of the worker pool (it blocks that thread while it runs). */
  inProcess?: boolean;
  /** Pool size and onnxruntime threads per worker; default: measured best for this machine's cores. */
  workers?: number;
  threads?: number;
}

const pools = new Map<string, EmbedPool>();

function poolFor(files: ModelFiles, options: EmbedOptions): EmbedPool {
  const key = JSON.stringify([files.dir, files.dtype, options.workers ?? null, options.threads ?? null]);
  let pool = pools.get(key);
  if (!pool) {
    pool = new EmbedPool(files, { workers: options.workers, threads: options.threads });
    pools.set(key, pool);
  }
  return pool;
}

/**
 * Stops every pool's workers (they also stop on their own after 30 s idle, and never keep the
 * process alive while idle). Await it before `process.exit()` or quitting the app while
 * embedding may run: exiting while onnxruntime is inside a batch aborts the process. To stop a
 * job, abort its signal instead.
 */
export async function closeEmbedPools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.close()));
}

const inProcess = new Map<string, Promise<Embedder>>();

/** The same batching as the pool, in this thread: a loaded model is kept per model file. */
async function embedHere(files: ModelFiles, texts: readonly string[], options: EmbedOptions): Promise<Float32Array[]> {
  const key = `${files.onnxFile}\u0000${options.threads ?? ''}`;
  // Loaded on first use: the pool alone never needs transformers.js in this thread (which,
  // loaded through tsx as the CLI does, costs over 100 MB).
  const { loadEmbedder, splitRows } = await import('./embedder.js');
  let embedder = inProcess.get(key);
  if (!embedder) {
    embedder = loadEmbedder(files, { threads: options.threads });
    inProcess.set(key, embedder);
    embedder.catch(() => inProcess.delete(key));
  }
  const e = await embedder;
  const out = new Array<Float32Array>(texts.length);
  let done = 0;
  for (const batch of planBatches(texts, options.batchSize ?? DEFAULT_BATCH_SIZE)) {
    if (options.signal?.aborted) throw new CancelledError();
    const rows = splitRows(await e.embed(batch.map((i) => clip(texts[i]))));
    batch.forEach((textIndex, j) => (out[textIndex] = rows[j]));
    done += batch.length;
    options.onProgress?.(done, texts.length);
  }
  return out;
}

/**
 * The built-in test model (embed/hash-ngram.ts), here in this thread: it is cheap (no worker
 * pays for itself), but still batched, so progress is reported and a cancel is seen between
 * batches, with a turn of the event loop after each.
 */
async function embedBuiltin(texts: readonly string[], options: EmbedOptions): Promise<Float32Array[]> {
  assertModelUsable(options.model, options.modelsDir);
  const out = new Array<Float32Array>(texts.length);
  let done = 0;
  for (const batch of planBatches(texts, options.batchSize ?? DEFAULT_BATCH_SIZE)) {
    if (options.signal?.aborted) throw new CancelledError();
    for (const i of batch) out[i] = hashNgramVector(clip(texts[i]));
    done += batch.length;
    options.onProgress?.(done, texts.length);
    await new Promise((r) => setImmediate(r));
  }
  return out;
}

/**
 * L2-normalised sentence vectors (mean pooling), one per text, in input order. The dimension
 * is the model's: read it from the vectors. Throws ModelError when the model is missing or
 * broken, CancelledError when `signal` aborts.
 */
export async function embedTexts(texts: readonly string[], options: EmbedOptions): Promise<Float32Array[]> {
  if (options.signal?.aborted) throw new CancelledError();
  if (isBuiltinModel(options.model)) return embedBuiltin(texts, options);
  const files = checkModel(options.model, options.modelsDir);
  if (texts.length === 0) return [];
  if (options.inProcess) return embedHere(files, texts, options);
  return poolFor(files, options).embed(texts, options);
}
