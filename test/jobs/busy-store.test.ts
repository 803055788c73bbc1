import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_WRITE_WAIT_MS, createApiHandlers } from '../../electron/engine/api/handlers.js';
import { BusyError } from '../../electron/engine/api/errors.js';
import { STORE_FILE } from '../../electron/engine/config/paths.js';
import { openStore } from '../../electron/engine/store/db.js';
import { statusOf } from '../../electron/engine/server/status.js';
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
      expect(waited).toBeGreaterThanOrEqual(API_WRITE_WAIT_MS * 0.9);
      expect(waited).toBeLessThan(API_WRITE_WAIT_MS * 4);
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
});
