import { MOMENT_KINDS, type MomentKind, type Progress } from '../../../shared/types.js';
import type { SimilarityBackground } from '../cluster/noise.js';
import { embedWithCache } from '../embed/cache.js';
import { clusterCountsByKind, finishAnalysisRun, momentsForAnalysis, startAnalysisRun } from '../store/analysis-runs.js';
import { cachedCount, cachedDim } from '../store/embeddings.js';
import type { EmbedOptions } from '../embed/embed-texts.js';
import { HnswIndex } from '../index/hnsw-index.js';
import { throwIfAborted } from '../base/cancel.js';
import { classifierFor, type ClassifierWeights } from '../moments/classifier.js';
import { detectMoments } from '../moments/extract.js';
import { clusterMembership, mappedMomentIds } from '../store/clusters.js';
import type { Db } from '../store/db.js';
import { clusterEverything } from './full-cluster.js';
import { commitAssignment, planAssignment, type AnalysedMoment, type AssignmentPlan } from './incremental.js';
import { CLUSTERING_VERSION, DEFAULT_RECLUSTER_RULE, readClusteringState, reclusterDecision, type AnalyzeMode, type ReclusterRule } from './recluster-rule.js';
import { serialised } from './serial.js';
import { textHash } from '../base/hash.js';

/*
 * `reverie analyze` and every dream run: each step after import, each incremental where it can be.
 *   moments  — only sessions that are new or changed are scanned (moments/extract);
 *   embed    — only moments not placed by an earlier run are embedded, and only texts not in the
 *              cache for this model reach the model (embed/cache);
 *   index    — the model's persisted HNSW index gains new moments, loses deleted ones;
 *   cluster  — either a full clustering per kind on the neighbour graph of the index, identities
 *              kept across runs (full-cluster.ts), or an incremental run that assigns the new
 *              moments to existing clusters and places them on the map (incremental.ts). Which
 *              one: mode 'full' always re-clusters, 'incremental' assigns when the model has a
 *              full clustering by today's rules, 'auto' follows recluster-rule.ts.
 *   map      — a full run lays out every moment again; an incremental one leaves old points be.
 * Every stored session is analysed: nothing is sampled. Analyses of one store run one at a time.
 */

export type { AnalyzeMode } from './recluster-rule.js';

export interface AnalyzeOptions {
  dataDir: string;
  model: string;
  modelsDir: string;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** Replaces the embedder (tests); see embed/cache. */
  embed?: (texts: string[], options: EmbedOptions) => Promise<Float32Array[]>;
  /** 'full' (the default: `reverie analyze`), 'incremental', or 'auto' (dream runs). */
  mode?: AnalyzeMode;
  /** Changes to the re-cluster rule of 'auto' mode (tests, benchmarks). */
  reclusterRule?: Partial<ReclusterRule>;
  /** The moment classifier's weights (tests); default: the shipped ones, used only when trained on `model`. */
  classifier?: ClassifierWeights;
}

/** Seconds per step of a run. */
export interface StepSeconds {
  moments: number;
  embed: number;
  index: number;
  /** Incremental: deciding each new moment's cluster. */
  assign: number;
  /** Full: communities per kind and storing them; incremental: recomputing the touched clusters' facts. */
  cluster: number;
  map: number;
}

export interface AnalysisStats {
  runId: number;
  sessionsScanned: number;
  momentsAdded: number;
  momentsRemoved: number;
  moments: number;
  embedded: number;
  indexAdded: number;
  indexRemoved: number;
  clusters: Record<MomentKind, number>;
  clustered: number;
  seconds: number;
  mode: 'full' | 'incremental';
  /** Why this run re-clustered everything (null for an incremental run). */
  reclusterReason: string | null;
  /** Moments this run placed for the first time (not seen by an earlier run of this model). */
  newMoments: number;
  /** Of those, the ones that ended in a cluster... */
  assigned: number;
  /** ...and the ones left as noise. */
  unassigned: number;
  /** Incremental: how many new moments each assignment rule decided (cluster/assign.ts). */
  assignReasons: AssignmentPlan['reasons'];
  /** Incremental: clusters whose facts were rewritten. */
  clustersTouched: number;
  clusteringVersion: number;
  /** The similarity of random pairs the noise rules compared with (full runs; incremental runs reuse it). */
  background: SimilarityBackground | null;
  steps: StepSeconds;
  /** Which detectors found the moments: the rules and the classifier, or the rules alone and why. */
  detectors: string;
}

export function runAnalysis(db: Db, options: AnalyzeOptions): Promise<AnalysisStats> {
  return serialised(db, 'analysis', () => analyse(db, options), options.signal);
}

async function analyse(db: Db, options: AnalyzeOptions): Promise<AnalysisStats> {
  const started = Date.now();
  const steps: StepSeconds = { moments: 0, embed: 0, index: 0, assign: 0, cluster: 0, map: 0 };
  let mark = performance.now();
  const lap = (step: keyof StepSeconds) => {
    const now = performance.now();
    steps[step] += (now - mark) / 1000;
    mark = now;
  };
  const progress = (phase: string, done: number, total: number) => options.onProgress?.({ phase, done, total });
  const runId = startAnalysisRun(db, options.model, new Date(started));

  const cachedBefore = cachedCount(db, options.model);
  const embedOptions = {
    model: options.model,
    modelsDir: options.modelsDir,
    signal: options.signal,
    onProgress: (done: number, total: number) => progress('embed', done, total),
    embed: options.embed,
  };
  // Moments: the rules, and the classifier when it was trained on this model. The turns it reads are
  // embedded through the same cache, so a turn that becomes a moment with the same text is embedded once.
  const { weights, note: detectors } = classifierFor(options.model, options.classifier);
  const extracted = await detectMoments(db, {
    signal: options.signal,
    onProgress: options.onProgress,
    weights,
    vectorsFor: async (texts) => {
      const items = texts.map((text) => ({ text, textHash: textHash(text) }));
      const got = await embedWithCache(db, items, embedOptions);
      const out = new Map<string, Float32Array>();
      for (const it of items) {
        const v = got.get(it.textHash);
        if (v && v.length === weights!.dim) out.set(it.text, v);
      }
      return out;
    },
  });
  throwIfAborted(options.signal);
  const moments = momentsForAnalysis(db);
  const placed = mappedMomentIds(db, options.model);
  const fresh = moments.filter((m) => !placed.has(m.id));
  lap('moments');

  const vectors = new Map<string, Float32Array>();
  /** Makes sure `vectors` holds these moments' vectors: from the cache, or embedded when not cached. */
  const fill = async (list: readonly AnalysedMoment[]) => {
    const need = list.filter((m) => !vectors.has(m.textHash));
    if (need.length) for (const [h, v] of await embedWithCache(db, need, embedOptions)) vectors.set(h, v);
  };
  await fill(fresh);
  throwIfAborted(options.signal);

  const stats: AnalysisStats = {
    runId,
    sessionsScanned: extracted.scanned,
    momentsAdded: extracted.added,
    momentsRemoved: extracted.removed,
    moments: moments.length,
    embedded: 0,
    indexAdded: 0,
    indexRemoved: 0,
    clusters: Object.fromEntries(MOMENT_KINDS.map((k) => [k, 0])) as Record<MomentKind, number>,
    clustered: 0,
    seconds: 0,
    mode: 'full',
    reclusterReason: null,
    newMoments: fresh.length,
    assigned: 0,
    unassigned: 0,
    assignReasons: {},
    clustersTouched: 0,
    clusteringVersion: CLUSTERING_VERSION,
    background: null,
    steps,
    detectors,
  };

  let index: HnswIndex | null = null;
  if (moments.length > 0) {
    let dim = fresh.length > 0 ? vectors.get(fresh[0].textHash)!.length : cachedDim(db, options.model);
    if (dim === undefined) {
      // Moments were placed but the cache lost this model's vectors: embed them again.
      await fill(moments);
      dim = vectors.get(moments[0].textHash)!.length;
    }
    lap('embed');
    index = HnswIndex.open(options.dataDir, options.model, dim);
    const live = new Set(moments.map((m) => m.id));
    for (const id of index.ids()) if (!live.has(id) && index.remove(id)) stats.indexRemoved++;
    // Normally only the new moments; every moment when the index file was missing or rebuilt.
    const unindexed = moments.filter((m) => !index!.has(m.id));
    await fill(unindexed);
    unindexed.forEach((m, i) => {
      if (index!.add(m.id, vectors.get(m.textHash)!)) stats.indexAdded++;
      if (i % 1000 === 0) progress('index', i, unindexed.length);
    });
    index.save();
    throwIfAborted(options.signal);
    lap('index');
  }
  const state = readClusteringState(db, options.model);
  const decide = (unassignedNow: number) =>
    reclusterDecision(
      { mode: options.mode ?? 'full', state, newMoments: fresh.length, placed: placed.size, unassignedNow, now: Date.now() },
      { ...DEFAULT_RECLUSTER_RULE, ...options.reclusterRule },
    );
  let decision = moments.length === 0 ? { full: true, reason: 'no moments' } : decide(0);
  let plan: AssignmentPlan | null = null;
  let membership = new Map<number, number>();
  if (!decision.full && index) {
    progress('assign', 0, fresh.length);
    membership = clusterMembership(db, options.model);
    plan = planAssignment(db, {
      model: options.model,
      fresh,
      moments,
      placed,
      membership,
      index,
      vectors,
      background: state.full?.background ?? null,
    });
    progress('assign', fresh.length, fresh.length);
    lap('assign');
    // The unassigned rule again, with this run's leftovers: re-cluster now rather than next time.
    decision = decide(plan.unassigned.length);
    throwIfAborted(options.signal);
  }

  if (decision.full) {
    stats.mode = 'full';
    stats.reclusterReason = decision.reason;
    if (moments.length > 0) {
      // Every moment's vector: the new ones are at hand, the rest come from the cache.
      await fill(moments);
      lap('embed');
    }
    const result = clusterEverything(db, { model: options.model, runId, moments, vectors, index, signal: options.signal, progress });
    steps.cluster += result.clusterSeconds;
    steps.map += result.mapSeconds;
    mark = performance.now();
    stats.clusters = result.clusters;
    stats.clustered = result.clustered;
    stats.background = result.background;
    stats.assigned = fresh.filter((m) => result.inCluster.has(m.id)).length;
    stats.unassigned = fresh.length - stats.assigned;
    finishRun(db, options.model, stats, started, cachedBefore);
    return stats;
  }

  stats.mode = 'incremental';
  stats.background = state.full?.background ?? null;
  stats.assigned = plan!.assigned.size;
  stats.unassigned = plan!.unassigned.length;
  stats.assignReasons = plan!.reasons;
  progress('map', 0, 1);
  // The clusters, the map points and the run record change together or not at all, so the
  // counts the next run's rule reads always match what is stored.
  db.transaction(() => {
    const commit = commitAssignment(db, { model: options.model, runId, plan: plan!, fresh, moments, membership, vectors });
    steps.cluster += commit.summarySeconds;
    steps.map += commit.mapSeconds;
    stats.clustersTouched = commit.touched;
    for (const r of clusterCountsByKind(db, options.model)) {
      stats.clusters[r.kind] = r.clusters;
      stats.clustered += r.members;
    }
    finishRun(db, options.model, stats, started, cachedBefore);
  }).immediate();
  progress('map', 1, 1);
  return stats;
}

function finishRun(db: Db, model: string, stats: AnalysisStats, started: number, cachedBefore: number): void {
  stats.embedded = cachedCount(db, model) - cachedBefore;
  stats.seconds = (Date.now() - started) / 1000;
  finishAnalysisRun(db, stats.runId, stats);
}
