import { describe, expect, it } from 'vitest';
import { isoWeek, summariseClusters, weeklyCounts, type MomentFacts } from '../../electron/engine/cluster/summary.js';

describe('ISO weeks', () => {
  it('numbers weeks as ISO 8601 does around year ends', () => {
    expect(isoWeek(new Date('2026-01-01T12:00:00Z'))).toBe('2026-W01');
    expect(isoWeek(new Date('2025-12-29T00:00:00Z'))).toBe('2026-W01');
    expect(isoWeek(new Date('2021-01-03T23:59:59Z'))).toBe('2020-W53');
    expect(isoWeek(new Date('2024-12-30T00:00:00Z'))).toBe('2025-W01');
    expect(isoWeek(new Date('2026-04-01T00:00:00Z'))).toBe('2026-W14');
  });

  it('counts per week from the first to the last, with empty weeks as 0', () => {
    const dates = ['2025-12-20', '2026-01-10T08:00:00Z', '2026-01-11T23:00:00Z', '2025-12-21'].map((d) => new Date(d));
    expect(weeklyCounts(dates)).toEqual([
      { week: '2025-W51', count: 2 },
      { week: '2025-W52', count: 0 },
      { week: '2026-W01', count: 0 },
      { week: '2026-W02', count: 2 },
    ]);
    expect(weeklyCounts([])).toEqual([]);
    expect(weeklyCounts([new Date('2026-03-03')])).toEqual([{ week: '2026-W10', count: 1 }]);
  });
});

describe('summariseClusters', () => {
  const m = (id: number, sessionId: number, project: string | null, at: string | null, text: string): MomentFacts => ({
    id,
    sessionId,
    project,
    at,
    text,
  });
  const moments = [
    m(1, 10, '/p/a', '2026-01-05T10:00:00Z', 'npm test fails with ENOENT'),
    m(2, 10, '/p/a', '2026-01-20T10:00:00Z', 'npm test fails with ENOENT'),
    m(3, 11, '/p/b', '2026-01-07T10:00:00Z', 'ENOENT from npm test again'),
    m(4, 12, null, null, 'npm test ENOENT, the fixture is missing'),
    m(5, 13, '/p/a', '2026-02-01T00:00:00+02:00', 'use pnpm, not npm'),
    m(6, 14, '/p/c', '2026-02-03T00:00:00Z', 'always use pnpm here'),
    m(7, 14, '/p/c', '2026-02-04T00:00:00Z', 'pnpm please, never npm'),
    m(8, 15, '/p/d', '2026-03-01T00:00:00Z', 'unrelated remark'),
  ];
  const labels = [0, 0, 0, 0, 1, 1, 1, -1];
  const scores = [0.9, 0.95, 0.8, 0.7, 0.85, 0.9, 0.6, 0];

  it('reports size, reach, time span and weekly counts of each cluster', () => {
    const [a, b] = summariseClusters(moments, labels, scores, 2, { representatives: 2 });
    expect(a).toMatchObject({ cluster: 0, size: 4, sessions: 3, projects: 2, firstSeen: '2026-01-05T10:00:00Z', lastSeen: '2026-01-20T10:00:00Z' });
    // Undated moments count in the size but not in the weeks.
    expect(a.weekly).toEqual([
      { week: '2026-W02', count: 2 },
      { week: '2026-W03', count: 0 },
      { week: '2026-W04', count: 1 },
    ]);
    expect(b).toMatchObject({ size: 3, sessions: 2, projects: 2, firstSeen: '2026-02-01T00:00:00+02:00', lastSeen: '2026-02-04T00:00:00Z' });
    // 2026-02-01T00:00+02:00 is Saturday 31 January in UTC: week 5.
    expect(b.weekly.map((w) => w.week)).toEqual(['2026-W05', '2026-W06']);
  });

  it('puts the most representative first and does not repeat a text among the representatives', () => {
    const [a, b] = summariseClusters(moments, labels, scores, 2, { representatives: 3 });
    expect(a.members.map((x) => x.momentId)).toEqual([2, 1, 3, 4]);
    // Moment 1 says exactly what moment 2 says.
    expect(a.representatives).toEqual([2, 3, 4]);
    expect(b.representatives).toEqual([6, 5, 7]);
    // "npm" is in both clusters, so it ranks below the words only the first one uses.
    expect(a.keywords.slice(0, 2).sort()).toEqual(['ENOENT', 'test']);
    expect(a.keywords.indexOf('npm')).toBeGreaterThan(1);
    expect(b.keywords[0]).toBe('pnpm');
    expect(a.label).toBe(a.keywords.slice(0, 3).join(', '));
  });

  it('leaves noise out of every cluster', () => {
    const facts = summariseClusters(moments, labels, scores, 2);
    expect(facts.flatMap((f) => f.members.map((x) => x.momentId))).not.toContain(8);
    expect(facts.reduce((n, f) => n + f.size, 0)).toBe(7);
  });
});
