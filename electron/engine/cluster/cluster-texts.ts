import type { HnswParams } from '../index/hnsw-index.js';
import { detectCommunities } from './communities.js';
import { edgeList, knnGraphFromVectors, type EdgeList, type EdgeWeighting, type KnnGraph } from './knn-graph.js';

/*
 * The clustering core: vectors (or their neighbour graph) in, a cluster per point out, -1 for
 * noise. Used on arbitrary texts and, per moment kind, on the moments of one model. Pure and
 * deterministic: the same vectors in the same order give the same labels.
 */

export interface ClusterOptions {
  /** Neighbours per point in the graph. */
  k: number;
  weighting: EdgeWeighting;
  /**
   * Minimum internal edge density (weight per pair of members) a cluster must keep, in the
   * sense of the constant Potts model. Louvain optimises modularity, so it is passed as the
   * resolution density * n / mean degree, which makes the two objectives the same on a graph
   * of even degree. A fixed density, unlike a fixed modularity resolution, gives the same
   * clusters for the same moments however many other moments there are (modularity's
   * resolution limit merges ever larger groups as n grows).
   */
  density: number;
  /**
   * The resolution never goes below this (plain modularity). On small inputs the density rule
   * alone would ask for a resolution far below 1, where the weak edges every point has to some
   * other cluster (k neighbours, clusters smaller than k) are enough to merge separate groups.
   */
  minResolution: number;
  /** See `CommunityOptions.mergeShare`: pieces of one uniform group are put back together. */
  mergeShare: number;
  /** See `CommunityOptions.attachShare`: rim members of big clusters are not noise. */
  attachShare: number;
  /** Smaller groups are noise: a pattern needs a few occurrences. */
  minSize: number;
  /**
   * Points far from everything are noise before the communities are sought: a point whose
   * distance to its (minSize-1)-th nearest neighbour, relative to the same distance of its
   * neighbours, is this many robust standard deviations above the typical ratio. Left in, such
   * points link to the nearest of everything and bridge clusters that have nothing else in
   * common. 0 turns the rule off.
   */
  isolationZ: number;
  /**
   * A member whose similarity to its cluster's centre is this many robust standard deviations
   * (median absolute deviation x 1.4826) below the cluster's median is noise: it was only
   * attached because every point of the graph has neighbours. 0 turns the rule off.
   */
  outlierZ: number;
  seed: number;
  /** For the throw-away index used when building the graph from raw vectors. */
  hnsw?: Partial<HnswParams>;
}

export const DEFAULT_CLUSTER_OPTIONS: ClusterOptions = {
  k: 10,
  weighting: 'fuzzy',
  density: 0.01,
  minResolution: 1,
  mergeShare: 0.2,
  attachShare: 0.5,
  minSize: 3,
  isolationZ: 3.5,
  outlierZ: 4,
  seed: 7,
};

export interface Clustering {
  /** Cluster per point, 0..count-1 by decreasing size; -1 for noise. */
  labels: number[];
  count: number;
  /** Cosine similarity of each point to its cluster's centre (0 for noise): representativeness. */
  scores: number[];
  /** The neighbour graph, for the map. */
  graph: KnnGraph;
  resolution: number;
  modularity: number;
}

/** Clusters arbitrary vectors without being told how many clusters there are. */
export function clusterVectors(vectors: readonly ArrayLike<number>[], options: Partial<ClusterOptions> = {}): Clustering {
  const o = { ...DEFAULT_CLUSTER_OPTIONS, ...options };
  return clusterGraph(knnGraphFromVectors(vectors, o.k, o.hnsw), vectors, o);
}

/** Clusters points whose neighbour graph is already known (e.g. from the persisted index); `vectors` in the same order. */
export function clusterGraph(graph: KnnGraph, vectors: readonly ArrayLike<number>[], options: Partial<ClusterOptions> = {}): Clustering {
  const o = { ...DEFAULT_CLUSTER_OPTIONS, ...options };
  const n = graph.n;
  if (vectors.length !== n) throw new Error(`graph has ${n} points but ${vectors.length} vectors were given`);
  const isolated = o.isolationZ > 0 ? isolatedPoints(graph, Math.max(1, o.minSize - 1), o.isolationZ) : null;
  const edges = withoutPoints(edgeList(graph, o.weighting), isolated);
  let total = 0;
  for (const w of edges.weight) total += w;
  const meanDegree = n > 0 ? (2 * total) / n : 0;
  const resolution = Math.max(o.minResolution, meanDegree > 0 ? (o.density * n) / meanDegree : 1);
  const communities = detectCommunities(edges, { resolution, minSize: o.minSize, mergeShare: o.mergeShare, attachShare: o.attachShare, seed: o.seed });
  const labels = Array.from(communities.labels);
  let scores = centreSimilarities(vectors, labels, communities.count);
  if (o.outlierZ > 0) {
    dropOutliers(labels, scores, communities.count, o.outlierZ);
    // Outliers leave; sizes may fall below the minimum, and the centres move.
    const relabelled = renumberBySize(labels, o.minSize);
    scores = centreSimilarities(vectors, relabelled.labels, relabelled.count);
    return { labels: relabelled.labels, count: relabelled.count, scores, graph, resolution, modularity: communities.modularity };
  }
  return { labels, count: communities.count, scores, graph, resolution, modularity: communities.modularity };
}

/** Unit-length mean of each cluster's vectors. */
export function clusterCentres(vectors: readonly ArrayLike<number>[], labels: readonly number[], count: number): Float64Array[] {
  const dim = vectors.length ? vectors[0].length : 0;
  const centres = Array.from({ length: count }, () => new Float64Array(dim));
  labels.forEach((c, i) => {
    if (c < 0) return;
    const v = vectors[i];
    const centre = centres[c];
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += v[d] * v[d];
    norm = Math.sqrt(norm) || 1;
    for (let d = 0; d < dim; d++) centre[d] += v[d] / norm;
  });
  for (const centre of centres) {
    let norm = 0;
    for (const x of centre) norm += x * x;
    norm = Math.sqrt(norm) || 1;
    for (let d = 0; d < dim; d++) centre[d] /= norm;
  }
  return centres;
}

function centreSimilarities(vectors: readonly ArrayLike<number>[], labels: readonly number[], count: number): number[] {
  const centres = clusterCentres(vectors, labels, count);
  return labels.map((c, i) => {
    if (c < 0) return 0;
    const v = vectors[i];
    const centre = centres[c];
    let dot = 0;
    let norm = 0;
    for (let d = 0; d < centre.length; d++) {
      dot += v[d] * centre[d];
      norm += v[d] * v[d];
    }
    return norm > 0 ? dot / Math.sqrt(norm) : 0;
  });
}

/** An isolated point is at least 1.5 times as far from its neighbours as they are from theirs. */
const MIN_ISOLATION_LOG_RATIO = Math.log(1.5);

/**
 * Points much farther from their `rank`-th neighbour than their neighbours are from theirs (a
 * local outlier factor): log of that ratio, robust z-score over all points, above `z`. Local, so
 * a small loose cluster among big dense ones is not taken for noise.
 */
function isolatedPoints(graph: KnnGraph, rank: number, z: number): Uint8Array {
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

function withoutPoints(edges: EdgeList, drop: Uint8Array | null): EdgeList {
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

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function dropOutliers(labels: number[], scores: number[], count: number, z: number): void {
  const members: number[][] = Array.from({ length: count }, () => []);
  labels.forEach((c, i) => c >= 0 && members[c].push(i));
  for (const list of members) {
    if (list.length < 4) continue;
    const sims = list.map((i) => scores[i]);
    const med = median(sims);
    const mad = median(sims.map((s) => Math.abs(s - med))) * 1.4826;
    if (mad === 0) continue;
    for (const i of list) if ((med - scores[i]) / mad > z) labels[i] = -1;
  }
}

function renumberBySize(labels: number[], minSize: number): { labels: number[]; count: number } {
  const size = new Map<number, number>();
  for (const c of labels) if (c >= 0) size.set(c, (size.get(c) ?? 0) + 1);
  // Sizes only shrank, so the old order (by size, then first member) is kept among survivors except for ties.
  const kept = [...size.keys()].filter((c) => size.get(c)! >= minSize).sort((a, b) => size.get(b)! - size.get(a)! || a - b);
  const id = new Map(kept.map((c, i) => [c, i]));
  return { labels: labels.map((c) => id.get(c) ?? -1), count: kept.length };
}
