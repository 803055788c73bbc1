import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILT_WORKER_FILE, entryBeside, SOURCE_WORKER_FILE, workerEntry } from '../../electron/engine/embed/worker-location.js';
import { JOB_WORKER } from '../../electron/engine/jobs/worker-job.js';
import { tempDir } from '../helpers/fixtures.js';
import { REPO_DIR } from '../helpers/samples.js';

describe('which file a worker thread starts from', () => {
  const { dir, cleanup } = tempDir('reverie-worker-entry-');
  afterAll(cleanup);

  /** A folder standing for a bundle's location, holding `files`; returns the bundle's URL. */
  const bundleIn = (name: string, files: string[]): URL => {
    const at = path.join(dir, name);
    mkdirSync(at);
    for (const f of files) writeFileSync(path.join(at, f), '');
    return pathToFileURL(path.join(at, 'main.js'));
  };

  it('picks the built worker beside the bundle, even with a tsx entry beside it too', () => {
    const base = bundleIn('both', [BUILT_WORKER_FILE, SOURCE_WORKER_FILE]);
    expect(fileURLToPath(workerEntry(base))).toBe(path.join(dir, 'both', BUILT_WORKER_FILE));
  });

  it('falls back to the tsx entry of the source tree', () => {
    const base = bundleIn('source', [SOURCE_WORKER_FILE]);
    expect(fileURLToPath(workerEntry(base))).toBe(path.join(dir, 'source', SOURCE_WORKER_FILE));
  });

  it('names both files when neither is there', () => {
    const base = bundleIn('none', []);
    expect(() => workerEntry(base)).toThrow(/embed-worker\.cjs.*worker-entry\.mjs/);
  });

  it('finds each kind of worker by its own names, and names that kind when neither file is there', () => {
    const base = bundleIn('jobs', [BUILT_WORKER_FILE, JOB_WORKER.source]);
    // The embedding worker's build beside it is no job worker: the job worker's tsx entry is.
    expect(fileURLToPath(entryBeside(base, JOB_WORKER))).toBe(path.join(dir, 'jobs', JOB_WORKER.source));
    const bare = bundleIn('bare', [SOURCE_WORKER_FILE]);
    expect(() => entryBeside(bare, JOB_WORKER)).toThrow(/^no job worker beside .*bare.*job-worker\.cjs.*job-worker-entry\.mjs/);
  });

  it('from the TypeScript sources, resolves to the tsx entry beside the job runner', () => {
    const jobs = pathToFileURL(path.join(REPO_DIR, 'electron', 'engine', 'jobs', 'worker-job.ts'));
    const jobEntry = fileURLToPath(entryBeside(jobs, JOB_WORKER));
    expect(jobEntry).toBe(path.join(REPO_DIR, 'electron', 'engine', 'jobs', JOB_WORKER.source));
    expect(existsSync(jobEntry)).toBe(true);
  });

  it('from the TypeScript sources, resolves to the tsx entry beside the pool', () => {
    const entry = fileURLToPath(workerEntry());
    expect(entry).toBe(path.join(REPO_DIR, 'electron', 'engine', 'embed', SOURCE_WORKER_FILE));
    expect(existsSync(entry)).toBe(true);
  });
});
