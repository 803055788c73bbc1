import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiValidationError } from '../../shared/api.js';
import { createApiHandlers, typedCall, type ApiService } from '../../electron/engine/api/handlers.js';
import { BusyError, NotFoundError } from '../../electron/engine/api/errors.js';
import { homeLabel } from '../../electron/engine/api/dream-views.js';
import { generateCorpus } from '../../electron/engine/demo/generate.js';
import { openStore, type Db } from '../../electron/engine/store/db.js';
import { tempDir } from '../helpers/fixtures.js';
import { DAY, lessonOn, seededStore } from '../helpers/planted-stream.js';
import { jobResult, waitForJob } from '../helpers/jobs.js';
import { TEST_EMBED } from '../helpers/test-model.js';

/* The dreaming part of the API: watched folders, dream runs as jobs, trends, lesson effects and counters. */

describe('watched folders through the API', () => {
  const tmp = tempDir();
  const home = path.join(tmp.dir, 'home');
  let db: Db;
  let api: ApiService;
  beforeAll(() => {
    mkdirSync(path.join(home, '.claude', 'projects'), { recursive: true });
    db = openStore(path.join(tmp.dir, 'data'));
    api = createApiHandlers({ db, dataDir: path.join(tmp.dir, 'data'), model: 'test-model', modelsDir: tmp.dir, homeDir: home });
  });
  afterAll(async () => {
    await api.close();
    db.close();
    tmp.cleanup();
  });

  it('offers the known folders that exist and are not watched, watches with ~, removes', async () => {
    expect(await typedCall(api, 'listWatched', {})).toEqual([]);
    const claude = path.join(home, '.claude', 'projects');
    expect(await typedCall(api, 'detectWatched', {})).toEqual([{ tool: 'Claude Code', path: claude, label: '~/.claude/projects' }]);

    const added = await typedCall(api, 'addWatched', { path: '~/.claude/projects' });
    expect(added.added).toBe(true);
    expect(added.watched).toEqual([expect.objectContaining({ path: claude, exists: true })]);
    // Watched now: no longer offered; adding it again changes nothing.
    expect(await typedCall(api, 'detectWatched', {})).toEqual([]);
    expect((await typedCall(api, 'addWatched', { path: `${claude}/` })).added).toBe(false);

    const exports = path.join(tmp.dir, 'exports');
    mkdirSync(exports);
    const both = await typedCall(api, 'addWatched', { path: exports });
    expect(both.watched.map((w) => w.path)).toEqual([exports, claude].sort());

    const left = await typedCall(api, 'removeWatched', { path: claude });
    expect(left.watched.map((w) => w.path)).toEqual([exports]);
    expect((await typedCall(api, 'detectWatched', {})).map((d) => d.path)).toEqual([claude]);
    await expect(api.call('removeWatched', { path: claude })).rejects.toThrow(NotFoundError);
  });

  it('refuses paths it cannot place or find, and malformed parameters', async () => {
    await expect(api.call('addWatched', { path: 'logs/claude' })).rejects.toThrow(ApiValidationError);
    await expect(api.call('addWatched', { path: 'logs/claude' })).rejects.toThrow(/full path/);
    await expect(api.call('addWatched', { path: path.join(tmp.dir, 'nowhere') })).rejects.toThrow(NotFoundError);
    await expect(api.call('addWatched', { path: '  ' })).rejects.toThrow(/addWatched: path:/);
    await expect(api.call('addWatched', {})).rejects.toThrow(/addWatched: path:/);
    await expect(api.call('removeWatched', { path: 7 })).rejects.toThrow(/removeWatched: path:/);
    await expect(api.call('detectWatched', { all: true })).rejects.toThrow(ApiValidationError);
    await expect(api.call('listDreamRuns', { limit: 0 })).rejects.toThrow(/listDreamRuns: limit:/);
    await expect(api.call('runDream', { now: true })).rejects.toThrow(ApiValidationError);
  });

  it('shows paths under the home folder with ~, others in full', () => {
    expect(homeLabel(path.join(home, '.codex', 'sessions'), home)).toBe('~/.codex/sessions');
    expect(homeLabel(path.join(tmp.dir, 'elsewhere'), home)).toBe(path.join(tmp.dir, 'elsewhere'));
    expect(homeLabel(home, home)).toBe(home);
  });
});

describe('trends, lesson effects and counters through the API', () => {
  // A stream ending now (the API reports up to the clock) with planted changes.
  const now = Date.now();
  const start = now - 120 * DAY;
  let db: Db;
  let api: ApiService;
  let clusters: Map<string, number>;
  const tmp = tempDir();
  beforeAll(() => {
    ({ db, clusters } = seededStore({
      seed: 11,
      start,
      days: 120,
      sessionsPerDay: 2,
      projects: ['api', 'web'],
      model: 'test-model',
      patterns: [
        { label: 'steady', rate: () => 0.4 },
        // Grows in the last four weeks, in the web project only.
        { label: 'rises', rate: (t, project) => (project === 'web' && t >= now - 28 * DAY ? 0.6 : 0.1) },
        // Never seen before the last ten days.
        { label: 'appears', kind: 'failure', rate: (t) => (t >= now - 10 * DAY ? 0.7 : 0) },
        // Falls when its lesson is adopted, 60 days ago.
        { label: 'drops', rate: (t) => (t < now - 60 * DAY ? 0.6 : 0.12) },
      ],
    }));
    api = createApiHandlers({ db, dataDir: tmp.dir, model: 'test-model', modelsDir: tmp.dir });
  });
  afterAll(async () => {
    await api.close();
    db.close();
    tmp.cleanup();
  });

  const flagsOf = (report: { clusters: { clusterId: number; flags: string[] }[] }) =>
    new Map([...clusters].map(([label, id]) => [label, report.clusters.find((c) => c.clusterId === id)?.flags ?? null]));

  it('flags the cluster that appeared as new and the one that rose as growing, and nothing steady', async () => {
    const all = await typedCall(api, 'trends', {});
    const flags = flagsOf(all);
    expect(flags.get('appears')).toContain('new');
    expect(flags.get('rises')).toContain('growing');
    expect(flags.get('steady')).toEqual([]);
    expect(flags.get('drops')).toEqual([]);
    // Rates are per session, week by week, and only the last weeks travel.
    const rises = all.clusters.find((c) => c.clusterId === clusters.get('rises'))!;
    expect(rises.weeks.length).toBeLessThanOrEqual(12);
    expect(rises.recentRate!).toBeGreaterThan(rises.earlierRate! * 2);
    for (const w of rises.weeks) if (w.sessions > 0) expect(w.rate).toBeCloseTo(w.moments / w.sessions);
    // Flagged first.
    expect(all.clusters[0].flags.length).toBeGreaterThan(0);

    const flagged = await typedCall(api, 'trends', { flagged: true });
    expect(flagged.clusters.map((c) => c.clusterId).sort()).toEqual([clusters.get('appears'), clusters.get('rises')].sort());
    const failures = await typedCall(api, 'trends', { kind: 'failure' });
    expect(failures.clusters.map((c) => c.clusterId)).toEqual([clusters.get('appears')]);
  });

  it('narrows trends by project and time window', async () => {
    expect(flagsOf(await typedCall(api, 'trends', { project: 'web' })).get('rises')).toContain('growing');
    expect(flagsOf(await typedCall(api, 'trends', { project: 'api' })).get('rises')).not.toContain('growing');
    // A window that ends 50 days ago: the late patterns have not happened yet.
    const to = new Date(now - 50 * DAY).toISOString().slice(0, 10);
    const early = await typedCall(api, 'trends', { to });
    expect(early.to.slice(0, 10)).toBe(new Date(now - 49 * DAY).toISOString().slice(0, 10));
    const flags = flagsOf(early);
    expect(flags.get('appears')).toEqual([]);
    expect(flags.get('rises')).not.toContain('growing');
    expect(early.clusters.find((c) => c.clusterId === clusters.get('appears'))!.moments).toBe(0);
    const from = new Date(now - 30 * DAY).toISOString().slice(0, 10);
    expect((await typedCall(api, 'trends', { from })).from!.slice(0, 10)).toBe(from);
  });

  it('refuses bad windows and filters', async () => {
    await expect(api.call('trends', { from: 'last week' })).rejects.toThrow(/trends: from: expected a date/);
    await expect(api.call('trends', { from: '2026-03-02', to: '2026-03-01' })).rejects.toThrow(ApiValidationError);
    await expect(api.call('trends', { from: '2999-01-01' })).rejects.toThrow(/time window is empty/);
    await expect(api.call('trends', { kind: 'mistake' })).rejects.toThrow(/trends: kind:/);
    await expect(api.call('lessonEffects', { to: '01/02/2026' })).rejects.toThrow(/lessonEffects: to:/);
    await expect(api.call('lessonEffects', { lesson: 1 })).rejects.toThrow(ApiValidationError);
  });

  it('finds the planted drop since adoption, no change where there was none, and too little data just after adopting', async () => {
    const adoptedAt = new Date(now - 60 * DAY).toISOString();
    const drops = lessonOn(db, clusters.get('drops')!, { title: 'drops', adoptedAt });
    const steady = lessonOn(db, clusters.get('steady')!, { title: 'steady', adoptedAt });
    const draft = lessonOn(db, clusters.get('steady')!, { title: 'a draft is not measured' });
    expect(await typedCall(api, 'lessonEffects', {})).toHaveLength(2);
    const fresh = lessonOn(db, clusters.get('rises')!, { title: 'fresh' });
    await typedCall(api, 'adoptLesson', { id: fresh });

    const effects = new Map((await typedCall(api, 'lessonEffects', {})).map((e) => [e.lessonId, e]));
    expect([...effects.keys()].sort()).toEqual([drops, steady, fresh].sort());
    expect(effects.has(draft)).toBe(false);
    const d = effects.get(drops)!;
    expect(d.verdict).toBe('fewer since adopted');
    expect(d.adoptedAt).toBe(adoptedAt);
    expect(d.windowDays).toBeCloseTo(60, 0);
    expect(d.before.rate!).toBeGreaterThan(0.45);
    expect(d.after.rate!).toBeLessThan(0.25);
    expect(d.pFewer).toBeLessThan(0.001);
    expect(effects.get(steady)!.verdict).toBe('no change yet');
    expect(effects.get(fresh)!.verdict).toBe('too little data');

    // One project, and a window ending about ten days after adoption: both sides shrink to that length.
    const to = new Date(Date.parse(adoptedAt) + 10 * DAY).toISOString().slice(0, 10);
    const narrow = (await typedCall(api, 'lessonEffects', { to, project: 'api' })).find((e) => e.lessonId === drops)!;
    expect(narrow.windowDays).toBeLessThan(12);
    expect(narrow.after.sessions).toBeLessThan(d.after.sessions);
  });

  it('bumps the helpful and harmful counters and reports them beside the effect', async () => {
    const id = lessonOn(db, clusters.get('appears')!, { title: 'counted' });
    expect((await typedCall(api, 'bumpLesson', { id, counter: 'helpful' })).helpful).toBe(1);
    const twice = await typedCall(api, 'bumpLesson', { id, counter: 'helpful' });
    const harmful = await typedCall(api, 'bumpLesson', { id, counter: 'harmful' });
    expect([twice.helpful, twice.harmful]).toEqual([2, 0]);
    expect([harmful.helpful, harmful.harmful]).toEqual([2, 1]);
    expect((await typedCall(api, 'listLessons', {})).find((l) => l.id === id)).toMatchObject({ helpful: 2, harmful: 1 });
    await typedCall(api, 'adoptLesson', { id });
    expect((await typedCall(api, 'lessonEffects', {})).find((e) => e.lessonId === id)).toMatchObject({ helpful: 2, harmful: 1 });

    await expect(api.call('bumpLesson', { id: 9999, counter: 'helpful' })).rejects.toThrow(NotFoundError);
    await expect(api.call('bumpLesson', { id, counter: 'meh' })).rejects.toThrow(/bumpLesson: counter:/);
    await expect(api.call('bumpLesson', { id })).rejects.toThrow(/bumpLesson: counter:/);
  });
});

// On the built-in test model, a store of its own per test.
describe('dream runs through the API', () => {
  let tmp: ReturnType<typeof tempDir>;
  let logs: string;
  let db: Db;
  let api: ApiService;
  beforeEach(() => {
    tmp = tempDir();
    logs = path.join(tmp.dir, 'logs');
    const dataDir = path.join(tmp.dir, 'data');
    db = openStore(dataDir);
    api = createApiHandlers({ db, dataDir, ...TEST_EMBED, homeDir: tmp.dir });
  });
  afterEach(async () => {
    await api.close();
    db.close();
    tmp.cleanup();
  });

  it('runs a dream as a job with progress, one job at a time, records it, and reads nothing twice', async () => {
    await generateCorpus({ outDir: logs, sessions: 14, seed: 3 });
    await typedCall(api, 'addWatched', { path: logs });
    const { jobId } = await typedCall(api, 'runDream', {});
    await expect(api.call('analyze', {})).rejects.toThrow(BusyError);
    await expect(api.call('runDream', {})).rejects.toThrow(BusyError);
    const done = await waitForJob(api, jobId);
    expect(done.state, done.error).toBe('done');
    expect(done.kind).toBe('dream');
    expect(done.progress).not.toBeNull();
    const { result: run } = await jobResult(api, jobId, 'dream');
    expect(run.sessionsAdded).toBe(14);
    expect(run.filesRead).toBe(14);
    // 14 seeded sessions (seed 3): the rules find exactly this many moments; the test model makes these patterns.
    expect(run.momentsAdded).toBe(34);
    expect(run.analysisSkipped).toBeNull();
    expect((await typedCall(api, 'status', {})).sessions).toBe(14);

    // Nothing new: nothing read, the analysis skipped, both runs listed newest first.
    const { result: again } = await jobResult(api, (await typedCall(api, 'runDream', {})).jobId, 'dream');
    expect([again.filesRead, again.sessionsAdded]).toEqual([0, 0]);
    expect(again.analysisSkipped).toMatch(/nothing new/);
    const runs = await typedCall(api, 'listDreamRuns', {});
    expect(runs.map((r) => r.id)).toEqual([again.id, run.id]);
    expect(runs[1]).toMatchObject({ trigger: 'manual', sessionsAdded: 14, error: null, missing: [] });
    expect(runs[1].clustersNew).toBe(2);
    // The first run clusters everything, and says why; the second did not analyse at all.
    expect(runs[1]).toMatchObject({ mode: 'full', assigned: null, unassigned: null });
    expect(runs[1].reclusterReason).toMatch(/\S/);
    expect(runs[0]).toMatchObject({ mode: null, reclusterReason: null });
    expect(runs[1].seconds).toBeGreaterThan(0);
    expect(await typedCall(api, 'listDreamRuns', { limit: 1 })).toHaveLength(1);
  });

  it('cancels a dream run: the job ends cancelled and the run is recorded with the reason', async () => {
    // A corpus big enough that the run has work to cancel.
    await generateCorpus({ outDir: logs, sessions: 60, seed: 4 });
    writeFileSync(path.join(logs, 'notes.txt'), 'not a log');
    await typedCall(api, 'addWatched', { path: logs });
    const { jobId } = await typedCall(api, 'runDream', {});
    expect((await typedCall(api, 'cancelJob', { jobId })).cancelled).toBe(true);
    expect((await waitForJob(api, jobId)).state).toBe('cancelled');
    const [last] = await typedCall(api, 'listDreamRuns', { limit: 1 });
    expect(last.finishedAt).not.toBeNull();
    expect(last.error).not.toBeNull();
  });
});
