import { spawn } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { API_WRITE_WAIT_MS, createApiHandlers } from '../../electron/engine/api/handlers.js';
import { BusyError } from '../../electron/engine/api/errors.js';
import { STORE_FILE } from '../../electron/engine/config/paths.js';
import { generateCorpus } from '../../electron/engine/demo/generate.js';
import { importPaths } from '../../electron/engine/import/run-import.js';
import { extractMoments } from '../../electron/engine/moments/extract.js';
import { openStore } from '../../electron/engine/store/db.js';
import { statusOf } from '../../electron/engine/api/errors.js';
import { tempDir } from '../helpers/fixtures.js';

/*
 * While a job worker holds the store's write lock (an import writes a whole file in one
 * transaction), a write from the API process waits about a second, then is answered "busy"
 * (HTTP 409) in words, and goes through once the lock is gone.
 */
describe('a write asked for while a job worker holds the store', () => {
  it('is answered busy after a short wait, and works once the lock is released', async () => {
    const t = tempDir();
    const db = openStore(t.dir);
    const service = createApiHandlers({ db, dataDir: t.dir, model: 'test/none', modelsDir: t.dir });
    // Another connection to the same file, as the worker has, in the middle of a write.
    const worker = new Database(path.join(t.dir, STORE_FILE));
    try {
      worker.prepare('BEGIN IMMEDIATE').run();
      const started = Date.now();
      const err = await service.call('addWatched', { path: t.dir }).catch((e: Error) => e);
      const waited = Date.now() - started;
      expect(err).toBeInstanceOf(BusyError);
      expect(statusOf(err)).toBe(409);
      expect((err as Error).message).toMatch(/^addWatched: the store is busy .*import in progress/);
      // It waited for the lock first (a lower bound only: a busy 2-core machine may answer later, never sooner).
      expect(waited).toBeGreaterThanOrEqual(API_WRITE_WAIT_MS * 0.9);
      // Reads go on meanwhile (WAL).
      expect(await service.call('listWatched', {})).toEqual([]);
      worker.prepare('COMMIT').run();
      await service.call('addWatched', { path: t.dir });
      expect(((await service.call('listWatched', {})) as unknown[]).length).toBe(1);
    } finally {
      worker.close();
      await service.close();
      db.close();
      t.cleanup();
    }
  });

  it('read-then-write transactions wait for the other connection instead of failing on a stale read', async () => {
    const t = tempDir();
    const db = openStore(t.dir);
    try {
      await generateCorpus({ outDir: path.join(t.dir, 'logs'), sessions: 30, seed: 5 });
      await importPaths(db, [path.join(t.dir, 'logs')]);
      // Another process (as a job worker is another connection) takes the write lock, writes, and
      // commits a little later, while this one extracts moments: each session's replace reads the
      // old moments, then writes. Begun deferred, it would read, then fail with SQLITE_BUSY_SNAPSHOT
      // once the other commits; begun immediate, it waits for the lock.
      const holder = spawn(
        process.execPath,
        [
          '-e',
          `const db = new (require('better-sqlite3'))(process.argv[1]);
           db.exec('BEGIN IMMEDIATE');
           db.prepare("INSERT INTO watched_sources (path, added_at) VALUES ('/elsewhere', '2026-01-01')").run();
           process.stdout.write('locked\\n');
           Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 400);
           db.exec('COMMIT');`,
          path.join(t.dir, STORE_FILE),
        ],
        { cwd: path.resolve(import.meta.dirname, '..', '..'), stdio: ['ignore', 'pipe', 'inherit'] },
      );
      await new Promise<void>((resolve, reject) => {
        holder.stdout.once('data', () => resolve());
        holder.once('exit', (code) => reject(new Error(`the lock holder exited (${code}) before locking`)));
      });
      const result = extractMoments(db);
      expect(result.scanned).toBe(30);
      expect(result.added).toBeGreaterThan(30);
      await new Promise((r) => holder.once('exit', r));
      expect(db.prepare("SELECT count(*) AS n FROM watched_sources WHERE path = '/elsewhere'").get()).toEqual({ n: 1 });
    } finally {
      db.close();
      t.cleanup();
    }
  });
});
