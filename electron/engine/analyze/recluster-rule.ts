import type { SimilarityBackground } from '../cluster/noise.js';
import type { Db } from '../store/db.js';

/*
 * When an analysis re-clusters everything and when it only assigns the new moments.
 *
 * Incremental assignment (cluster/assign.ts) can grow the clusters there are; it cannot find a
 * new pattern, split one that has drifted or notice that a group has gone. A full re-cluster
 * (identities kept by membership, store/clusters.ts replaceClusters) runs in `auto` mode when
 *   - this model was never clustered, or last by other clustering rules (CLUSTERING_VERSION):
 *     a new model never mixes with another one's clusters;
 *   - moments added plus moments removed since the last full clustering reach `changeShare`
 *     (20%) of the moments it clustered: the clusters no longer describe the data;
 *   - new moments left unassigned since then reach max(`minUnassigned`, `unassignedShare` x the
 *     moments it clustered) (30, 2%): that is where a new pattern would be forming, and a
 *     pattern needs only a few occurrences (minSize 3);
 *   - something changed and the last full clustering is `maxAgeDays` (7) days old or more, so a
 *     small new pattern is found within a week even in a large store.
 * The unassigned rule is checked again after the assignment: if this run's own leftovers reach
 * the limit, the same run re-clusters instead of committing the assignment.
 */

/** Bumped when the clustering itself changes (cluster/*): stores clustered before re-cluster once. */
export const CLUSTERING_VERSION = 2;

export interface ReclusterRule {
  changeShare: number;
  minUnassigned: number;
  unassignedShare: number;
  maxAgeDays: number;
}

export const DEFAULT_RECLUSTER_RULE: ReclusterRule = { changeShare: 0.2, minUnassigned: 30, unassignedShare: 0.02, maxAgeDays: 7 };

export type AnalyzeMode = 'auto' | 'full' | 'incremental';

/** What the runs since the last full clustering of a model did (from `analysis_runs`). */
export interface ClusteringState {
  /** The last full clustering, or null when this model was never clustered. */
  full: {
    runId: number;
    at: string;
    /** Moments it clustered (noise included). */
    moments: number;
    /** CLUSTERING_VERSION it ran with (null: before versions were recorded). */
    version: number | null;
    background: SimilarityBackground | null;
  } | null;
  /** Moments incremental runs have placed since. */
  added: number;
  /** Of those, left unassigned. */
  unassigned: number;
}

export interface ReclusterInput {
  mode: AnalyzeMode;
  state: ClusteringState;
  /** Moments this run places for the first time. */
  newMoments: number;
  /** Moments already placed (on the map) that still exist. */
  placed: number;
  /** Of this run's new moments, left unassigned (0 before the assignment). */
  unassignedNow?: number;
  now: number;
}

export interface ReclusterDecision {
  full: boolean;
  /** Why: always given for a full re-cluster, null for a plain incremental run. */
  reason: string | null;
}

const pct = (x: number) => `${Math.round(100 * x)}%`;

export function reclusterDecision(input: ReclusterInput, rule: ReclusterRule = DEFAULT_RECLUSTER_RULE): ReclusterDecision {
  const { state } = input;
  if (input.mode === 'full') return { full: true, reason: 'full re-cluster asked for' };
  if (!state.full) return { full: true, reason: 'first clustering with this model' };
  if (state.full.version !== CLUSTERING_VERSION) return { full: true, reason: 'the clustering rules changed since the last full clustering' };
  if (input.mode === 'incremental') return { full: false, reason: null };
  const base = Math.max(1, state.full.moments);
  const added = state.added + input.newMoments;
  // Placed moments = the full clustering's plus those added since, less those deleted.
  const removed = Math.max(0, state.full.moments + state.added - input.placed);
  const share = (added + removed) / base;
  if (share >= rule.changeShare) {
    return { full: true, reason: `${pct(share)} of the moments changed since the last full clustering (rule: ${pct(rule.changeShare)})` };
  }
  const unassigned = state.unassigned + (input.unassignedNow ?? 0);
  const limit = Math.max(rule.minUnassigned, Math.ceil(rule.unassignedShare * state.full.moments));
  if (unassigned >= limit) {
    return { full: true, reason: `${unassigned} new moments left unassigned since the last full clustering (rule: ${limit})` };
  }
  const days = (input.now - Date.parse(state.full.at)) / 86_400_000;
  if (added + removed > 0 && days >= rule.maxAgeDays) {
    return { full: true, reason: `the last full clustering is ${Math.floor(days)} days old (rule: ${rule.maxAgeDays})` };
  }
  return { full: false, reason: null };
}

interface RunStatsJson {
  mode?: 'full' | 'incremental';
  moments?: number;
  newMoments?: number;
  unassigned?: number;
  clusteringVersion?: number;
  background?: SimilarityBackground | null;
}

/**
 * Reads the state from the finished analysis runs of a model, newest first, back to the last full
 * clustering. Runs recorded before incremental runs existed were all full clusterings.
 */
export function readClusteringState(db: Db, model: string): ClusteringState {
  const rows = db
    .prepare<[string], { id: number; started_at: string; stats: string | null }>(
      'SELECT id, started_at, stats FROM analysis_runs WHERE model = ? AND finished_at IS NOT NULL ORDER BY id DESC',
    )
    .iterate(model);
  const state: ClusteringState = { full: null, added: 0, unassigned: 0 };
  for (const row of rows) {
    let stats: RunStatsJson = {};
    try {
      stats = row.stats ? (JSON.parse(row.stats) as RunStatsJson) : {};
    } catch {
      // An unreadable record counts as a full clustering of unknown rules: the next run re-clusters.
    }
    if (stats.mode === 'incremental') {
      state.added += stats.newMoments ?? 0;
      state.unassigned += stats.unassigned ?? 0;
      continue;
    }
    state.full = {
      runId: row.id,
      at: row.started_at,
      moments: stats.moments ?? 0,
      version: stats.clusteringVersion ?? null,
      background: stats.background ?? null,
    };
    break;
  }
  return state;
}
