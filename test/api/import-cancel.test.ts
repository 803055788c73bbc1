import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiValidationError } from '../../shared/api.js';
import { NotFoundError } from '../../electron/engine/api/errors.js';
import { createApiHandlers, typedCall, type ApiService } from '../../electron/engine/api/handlers.js';
import { openStore, type Db } from '../../electron/engine/store/db.js';
import { ccLine, tempDir, writeFile } from '../helpers/fixtures.js';
import { waitForJob } from '../helpers/jobs.js';

/* cancelImportFile: one file of a running import job, through the API. */

/**
 * Holds the next job's work until `release` is called: the job is registered and running (the API
 * sees it) but has not read anything yet, so a cancel lands on a file not started, deterministically.
 */
function holdNextJob(api: ApiService): () => void {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const start = api.jobs.start.bind(api.jobs);
  api.jobs.start = (kind, work, hooks) => {
    api.jobs.start = start;
    return start(kind, async (signal, report) => (await gate, work(signal, report)), hooks);
  };
  return release;
}

const transcript = (session: string) =>
  [
    ccLine('user', `${session}-u1`, null, `question ${session}`, { sessionId: session }),
    ccLine('assistant', `${session}-a1`, `${session}-u1`, [{ type: 'text', text: 'answer' }], { sessionId: session }),
  ].join('\n');

describe('cancelImportFile', () => {
  let db: Db;
  let api: ApiService;
  const data = tempDir();
  const logs = tempDir();
  let files: string[];
  beforeAll(() => {
    db = openStore(data.dir);
    api = createApiHandlers({ db, dataDir: data.dir, model: 'none', modelsDir: data.dir });
    files = ['one.jsonl', 'two.jsonl', 'three.jsonl'].map((name, i) => writeFile(logs.dir, name, transcript(`c-${i}`)));
  });
  afterAll(async () => {
    await api.close();
    db.close();
    data.cleanup();
    logs.cleanup();
  });

  it('skips a file cancelled before it was read, reports it cancelled, and imports the others', async () => {
    const release = holdNextJob(api);
    const { jobId } = await typedCall(api, 'importPaths', { paths: files });
    expect((await typedCall(api, 'jobStatus', { jobId })).state).toBe('running');
    // By its name alone, as the browser knows a picked file.
    expect(await typedCall(api, 'cancelImportFile', { jobId, file: 'two.jsonl' })).toEqual({ cancelled: true });
    release();
    const job = await waitForJob(api, jobId);
    expect(job.state).toBe('done');
    expect(job.files.map((f) => [path.basename(f.file), f.cancelled ?? false, f.sessionsAdded])).toEqual([
      ['one.jsonl', false, 1],
      ['two.jsonl', true, 0],
      ['three.jsonl', false, 1],
    ]);
    expect((job.result as { sessionsAdded: number }).sessionsAdded).toBe(2);
    expect((await typedCall(api, 'listSessions', {})).map((s) => s.externalId).sort()).toEqual(['c-0', 'c-2']);
    // The job is over: nothing is left to cancel.
    expect(await typedCall(api, 'cancelImportFile', { jobId, file: 'three.jsonl' })).toEqual({ cancelled: false });
  });

  it('cancels every file of a folder given to the import, by the folder name', async () => {
    const release = holdNextJob(api);
    const { jobId } = await typedCall(api, 'importPaths', { paths: [logs.dir] });
    expect(await typedCall(api, 'cancelImportFile', { jobId, file: path.basename(logs.dir) })).toEqual({ cancelled: true });
    release();
    const job = await waitForJob(api, jobId);
    expect(job.files).toHaveLength(3);
    expect(job.files.every((f) => f.cancelled)).toBe(true);
    expect(await typedCall(api, 'listSessions', {})).toHaveLength(2);
  });

  it('refuses unknown jobs and jobs that are not imports, and bad parameters', async () => {
    await expect(api.call('cancelImportFile', { jobId: 'nope', file: 'a' })).rejects.toThrow(NotFoundError);
    const analysis = await waitForJob(api, (await typedCall(api, 'analyze', {})).jobId);
    await expect(api.call('cancelImportFile', { jobId: analysis.jobId, file: 'a' })).rejects.toThrow(ApiValidationError);
    await expect(api.call('cancelImportFile', { jobId: analysis.jobId, file: '' })).rejects.toThrow(/cancelImportFile: file/);
  });
});
