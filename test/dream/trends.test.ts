import { describe, expect, it } from 'vitest';
import { clusterTrends, weekStart } from '../../electron/engine/dream/trends.js';
import { DAY, seededStore, STREAM_MODEL } from '../helpers/planted-stream.js';

// A Monday, so weeks line up with the stream's days.
const START = Date.UTC(2026, 0, 5);
const WEEKS = 16;
const END = START + WEEKS * 7 * DAY;
const RECENT = END - 4 * 7 * DAY;

describe('cluster trends', () => {
  it('puts weeks on Mondays (UTC)', () => {
    expect(new Date(weekStart(Date.UTC(2026, 0, 11, 23))).toISOString()).toBe('2026-01-05T00:00:00.000Z');
    expect(new Date(weekStart(Date.UTC(2026, 0, 12))).toISOString()).toBe('2026-01-12T00:00:00.000Z');
  });

  it('flags planted growth and new patterns, not busier weeks', () => {
    const { db, clusters } = seededStore({
      seed: 7,
      start: START,
      days: WEEKS * 7,
      // Three times as many sessions in the last four weeks: raw counts triple for everything.
      sessionsPerDay: (t) => (t >= RECENT ? 6 : 2),
      patterns: [
        { label: 'grows', rate: (t) => (t >= RECENT ? 0.5 : 0.1) },
        { label: 'steady', rate: () => 0.3 },
        { label: 'fresh', rate: (t) => (t >= END - 10 * DAY ? 0.4 : 0) },
      ],
    });
    const report = clusterTrends(db, { model: STREAM_MODEL, now: END });
    const by = new Map(report.clusters.map((c) => [c.clusterId, c]));
    const grows = by.get(clusters.get('grows')!)!;
    const steady = by.get(clusters.get('steady')!)!;
    const fresh = by.get(clusters.get('fresh')!)!;
    expect(grows.flags).toEqual(['growing']);
    expect(steady.flags).toEqual([]);
    expect(fresh.flags).toContain('new');
    // Weekly rates are normalised by that week's sessions: the steady pattern stays near 0.3.
    expect(grows.weeks).toHaveLength(WEEKS);
    const raw = (weeks: typeof steady.weeks) => weeks.reduce((n, w) => n + w.moments, 0);
    expect(raw(steady.weeks.slice(-4)) / raw(steady.weeks.slice(0, 4))).toBeGreaterThan(1.5);
    expect(steady.recentRate! / steady.earlierRate!).toBeGreaterThan(0.7);
    expect(steady.recentRate! / steady.earlierRate!).toBeLessThan(1.4);
    expect(steady.weeks.reduce((n, w) => n + w.moments, 0)).toBe(steady.moments);
    expect(report.sessions).toBe(steady.weeks.reduce((n, w) => n + w.sessions, 0));
    expect(grows.recentRate! / grows.earlierRate!).toBeGreaterThan(3);
    db.close();
  });

  it('narrows by project and time window, counting every session in it', () => {
    const { db, clusters, sessions } = seededStore({
      seed: 8,
      start: START,
      days: WEEKS * 7,
      sessionsPerDay: 2,
      projects: ['api', 'web'],
      patterns: [{ label: 'p', rate: (t, project) => (project === 'web' && t >= RECENT ? 0.6 : 0.1) }],
    });
    const id = clusters.get('p')!;
    const all = clusterTrends(db, { model: STREAM_MODEL, now: END });
    expect(all.sessions).toBe(sessions);
    const web = clusterTrends(db, { model: STREAM_MODEL, now: END, project: 'web' });
    const api = clusterTrends(db, { model: STREAM_MODEL, now: END, project: 'api' });
    expect(web.sessions + api.sessions).toBe(sessions);
    expect(web.clusters.find((c) => c.clusterId === id)!.flags).toContain('growing');
    expect(api.clusters.find((c) => c.clusterId === id)!.flags).not.toContain('growing');
    const since = new Date(START + 8 * 7 * DAY).toISOString();
    const late = clusterTrends(db, { model: STREAM_MODEL, now: END, since });
    expect(late.clusters[0].weeks).toHaveLength(8);
    expect(late.clusters[0].weeks[0].week).toBe(since.slice(0, 10));
    // Narrowing the window does not make an old pattern "new".
    expect(late.clusters[0].flags).not.toContain('new');
    db.close();
  });

  it('over many seeded streams: rarely calls a constant pattern growing, finds a doubling', () => {
    const trials = 120;
    let falseGrowing = 0;
    let found = 0;
    for (let seed = 500; seed < 500 + trials; seed++) {
      const { db, clusters } = seededStore({
        seed,
        start: START,
        days: 12 * 7,
        sessionsPerDay: 5,
        patterns: [
          { label: 'constant', rate: () => 0.2 },
          { label: 'doubled', rate: (t) => (t >= START + 8 * 7 * DAY ? 0.4 : 0.2) },
        ],
      });
      const report = clusterTrends(db, { model: STREAM_MODEL, now: START + 12 * 7 * DAY });
      const flags = (label: string) => report.clusters.find((c) => c.clusterId === clusters.get(label))!.flags;
      if (flags('constant').includes('growing')) falseGrowing++;
      if (flags('doubled').includes('growing')) found++;
      db.close();
    }
    console.log(`trend trials: false "growing" ${falseGrowing}/${trials}, planted doubling found ${found}/${trials}`);
    expect(falseGrowing / trials).toBeLessThanOrEqual(0.05);
    expect(found / trials).toBeGreaterThanOrEqual(0.85);
  });
});
