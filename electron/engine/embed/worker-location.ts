import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/*
 * Which file an embedding worker thread starts from. Two layouts exist:
 * - the production build (scripts/build-electron.mjs) writes the worker, bundled to plain
 *   CommonJS, as `embed-worker.cjs` beside the bundle that holds the pool (dist-electron/main.js,
 *   cli.js). It needs no loader, so it runs in the packaged app, from inside the asar.
 * - from source (tsx, vitest), the pool is electron/engine/embed/pool.ts and the worker starts
 *   from `worker-entry.mjs` beside it, which registers tsx and imports worker.ts.
 * The built file wins when it is there; nothing in the source tree is called embed-worker.cjs.
 */

/** The built worker's file name; scripts/build-electron.mjs writes exactly this name. */
export const BUILT_WORKER_FILE = 'embed-worker.cjs';
/** The source tree's entry (registers tsx). */
export const SOURCE_WORKER_FILE = 'worker-entry.mjs';

/**
 * The worker entry for code running at `base` (this module's own URL by default, which after
 * bundling is the bundle's). Throws when neither file is there, naming both, rather than letting
 * each worker die with a bare "Cannot find module".
 */
export function workerEntry(base: string | URL = import.meta.url, exists: (file: string) => boolean = existsSync): URL {
  const built = new URL(`./${BUILT_WORKER_FILE}`, base);
  if (exists(fileURLToPath(built))) return built;
  const source = new URL(`./${SOURCE_WORKER_FILE}`, base);
  if (exists(fileURLToPath(source))) return source;
  throw new Error(
    `no embedding worker beside ${fileURLToPath(new URL('.', base))}: expected ${BUILT_WORKER_FILE} (the build: \`npm run build:electron\`) ` +
      `or ${SOURCE_WORKER_FILE} (the source tree)`,
  );
}
