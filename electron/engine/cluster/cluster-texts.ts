import type { HnswParams } from '../index/hnsw-index.js';
import { detectCommunities } from './communities.js';
import { edgeList, knnGraphFromVectors, type EdgeWeighting, type KnnGraph } from './knn-graph.js';
import { centreSimilarities } from './centres.js';
import { dropLooseClusters, dropOutliers, isolatedPoints, withoutPoints, type SimilarityBackground } from './noise.js';
import { renumberBySize } from '../base/labels.js';

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
  /**
   * What unrelated moments look like (see `similarityBackground`), from a broad set such as all
   * moments of the model. When given, a cluster whose members are on average not at least
   * `cohesionZ` standard deviations more alike than random pairs is noise: a handful of
   * unrelated moments is one "cluster" to any method that only compares neighbours. Not
   * derived from the input by default, because an input made mostly of one pattern would
   * make that pattern the background.
   */
  background?: SimilarityBackground | null;
  cohesionZ: number;
  seed: number;
  /** For the throw-away index used when building the graph from raw vectors. */
  hnsw?: Partial<HnswParams>;
}

/**
 * One setting for all data. Chosen on Banking77 (3,080 utterances, 77 intents; see
 * bench/sections/cluster-quality.ts) and checked on subsets of other shapes and on synthetic
 * blobs of very different sizes with scattered points (test/cluster): 10 neighbours and fuzzy
 * weights gave the best NMI; density 0.01 gives about 90 clusters on Banking77 and still one
 * cluster per blob where there are five.
 */
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
  cohesionZ: 0.5,
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
  let labels = Array.from(communities.labels);
  let count = communities.count;
  let scores = centreSimilarities(vectors, labels, count);
  const dropped = o.outlierZ > 0 ? dropOutliers(labels, scores, count, o.outlierZ) : 0;
  const loose = o.background && o.cohesionZ > 0 ? dropLooseClusters(vectors, labels, count, o.background, o.cohesionZ) : 0;
  if (dropped + loose > 0) {
    // Points left; sizes may fall below the minimum, and the centres move.
    ({ labels, count } = renumberBySize(labels, o.minSize));
    scores = centreSimilarities(vectors, labels, count);
  }
  return { labels, count, scores, graph, resolution, modularity: communities.modularity };
}

export { similarityBackground, type SimilarityBackground } from './noise.js';
export { clusterCentres } from './centres.js';
