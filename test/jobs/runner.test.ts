import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createApiHandlers, typedCall } from '../../electron/engine/api/handlers.js';
import { serialised } from '../../electron/engine/analyze/serial.js';
import { createJobRunner, shareableStoreDir } from '../../electron/engine/jobs/runner.js';
import { createAbortFlag, flagSignal } from '../../electron/engine/jobs/shared-abort.js';
import { openStore } from '../../electron/engine/store/db.js';
import { ccLine, tempDir, writeFile } from '../helpers/fixtures.js';

/* Where jobs run, the cancel flag that crosses threads, and one analysis or dream at a time per store. */

describe('where jobs run', () => {
  const tmp = tempDir('reverie-jobs-runner-');
  afterAll(tmp.cleanup);

  it('in a job worker for a store file, in this process for an in-memory store, as asked otherwise', () => {
    const file = openStore(path.join(tmp.dir, 'data'));
    const memory = openStore(':memory:');
    const other = new Database(path.join(tmp.dir, 'elsewhere.db'));
    try {
      expect(shareableStoreDir(file)).toBe(path.join(tmp.dir, 'data'));
      expect(createJobRunner({ db: file, dataDir: tmp.dir }).place).toBe('worker');
      expect(createJobRunner({ db: file, dataDir: tmp.dir, jobsIn: 'process' }).place).toBe('process');
      expect(shareableStoreDir(memory)).toBeNull();
      expect(createJobRunner({ db: memory, dataDir: tmp.dir }).place).toBe('process');
      expect(() => createJobRunner({ db: memory, dataDir: tmp.dir, jobsIn: 'worker' })).toThrow(/in-memory store/);
      // Not a store openStore would open again: no worker can share it.
      expect(shareableStoreDir(other)).toBeNull();
      expect(() => createJobRunner({ db: other, dataDir: tmp.dir, jobsIn: 'worker' })).toThrow(/elsewhere\.db/);
    } finally {
      file.close();
      memory.close();
      other.close();
    }
  });
});

describe('the cancel flag', () => {
  it('aborts the worker’s signal when read after the flag is raised, once, with its listeners', () => {
    const { flag, raise } = createAbortFlag();
    const controller = flagSignal(flag);
    let heard = 0;
    controller.signal.addEventListener('abort', () => heard++);
    expect(controller.signal.aborted).toBe(false);
    raise();
    expect(controller.signal.aborted).toBe(true);
    expect(controller.signal.aborted).toBe(true);
    expect(heard).toBe(1);
  });

  it('is aborted from the outset when raised before the worker started', () => {
    const { flag, raise } = createAbortFlag();
    raise();
    expect(flagSignal(flag).signal.aborted).toBe(true);
    // The message path alone still aborts it too.
    const other = flagSignal(createAbortFlag().flag);
    other.abort();
    expect(other.signal.aborted).toBe(true);
  });
});

describe('a worker job and the analyses of this process', () => {
  const tmp = tempDir('reverie-jobs-serial-');
  afterAll(tmp.cleanup);

  it('an analysis or dream run started here (the scheduler’s) waits for the worker job to end', async () => {
    const dataDir = path.join(tmp.dir, 'data');
    const db = openStore(dataDir);
    const api = createApiHandlers({ db, dataDir, model: 'none', modelsDir: tmp.dir });
    try {
      const lines = Array.from({ length: 400 }, (_, i) => ccLine(i % 2 ? 'assistant' : 'user', `m${i}`, i ? `m${i - 1}` : null, `message ${i}`, { sessionId: 'serial' }));
      const log = writeFile(tmp.dir, 'serial.jsonl', lines.join('\n'));
      const { jobId } = await typedCall(api, 'importPaths', { paths: [log] });
      expect((await typedCall(api, 'jobStatus', { jobId })).state).toBe('running');
      // What runAnalysis and runDream wait on in this process; each sees the worker's import whole.
      const sessionsSeen = (key: string) => serialised(db, key, async () => db.prepare('SELECT count(*) FROM sessions').pluck().get() as number);
      expect(await Promise.all([sessionsSeen('analysis'), sessionsSeen('dream')])).toEqual([1, 1]);
      await api.jobs.idle();
      expect((await typedCall(api, 'jobStatus', { jobId })).state).toBe('done');
    } finally {
      await api.close();
      db.close();
    }
  });
});
