import { describe, expect, it } from 'vitest';
import { CLUSTERING_VERSION, readClusteringState, reclusterDecision, type ClusteringState } from '../../electron/engine/analyze/recluster-rule.js';
import { openStore } from '../../electron/engine/store/db.js';

const DAY = 86_400_000;
const now = Date.parse('2026-03-10T12:00:00Z');
const state = (o: Partial<ClusteringState> & { moments?: number; version?: number | null; daysAgo?: number } = {}): ClusteringState => ({
  full: {
    runId: 1,
    at: new Date(now - (o.daysAgo ?? 1) * DAY).toISOString(),
    moments: o.moments ?? 1000,
    version: o.version === undefined ? CLUSTERING_VERSION : o.version,
    background: null,
  },
  added: o.added ?? 0,
  unassigned: o.unassigned ?? 0,
});
const decide = (s: ClusteringState, input: { newMoments?: number; placed?: number; unassignedNow?: number; mode?: 'auto' | 'full' | 'incremental' } = {}) =>
  reclusterDecision({ mode: input.mode ?? 'auto', state: s, newMoments: input.newMoments ?? 0, placed: input.placed ?? (s.full?.moments ?? 0) + s.added, unassignedNow: input.unassignedNow, now });

describe('when to re-cluster everything', () => {
  it('always for a new model or other clustering rules; on request; never when told incremental otherwise', () => {
    expect(decide({ full: null, added: 0, unassigned: 0 })).toEqual({ full: true, reason: 'first clustering with this model' });
    expect(decide({ full: null, added: 0, unassigned: 0 }, { mode: 'incremental' }).full).toBe(true);
    expect(decide(state({ version: null })).reason).toMatch(/rules changed/);
    expect(decide(state(), { mode: 'full' })).toEqual({ full: true, reason: 'full re-cluster asked for' });
    expect(decide(state({ added: 900, unassigned: 900 }), { mode: 'incremental' }).full).toBe(false);
  });

  it('when moments added and removed since the last full clustering reach 20% of it', () => {
    expect(decide(state(), { newMoments: 199 }).full).toBe(false);
    expect(decide(state(), { newMoments: 200 })).toEqual({ full: true, reason: '20% of the moments changed since the last full clustering (rule: 20%)' });
    // Earlier incremental runs count, and so do deletions (fewer placed moments than clustered + added).
    expect(decide(state({ added: 150 }), { newMoments: 50 }).full).toBe(true);
    expect(decide(state({ added: 100 }), { placed: 1100 }).full).toBe(false);
    // 100 added, and 100 of the 1,100 placed moments deleted since.
    expect(decide(state({ added: 100 }), { placed: 1000 }).reason).toMatch(/^20% /);
  });

  it('when unassigned new moments pile up: at least 30, or 2% of a large clustering', () => {
    expect(decide(state({ added: 40, unassigned: 29 })).full).toBe(false);
    expect(decide(state({ added: 40, unassigned: 29 }), { unassignedNow: 1 }).reason).toBe(
      '30 new moments left unassigned since the last full clustering (rule: 30)',
    );
    const big = state({ moments: 100_000, added: 3000, unassigned: 1999 });
    expect(decide(big).full).toBe(false);
    expect(decide(big, { unassignedNow: 1 }).reason).toMatch(/rule: 2000\)$/);
  });

  it('when something changed and the last full clustering is a week old', () => {
    expect(decide(state({ daysAgo: 8 })).full).toBe(false);
    expect(decide(state({ daysAgo: 8 }), { newMoments: 1 }).reason).toBe('the last full clustering is 8 days old (rule: 7)');
    expect(decide(state({ daysAgo: 6 }), { newMoments: 1 }).full).toBe(false);
  });

  it('reads the state back from the recorded runs of one model', () => {
    const db = openStore(':memory:');
    const run = (model: string, stats: object | null, finished = true) =>
      db.prepare('INSERT INTO analysis_runs (model, started_at, finished_at, stats) VALUES (?, ?, ?, ?)').run(
        model,
        '2026-03-01T00:00:00.000Z',
        finished ? '2026-03-01T00:01:00.000Z' : null,
        stats && JSON.stringify(stats),
      );
    expect(readClusteringState(db, 'm')).toEqual({ full: null, added: 0, unassigned: 0 });
    run('m', { moments: 500 });
    expect(readClusteringState(db, 'm').full).toMatchObject({ moments: 500, version: null });
    run('m', { mode: 'full', moments: 800, clusteringVersion: CLUSTERING_VERSION, background: { mean: 0.1, sd: 0.1 } });
    run('m', { mode: 'incremental', newMoments: 20, unassigned: 5 });
    run('other', { mode: 'full', moments: 3 });
    run('m', { mode: 'incremental', newMoments: 10, unassigned: 1 });
    run('m', { mode: 'incremental', newMoments: 99, unassigned: 99 }, false);
    expect(readClusteringState(db, 'm')).toEqual({
      full: { runId: 2, at: '2026-03-01T00:00:00.000Z', moments: 800, version: CLUSTERING_VERSION, background: { mean: 0.1, sd: 0.1 } },
      added: 30,
      unassigned: 6,
    });
    db.close();
  });
});
