import { parentPort, workerData } from 'node:worker_threads';
import { loadEmbedder } from './embedder.js';
import type { ModelFiles } from './model-config.js';

/*
 * One embedding worker: loads the model once, then embeds the batches the pool sends, one at
 * a time. Vectors go back as one transferred Float32Array per batch (no copy).
 */

export interface WorkerInit {
  files: ModelFiles;
  threads?: number;
}

export type ToWorker = { type: 'embed'; id: number; texts: string[] };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'load-error'; message: string }
  | { type: 'result'; id: number; vectors: Float32Array; dim: number }
  | { type: 'error'; id: number; message: string };

const port = parentPort!;
const init = workerData as WorkerInit;
const post = (msg: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(msg, transfer);

const embedder = loadEmbedder(init.files, { threads: init.threads });
embedder.then(
  () => post({ type: 'ready' }),
  (err: Error) => post({ type: 'load-error', message: err.message }),
);

port.on('message', (msg: ToWorker) => {
  embedder
    .then((e) => e.embed(msg.texts))
    .then(
      ({ vectors, dim }) => post({ type: 'result', id: msg.id, vectors, dim }, [vectors.buffer as ArrayBuffer]),
      (err: Error) => post({ type: 'error', id: msg.id, message: err.message }),
    );
});
