import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/*
 * Which file a worker thread starts from. Two layouts exist, for every kind of worker (the
 * embedding workers here, the job worker in jobs/):
 * - the production build (scripts/build-electron.mjs) writes the worker, bundled to plain
 *   CommonJS, as `<name>.cjs` beside the bundle that starts it (dist-electron/main.js, cli.js and
 *   their chunks). It needs no loader, so it runs in the packaged app, from inside the asar.
 * - from source (tsx, vitest), the starting module is a .ts file and the worker starts from an
 *   `.mjs` entry beside it, which registers tsx and imports the TypeScript worker.
 * The built file wins when it is there; nothing in the source tree carries a built file's name.
 */

/** The two entry files of one kind of worker, and what to call it in an error. */
export interface WorkerFiles {
  /** The bundle scripts/build-electron.mjs writes (exactly this name). */
  built: string;
  /** The source tree's entry (registers tsx), beside the module that starts the worker. */
  source: string;
  /** "embedding worker", "job worker". */
  what: string;
}

/** The built embedding worker's file name; scripts/build-electron.mjs writes exactly this name. */
export const BUILT_WORKER_FILE = 'embed-worker.cjs';
/** The source tree's entry of the embedding worker (registers tsx). */
export const SOURCE_WORKER_FILE = 'worker-entry.mjs';

export const EMBED_WORKER: WorkerFiles = { built: BUILT_WORKER_FILE, source: SOURCE_WORKER_FILE, what: 'embedding worker' };

/**
 * The entry of the worker `files` for code running at `base` (the starting module's own URL,
 * which after bundling is the bundle's). Throws when neither file is there, naming both, rather
 * than letting each worker die with a bare "Cannot find module".
 */
export function entryBeside(base: string | URL, files: WorkerFiles, exists: (file: string) => boolean = existsSync): URL {
  const built = new URL(`./${files.built}`, base);
  if (exists(fileURLToPath(built))) return built;
  const source = new URL(`./${files.source}`, base);
  if (exists(fileURLToPath(source))) return source;
  throw new Error(
    `no ${files.what} beside ${fileURLToPath(new URL('.', base))}: expected ${files.built} (the build: \`npm run build:electron\`) ` +
      `or ${files.source} (the source tree)`,
  );
}

/** The embedding worker's entry for code running at `base` (this module's own URL by default: the pool's folder). */
export function workerEntry(base: string | URL = import.meta.url, exists: (file: string) => boolean = existsSync): URL {
  return entryBeside(base, EMBED_WORKER, exists);
}
