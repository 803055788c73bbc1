import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MomentKind } from '../../shared/types.js';
import { runAnalysis } from '../../electron/engine/analyze/run-analysis.js';
import { runDream } from '../../electron/engine/dream/dream-run.js';
import { getLesson } from '../../electron/engine/lesson/store.js';
import { clusterMembership, getCluster, getMapPoints, listClusters } from '../../electron/engine/store/clusters.js';
import { openStore, type Db } from '../../electron/engine/store/db.js';
import { tempDir } from '../helpers/fixtures.js';
import { lessonOn } from '../helpers/planted-stream.js';
import { vectorMaker, VectorStore, type PlannedMoment } from './moment-store.js';

/*
 * Incremental assignment end to end on planted vectors: a first run clusters everything, later
 * runs assign what arrives, and a full re-cluster keeps the identities lessons hang on.
 */

const MODEL = 'test/planted-vectors';
const DIM = 32;

describe('incremental analysis on planted vectors', () => {
  const tmp = tempDir();
  let db: Db;
  let store: VectorStore;
  const make = vectorMaker(DIM, 17);
  const centres = { a: make.random(), b: make.random(), c: make.random(), f: make.random() };
  const options = (extra: Record<string, unknown> = {}) => ({ dataDir: tmp.dir, model: MODEL, modelsDir: tmp.dir, embed: store.embed, ...extra });
  let n = 0;
  const planted = (kind: MomentKind, centre: Float32Array, count: number, at: string, spread = 0.35): PlannedMoment[] =>
    Array.from({ length: count }, () => ({ kind, text: `moment ${++n}`, vector: make.near(centre, spread), at, project: n % 2 ? 'api' : 'web' }));
  const scattered = (kind: MomentKind, count: number, at: string): PlannedMoment[] =>
    Array.from({ length: count }, () => ({ kind, text: `moment ${++n}`, vector: make.random(), at }));
  const ids: Record<string, number[]> = {};
  /** The cluster holding most of these moments. */
  const clusterOf = (moments: number[]): number => {
    const membership = clusterMembership(db, MODEL);
    const votes = new Map<number, number>();
    for (const m of moments) {
      const c = membership.get(m);
      if (c !== undefined) votes.set(c, (votes.get(c) ?? 0) + 1);
    }
    return [...votes].sort((x, y) => y[1] - x[1])[0]?.[0] ?? -1;
  };
  const clusterIds: Record<string, number> = {};

  beforeAll(() => {
    db = openStore(tmp.dir);
    store = new VectorStore(db);
  });
  afterAll(() => {
    db.close();
    tmp.cleanup();
  });

  it('a first run clusters everything (full) and says why', async () => {
    const jan = '2026-01-05T10:00:00.000Z';
    ids.a = store.add(planted('correction', centres.a, 30, jan));
    ids.b = store.add(planted('correction', centres.b, 25, jan));
    ids.c = store.add(planted('correction', centres.c, 20, jan));
    ids.f = store.add(planted('failure', centres.f, 20, jan));
    ids.noise = store.add(scattered('correction', 15, jan));
    const stats = await runAnalysis(db, options({ mode: 'auto' }));
    expect(stats).toMatchObject({ mode: 'full', reclusterReason: 'first clustering with this model', newMoments: 110 });
    for (const key of ['a', 'b', 'c', 'f']) {
      clusterIds[key] = clusterOf(ids[key]);
      expect(clusterIds[key]).toBeGreaterThan(0);
      expect(getCluster(db, clusterIds[key])!.size).toBe(ids[key].length);
    }
    expect(new Set(Object.values(clusterIds)).size).toBe(4);
  });

  it('assigns new moments near a cluster to it, leaves the rest unassigned, and keeps ids and the old map', async () => {
    const before = new Map(listClusters(db, MODEL).map((c) => [c.id, c]));
    const mapBefore = new Map(getMapPoints(db, MODEL).map((p) => [p.momentId, p]));
    const feb = '2026-02-16T09:00:00.000Z';
    const nearA = store.add(planted('correction', centres.a, 6, feb));
    const unrelated = store.add(scattered('correction', 3, feb));
    // Same direction as cluster A, but another kind: clusters never mix kinds.
    const otherKind = store.add(planted('task', centres.a, 2, feb));
    // Nearest to A's members, yet much farther from A's centre than any member is.
    const far = store.add([{ kind: 'correction', text: `moment ${++n}`, vector: make.atCosine(centres.a, 0.45), at: feb }]);

    const run = await runDream(db, options());
    expect(run.error).toBeNull();
    expect(run.stats).toMatchObject({ mode: 'incremental', reclusterReason: null, assigned: 6, unassigned: 6 });
    expect(Object.keys(run.stats!.steps!)).toEqual(expect.arrayContaining(['import', 'embed', 'index', 'assign', 'cluster', 'map']));
    expect(run.stats!.analysis!.embedded).toBe(12);
    // The task moments have no clustered task to vote; the far one (and the unrelated ones, whose
    // nearest moments are nearly as unrelated) lose on the cluster's own spread or the vote.
    const reasons = run.stats!.analysis!.assignReasons;
    expect(reasons).toMatchObject({ assigned: 6, 'no neighbours': 2 });
    expect(reasons['below the cluster floor']).toBeGreaterThanOrEqual(1);
    expect((reasons['below the cluster floor'] ?? 0) + (reasons['no majority'] ?? 0) + (reasons['no closer than background'] ?? 0)).toBe(4);

    const membership = clusterMembership(db, MODEL);
    for (const m of nearA) expect(membership.get(m)).toBe(clusterIds.a);
    for (const m of [...unrelated, ...otherKind, ...far]) expect(membership.has(m)).toBe(false);

    // Same ids; A grew and its facts were recomputed, the others are untouched.
    const after = listClusters(db, MODEL);
    expect(after.map((c) => c.id).sort()).toEqual([...before.keys()].sort());
    const a = getCluster(db, clusterIds.a)!;
    expect(a.size).toBe(before.get(clusterIds.a)!.size + 6);
    expect(a.sessions).toBe(before.get(clusterIds.a)!.sessions + 6);
    expect(a.lastSeen).toBe(feb);
    expect(a.weekly.reduce((s, w) => s + w.count, 0)).toBe(a.size);
    expect(a.weekly.at(-1)).toEqual({ week: '2026-W08', count: 6 });
    expect([...a.members.map((m) => m.score)]).toEqual([...a.members.map((m) => m.score)].sort((x, y) => y - x));
    expect(getCluster(db, clusterIds.b)).toMatchObject({ size: before.get(clusterIds.b)!.size, lastSeen: before.get(clusterIds.b)!.lastSeen });

    // Old points stay where they were; new ones land among their cluster on the map.
    const points = getMapPoints(db, MODEL);
    expect(points).toHaveLength(mapBefore.size + 12);
    for (const p of points) {
      const old = mapBefore.get(p.momentId);
      if (old) expect([p.x, p.y]).toEqual([old.x, old.y]);
      expect(Math.abs(p.x) <= 1 && Math.abs(p.y) <= 1).toBe(true);
    }
    const mean = (list: number[]) => {
      const ps = list.map((id) => mapBefore.get(id)!);
      return [ps.reduce((s, p) => s + p.x, 0) / ps.length, ps.reduce((s, p) => s + p.y, 0) / ps.length];
    };
    const [ax, ay] = mean(ids.a);
    const others = [mean(ids.b), mean(ids.c), mean(ids.f)];
    for (const m of nearA) {
      const p = points.find((q) => q.momentId === m)!;
      expect(p.clusterId).toBe(clusterIds.a);
      const toA = Math.hypot(p.x - ax, p.y - ay);
      for (const [x, y] of others) expect(toA).toBeLessThan(Math.hypot(p.x - x, p.y - y));
    }
  });

  it('re-clusters everything once enough has changed, and lessons stay attached to their cluster', async () => {
    const lesson = lessonOn(db, clusterIds.a, { title: 'Pattern A', rule: 'Do A.' });
    const mar = '2026-03-02T09:00:00.000Z';
    const moreA = store.add(planted('correction', centres.a, 15, mar));
    const moreB = store.add(planted('correction', centres.b, 15, mar));
    const stats = await runAnalysis(db, options({ mode: 'auto' }));
    expect(stats.mode).toBe('full');
    expect(stats.reclusterReason).toMatch(/^\d+% of the moments changed since the last full clustering \(rule: 20%\)$/);
    expect(stats.newMoments).toBe(30);
    expect(clusterOf([...ids.a, ...moreA])).toBe(clusterIds.a);
    expect(clusterOf([...ids.b, ...moreB])).toBe(clusterIds.b);
    expect(getLesson(db, lesson)!.clusterId).toBe(clusterIds.a);
    expect(getCluster(db, clusterIds.a)!.members.map((m) => m.id)).toEqual(expect.arrayContaining([...ids.a, ...moreA]));
  });

  it('re-clusters in the same run when the assignment leaves too many moments unassigned', async () => {
    store.add(scattered('correction', 4, '2026-03-09T09:00:00.000Z'));
    const stats = await runAnalysis(db, options({ mode: 'auto', reclusterRule: { minUnassigned: 3, unassignedShare: 0 } }));
    expect(stats.mode).toBe('full');
    expect(stats.reclusterReason).toMatch(/^\d+ new moments left unassigned since the last full clustering \(rule: 3\)$/);
    expect(stats.steps.assign).toBeGreaterThan(0);
    // Nothing new: an incremental run that changes nothing.
    const idle = await runAnalysis(db, options({ mode: 'auto' }));
    expect(idle).toMatchObject({ mode: 'incremental', newMoments: 0, embedded: 0, indexAdded: 0, clustersTouched: 0 });
    expect(listClusters(db, MODEL).map((c) => c.id).sort()).toEqual(Object.values(clusterIds).sort());
  });

  it('updates the clusters that lost members with their deleted moments', async () => {
    const a = getCluster(db, clusterIds.a)!;
    const gone = a.members.slice(0, 2).map((m) => m.sessionId);
    db.prepare(`DELETE FROM sessions WHERE id IN (${gone.join(',')})`).run();
    const stats = await runAnalysis(db, options({ mode: 'auto' }));
    expect(stats).toMatchObject({ mode: 'incremental', indexRemoved: 2, clustersTouched: 1 });
    expect(getCluster(db, clusterIds.a)!.size).toBe(a.size - 2);
  });
});
