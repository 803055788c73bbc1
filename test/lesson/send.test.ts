import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Db } from '../../electron/engine/store/db.js';
import { buildLessonRequest } from '../../electron/engine/lesson/request.js';
import { LessonApiError, retryDelayMs, sendLessonRequest } from '../../electron/engine/lesson/send.js';
import { listOutbox } from '../../electron/engine/lesson/store.js';
import { errorReply, lessonsReply, startFakeAnthropic, type FakeAnthropic } from '../helpers/fake-anthropic.js';
import { digestFor } from './fixtures.js';

const KEY = 'sk-ant-test-KEY-0123456789abcdef';

let db: Db;
let fake: FakeAnthropic;
let sleeps: number[];
const sleep = async (ms: number) => {
  sleeps.push(ms);
};

beforeEach(async () => {
  db = openStore(':memory:');
  fake = await startFakeAnthropic();
  sleeps = [];
});
afterEach(async () => {
  db.close();
  await fake.close();
});

// Non-ASCII on purpose: "byte for byte" must hold for multi-byte UTF-8 too.
const request = () =>
  buildLessonRequest(digestFor(1, 'failure', { text: 'Pattern: failure — “npm test” fails 🙃 in <PATH>/app' }), []);

/** Outbox rows oldest first. */
const outbox = () => listOutbox(db, { limit: 100 }).reverse();

describe('sendLessonRequest through the real SDK', () => {
  it('retries on 429 and 529, then succeeds; every attempt is in the outbox byte for byte', async () => {
    fake.script(errorReply(429, 'rate limited', { 'retry-after': '2' }), errorReply(529, 'Overloaded'), lessonsReply([]));
    const prepared = request();
    const sent = await sendLessonRequest(db, prepared, { apiKey: KEY, baseURL: fake.url, sleep });

    expect(sent.attempts).toBe(3);
    expect(fake.requests).toHaveLength(3);
    // The server's retry-after is honoured; without one, exponential backoff with jitter.
    expect(sleeps[0]).toBe(2000);
    expect(sleeps[1]).toBeGreaterThanOrEqual(1500);
    expect(sleeps[1]).toBeLessThanOrEqual(2000);

    const rows = outbox();
    expect(rows.map((r) => r.status)).toEqual([429, 529, 200]);
    expect(sent.outboxIds).toEqual(rows.map((r) => r.id));
    rows.forEach((row, i) => {
      const received = fake.requests[i].body;
      expect(Buffer.from(row.request, 'utf8').equals(received)).toBe(true);
      expect(received.equals(Buffer.from(prepared.bytes, 'utf8'))).toBe(true);
      expect(row.url).toBe(`${fake.url}/v1/messages`);
      expect(row.clusterIds).toEqual([1]);
      expect(row.model).toBe(prepared.model);
    });
    expect(JSON.parse(rows[0].response!).error.type).toBe('rate_limit_error');
    expect(JSON.parse(rows[2].response!).content[1].text).toBe('{"actions":[]}');
  });

  it('never sends again when a reply came but could not be kept in the outbox', async () => {
    // The outbox takes the request, then refuses its result (as a store locked by another process would).
    db.exec("CREATE TRIGGER outbox_full BEFORE UPDATE ON outbox BEGIN SELECT RAISE(ABORT, 'database is locked'); END");
    fake.script(lessonsReply([]), lessonsReply([]));
    const err = await sendLessonRequest(db, request(), { apiKey: KEY, baseURL: fake.url, sleep }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LessonApiError);
    expect((err as LessonApiError).message).toMatch(/reply .*could not be kept in the outbox.*database is locked.*not sent again/);
    // Sent once, not retried as if the network had failed: the request paid for once, and it is in the outbox.
    expect(fake.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
    const rows = outbox();
    expect(rows).toHaveLength(1);
    expect(Buffer.from(rows[0].request, 'utf8').equals(fake.requests[0].body)).toBe(true);
  });

  it('stops at once on 401 with a clear message about the key', async () => {
    fake.script(errorReply(401, 'invalid x-api-key'), lessonsReply([]));
    const err = await sendLessonRequest(db, request(), { apiKey: KEY, baseURL: fake.url, sleep }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LessonApiError);
    expect((err as LessonApiError).message).toMatch(/API key was rejected \(401\): set a valid key.*local drafts/);
    expect((err as LessonApiError).status).toBe(401);
    expect(fake.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(outbox().map((r) => r.status)).toEqual([401]);
  });

  it('stops on 403 and on other 4xx without retrying, with the API message', async () => {
    fake.script(errorReply(403, 'forbidden'));
    await expect(sendLessonRequest(db, request(), { apiKey: KEY, baseURL: fake.url, sleep })).rejects.toThrow(/403/);
    fake.script(errorReply(400, 'max_tokens: too large'));
    await expect(sendLessonRequest(db, request(), { apiKey: KEY, baseURL: fake.url, sleep })).rejects.toThrow(
      /refused the request \(400\): max_tokens: too large/,
    );
    expect(fake.requests).toHaveLength(2);
    expect(sleeps).toEqual([]);
  });

  it('gives up after maxAttempts when the API stays overloaded', async () => {
    fake.script(errorReply(529, 'Overloaded'), errorReply(529, 'Overloaded'), errorReply(529, 'Overloaded'), lessonsReply([]));
    const err = (await sendLessonRequest(db, request(), { apiKey: KEY, baseURL: fake.url, sleep, maxAttempts: 3 }).catch(
      (e: unknown) => e,
    )) as LessonApiError;
    expect(err.message).toMatch(/overloaded; gave up after 3 attempts/);
    expect(err.attempts).toBe(3);
    expect(fake.requests).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
    expect(outbox()).toHaveLength(3);
  });

  it('retries when the server cannot be reached and records each attempt with its error', async () => {
    const url = fake.url;
    await fake.close();
    const err = (await sendLessonRequest(db, request(), { apiKey: KEY, baseURL: url, sleep, maxAttempts: 2 }).catch(
      (e: unknown) => e,
    )) as LessonApiError;
    expect(err.message).toMatch(/unreachable; gave up after 2 attempts/);
    const rows = outbox();
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r.status).toBeNull();
      expect(r.error).toBeTruthy();
    }
    fake = await startFakeAnthropic(); // for afterEach
  });

  it('never stores the API key, although the server received it', async () => {
    fake.script(errorReply(429, `echo ${KEY}`), errorReply(401, 'bad key'));
    await sendLessonRequest(db, request(), { apiKey: KEY, baseURL: fake.url, sleep }).catch(() => undefined);
    const sentHeaders = JSON.stringify(fake.requests[0].headers);
    expect(sentHeaders).toContain(KEY);
    const stored = JSON.stringify(db.prepare('SELECT * FROM outbox').all());
    expect(stored).not.toContain(KEY);
    expect(stored).toContain('[api key]');
  });

  it('sends nothing when the bytes about to leave differ from the previewed ones', async () => {
    fake.script(lessonsReply([]));
    const prepared = request();
    const tampered = { ...prepared, bytes: prepared.bytes.replace('npm test', 'npm tset') };
    await expect(sendLessonRequest(db, tampered, { apiKey: KEY, baseURL: fake.url, sleep })).rejects.toThrow(
      /differs from the previewed bytes; nothing was sent/,
    );
    expect(fake.requests).toHaveLength(0);
    expect(outbox()).toHaveLength(0);
  });
});

describe('retryDelayMs', () => {
  it('doubles from one second up to the cap, within the jitter band', () => {
    expect(retryDelayMs(1, null, () => 1)).toBe(1000);
    expect(retryDelayMs(3, null, () => 1)).toBe(4000);
    expect(retryDelayMs(3, null, () => 0)).toBe(3000);
    expect(retryDelayMs(20, null, () => 1)).toBe(30_000);
  });
  it('prefers retry-after-ms, then retry-after seconds', () => {
    expect(retryDelayMs(1, new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }))).toBe(250);
    expect(retryDelayMs(1, new Headers({ 'retry-after': '3' }))).toBe(3000);
  });
});
