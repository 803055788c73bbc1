import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SendLessonsResultSchema } from '../../shared/api.js';
import { BusyError } from '../../electron/engine/api/errors.js';
import { createApiHandlers, typedCall, type ApiService } from '../../electron/engine/api/handlers.js';
import { memoryKeyStore } from '../../electron/engine/api/key-store.js';
import { openStore, type Db } from '../../electron/engine/store/db.js';
import { errorReply, lessonsReply, startFakeAnthropic, type FakeAnthropic } from '../helpers/fake-anthropic.js';
import { tempDir } from '../helpers/fixtures.js';
import { waitForJob } from '../helpers/jobs.js';
import { TEST_EMBED } from '../helpers/test-model.js';
const KEY = 'sk-ant-test-key-123456';

const add = (title: string) => lessonsReply([{ action: 'add', targets: [], title, rule: `Run \`make ${title}\` first.`, why: 'w', applies_when: 'a', confidence: 0.7 }]);

describe('the consent step: planLessons, then sendLessons', () => {
  let db: Db;
  let api: ApiService;
  let fake: FakeAnthropic;
  const data = tempDir();
  const keys = memoryKeyStore();

  beforeAll(async () => {
    db = openStore(data.dir);
    fake = await startFakeAnthropic();
    api = createApiHandlers({ db, dataDir: data.dir, ...TEST_EMBED, keyStore: keys, anthropicBaseURL: fake.url });
    expect((await waitForJob(api, (await typedCall(api, 'importSample', { sessions: 40 })).jobId)).state).toBe('done');
    const analysed = await waitForJob(api, (await typedCall(api, 'analyze', {})).jobId);
    expect(analysed.state, analysed.error).toBe('done');
  }, 120_000);
  afterAll(async () => {
    await api.close();
    await fake.close();
    db.close();
    data.cleanup();
  });

  it('previews every request without sending, lists refused clusters, and sends exactly the previewed bytes once', async () => {
    const clusters = await typedCall(api, 'listClusters', {});

    const plan = await typedCall(api, 'planLessons', {});

    expect(plan.requests.length + plan.refused.length).toBe(clusters.length);
    // 40 seeded sample sessions on the deterministic test model: 8 patterns, every one eligible.
    expect(clusters.length).toBe(8);
    expect(plan.requests.length).toBe(8);
    expect(plan.hasKey).toBe(false);
    expect(plan.url).toBe(`${fake.url}/v1/messages`);
    expect(plan.requests.every((r) => JSON.parse(r.bytes).messages[0].content.includes('Pattern digest:'))).toBe(true);
    expect(fake.requests).toHaveLength(0);

    // Without a key nothing goes; the plan is kept for when there is one.
    await expect(api.call('sendLessons', { planId: plan.planId })).rejects.toThrow(/no Anthropic API key/);
    expect((await typedCall(api, 'setApiKey', { key: KEY })).hasKey).toBe(true);
    expect(JSON.stringify(await typedCall(api, 'apiKeyStatus', {}))).not.toContain(KEY);
    // Browser mode's store is memory: nothing in the data folder holds the key.
    for (const name of readdirSync(data.dir, { recursive: true }) as string[]) {
      const file = path.join(data.dir, name);
      if (statSync(file).isFile()) expect(readFileSync(file).includes(KEY), name).toBe(false);
    }

    fake.script(...plan.requests.map((_, i) => add(`lesson${i}`)));
    const job = await waitForJob(api, (await typedCall(api, 'sendLessons', { planId: plan.planId })).jobId);
    expect(job).toMatchObject({ kind: 'lessons', state: 'done', progress: { phase: 'send', done: plan.requests.length, total: plan.requests.length } });
    const sent = SendLessonsResultSchema.parse(job.result);
    expect(sent).toMatchObject({ planned: plan.requests.length, sent: plan.requests.length, failures: [] });
    // Each scripted reply adds one lesson.
    expect(sent.changes).toBe(plan.requests.length);
    expect(fake.requests.map((r) => r.body.toString('utf8'))).toEqual(plan.requests.map((r) => r.bytes));
    expect(String(fake.requests[0].headers['x-api-key'] ?? fake.requests[0].headers.authorization)).toContain(KEY);
    const outbox = await typedCall(api, 'listOutbox', {});
    expect(outbox.map((e) => e.request).sort()).toEqual(plan.requests.map((r) => r.bytes).sort());
    expect(JSON.stringify(outbox)).not.toContain(KEY);

    // A plan is used once.
    await expect(api.call('sendLessons', { planId: plan.planId })).rejects.toThrow(/preview again/);
  }, 60_000);

  it('sends as a job that reports each request and stops between requests on cancel: what was sent stays, the rest never leaves', async () => {
    const plan = await typedCall(api, 'planLessons', {});
    const n = plan.requests.length;
    expect(n).toBeGreaterThanOrEqual(3);
    const outboxIds = new Set((await typedCall(api, 'listOutbox', {})).map((e) => e.id));
    const before = { requests: fake.requests.length, lessons: (await typedCall(api, 'listLessons', {})).length };
    // The first request is answered; the second is told to come back in a minute (overloaded), so the job waits in
    // its retry pause, where the cancel finds it.
    fake.script(add('kept'), errorReply(529, 'overloaded', { 'retry-after-ms': '60000' }));
    const { jobId } = await typedCall(api, 'sendLessons', { planId: plan.planId });
    // Another job cannot start meanwhile: a second send is refused before its plan is used up.
    const other = await typedCall(api, 'planLessons', {});
    await expect(api.call('sendLessons', { planId: other.planId })).rejects.toThrow(BusyError);
    await expect.poll(async () => (await typedCall(api, 'jobStatus', { jobId })).progress?.item ?? '').toMatch(/^request 2: overloaded, trying again in 60 s$/);
    const waiting = await typedCall(api, 'jobStatus', { jobId });
    expect(waiting).toMatchObject({ state: 'running', progress: { phase: 'send', done: 1, total: n } });

    expect((await typedCall(api, 'cancelJob', { jobId })).cancelled).toBe(true);
    const job = await waitForJob(api, jobId);
    expect(job.state).toBe('cancelled');
    expect(SendLessonsResultSchema.parse(job.result)).toMatchObject({ planned: n, sent: 1, changes: 1, failures: [] });
    // Two requests left (the answered one and the overloaded attempt), both in the outbox; the others never did.
    expect(fake.requests.length - before.requests).toBe(2);
    expect(fake.requests.slice(before.requests).map((r) => r.body.toString('utf8'))).toEqual(plan.requests.slice(0, 2).map((r) => r.bytes));
    const added = (await typedCall(api, 'listOutbox', {})).filter((e) => !outboxIds.has(e.id));
    expect(added.map((e) => e.status).sort()).toEqual([200, 529]);
    // The answered request's lesson was kept.
    expect((await typedCall(api, 'listLessons', {})).map((l) => l.title)).toContain('kept');
    expect((await typedCall(api, 'listLessons', {})).length).toBe(before.lessons + 1);
    expect(await typedCall(api, 'cancelJob', { jobId })).toEqual({ cancelled: false });
    // The plan refused while busy was kept (not "no longer available"), and is now stale: the kept lesson changed
    // what its requests would hold, so nothing of it is sent.
    await expect(api.call('sendLessons', { planId: other.planId })).rejects.toThrow(/differ from the preview/);
    expect(fake.requests.length - before.requests).toBe(2);
  }, 60_000);

  it('refuses to send when the lessons changed after the preview (the bytes would differ)', async () => {
    const plan = await typedCall(api, 'planLessons', {});
    const lesson = (await typedCall(api, 'listLessons', {}))[0];
    await typedCall(api, 'updateLesson', { id: lesson.id, rule: 'Use pnpm, never npm, in this workspace.' });
    const before = fake.requests.length;
    await expect(api.call('sendLessons', { planId: plan.planId })).rejects.toThrow(/differ from the preview/);
    expect(fake.requests.length).toBe(before);
  }, 60_000);

  it('sends only the patterns chosen, shows each readably, and names refused patterns', async () => {
    const plan = await typedCall(api, 'planLessons', {});
    expect(plan.requests.length).toBeGreaterThan(1);
    for (const r of plan.requests) {
      expect(r.view).toMatchObject({ clusterId: r.clusterId, label: r.label });
      // What the view shows is in the bytes.
      const content = JSON.parse(r.bytes).messages[0].content as string;
      expect(content).toContain(r.view.facts);
      for (const e of r.view.examples) expect(content).toContain(e.map((p) => p.text).join(''));
    }
    for (const r of plan.refused) {
      expect(r.label).not.toMatch(/^cluster \d+$/);
      expect(r.reason).not.toMatch(/cluster \d+/);
    }
    const chosen = plan.requests[1].clusterId;
    await expect(api.call('sendLessons', { planId: plan.planId, clusterIds: [999_999] })).rejects.toThrow(/were not in the preview/);
    const again = await typedCall(api, 'planLessons', {});
    const before = fake.requests.length;
    fake.script(add('chosen'));
    const job = await waitForJob(api, (await typedCall(api, 'sendLessons', { planId: again.planId, clusterIds: [chosen] })).jobId);
    expect(job.state).toBe('done');
    expect(SendLessonsResultSchema.parse(job.result)).toMatchObject({ planned: 1, sent: 1 });
    expect(fake.requests.slice(before).map((r) => r.body.toString('utf8'))).toEqual([again.requests.find((r) => r.clusterId === chosen)!.bytes]);
  }, 60_000);

  it('edits a lesson: new words, an adopted lesson returns to draft, a blank rule is refused', async () => {
    const lesson = (await typedCall(api, 'listLessons', {}))[0];
    await typedCall(api, 'adoptLesson', { id: lesson.id });
    const edited = await typedCall(api, 'updateLesson', { id: lesson.id, title: 'New title', why: null });
    expect(edited).toMatchObject({ title: 'New title', why: null, status: 'draft', rule: lesson.rule });
    await expect(api.call('updateLesson', { id: lesson.id, rule: '   ' })).rejects.toThrow(/rule/);
    await expect(api.call('updateLesson', { id: 99_999, title: 'x' })).rejects.toThrow(/no lesson/);
  });

  it('filters clusters and the map by project and dates, and sorts by trend', async () => {
    const all = await typedCall(api, 'listClusters', {});
    const projects = await typedCall(api, 'listProjects', {});
    expect(projects.length).toBeGreaterThan(1);
    const one = projects[0].project;
    const inProject = await typedCall(api, 'listClusters', { project: one });
    // Exactly the clusters with a member in the project, counted in the store.
    const clustersInProject = db
      .prepare(
        `SELECT count(DISTINCT cm.cluster_id) FROM cluster_members cm JOIN moments m ON m.id = cm.moment_id
         JOIN sessions s ON s.id = m.session_id WHERE s.project = ?`,
      )
      .pluck()
      .get(one) as number;
    expect(clustersInProject).toBeGreaterThan(0);
    expect(inProject.length).toBe(clustersInProject);
    expect(inProject.length).toBeLessThanOrEqual(all.length);
    for (const c of inProject.slice(0, 3)) {
      const detail = await typedCall(api, 'getCluster', { id: c.id });
      expect(detail.members.some((m) => m.project === one)).toBe(true);
    }
    const points = (await typedCall(api, 'mapPoints', {})).momentIds;
    const projectPoints = (await typedCall(api, 'mapPoints', { project: one })).momentIds;
    // Exactly the project's moments that are on the map.
    const momentsInProject = db
      .prepare(
        `SELECT count(*) FROM map_points p JOIN moments m ON m.id = p.moment_id JOIN sessions s ON s.id = m.session_id WHERE s.project = ?`,
      )
      .pluck()
      .get(one) as number;
    expect(momentsInProject).toBeGreaterThan(0);
    expect(projectPoints.length).toBe(momentsInProject);
    expect(projectPoints.length).toBeLessThan(points.length);
    const sample = await typedCall(api, 'getMoment', { id: projectPoints[0] });
    expect((await typedCall(api, 'getSession', { id: sample.sessionId })).project).toBe(one);

    const days = points.length ? await Promise.all(points.slice(0, 50).map((id) => typedCall(api, 'getMoment', { id }))) : [];
    const dated = days.map((m) => m.at).filter((a): a is string => !!a).sort();
    const day = dated[0].slice(0, 10);
    const onDay = (await typedCall(api, 'mapPoints', { from: day, to: day })).momentIds;
    expect(onDay.length).toBe(db.prepare(`SELECT count(*) FROM map_points p JOIN moments m ON m.id = p.moment_id WHERE substr(m.at, 1, 10) = ?`).pluck().get(day));
    for (const id of onDay.slice(0, 20)) expect((await typedCall(api, 'getMoment', { id })).at!.slice(0, 10)).toBe(day);
    expect(await typedCall(api, 'mapPoints', { from: '2999-01-01' })).toEqual({ momentIds: [], kinds: [], clusterIds: [], x: [], y: [] });
    expect(await typedCall(api, 'listClusters', { to: '1999-01-01' })).toEqual([]);
    await expect(api.call('mapPoints', { from: 'yesterday' })).rejects.toThrow(/from/);

    const byTrend = await typedCall(api, 'listClusters', { sort: 'trend' });
    expect(byTrend.map((c) => c.id).sort()).toEqual(all.map((c) => c.id).sort());
  });
});
