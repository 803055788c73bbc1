import { describe, expect, it } from 'vitest';
import { clusterGraph } from '../../electron/engine/cluster/cluster-texts.js';
import { knnGraphFromVectors } from '../../electron/engine/cluster/knn-graph.js';
import { layoutMap, type MapLayout } from '../../electron/engine/cluster/map.js';
import { blobs } from './blobs.js';

/** Share of points whose nearest blob centre on the map is their own blob's. */
function mapPurity(map: MapLayout, truth: number[]): number {
  const blobsSeen = [...new Set(truth.filter((t) => t >= 0))];
  const centre = new Map(
    blobsSeen.map((b) => {
      const members = truth.map((t, i) => i).filter((i) => truth[i] === b);
      return [b, [members.reduce((s, i) => s + map.x[i], 0) / members.length, members.reduce((s, i) => s + map.y[i], 0) / members.length]];
    }),
  );
  let right = 0;
  let total = 0;
  truth.forEach((t, i) => {
    if (t < 0) return;
    total++;
    let best = -1;
    let bestD = Infinity;
    for (const [b, [cx, cy]] of centre) {
      const d = Math.hypot(map.x[i] - cx, map.y[i] - cy);
      if (d < bestD) [best, bestD] = [b, d];
    }
    if (best === t) right++;
  });
  return right / total;
}

function inRange(map: MapLayout): boolean {
  return [...map.x, ...map.y].every((v) => Number.isFinite(v) && v >= -1 && v <= 1);
}

describe('layoutMap', () => {
  const { vectors, truth } = blobs([40, 60, 30, 50], 10, 64, 21);
  const graph = knnGraphFromVectors(vectors, 10);

  it('lays points out with UMAP so that blobs stay together, stable between runs', () => {
    const a = layoutMap(graph, null);
    expect(a.landmarks).toBe(vectors.length);
    expect(inRange(a)).toBe(true);
    expect(mapPurity(a, truth)).toBeGreaterThan(0.97);
    const b = layoutMap(knnGraphFromVectors(vectors, 10), null);
    expect(Array.from(b.x)).toEqual(Array.from(a.x));
    expect(Array.from(b.y)).toEqual(Array.from(a.y));
  });

  it('places points around UMAP-laid landmarks when there are more points than landmarks', () => {
    const { labels } = clusterGraph(graph, vectors);
    const a = layoutMap(graph, vectors, labels, { maxLandmarks: 60 });
    expect(a.landmarks).toBeLessThanOrEqual(60);
    expect(a.x.length).toBe(vectors.length);
    expect(inRange(a)).toBe(true);
    expect(mapPurity(a, truth)).toBeGreaterThan(0.95);
    // No two points stacked on the same spot (the jitter spreads the placed ones).
    expect(new Set(Array.from(a.x, (x, i) => `${x},${a.y[i]}`)).size).toBe(vectors.length);
    const b = layoutMap(graph, vectors, labels, { maxLandmarks: 60 });
    expect(Array.from(b.x)).toEqual(Array.from(a.x));
    expect(() => layoutMap(graph, null, labels, { maxLandmarks: 60 })).toThrow(/needs their vectors/);
  });

  it('copes with tiny inputs', () => {
    for (const n of [0, 1, 2, 3, 5]) {
      const few = blobs([n], 0, 16, n + 1).vectors;
      const map = layoutMap(knnGraphFromVectors(few, 10), few);
      expect(map.x.length).toBe(n);
      expect(inRange(map)).toBe(true);
    }
  });
});
