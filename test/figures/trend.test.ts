import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHandlers, typedCall, type ApiService } from '../../electron/engine/api/handlers.js';
import { clusterTrends } from '../../electron/engine/dream/trends.js';
import { patternTrends } from '../../electron/engine/figures/pattern-trends.js';
import { compareTrends, judgeTrend } from '../../electron/engine/figures/trend.js';
import type { Db } from '../../electron/engine/store/db.js';
import { tempDir } from '../helpers/fixtures.js';
import { DAY, seededStore, STREAM_MODEL } from '../helpers/planted-stream.js';

/* The one definition of a pattern's trend: relative to the end of the window (today), the same on every screen. */

const TO = Date.UTC(2026, 11, 14);

describe('judgeTrend (a fixed now)', () => {
  const many = (sessions: number, moments: number) => ({ sessions, moments });

  it('calls a clear rise per session growing, a clear drop fading, and no change steady', () => {
    expect(judgeTrend({ earlier: many(100, 10), recent: many(20, 12), firstSeen: TO - 300 * DAY, to: TO })).toMatchObject({
      direction: 'growing',
      flags: ['growing'],
      recentRate: 0.6,
      earlierRate: 0.1,
    });
    expect(judgeTrend({ earlier: many(100, 60), recent: many(20, 1), firstSeen: TO - 300 * DAY, to: TO }).direction).toBe('fading');
    expect(judgeTrend({ earlier: many(100, 30), recent: many(20, 6), firstSeen: TO - 300 * DAY, to: TO })).toMatchObject({ direction: 'steady', flags: [] });
  });

  it('calls a pattern with no moment in the recent weeks quiet, however busy it was', () => {
    const t = judgeTrend({ earlier: many(100, 90), recent: many(20, 0), firstSeen: TO - 900 * DAY, to: TO });
    expect(t.direction).toBe('quiet');
    expect(t.flags).toEqual([]);
  });

  it('needs enough sessions on both sides before it calls anything growing', () => {
    // Three sessions, three moments recently and nothing before: a lot per session, too little to say.
    expect(judgeTrend({ earlier: many(3, 0), recent: many(3, 3), firstSeen: TO - 20 * DAY, to: TO }).direction).toBe('steady');
  });

  it('flags new only when the first moment falls in the last two weeks before the end of the window', () => {
    const at = (days: number) => judgeTrend({ earlier: many(10, 0), recent: many(10, 2), firstSeen: TO - days * DAY, to: TO }).flags;
    expect(at(3)).toContain('new');
    expect(at(13)).toContain('new');
    expect(at(15)).not.toContain('new');
  });

  it('orders growing before steady before fading before quiet', () => {
    const growing = judgeTrend({ earlier: many(100, 10), recent: many(20, 12), firstSeen: null, to: TO });
    const steady = judgeTrend({ earlier: many(100, 30), recent: many(20, 6), firstSeen: null, to: TO });
    const fading = judgeTrend({ earlier: many(100, 60), recent: many(20, 1), firstSeen: null, to: TO });
    const quiet = judgeTrend({ earlier: many(100, 60), recent: many(20, 0), firstSeen: null, to: TO });
    expect([quiet, fading, growing, steady].sort(compareTrends).map((t) => t.direction)).toEqual(['growing', 'steady', 'fading', 'quiet']);
  });
});

describe('a pattern that rose long ago, judged today', () => {
  // Sixteen weeks in 2023; the pattern rises in its own last four weeks.
  const start = Date.UTC(2023, 5, 5);
  const end = start + 16 * 7 * DAY;
  let db: Db;
  let id: number;
  beforeAll(() => {
    const planted = seededStore({
      seed: 21,
      start,
      days: 16 * 7,
      sessionsPerDay: 2,
      patterns: [{ label: 'old riser', rate: (t) => (t >= end - 28 * DAY ? 0.7 : 0.1) }],
    });
    db = planted.db;
    id = planted.clusters.get('old riser')!;
  });
  afterAll(() => db.close());

  it('is quiet today, not growing', () => {
    const today = patternTrends(db, STREAM_MODEL, { now: TO }).get(id)!;
    expect(today.direction).toBe('quiet');
    expect(today.flags).toEqual([]);
  });

  it('was growing in a window that ends where it rose', () => {
    const then = patternTrends(db, STREAM_MODEL, { now: TO, until: new Date(end).toISOString() }).get(id)!;
    expect(then.direction).toBe('growing');
    expect(then.flags).toEqual(['growing']);
  });
});

describe('the Patterns list and the Dreaming report agree', () => {
  const now = Date.now();
  const tmp = tempDir();
  let db: Db;
  let api: ApiService;
  beforeAll(() => {
    ({ db } = seededStore({
      seed: 12,
      start: now - 120 * DAY,
      days: 120,
      sessionsPerDay: 2,
      patterns: [
        { label: 'steady', rate: () => 0.4 },
        { label: 'rises', rate: (t) => (t >= now - 28 * DAY ? 0.7 : 0.1) },
        { label: 'stopped', rate: (t) => (t < now - 40 * DAY ? 0.5 : 0) },
        { label: 'appears', rate: (t) => (t >= now - 10 * DAY ? 0.7 : 0) },
      ],
    }));
    api = createApiHandlers({ db, dataDir: tmp.dir, model: STREAM_MODEL, modelsDir: tmp.dir });
  });
  afterAll(async () => {
    await api.close();
    db.close();
    tmp.cleanup();
  });

  it('gives each pattern the same direction and flags in listClusters, trends and the engine', async () => {
    const listed = await typedCall(api, 'listClusters', {});
    const report = await typedCall(api, 'trends', {});
    const engine = clusterTrends(db, { model: STREAM_MODEL, now: Date.now() });
    expect(listed).toHaveLength(4);
    const directions = new Map(listed.map((c) => [c.label, c.trend?.direction]));
    expect(Object.fromEntries(directions)).toEqual({ steady: 'steady', rises: 'growing', stopped: 'quiet', appears: 'growing' });
    for (const c of listed) {
      const r = report.clusters.find((x) => x.clusterId === c.id)!;
      const e = engine.clusters.find((x) => x.clusterId === c.id)!;
      expect([r.direction, r.flags]).toEqual([c.trend!.direction, c.trend!.flags]);
      expect([e.direction, e.flags]).toEqual([c.trend!.direction, c.trend!.flags]);
    }
    // Growing in the list exactly when the Dreaming report (flagged) lists it as growing.
    const flagged = await typedCall(api, 'trends', { flagged: true });
    expect(flagged.clusters.filter((c) => c.flags.includes('growing')).map((c) => c.clusterId).sort()).toEqual(
      listed.filter((c) => c.trend!.direction === 'growing').map((c) => c.id).sort(),
    );
  });

  it('sorts by that trend: growing first, quiet last', async () => {
    const byTrend = await typedCall(api, 'listClusters', { sort: 'trend' });
    expect(byTrend.map((c) => c.trend!.direction)).toEqual(['growing', 'growing', 'steady', 'quiet']);
    expect((await typedCall(api, 'listClusters', { sort: 'trend', limit: 1, offset: 3 })).map((c) => c.label)).toEqual(['stopped']);
  });

  it('judges a window that ends earlier from its own end', async () => {
    const to = new Date(now - 50 * DAY).toISOString().slice(0, 10);
    const listed = await typedCall(api, 'listClusters', { to });
    expect(listed.find((c) => c.label === 'stopped')!.trend!.direction).not.toBe('quiet');
  });
});
