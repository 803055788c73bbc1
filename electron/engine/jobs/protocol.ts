import type { FileImportReport, Progress } from '../../../shared/types.js';
import type { DreamTrigger } from '../dream/dream-run.js';

/*
 * What the API process and a job worker say to each other. One worker runs one job and ends.
 * Everything here is structured-cloneable; the abort flag is shared memory, so a cancel is seen
 * even while the worker's thread is inside a long synchronous step (clustering, the map), when
 * no message could be delivered to it.
 */

/** The work, with exactly what the engine function needs beyond the store. */
export type JobSpec =
  | { kind: 'analyze'; model: string; modelsDir: string }
  | { kind: 'dream'; model: string; modelsDir: string; trigger: DreamTrigger }
  | { kind: 'import'; paths: string[] };

export interface JobWorkerInit {
  spec: JobSpec;
  /** The folder of the store file (openStore), holding the index and settings too. */
  storeDir: string;
  /** The engine's data folder (index files, settings); usually `storeDir`. */
  dataDir: string;
  /** better-sqlite3's native addon the API process loaded, so the worker loads the same build (Electron's or Node's). */
  sqliteAddon?: string;
  /** Int32Array over a SharedArrayBuffer; element 0 becomes 1 when the job is cancelled. */
  abortFlag: Int32Array;
  /** Import files the person cancelled before the worker started (see import/file-cancel.ts). */
  cancelledFiles: string[];
}

export type ToJobWorker = { type: 'cancel' } | { type: 'cancel-file'; id: number; file: string };

export type FromJobWorker =
  | { type: 'progress'; progress: Progress }
  | { type: 'file'; report: FileImportReport }
  | { type: 'file-cancelled'; id: number; cancelled: boolean }
  | { type: 'done'; result: unknown }
  /** `name` keeps CancelledError and ModelError recognisable across the thread boundary. */
  | { type: 'failed'; name: string; message: string };
