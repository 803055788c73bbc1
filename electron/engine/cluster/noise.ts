import type { EdgeList, KnnGraph } from './knn-graph.js';
import { cosine } from '../base/vectors.js';
import { seededRandom } from '../base/random.js';
import { median } from '../base/stats.js';

/*
 * The rules that leave points unclustered (noise). Each works relative to the data, so no
 * threshold depends on the embedding model's similarity scale: isolated points before the
 * communities are sought, outlying members and clusters no more alike than chance after.
 */

/** An isolated point is at least 1.5 times as far from its neighbours as they are from theirs. */
const MIN_ISOLATION_LOG_RATIO = Math.log(1.5);

/**
 * Points much farther from their `rank`-th neighbour than their neighbours are from theirs (a
 * local outlier factor): log of that ratio, robust z-score over all points, above `z`. Local, so
 * a small loose cluster among big dense ones is not taken for noise.
 */
export function isolatedPoints(graph: KnnGraph, rank: number, z: number): Uint8Array {
  const { n, k, indices, similarities } = graph;
  const out = new Uint8Array(n);
  if (n < 4) return out;
  // The `rank` best similarities of each point over its own list and the lists that name it:
  // an approximate search that missed a point's neighbours usually found the point from theirs.
  const best = new Float64Array(n * rank).fill(-1);
  const offer = (i: number, sim: number): void => {
    let a = i * rank + rank - 1;
    if (sim <= best[a]) return;
    while (a > i * rank && best[a - 1] < sim) {
      best[a] = best[a - 1];
      a--;
    }
    best[a] = sim;
  };
  for (let i = 0; i < n; i++) {
    for (let a = i * k; a < (i + 1) * k; a++) {
      const j = indices[a];
      if (j < 0) continue;
      // A pair listed by both ends is offered twice; skip the second copy.
      if (j < i && listsPoint(graph, j, i)) continue;
      offer(i, similarities[a]);
      offer(j, similarities[a]);
    }
  }
  const core = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const sim = best[i * rank + rank - 1];
    core[i] = sim > -1 ? Math.max(1e-6, 1 - sim) : 2;
  }
  const ratio: number[] = [];
  for (let i = 0; i < n; i++) {
    const around: number[] = [];
    for (let a = i * k; a < (i + 1) * k; a++) if (indices[a] >= 0) around.push(core[indices[a]]);
    ratio.push(around.length ? Math.log(core[i] / median(around)) : 0);
  }
  const med = median(ratio);
  const mad = median(ratio.map((r) => Math.abs(r - med))) * 1.4826;
  if (mad === 0) return out;
  // The robust z-score alone is oversensitive where distances concentrate (high-dimensional,
  // uniform data: a tiny spread makes any deviation many deviations), hence the fixed floor.
  for (let i = 0; i < n; i++) if (ratio[i] > MIN_ISOLATION_LOG_RATIO && (ratio[i] - med) / mad > z) out[i] = 1;
  return out;
}

function listsPoint(graph: KnnGraph, i: number, j: number): boolean {
  for (let a = i * graph.k; a < (i + 1) * graph.k; a++) if (graph.indices[a] === j) return true;
  return false;
}

/** The edge list without the edges that touch dropped points. */
export function withoutPoints(edges: EdgeList, drop: Uint8Array | null): EdgeList {
  if (!drop || !drop.includes(1)) return edges;
  const keep: number[] = [];
  for (let e = 0; e < edges.source.length; e++) if (!drop[edges.source[e]] && !drop[edges.target[e]]) keep.push(e);
  return {
    n: edges.n,
    source: Int32Array.from(keep, (e) => edges.source[e]),
    target: Int32Array.from(keep, (e) => edges.target[e]),
    weight: Float64Array.from(keep, (e) => edges.weight[e]),
  };
}

/** Mean and standard deviation of the similarity of random pairs: what "unrelated" looks like for a model. */
export interface SimilarityBackground {
  mean: number;
  sd: number;
}

/** Similarity of up to `pairs` random pairs (seeded) of the vectors. */
export function similarityBackground(vectors: readonly ArrayLike<number>[], pairs = 4000, seed = 5): SimilarityBackground | null {
  const n = vectors.length;
  if (n < 2) return null;
  const rand = seededRandom(seed);
  const sims: number[] = [];
  for (let t = 0; t < pairs; t++) {
    const i = Math.floor(rand() * n);
    const j = Math.floor(rand() * (n - 1));
    sims.push(cosine(vectors[i], vectors[j >= i ? j + 1 : j]));
  }
  const mean = sims.reduce((a, b) => a + b, 0) / sims.length;
  const sd = Math.sqrt(sims.reduce((a, b) => a + (b - mean) ** 2, 0) / sims.length);
  return { mean, sd };
}

/**
 * Clusters whose members are on average no more alike than random pairs (mean pairwise
 * similarity below background mean + z x sd) become noise. Returns how many points left.
 */
export function dropLooseClusters(
  vectors: readonly ArrayLike<number>[],
  labels: number[],
  count: number,
  background: SimilarityBackground,
  z: number,
): number {
  const dim = vectors.length ? vectors[0].length : 0;
  const sum = Array.from({ length: count }, () => new Float64Array(dim));
  const size = new Array<number>(count).fill(0);
  labels.forEach((c, i) => {
    if (c < 0) return;
    const v = vectors[i];
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += v[d] * v[d];
    norm = Math.sqrt(norm) || 1;
    for (let d = 0; d < dim; d++) sum[c][d] += v[d] / norm;
    size[c]++;
  });
  // For unit vectors, the sum over ordered pairs i != j of v_i . v_j is |sum|^2 - size.
  const loose = new Set<number>();
  for (let c = 0; c < count; c++) {
    if (size[c] < 2) continue;
    let sq = 0;
    for (const x of sum[c]) sq += x * x;
    const cohesion = (sq - size[c]) / (size[c] * (size[c] - 1));
    if (cohesion < background.mean + z * background.sd - 1e-9) loose.add(c);
  }
  let dropped = 0;
  labels.forEach((c, i) => {
    if (loose.has(c)) {
      labels[i] = -1;
      dropped++;
    }
  });
  return dropped;
}

/**
 * Members whose similarity to their cluster's centre is more than `z` robust standard deviations
 * (median absolute deviation x 1.4826) below the cluster's median become -1. Returns how many.
 */
export function dropOutliers(labels: number[], scores: number[], count: number, z: number): number {
  let dropped = 0;
  const members: number[][] = Array.from({ length: count }, () => []);
  labels.forEach((c, i) => c >= 0 && members[c].push(i));
  for (const list of members) {
    if (list.length < 4) continue;
    const sims = list.map((i) => scores[i]);
    const med = median(sims);
    const mad = median(sims.map((s) => Math.abs(s - med))) * 1.4826;
    if (mad === 0) continue;
    for (const i of list) {
      if ((med - scores[i]) / mad > z) {
        labels[i] = -1;
        dropped++;
      }
    }
  }
  return dropped;
}

