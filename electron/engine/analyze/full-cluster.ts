import { MOMENT_KINDS, type MomentKind } from '../../../shared/types.js';
import { clusterGraph } from '../cluster/cluster-texts.js';
import { knnGraphFromIndex } from '../cluster/knn-graph.js';
import { layoutMap } from '../cluster/map.js';
import { similarityBackground, type SimilarityBackground } from '../cluster/noise.js';
import { summariseClusters } from '../cluster/summary.js';
import type { HnswIndex } from '../index/hnsw-index.js';
import { throwIfAborted } from '../import/types.js';
import { replaceClusters, replaceMapPoints } from '../store/clusters.js';
import type { Db } from '../store/db.js';
import type { AnalysedMoment } from './incremental.js';

/*
 * The full clustering: per kind, communities on the neighbour graph of the model's index, stored
 * with identities kept by membership (replaceClusters); then the 2-D map of every moment on the
 * neighbours of all kinds together.
 */

/** Neighbours per moment in the graph the clusters and the map are built on. */
export const GRAPH_K = 10;

export interface FullClusterResult {
  clusters: Record<MomentKind, number>;
  /** Moments in some cluster. */
  clustered: number;
  /** Moment ids that ended in a cluster. */
  inCluster: Set<number>;
  background: SimilarityBackground | null;
  /** Seconds spent clustering and mapping. */
  clusterSeconds: number;
  mapSeconds: number;
}

export function clusterEverything(
  db: Db,
  args: {
    model: string;
    runId: number;
    moments: readonly AnalysedMoment[];
    vectors: Map<string, Float32Array>;
    /** Null only when there are no moments. */
    index: HnswIndex | null;
    signal?: AbortSignal;
    progress: (phase: string, done: number, total: number) => void;
  },
): FullClusterResult {
  const { model, runId, moments, vectors, index, progress } = args;
  const t0 = performance.now();
  const clusters = Object.fromEntries(MOMENT_KINDS.map((k) => [k, 0])) as Record<MomentKind, number>;
  const inCluster = new Set<number>();
  if (moments.length === 0 || !index) {
    for (const kind of MOMENT_KINDS) replaceClusters(db, model, kind, [], runId);
    replaceMapPoints(db, model, []);
    return { clusters, clustered: 0, inCluster, background: null, clusterSeconds: 0, mapSeconds: 0 };
  }
  // How alike two random moments of any kind are: a "cluster" no tighter than that (a few
  // unrelated preferences, say) is noise, not a pattern.
  const allVectors = moments.map((m) => vectors.get(m.textHash)!);
  const background = similarityBackground(allVectors);
  const groups = new Int32Array(moments.length).fill(-1);
  const position = new Map(moments.map((m, i) => [m.id, i]));
  let offset = 0;
  for (const kind of MOMENT_KINDS) {
    progress('cluster', MOMENT_KINDS.indexOf(kind), MOMENT_KINDS.length);
    const ofKind = moments.filter((m) => m.kind === kind);
    const kindVectors = ofKind.map((m) => vectors.get(m.textHash)!);
    const result =
      ofKind.length > 0
        ? clusterGraph(knnGraphFromIndex(index, ofKind.map((m) => m.id), GRAPH_K, kindVectors), kindVectors, { background })
        : null;
    const facts = result ? summariseClusters(ofKind, result.labels, result.scores, result.count) : [];
    replaceClusters(
      db,
      model,
      kind,
      facts.map((f) => ({ ...f, kind })),
      runId,
    );
    clusters[kind] = facts.length;
    result?.labels.forEach((c, i) => {
      if (c >= 0) {
        groups[position.get(ofKind[i].id)!] = offset + c;
        inCluster.add(ofKind[i].id);
      }
    });
    offset += facts.length;
    throwIfAborted(args.signal);
  }
  const t1 = performance.now();
  progress('map', 0, 1);
  const graph = knnGraphFromIndex(index, moments.map((m) => m.id), GRAPH_K, allVectors);
  const layout = layoutMap(graph, allVectors, groups);
  replaceMapPoints(
    db,
    model,
    moments.map((m, i) => ({ momentId: m.id, x: layout.x[i], y: layout.y[i] })),
  );
  progress('map', 1, 1);
  return {
    clusters,
    clustered: inCluster.size,
    inCluster,
    background,
    clusterSeconds: (t1 - t0) / 1000,
    mapSeconds: (performance.now() - t1) / 1000,
  };
}
