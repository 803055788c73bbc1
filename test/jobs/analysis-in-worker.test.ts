import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobStatus } from '../../shared/api.js';
import { createApiHandlers, typedCall, type ApiService } from '../../electron/engine/api/handlers.js';
import { openStore, type Db } from '../../electron/engine/store/db.js';
import { tempDir } from '../helpers/fixtures.js';
import { waitForJob } from '../helpers/jobs.js';
import { seedAnalysableStore, SYNTHETIC_MODEL } from './analysable-store.js';
import { watchJob, type JobWatch } from './loop-watch.js';

/*
 * An analysis job of a store file runs in the job worker: the API process's event loop stays
 * free (jobStatus answers at once, with progress that moves), and a cancel reaches the worker
 * even while it is inside a long synchronous step. The same job run in the API process itself
 * (jobsIn: 'process', as every job ran before) is the comparison: it holds the loop for most of
 * its run. 4,000 moments with cached vectors: a few seconds of index, clustering and map.
 */

const MOMENTS = 4000;
/** What "the loop never stalls" means here: well under a poll interval a person would notice. */
const MAX_STALL_MS = 200;

describe('an analysis job in the job worker', () => {
  const tmp = tempDir('reverie-jobs-');
  const dataDir = path.join(tmp.dir, 'data');
  let db: Db;
  const apis: ApiService[] = [];
  const api = (jobsIn?: 'process') => {
    const service = createApiHandlers({ db, dataDir, model: SYNTHETIC_MODEL, modelsDir: tmp.dir, ...(jobsIn ? { jobsIn } : {}) });
    apis.push(service);
    return service;
  };
  let inWorker: JobWatch;

  beforeAll(() => {
    db = openStore(dataDir);
    seedAnalysableStore(db, MOMENTS);
  });
  afterAll(async () => {
    for (const a of apis) await a.close();
    db.close();
    tmp.cleanup();
  });

  it('keeps the API process answering: short stalls only, jobStatus at once, progress that moves', async () => {
    const service = api();
    const seen: JobStatus[] = [];
    inWorker = await watchJob(service, () => typedCall(service, 'analyze', {}), { onStatus: (s) => seen.push(s) });
    expect(inWorker.final.state, inWorker.final.error).toBe('done');
    expect(inWorker.final.result).toMatchObject({ moments: MOMENTS });
    // A job long enough to have stalled on, had it run here.
    expect(inWorker.seconds).toBeGreaterThan(2);
    expect(inWorker.longestStallMs).toBeLessThan(MAX_STALL_MS);
    expect(inWorker.statusMaxMs).toBeLessThan(MAX_STALL_MS);
    // Many polls answered while it ran, seeing the steps go by in order.
    expect(inWorker.polls).toBeGreaterThan(20);
    const phases = [...new Set(seen.filter((s) => s.state === 'running' && s.progress).map((s) => s.progress!.phase))];
    expect(phases).toEqual(expect.arrayContaining(['index', 'cluster', 'map']));
    expect(phases.indexOf('index')).toBeLessThan(phases.indexOf('cluster'));
    expect(phases.indexOf('cluster')).toBeLessThan(phases.indexOf('map'));
    expect(inWorker.progressSeen).toBeGreaterThan(4);
    // What the worker wrote, this process reads at once.
    expect((await typedCall(service, 'status', {})).clusters).toBeGreaterThan(10);
    expect((await typedCall(service, 'mapPoints', {})).momentIds).toHaveLength(MOMENTS);
  });

  it('in the API process (the comparison) the same job holds the event loop for seconds', async () => {
    const service = api('process');
    const here = await watchJob(service, () => typedCall(service, 'analyze', {}));
    expect(here.final.state).toBe('done');
    expect(here.longestStallMs).toBeGreaterThan(1000);
    expect(here.longestStallMs).toBeGreaterThan(5 * inWorker.longestStallMs);
    expect(here.statusMaxMs).toBeGreaterThan(1000);
  });

  it('cancels inside a synchronous step: the job ends cancelled, the store is intact', async () => {
    const service = api();
    const runsBefore = db.prepare('SELECT count(*) FROM analysis_runs').pluck().get() as number;
    const { jobId } = await typedCall(service, 'analyze', {});
    // Clustering is one synchronous stretch in the worker (no message gets in): only the shared
    // flag lets its check between kinds see the cancel.
    // The cancel goes out as the worker reports that clustering began (an event, not a poll on a clock).
    const reached = await service.jobs.whenProgress(jobId, (p) => p.phase === 'cluster');
    expect(reached?.phase).toBe('cluster');
    expect(await typedCall(service, 'cancelJob', { jobId })).toEqual({ cancelled: true });
    const status = await waitForJob(service, jobId);
    expect(status.state).toBe('cancelled');
    expect(status.error).toBeUndefined();

    // The run was started and never finished; the map of the last full run is untouched; SQLite is sound.
    const runs = db.prepare('SELECT finished_at FROM analysis_runs ORDER BY id').pluck().all() as (string | null)[];
    expect(runs).toHaveLength(runsBefore + 1);
    expect(runs.at(-1)).toBeNull();
    expect((await typedCall(service, 'mapPoints', {})).momentIds).toHaveLength(MOMENTS);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(service.jobs.running()).toBe(false);
  });
});
