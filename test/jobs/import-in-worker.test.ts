import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobStatus } from '../../shared/api.js';
import { createApiHandlers, typedCall, type ApiService } from '../../electron/engine/api/handlers.js';
import { generateCorpus } from '../../electron/engine/demo/generate.js';
import { checkModel } from '../../electron/engine/embed/model-config.js';
import { importPaths } from '../../electron/engine/import/run-import.js';
import { openStore, type Db } from '../../electron/engine/store/db.js';
import { ccLine, tempDir, writeFile } from '../helpers/fixtures.js';
import { haveShared, MODELS_DIR, sample } from '../helpers/samples.js';
import { topicMoment, writeSyntheticMoments } from '../helpers/seed-store.js';

/*
 * Imports and failures in the job worker: a store file's import runs there and reports per file
 * exactly what the engine reports in-process; one file cancelled while the worker reads it is
 * rolled back and the others import; an error inside the worker comes back as the job's error,
 * word for word.
 */

/** Polls the job to its end as the UI does (each poll asks for the file reports after the last seen); the end, with every report. */
async function finished(api: ApiService, jobId: string, onStatus?: (s: JobStatus) => Promise<void> | void): Promise<JobStatus> {
  const files: JobStatus['files'] = [];
  for (;;) {
    const status = await typedCall(api, 'jobStatus', { jobId, since: files.length });
    files.push(...status.files);
    expect(status.next).toBe(files.length);
    await onStatus?.(status);
    if (status.state !== 'running') return { ...status, files };
    await new Promise((r) => setTimeout(r, 15));
  }
}

/** A long Claude Code transcript (one session, `turns` exchanges of about 1 KB each): seconds to import. */
function longTranscript(turns: number): string {
  const lines: string[] = [];
  let parent: string | null = null;
  for (let t = 0; t < turns; t++) {
    const text = `step ${t}: ${'please keep the tests green and the build small; '.repeat(20)}`;
    lines.push(ccLine('user', `u${t}`, parent, text, { sessionId: 'long-session' }));
    lines.push(ccLine('assistant', `a${t}`, `u${t}`, [{ type: 'text', text: `done ${t}` }], { sessionId: 'long-session' }));
    parent = `a${t}`;
  }
  return lines.join('\n');
}

describe('imports in the job worker', () => {
  const tmp = tempDir('reverie-jobs-import-');
  const dataDir = path.join(tmp.dir, 'data');
  let db: Db;
  let api: ApiService;
  beforeAll(() => {
    db = openStore(dataDir);
    api = createApiHandlers({ db, dataDir, model: 'none', modelsDir: tmp.dir });
  });
  afterAll(async () => {
    await api.close();
    db.close();
    tmp.cleanup();
  });

  /** Imports `files` in the worker and in-process into a fresh in-memory store: the worker's job and the engine's summary. */
  const bothWays = async (files: string[]) => {
    const { jobId } = await typedCall(api, 'importPaths', { paths: files });
    const job = await finished(api, jobId);
    expect(job.state, job.error).toBe('done');
    const here = openStore(':memory:');
    const expected = await importPaths(here, files);
    here.close();
    return { job, expected };
  };
  const shape = (r: JobStatus['files'][number]) => [r.file, r.format, r.sessionsAdded, r.messagesAdded, r.error ?? null];

  it('imports generated sessions with the per-file reports the engine gives in-process', async () => {
    const files = await generateCorpus({ outDir: path.join(tmp.dir, 'generated'), sessions: 9, seed: 5 });
    const sessionsBefore = (await typedCall(api, 'status', {})).sessions;
    const { job, expected } = await bothWays(files);
    expect(job.files.map(shape)).toEqual(expected.files.map(shape));
    // One session per generated file, each new.
    expect(job.files).toHaveLength(9);
    expect(job.files.every((r) => r.format === 'claude-code' && r.sessionsAdded === 1)).toBe(true);
    expect(job.kind === 'import' && job.result).toMatchObject({ sessionsAdded: 9, failed: 0 });
    expect((await typedCall(api, 'status', {})).sessions).toBe(sessionsBefore + 9);
  });

  it.runIf(haveShared())('imports real samples with the per-file reports the engine gives in-process', async () => {
    const sessionsBefore = (await typedCall(api, 'status', {})).sessions;
    const files = [
      sample('claude-code', 'agentcmd_full-session.jsonl'),
      sample('codex', 'rollout-2025-09-24T19-22-20-01997e76.jsonl'),
      sample('chatgpt-export', 'bobbytango_chatgpt_export_2023-09-27.zip'),
      sample('claude-ai-export', 'osteele_claude-bakery-chat.json'),
    ];
    const { job, expected } = await bothWays(files);
    const reports = job.files;
    expect(reports.map(shape)).toEqual(expected.files.map(shape));
    // One report per file (the export's conversations inside the zip), each with sessions.
    expect(reports).toHaveLength(4);
    expect(reports.every((r) => r.sessionsAdded > 0)).toBe(true);
    expect(job.result).toMatchObject({ sessionsAdded: expected.sessionsAdded, failed: 0 });
    // Written by the worker's connection, read through this one.
    expect((await typedCall(api, 'status', {})).sessions).toBe(sessionsBefore + expected.sessionsAdded);
  });

  it('cancels one file while the worker reads it: rolled back, the other files imported', async () => {
    const logs = tempDir('reverie-jobs-logs-');
    try {
      const long = writeFile(logs.dir, 'long.jsonl', longTranscript(6000));
      const after = writeFile(logs.dir, 'after.jsonl', [
        ccLine('user', 'q1', null, 'Add a health check endpoint', { sessionId: 'after-session' }),
        ccLine('assistant', 'r1', 'q1', [{ type: 'text', text: 'Added GET /health.' }], { sessionId: 'after-session' }),
      ].join('\n'));
      const sessionsBefore = (await typedCall(api, 'status', {})).sessions;
      const { jobId } = await typedCall(api, 'importPaths', { paths: [long, after] });
      let answer: { cancelled: boolean } | null = null;
      const job = await finished(api, jobId, async (s) => {
        // Once the worker is inside the long file, cancel it by its name.
        if (answer === null && s.progress?.item === long && s.progress.done > 0) {
          answer = await typedCall(api, 'cancelImportFile', { jobId, file: 'long.jsonl' });
        }
      });
      expect(answer).toEqual({ cancelled: true });
      expect(job.state, job.error).toBe('done');
      expect(job.files.map((f) => [path.basename(f.file), f.cancelled ?? false, f.sessionsAdded > 0])).toEqual([
        ['long.jsonl', true, false],
        ['after.jsonl', false, true],
      ]);
      const sessions = await typedCall(api, 'listSessions', { limit: 500 });
      expect(sessions).toHaveLength(sessionsBefore + 1);
      expect(sessions.map((s) => s.externalId)).not.toContain('long-session');
      // Over: nothing is left to cancel.
      expect(await typedCall(api, 'cancelImportFile', { jobId, file: 'long.jsonl' })).toEqual({ cancelled: false });
    } finally {
      logs.cleanup();
    }
  });
});

describe('errors in the job worker', () => {
  const tmp = tempDir('reverie-jobs-errors-');
  const dataDir = path.join(tmp.dir, 'data');
  const MISSING = 'nobody/missing-model';
  let db: Db;
  let api: ApiService;
  beforeAll(() => {
    db = openStore(dataDir);
    // Moments with no cached vectors: the analysis must load the model.
    writeSyntheticMoments(db, { from: 0, to: 40, total: 40, moment: (i) => topicMoment(i, i % 3) });
    api = createApiHandlers({ db, dataDir, model: MISSING, modelsDir: MODELS_DIR });
  });
  afterAll(async () => {
    await api.close();
    db.close();
    tmp.cleanup();
  });

  it('come back as the job’s error with the engine’s own message', async () => {
    const job = await finished(api, (await typedCall(api, 'analyze', {})).jobId);
    expect(job.state).toBe('failed');
    let expected = '';
    try {
      checkModel(MISSING, MODELS_DIR);
    } catch (err) {
      expected = (err as Error).message;
    }
    expect(expected).toMatch(/nobody\/missing-model/);
    expect(job.error).toBe(expected);
    // The store is as it was, and the next job runs.
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const next = await finished(api, (await typedCall(api, 'importPaths', { paths: [path.join(tmp.dir, 'nothing-here.jsonl')] })).jobId);
    expect(next.state).toBe('done');
    expect(next.files[0].error).toMatch(/nothing-here\.jsonl|no such file|not found|does not exist/i);
  });
});
