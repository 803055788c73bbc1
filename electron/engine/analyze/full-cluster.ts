import { MOMENT_KINDS, type MomentKind } from '../../../shared/types.js';
import { clusterGraph } from '../cluster/cluster-texts.js';
import { knnGraphFromIndex } from '../cluster/knn-graph.js';
import { layoutMap } from '../cluster/map.js';
import { similarityBackground, type SimilarityBackground } from '../cluster/noise.js';
import { patternName } from '../cluster/pattern-name.js';
import { groupPatterns } from '../cluster/patterns.js';
import { centreSimilarities } from '../cluster/centres.js';
import { clusterKeywords, labelFromKeywords } from '../cluster/keywords.js';
import { summariseClusters } from '../cluster/summary.js';
import type { HnswIndex } from '../index/hnsw-index.js';
import { throwIfAborted } from '../base/cancel.js';
import { failureSignature } from '../cluster/failure-signature.js';
import { momentPlaces, replaceMapPoints, replacePatterns, type VariantRecord } from '../store/clusters.js';
import type { Db } from '../store/db.js';
import type { AnalysedMoment } from './incremental.js';

/*
 * The full clustering: per kind, communities on the neighbour graph of the model's index (the
 * variants); the variants grouped into patterns across kinds and wordings, with noise points
 * that sit close to a pattern joining it (cluster/patterns.ts); the patterns stored as the
 * clusters, identities kept by membership, each with its variants (replacePatterns); then the
 * 2-D map of every moment on the neighbours of all kinds together.
 */

/** Neighbours per moment in the graph the clusters and the map are built on. */
export const GRAPH_K = 10;

/**
 * Moments clustered together into variants. The person's corrections and standing instructions
 * share one graph: the detector's call between the two is often a coin toss for one sentence
 * ("we use pnpm, not npm"), and the pattern is the same either way. Requests and failures have
 * graphs of their own.
 */
const FAMILIES: readonly (readonly MomentKind[])[] = [['correction', 'preference'], ['task'], ['failure']];

/** How many messages after a failure the person's words still count as answering it. */
const ANSWER_WINDOW = 4;

/** Per moment, the failure moment it answers (the nearest one at most ANSWER_WINDOW messages before, same session), or -1. */
function answeredFailures(db: Db, moments: readonly AnalysedMoment[]): Int32Array {
  const places = momentPlaces(db);
  const failures = new Map<number, { seq: number; i: number }[]>();
  moments.forEach((m, i) => {
    if (m.kind !== 'failure') return;
    const p = places.get(m.id);
    if (!p) return;
    const list = failures.get(p.sessionId);
    if (list) list.push({ seq: p.seq, i });
    else failures.set(p.sessionId, [{ seq: p.seq, i }]);
  });
  return Int32Array.from(moments, (m) => {
    const p = places.get(m.id);
    if (m.kind === 'failure' || !p) return -1;
    let best = -1;
    let bestSeq = -Infinity;
    for (const f of failures.get(p.sessionId) ?? []) {
      if (f.seq < p.seq && f.seq >= p.seq - ANSWER_WINDOW && f.seq > bestSeq) {
        best = f.i;
        bestSeq = f.seq;
      }
    }
    return best;
  });
}

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
    replacePatterns(db, model, [], [], runId);
    replaceMapPoints(db, model, []);
    return { clusters, clustered: 0, inCluster, background: null, clusterSeconds: 0, mapSeconds: 0 };
  }
  // How alike two random moments of any kind are: a "cluster" no tighter than that (a few
  // unrelated preferences, say) is noise, not a pattern.
  const allVectors = moments.map((m) => vectors.get(m.textHash)!);
  const background = similarityBackground(allVectors);
  const variantOf = new Int32Array(moments.length).fill(-1);
  const position = new Map(moments.map((m, i) => [m.id, i]));
  const variantFacts: { kind: MomentKind; label: string; keywords: string[] }[] = [];
  for (const [f, family] of FAMILIES.entries()) {
    progress('cluster', f, FAMILIES.length + 1);
    const ofFamily = moments.filter((m) => family.includes(m.kind));
    const familyVectors = ofFamily.map((m) => vectors.get(m.textHash)!);
    const result =
      ofFamily.length > 0
        ? clusterGraph(knnGraphFromIndex(index, ofFamily.map((m) => m.id), GRAPH_K, familyVectors), familyVectors, { background })
        : null;
    if (result) {
      const keywords = clusterKeywords(ofFamily.map((m) => m.text), Array.from(result.labels), result.count);
      const offset = variantFacts.length;
      for (let c = 0; c < result.count; c++) variantFacts.push({ kind: family[0]!, label: labelFromKeywords(keywords[c]!), keywords: keywords[c]! });
      result.labels.forEach((c, i) => {
        if (c >= 0) variantOf[position.get(ofFamily[i]!.id)!] = offset + c;
      });
    }
    throwIfAborted(args.signal);
  }
  progress('cluster', FAMILIES.length, FAMILIES.length + 1);
  const grouping = groupPatterns({
    vectors: allVectors,
    variantOf,
    variants: variantFacts.length,
    background,
    failure: moments.map((m) => m.kind === 'failure'),
    signatures: moments.map((m) => (m.kind === 'failure' ? failureSignature(m.text) : null)),
    answers: answeredFailures(db, moments),
  });
  // Variants the signature step made out of unclustered failures: named from their members.
  for (let v = variantFacts.length; v < grouping.variants; v++) variantFacts.push({ kind: 'failure', label: '', keywords: [] });
  const labels = Array.from(grouping.labels);
  const scores = centreSimilarities(allVectors, labels, grouping.count);
  const facts = summariseClusters(moments, labels, scores, grouping.count);
  const variants: (VariantRecord & { pattern: number })[] = variantFacts.map((v, k) => ({ ...v, momentIds: [], pattern: grouping.ofVariant[k]! }));
  grouping.variantOf.forEach((v, i) => v >= 0 && variants[v]!.momentIds.push(moments[i]!.id));
  for (const v of variants) {
    // A variant's kind is its members' most common kind; one without a label takes its first member's words.
    const counts = new Map<MomentKind, number>();
    for (const id of v.momentIds) {
      const k = moments[position.get(id)!]!.kind;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    v.kind = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? v.kind;
    if (v.momentIds.length > 0) v.label = patternName(v.momentIds.map((id) => moments[position.get(id)!]!));
  }
  replacePatterns(
    db,
    model,
    facts.map((f) => {
      const kinds: Partial<Record<MomentKind, number>> = {};
      for (const m of f.members) {
        const k = moments[position.get(m.momentId)!]!.kind;
        kinds[k] = (kinds[k] ?? 0) + 1;
      }
      const kind = (Object.entries(kinds) as [MomentKind, number][]).sort((a, b) => b[1] - a[1] || MOMENT_KINDS.indexOf(a[0]) - MOMENT_KINDS.indexOf(b[0]))[0]![0];
      clusters[kind]++;
      const label = patternName(f.members.map((m) => moments[position.get(m.momentId)!]!));
      return { ...f, label, kind, kinds };
    }),
    variants,
    runId,
  );
  labels.forEach((c, i) => {
    if (c >= 0) inCluster.add(moments[i]!.id);
  });
  const groups = grouping.labels;
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
