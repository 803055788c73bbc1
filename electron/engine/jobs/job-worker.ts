import { parentPort, workerData } from 'node:worker_threads';
import type { Progress } from '../../../shared/types.js';
import { runAnalysis } from '../analyze/run-analysis.js';
import { runDream } from '../dream/dream-run.js';
import { closeEmbedPools } from '../embed/embed-texts.js';
import { FileCancels } from '../import/file-cancel.js';
import { loadSettings } from '../config/settings.js';
import { importLimits } from '../import/limits.js';
import { importPaths } from '../import/run-import.js';
import { openStore, setSqliteBinding, type Db } from '../store/db.js';
import type { FromJobWorker, JobSpec, JobWorkerInit, ToJobWorker } from './protocol.js';
import { flagSignal } from './shared-abort.js';
import { errorMessage } from '../base/errors.js';

/*
 * The job worker: one thread per job (analysis, dream run, import), so the API process's event
 * loop stays free to answer jobStatus and cancels while it runs. It opens its own connection to
 * the same store file (WAL: the API process keeps reading meanwhile), runs the same engine
 * function the API process would, reports progress and per-file reports back, and ends with one
 * 'done' or 'failed' message once its embedding workers have stopped and its store is closed.
 * No top-level await: the build bundles this file to CommonJS (scripts/build-electron.mjs).
 */

const port = parentPort!;
const init = workerData as JobWorkerInit;
const post = (msg: FromJobWorker) => port.postMessage(msg);

const controller = flagSignal(init.abortFlag);
const signal = controller.signal;
const cancels = new FileCancels();
for (const file of init.cancelledFiles) cancels.cancel(file);

port.on('message', (msg: ToJobWorker) => {
  if (msg.type === 'cancel') controller.abort();
  else post({ type: 'file-cancelled', id: msg.id, cancelled: cancels.cancel(msg.file) });
});

/**
 * Progress is sent at a change of phase and otherwise at most every PROGRESS_MS: an import
 * reports every chunk it reads, and the UI polls far less often than that. The last one held
 * back goes out before the outcome.
 */
const PROGRESS_MS = 50;
let sentAt = -Infinity;
let sentPhase: string | null = null;
let held: Progress | null = null;
const progress = (p: Progress) => {
  const now = performance.now();
  if (p.phase !== sentPhase || now - sentAt >= PROGRESS_MS) {
    post({ type: 'progress', progress: p });
    [sentAt, sentPhase, held] = [now, p.phase, null];
  } else held = p;
};

function work(db: Db, spec: JobSpec): Promise<unknown> {
  switch (spec.kind) {
    case 'analyze':
      return runAnalysis(db, { dataDir: init.dataDir, model: spec.model, modelsDir: spec.modelsDir, signal, onProgress: progress });
    case 'dream':
      return runDream(db, { dataDir: init.dataDir, model: spec.model, modelsDir: spec.modelsDir, signal, onProgress: progress, trigger: spec.trigger });
    case 'import':
      return importPaths(db, spec.paths, { signal, onProgress: progress, onFile: (report) => post({ type: 'file', report }), cancels, limits: importLimits(loadSettings(init.dataDir)) });
  }
}

const failed = (err: unknown): FromJobWorker => ({
  type: 'failed',
  name: err instanceof Error ? err.name : 'Error',
  message: errorMessage(err),
});

async function run(): Promise<FromJobWorker> {
  let db: Db | null = null;
  try {
    setSqliteBinding(init.sqliteAddon);
    db = openStore(init.storeDir);
    return { type: 'done', result: await work(db, init.spec) };
  } catch (err) {
    return failed(err);
  } finally {
    // The embedding workers this job started are this thread's own: they end with it. A failure to
    // stop them must not turn the job's outcome (a committed import) into a failure, nor keep the
    // store open: they go when this thread does.
    await closeEmbedPools().catch(() => undefined);
    db?.close();
  }
}

void run()
  .catch(failed)
  .then((outcome) => {
    if (held) post({ type: 'progress', progress: held });
    post(outcome);
    // Nothing else keeps the thread alive: it ends, and the API process settles the job on its exit.
    port.close();
  });
