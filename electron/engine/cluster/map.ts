import { UMAP } from 'umap-js';
import { HnswIndex } from '../index/hnsw-index.js';
import { knnGraphFromIndex, type KnnGraph } from './knn-graph.js';
import { seededRandom } from '../base/random.js';

/*
 * 2-D map coordinates for every point. UMAP (umap-js) runs on the neighbour lists we already
 * have instead of its own nearest-neighbour search. umap-js keeps its graph in string-keyed maps
 * and its layout in nested arrays: about 1 s per 1,000 points here, so beyond `maxLandmarks`
 * UMAP lays out a landmark sample (stratified so every cluster has landmarks) and the other
 * points are placed outwards from the landmarks along the neighbour graph: each at the
 * similarity-weighted mean of its placed neighbours (of its own cluster when it has some there),
 * plus a small seeded jitter so the points of one place do not stack.
 * Everything is seeded: the same data in the same order gives the same map.
 */

export interface MapOptions {
  /** Above this many points UMAP runs on a landmark sample of this size. */
  maxLandmarks: number;
  /** Minimum landmarks per cluster, so small clusters land where they belong. */
  landmarksPerGroup: number;
  minDist: number;
  seed: number;
}

export const DEFAULT_MAP_OPTIONS: MapOptions = {
  maxLandmarks: 3000,
  landmarksPerGroup: 2,
  minDist: 0.1,
  seed: 11,
};

export interface MapLayout {
  /** Coordinates centred on 0 and scaled into [-1, 1]. */
  x: Float32Array;
  y: Float32Array;
  /** How many points UMAP laid out itself (all of them when not above `maxLandmarks`). */
  landmarks: number;
}

/**
 * Lays out points given their neighbour graph. `vectors` (same order) are only read when the
 * points exceed `maxLandmarks`; `groups` (cluster per point, -1 none) stratifies the landmarks.
 */
export function layoutMap(
  graph: KnnGraph,
  vectors: readonly ArrayLike<number>[] | null,
  groups: ArrayLike<number> | null = null,
  options: Partial<MapOptions> = {},
): MapLayout {
  const o = { ...DEFAULT_MAP_OPTIONS, ...options };
  const n = graph.n;
  if (n <= o.maxLandmarks) {
    const xy = umapLayout(graph, o);
    return normalise(xy, n, n);
  }
  if (!vectors || vectors.length !== n) throw new Error(`mapping ${n} points needs their vectors (landmark placement)`);
  const chosen = chooseLandmarks(n, groups, o);
  const index = HnswIndex.inMemory(vectors[0].length);
  for (const p of chosen) index.add(p, vectors[p]);
  const landmarkGraph = knnGraphFromIndex(index, chosen, graph.k, chosen.map((p) => vectors[p]));
  const landmarkXy = umapLayout(landmarkGraph, o);

  const xy = new Float64Array(2 * n);
  const placed = new Uint8Array(n);
  // Jitter scale per point: its anchor landmark's distance to that landmark's nearest neighbour on the map.
  const spacing = new Float64Array(n);
  const landmarkSpacing = nearestSpacing(landmarkGraph, landmarkXy);
  chosen.forEach((p, i) => {
    xy[2 * p] = landmarkXy[2 * i];
    xy[2 * p + 1] = landmarkXy[2 * i + 1];
    spacing[p] = landmarkSpacing[i];
    placed[p] = 1;
  });
  const rand = seededRandom(o.seed + 1);
  spreadFromLandmarks(graph, groups, { xy, placed, spacing }, rand);
  // Points the graph does not connect to any landmark: beside their nearest landmark.
  for (let p = 0; p < n; p++) {
    if (placed[p]) continue;
    const q = index.knn(vectors[p], 1).ids[0];
    const angle = 2 * Math.PI * rand();
    xy[2 * p] = xy[2 * q] + 0.5 * spacing[q] * Math.cos(angle);
    xy[2 * p + 1] = xy[2 * q + 1] + 0.5 * spacing[q] * Math.sin(angle);
  }
  return normalise(xy, n, chosen.length);
}

/**
 * Places points outwards from the landmarks along the neighbour graph, one ring per round: each
 * point goes to the weighted mean of its already placed neighbours (of its own cluster when it
 * has some there), plus a seeded jitter within half its anchor's spacing. Decided on the state
 * before each round, so the result does not depend on the order of points within a ring.
 */
function spreadFromLandmarks(
  graph: KnnGraph,
  groups: ArrayLike<number> | null,
  state: { xy: Float64Array; placed: Uint8Array; spacing: Float64Array },
  rand: () => number,
): void {
  const { n, k, indices, similarities } = graph;
  const { xy, placed, spacing } = state;
  for (;;) {
    const ring: number[] = [];
    for (let p = 0; p < n; p++) {
      if (placed[p]) continue;
      const group = groups ? groups[p] : -1;
      let sameGroup = false;
      for (let a = p * k; a < (p + 1) * k; a++) {
        const q = indices[a];
        if (q >= 0 && placed[q] && group >= 0 && groups![q] === group) sameGroup = true;
      }
      let wx = 0;
      let wy = 0;
      let wsum = 0;
      let anchor = -1;
      let best = 0;
      for (let a = p * k; a < (p + 1) * k; a++) {
        const q = indices[a];
        if (q < 0 || !placed[q] || (sameGroup && groups![q] !== group)) continue;
        // Inverse squared distance: the nearest dominates, ties share.
        const d = Math.max(1e-4, 1 - similarities[a]);
        const w = 1 / (d * d);
        wx += w * xy[2 * q];
        wy += w * xy[2 * q + 1];
        wsum += w;
        if (w > best) [best, anchor] = [w, q];
      }
      if (anchor >= 0) ring.push(p, wx / wsum, wy / wsum, spacing[anchor]);
    }
    if (ring.length === 0) return;
    for (let j = 0; j < ring.length; j += 4) {
      const p = ring[j];
      const angle = 2 * Math.PI * rand();
      const radius = 0.5 * ring[j + 3] * Math.sqrt(rand());
      xy[2 * p] = ring[j + 1] + radius * Math.cos(angle);
      xy[2 * p + 1] = ring[j + 2] + radius * Math.sin(angle);
      spacing[p] = ring[j + 3];
      placed[p] = 1;
    }
  }
}

/** UMAP of a neighbour graph; 2n coordinates. */
function umapLayout(graph: KnnGraph, o: MapOptions): Float64Array {
  const { n, k } = graph;
  const xy = new Float64Array(2 * n);
  if (n <= 2) {
    // Too few points for a neighbour graph: a fixed line.
    for (let i = 0; i < n; i++) xy[2 * i] = i;
    return xy;
  }
  // umap-js expects each point first in its own list at distance 0.
  const width = Math.min(k, n - 2);
  const indices: number[][] = [];
  const distances: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row = [i];
    const dist = [0];
    for (let a = 0; a < width; a++) {
      const j = graph.indices[i * k + a];
      row.push(j);
      // Padding (-1) is skipped by umap-js; its distance must stay finite for the local scale search.
      dist.push(j < 0 ? 2 : Math.max(0, 1 - graph.similarities[i * k + a]));
    }
    indices.push(row);
    distances.push(dist);
  }
  const umap = new UMAP({
    nComponents: 2,
    nNeighbors: width + 1,
    minDist: o.minDist,
    // umap-js picks 500 epochs for small inputs and 200 for large ones; 200 is plenty past a few thousand.
    nEpochs: n <= 2500 ? 500 : 200,
    random: seededRandom(o.seed),
  });
  umap.setPrecomputedKNN(indices, distances);
  // With precomputed neighbours umap-js only reads the input's length.
  const epochs = umap.initializeFit(indices);
  for (let e = 0; e < epochs; e++) umap.step();
  const embedding = umap.getEmbedding();
  for (let i = 0; i < n; i++) {
    xy[2 * i] = embedding[i][0];
    xy[2 * i + 1] = embedding[i][1];
  }
  return xy;
}

/**
 * Landmarks: every group gets `landmarksPerGroup` (or all its points) first; what is left of the
 * budget goes to groups and noise in proportion to their size. Members are taken evenly spaced.
 */
function chooseLandmarks(n: number, groups: ArrayLike<number> | null, o: MapOptions): number[] {
  const members = new Map<number, number[]>();
  for (let p = 0; p < n; p++) {
    const g = groups ? groups[p] : -1;
    let list = members.get(g);
    if (!list) members.set(g, (list = []));
    list.push(p);
  }
  const floor = (g: number, list: number[]): number => (g >= 0 ? Math.min(list.length, o.landmarksPerGroup) : 0);
  let reserved = 0;
  for (const [g, list] of members) reserved += floor(g, list);
  const share = Math.max(0, o.maxLandmarks - reserved) / n;
  const chosen: number[] = [];
  for (const [g, list] of members) {
    const quota = Math.min(list.length, floor(g, list) + Math.floor(list.length * share));
    for (let j = 0; j < quota; j++) chosen.push(list[Math.floor(((j + 0.5) * list.length) / quota)]);
  }
  return chosen.sort((a, b) => a - b);
}

/** Each landmark's 2-D distance to its nearest graph neighbour: the scale of the jitter around it. */
function nearestSpacing(graph: KnnGraph, xy: Float64Array): Float64Array {
  const out = new Float64Array(graph.n);
  for (let i = 0; i < graph.n; i++) {
    let best = Infinity;
    for (let a = 0; a < graph.k; a++) {
      const j = graph.indices[i * graph.k + a];
      if (j < 0) continue;
      best = Math.min(best, Math.hypot(xy[2 * i] - xy[2 * j], xy[2 * i + 1] - xy[2 * j + 1]));
    }
    out[i] = Number.isFinite(best) ? best : 0;
  }
  return out;
}

function normalise(xy: Float64Array, n: number, landmarks: number): MapLayout {
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < n; i++) {
    cx += xy[2 * i];
    cy += xy[2 * i + 1];
  }
  cx /= n || 1;
  cy /= n || 1;
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(xy[2 * i] - cx), Math.abs(xy[2 * i + 1] - cy));
  scale = scale || 1;
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = (xy[2 * i] - cx) / scale;
    y[i] = (xy[2 * i + 1] - cy) / scale;
  }
  return { x, y, landmarks };
}
