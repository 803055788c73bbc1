import { describe, expect, it } from 'vitest';
import { JobRegistry, StoppedEarly } from '../../electron/engine/api/jobs.js';
import { API, JobStatusSchema, parseJobOutcome, parseJobResult } from '../../shared/api.js';

// Job results are a union keyed by the job's kind: checked when the work returns, and again on the way out.

const summary = { files: [], sessionsAdded: 2, sessionsUpdated: 0, sessionsSkipped: 1, messagesAdded: 9, failed: 0 };
const figures = { moments: 40, clustered: 31, clusters: { correction: 2, failure: 3, task: 1, preference: 0 }, seconds: 1.5 };
const sendTally = { planned: 3, sent: 1, changes: 1, failures: [] };

describe('job results by kind', () => {
  it('a job ends done with its result when the result fits its kind', async () => {
    const jobs = new JobRegistry();
    const id = jobs.start('import', async () => summary);
    const status = await jobs.ended(id);
    expect(status).toMatchObject({ kind: 'import', state: 'done', result: summary });
    expect(API.jobStatus.result.parse(status)).toEqual(status);
  });

  it('a result of another kind fails the job once, naming the field, instead of passing through', async () => {
    const jobs = new JobRegistry();
    const id = jobs.start('import', async () => figures);
    const status = await jobs.ended(id);
    expect(status.state).toBe('failed');
    expect(status.result).toBeUndefined();
    expect(status.error).toMatch(/^the import job returned a result outside the API contract: files: /);
  });

  it('a job with no result at all fails (a job of these kinds always ends with one)', async () => {
    const jobs = new JobRegistry();
    const status = await jobs.ended(jobs.start('analyze', async () => undefined));
    expect(status.state).toBe('failed');
    expect(status.error).toMatch(/analyze job returned a result outside the API contract/);
  });

  it('a job stopped early keeps its checked result and ends cancelled', async () => {
    const jobs = new JobRegistry();
    const status = await jobs.ended(jobs.start('lessons', async () => new StoppedEarly(sendTally)));
    expect(status).toMatchObject({ kind: 'lessons', state: 'cancelled', result: sendTally });
  });

  it('the status schema ties each result to its kind', () => {
    const base = { jobId: 'a1', state: 'done', progress: null, files: [], next: 0 };
    expect(JobStatusSchema.safeParse({ ...base, kind: 'analyze', result: figures }).success).toBe(true);
    expect(JobStatusSchema.safeParse({ ...base, kind: 'import', result: figures }).success).toBe(false);
    expect(JobStatusSchema.safeParse({ ...base, kind: 'lessons', result: summary }).success).toBe(false);
    expect(JobStatusSchema.safeParse({ ...base, kind: 'export', result: summary }).success).toBe(false);
    // A running job has no result yet.
    expect(JobStatusSchema.safeParse({ ...base, state: 'running', kind: 'dream' }).success).toBe(true);
  });

  it('parseJobOutcome and parseJobResult return the checked result and refuse a wrong one', () => {
    expect(parseJobOutcome('analyze', figures)).toEqual({ kind: 'analyze', result: figures });
    expect(parseJobResult('lessons', sendTally).sent).toBe(1);
    expect(() => parseJobResult('lessons', { ...sendTally, sent: 'one' })).toThrow(/lessons job .*: sent: /);
    expect(() => parseJobOutcome('dream', summary)).toThrow(/dream job returned a result outside the API contract/);
  });

  it('idle waits for every running job without polling a clock', async () => {
    const jobs = new JobRegistry();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const id = jobs.start('import', async () => {
      await gate;
      return summary;
    });
    const idle = jobs.idle().then(() => jobs.status(id).state);
    expect(jobs.running()).toBe(true);
    release();
    expect(await idle).toBe('done');
  });
});

describe('job status types', () => {
  it('narrowing on kind types the result as that kind’s (checked by tsc)', () => {
    const status = JobStatusSchema.parse({ jobId: 'a1', kind: 'import', state: 'done', progress: null, files: [], next: 0, result: summary });
    // Without the narrowing these lines would not compile: each kind's result has its own fields.
    if (status.kind === 'import') expect(status.result?.sessionsAdded).toBe(2);
    else if (status.kind === 'analyze') expect(status.result?.clustered).toBeUndefined();
    expect(status.kind).toBe('import');
  });
});

describe('waiting for a step of a job', () => {
  it('whenProgress resolves with the first matching event, and null when the job ends without one', async () => {
    const jobs = new JobRegistry();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const id = jobs.start('analyze', async (_signal, report) => {
      await gate;
      report.progress({ phase: 'embed', done: 1, total: 2 });
      report.progress({ phase: 'cluster', done: 0, total: 4 });
      report.progress({ phase: 'map', done: 0, total: 1 });
      return figures;
    });
    const cluster = jobs.whenProgress(id, (p) => p.phase === 'cluster');
    const never = jobs.whenProgress(id, (p) => p.phase === 'export');
    release();
    expect(await cluster).toEqual({ phase: 'cluster', done: 0, total: 4 });
    expect(await never).toBeNull();
    expect(await jobs.whenProgress(id, () => true)).toBeNull();
  });
});
