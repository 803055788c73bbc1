import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MomentKind } from '../../shared/types.js';
import { openStore, type Db } from '../../electron/engine/store/db.js';
import { adoptLesson, getLesson, listLessons, listOutbox } from '../../electron/engine/lesson/store.js';
import { LessonApiError } from '../../electron/engine/lesson/send.js';
import {
  planLessonRequests,
  sendPlannedRequests,
  writeLessons,
  type LessonPlan,
  type SendPlannedOptions,
  type WriteLessonsOptions,
} from '../../electron/engine/lesson/write-lessons.js';
import { formatPlan } from '../../electron/engine/lesson/preview.js';
import { writeExport } from '../../electron/engine/export/write.js';
import { SECTION_END, SECTION_START } from '../../electron/engine/export/render.js';
import { errorReply, lessonsReply, startFakeAnthropic, type ActionReply, type FakeAnthropic } from '../helpers/fake-anthropic.js';
import { tempDir } from '../helpers/fixtures.js';
import { addLesson, digestFor, seedCluster } from './fixtures.js';

const KEY = 'sk-ant-test-write-lessons';
let db: Db;
let fake: FakeAnthropic;
let plans: LessonPlan[];

beforeEach(async () => {
  db = openStore(':memory:');
  fake = await startFakeAnthropic();
  plans = [];
});
afterEach(async () => {
  db.close();
  await fake.close();
});

function options(extra: Partial<WriteLessonsOptions> = {}): WriteLessonsOptions {
  return {
    apiKey: KEY,
    baseURL: fake.url,
    confirm: (plan) => {
      plans.push(plan);
      return true;
    },
    send: { sleep: async () => undefined },
    env: {},
    ...extra,
  };
}

const action = (a: Partial<ActionReply> & Pick<ActionReply, 'action'>): ActionReply => ({
  targets: [],
  title: 'Use the vitest config',
  rule: 'Run `npx vitest run`, not `npm test`, when `vitest/config` cannot be found.',
  why: 'npm test failed with a missing vitest/config module 7 times.',
  applies_when: 'When running tests.',
  confidence: 0.8,
  ...a,
});

/** The user message Claude received in request i. */
const received = (i: number) => JSON.parse(fake.requests[i].body.toString('utf8')).messages[0].content as string;

describe('writeLessons with Claude (fake server, real SDK)', () => {
  it('ADD: stores the lesson with its cluster and evidence, and exports it once adopted', async () => {
    const { clusterId, momentIds } = seedCluster(db, 'failure', 5);
    const digest = digestFor(clusterId, 'failure');
    fake.script(lessonsReply([action({ action: 'add' })], { model: 'claude-sonnet-5-5-20261001' }));

    const result = await writeLessons(db, [digest], options());
    expect(result.mode).toBe('claude');
    expect(result.changes).toEqual([{ action: 'add', lessonId: expect.any(Number), retired: [] }]);

    // What was shown is what was sent, and what was sent is in the outbox.
    expect(plans).toHaveLength(1);
    const shown = plans[0].requests[0].bytes;
    expect(fake.requests[0].body.equals(Buffer.from(shown, 'utf8'))).toBe(true);
    expect(listOutbox(db)[0].request).toBe(shown);
    expect(formatPlan(plans[0])).toContain(shown);
    expect(received(0)).toContain(digest.text);

    const lesson = getLesson(db, result.changes[0].lessonId)!;
    expect(lesson).toMatchObject({
      clusterId,
      kind: 'failure',
      source: 'claude',
      model: 'claude-sonnet-5-5-20261001',
      status: 'draft',
      rule: 'Run `npx vitest run`, not `npm test`, when `vitest/config` cannot be found.',
      appliesWhen: 'When running tests.',
      confidence: 0.8,
    });
    expect(lesson.evidence).toEqual([...momentIds].sort((a, b) => a - b));

    const { dir, cleanup } = tempDir();
    try {
      const file = path.join(dir, 'CLAUDE.md');
      expect(writeExport(file, 'claude-md', listLessons(db)).lessons).toBe(0); // drafts are not exported
      adoptLesson(db, lesson.id);
      writeExport(file, 'claude-md', listLessons(db));
      const text = readFileSync(file, 'utf8');
      const section = text.slice(text.indexOf(SECTION_START), text.indexOf(SECTION_END));
      expect(section).toContain('**Use the vitest config**: Run `npx vitest run`, not `npm test`');
    } finally {
      cleanup();
    }
  });

  it('EDIT: rewrites the offered lesson in place, adds the evidence, and makes it a draft again', async () => {
    const { clusterId, momentIds } = seedCluster(db, 'failure', 3);
    const old = addLesson(db, { evidence: [999] });
    adoptLesson(db, old.id);
    fake.script(lessonsReply([action({ action: 'edit', targets: [old.id], rule: 'Run `pnpm test`; `npm test` misses the workspace config.' })]));

    const result = await writeLessons(db, [digestFor(clusterId, 'failure')], options());
    expect(received(0)).toContain(`[${old.id}] Use pnpm: Run \`pnpm test\`, not \`npm test\``);
    expect(result.changes).toEqual([{ action: 'edit', lessonId: old.id, retired: [] }]);
    const edited = getLesson(db, old.id)!;
    expect(edited.rule).toBe('Run `pnpm test`; `npm test` misses the workspace config.');
    expect(edited.status).toBe('draft');
    expect(edited.adoptedAt).toBeNull();
    expect(edited.evidence).toEqual([...momentIds, 999].sort((a, b) => a - b));
    expect(listLessons(db)).toHaveLength(1);
  });

  it('MERGE: keeps the oldest target with the new words, retires the others, unites the evidence', async () => {
    const { clusterId, momentIds } = seedCluster(db, 'failure', 2);
    const a = addLesson(db, { evidence: [101, 102] });
    const b = addLesson(db, { title: 'Prefer pnpm', rule: 'Use `pnpm install`, never `npm install`.', evidence: [103] });
    fake.script(lessonsReply([action({ action: 'merge', targets: [b.id, a.id], title: 'pnpm only' })]));

    const result = await writeLessons(db, [digestFor(clusterId, 'failure')], options());
    expect(result.changes).toEqual([{ action: 'merge', lessonId: a.id, retired: [b.id] }]);
    expect(getLesson(db, a.id)).toMatchObject({ title: 'pnpm only', status: 'draft' });
    expect(getLesson(db, a.id)!.evidence).toEqual([...momentIds, 101, 102, 103].sort((x, y) => x - y));
    expect(getLesson(db, b.id)).toMatchObject({ status: 'retired', retiredAt: expect.any(String) });
  });

  it('turns an edit of an unknown or retired id into an add, with a note', async () => {
    const { clusterId } = seedCluster(db, 'failure', 2);
    fake.script(lessonsReply([action({ action: 'edit', targets: [4242] })]));
    const result = await writeLessons(db, [digestFor(clusterId, 'failure')], options());
    expect(result.changes[0]).toMatchObject({ action: 'add', note: expect.stringMatching(/ignored target 4242/) });
    expect(listLessons(db)).toHaveLength(1);
  });

  it('does not edit a lesson that an earlier action of the same reply retired', async () => {
    const { clusterId } = seedCluster(db, 'failure', 2);
    const a = addLesson(db);
    const b = addLesson(db, { title: 'Prefer pnpm', rule: 'Use `pnpm install`, never `npm install`.' });
    fake.script(
      lessonsReply([
        action({ action: 'merge', targets: [a.id, b.id], title: 'pnpm only' }),
        action({ action: 'edit', targets: [b.id], title: 'Lockfile', rule: 'Commit `pnpm-lock.yaml` with every dependency change.' }),
      ]),
    );
    const result = await writeLessons(db, [digestFor(clusterId, 'failure')], options());
    expect(result.changes[1]).toMatchObject({ action: 'add', note: expect.stringMatching(new RegExp(`ignored target ${b.id}`)) });
    expect(getLesson(db, b.id)!.status).toBe('retired');
    expect(listLessons(db).map((l) => l.title)).toEqual(['pnpm only', 'Lockfile']);
  });

  it('sends nothing when the person declines', async () => {
    const { clusterId } = seedCluster(db, 'failure', 2);
    fake.script(lessonsReply([action({ action: 'add' })]));
    const result = await writeLessons(db, [digestFor(clusterId, 'failure')], options({ confirm: () => false }));
    expect(result.declined).toBe(true);
    expect(fake.requests).toHaveLength(0);
    expect(listOutbox(db)).toHaveLength(0);
    expect(listLessons(db)).toHaveLength(0);
  });

  it('reports an unreadable reply for its cluster and goes on with the next', async () => {
    const one = seedCluster(db, 'failure', 2, 'pnpm lint fails');
    const two = seedCluster(db, 'correction', 2);
    fake.script(lessonsReply([], { text: 'I think you should be careful.' }), lessonsReply([action({ action: 'add' })]));
    const result = await writeLessons(db, [digestFor(one.clusterId, 'failure'), digestFor(two.clusterId, 'correction')], options());
    expect(result.failures).toEqual([{ clusterId: one.clusterId, pattern: 'pnpm lint fails', error: expect.stringMatching(/not valid JSON/) }]);
    expect(listLessons(db).map((l) => l.clusterId)).toEqual([two.clusterId]);
    // The failed reply is still in the outbox for the person to read.
    expect(listOutbox(db)).toHaveLength(2);
  });

  it('stops the run on a rejected key', async () => {
    const one = seedCluster(db, 'failure', 2);
    const two = seedCluster(db, 'failure', 2);
    fake.script(errorReply(401, 'invalid x-api-key'));
    await expect(
      writeLessons(db, [digestFor(one.clusterId, 'failure'), digestFor(two.clusterId, 'failure')], options()),
    ).rejects.toBeInstanceOf(LessonApiError);
    expect(fake.requests).toHaveLength(1);
    expect(listLessons(db)).toHaveLength(0);
  });

  it('lints what it wrote against the existing lessons', async () => {
    const { clusterId } = seedCluster(db, 'failure', 2);
    const existing = addLesson(db);
    fake.script(lessonsReply([action({ action: 'add', title: 'Use pnpm', rule: 'Run `pnpm test`, not `npm test`: the repo uses pnpm workspaces.' }), action({ action: 'add', title: 'Care', rule: 'Be careful and follow best practices.' })]));
    const result = await writeLessons(db, [digestFor(clusterId, 'failure')], options());
    const codes = result.findings.map((f) => `${f.lessonId}:${f.code}`);
    const [dup, vague] = result.changes.map((c) => c.lessonId);
    expect(codes).toContain(`${dup}:duplicate`);
    expect(result.findings.find((f) => f.code === 'duplicate')!.message).toContain(`lesson ${existing.id}`);
    expect(codes).toContain(`${vague}:vague`);
    expect(codes).toContain(`${vague}:not-specific`);
  });
});

describe('sendPlannedRequests: the send loop, cancellable', () => {
  /** Plans requests for three clusters (as the person would have seen them) and sends them under `controller`. */
  const sendThree = async (controller: AbortController, extra: Partial<SendPlannedOptions> = {}) => {
    const kinds: MomentKind[] = ['failure', 'correction', 'failure'];
    const digests = kinds.map((kind) => digestFor(seedCluster(db, kind, 2).clusterId, kind));
    const { requests } = planLessonRequests(db, digests, { baseURL: fake.url });
    const result = await sendPlannedRequests(db, digests, requests, { apiKey: KEY, baseURL: fake.url, evidence: () => [], signal: controller.signal, ...extra });
    return { result, shown: requests.map((r) => r.bytes), sent: fake.requests.map((r) => r.body.toString('utf8')) };
  };
  const add = (title: string) => lessonsReply([action({ action: 'add', title })]);

  it('cancelled between requests: the ones sent keep their lessons, the rest never leave', async () => {
    fake.script(add('first'), add('second'));
    const controller = new AbortController();
    const counts: number[] = [];
    const onSent = (n: number) => {
      counts.push(n);
      if (n === 1) controller.abort();
    };
    const { result, shown, sent } = await sendThree(controller, { onSent });
    expect(result).toMatchObject({ sent: 1, stopped: true, failures: [] });
    expect(counts).toEqual([1]);
    expect(sent).toEqual(shown.slice(0, 1));
    expect(listOutbox(db).map((e) => e.request)).toEqual(shown.slice(0, 1));
    expect(listLessons(db).map((l) => l.title)).toEqual(['first']);
  });

  it('cancelled during a retry wait: that request got no reply, nothing after it leaves', async () => {
    fake.script(add('first'), errorReply(529, 'overloaded'));
    const controller = new AbortController();
    const waits: number[] = [];
    // The wait never ends by itself: only the cancel gets the loop out of it.
    const sleep = (ms: number) => {
      waits.push(ms);
      controller.abort();
      return new Promise<void>(() => undefined);
    };
    const { result, shown, sent } = await sendThree(controller, { send: { sleep } });
    expect(waits).toHaveLength(1);
    expect(result).toMatchObject({ sent: 1, stopped: true });
    expect(sent).toEqual(shown.slice(0, 2));
    expect(listOutbox(db).map((e) => e.status).sort()).toEqual([200, 529]);
  });

  it('runs to the end without a cancel, counting each reply', async () => {
    fake.script(add('a'), add('b'), add('c'));
    const counts: number[] = [];
    const { result, shown, sent } = await sendThree(new AbortController(), { onSent: (n) => counts.push(n) });
    expect(result).toMatchObject({ sent: 3, stopped: false, failures: [] });
    expect(result.changes).toHaveLength(3);
    expect(counts).toEqual([1, 2, 3]);
    expect(sent).toEqual(shown);
  });
});

describe('writeLessons without Claude', () => {
  it('writes local drafts with --offline even when a key is set, and sends nothing', async () => {
    const { clusterId, momentIds } = seedCluster(db, 'failure', 3);
    const result = await writeLessons(db, [digestFor(clusterId, 'failure')], options({ offline: true }));
    expect(result).toMatchObject({ mode: 'local', localReason: 'offline', plan: null });
    expect(fake.requests).toHaveLength(0);
    expect(listOutbox(db)).toHaveLength(0);
    const [lesson] = listLessons(db);
    expect(lesson).toMatchObject({ source: 'local', status: 'draft', clusterId, kind: 'failure', model: null });
    expect(lesson.rule).toContain('`npm test`');
    expect(lesson.evidence).toEqual(momentIds);
    expect(result.findings.filter((f) => f.code !== 'duplicate')).toEqual([]);
  });

  it('falls back to local drafts without an API key, and leaves clusters that have a lesson alone', async () => {
    const { clusterId } = seedCluster(db, 'preference', 2);
    const first = await writeLessons(db, [digestFor(clusterId, 'preference', { examples: ['always use tabs in Makefile recipes'] })], options({ apiKey: null }));
    expect(first).toMatchObject({ mode: 'local', localReason: 'no API key', skipped: [] });
    const second = await writeLessons(db, [digestFor(clusterId, 'preference')], options({ apiKey: undefined, env: {} }));
    expect(second.skipped).toEqual([clusterId]);
    expect(listLessons(db)).toHaveLength(1);
    expect(fake.requests).toHaveLength(0);
  });
});
