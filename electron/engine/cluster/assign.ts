import { DEFAULT_CLUSTER_OPTIONS } from './cluster-texts.js';
import { cosine } from '../base/vectors.js';
import { fuzzyMemberships } from './knn-graph.js';
import type { SimilarityBackground } from './noise.js';
import { median } from '../base/stats.js';

/*
 * Incremental assignment: a moment that arrives after the last full clustering joins an existing
 * cluster of its kind, or stays unassigned (noise) until the next full re-cluster, which is where
 * new patterns are found. Each condition mirrors a rule of the full clustering, so a moment is
 * only assigned where the full clustering would plausibly have put it:
 *
 *  1. Vote. Its `k` nearest already-clustered moments of the same kind vote with the weight the
 *     edge to them would have in the clustering's graph (UMAP fuzzy memberships, knn-graph.ts:
 *     the nearest count fully, farther ones fade at the point's own scale); neighbours left as
 *     noise vote for "none". The winning cluster needs more than `majority` (half) of the whole
 *     vote: Louvain puts a point where most of its edge weight goes, and the rim repair
 *     (`attachShare` 0.5) attaches a straggler on the same share.
 *  2. Centre. Its similarity to the cluster's centre is at least the cluster's own floor: the
 *     median of the members' similarities to the centre minus `outlierZ` robust standard
 *     deviations (MAD x 1.4826), the rule that turns outlying members into noise
 *     (noise.dropOutliers). Like that rule it does not apply to clusters under 4 members or
 *     without spread.
 *  3. Background. Its mean similarity to the voters of that cluster is at least the background
 *     mean + `cohesionZ` x sd of random pairs (noise.similarityBackground): more alike than
 *     unrelated moments are, as noise.dropLooseClusters asks of a whole cluster.
 *
 * Pure functions over vectors; the store side is analyze/incremental.ts.
 */

export interface AssignOptions {
  /** Voters per new moment. */
  k: number;
  /** Share of the vote the winning cluster must exceed. */
  majority: number;
  outlierZ: number;
  cohesionZ: number;
}

export const DEFAULT_ASSIGN_OPTIONS: AssignOptions = {
  k: DEFAULT_CLUSTER_OPTIONS.k,
  majority: 0.5,
  outlierZ: DEFAULT_CLUSTER_OPTIONS.outlierZ,
  cohesionZ: DEFAULT_CLUSTER_OPTIONS.cohesionZ,
};

/** One of the nearest already-clustered moments: its cluster (-1 noise) and its similarity to the new moment. */
export interface Voter {
  cluster: number;
  similarity: number;
}

/** What a cluster's centre rule needs: its unit centre and the least similarity to it a member may have. */
export interface ClusterProfile {
  centre: Float64Array;
  /** -Infinity when the rule does not apply (fewer than 4 members, or no spread). */
  floor: number;
  size: number;
}

/** Below this many members the centre floor does not apply (as noise.dropOutliers). */
const MIN_MEMBERS_FOR_FLOOR = 4;

/** The centre and centre floor of a cluster from its members' vectors. */
export function clusterProfile(members: readonly ArrayLike<number>[], outlierZ = DEFAULT_ASSIGN_OPTIONS.outlierZ): ClusterProfile {
  const dim = members.length ? members[0].length : 0;
  const centre = new Float64Array(dim);
  for (const v of members) {
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += v[d] * v[d];
    norm = Math.sqrt(norm) || 1;
    for (let d = 0; d < dim; d++) centre[d] += v[d] / norm;
  }
  let norm = 0;
  for (const x of centre) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  for (let d = 0; d < dim; d++) centre[d] /= norm;
  let floor = -Infinity;
  if (members.length >= MIN_MEMBERS_FOR_FLOOR) {
    const sims = members.map((v) => cosine(v, centre));
    const med = median(sims);
    const mad = median(sims.map((s) => Math.abs(s - med))) * 1.4826;
    if (mad > 0) floor = med - outlierZ * mad;
  }
  return { centre, floor, size: members.length };
}

export type AssignReason = 'assigned' | 'no neighbours' | 'no majority' | 'below the cluster floor' | 'no closer than background';

export interface Assignment {
  /** The chosen cluster, or -1. */
  cluster: number;
  /** The cluster the vote pointed to, even when a later rule refused it (-1 when none). */
  candidate: number;
  reason: AssignReason;
  /** Similarity to the candidate's centre (NaN when there was no candidate). */
  centreSimilarity: number;
}

/**
 * Decides where one new moment goes. `voters` are its nearest already-clustered moments of the same
 * kind (at most `k` are used, nearest first); `profile` gives a cluster's centre and floor (called
 * only for the winning cluster, so the caller can compute profiles lazily).
 */
export function assignMoment(
  vector: ArrayLike<number>,
  voters: readonly Voter[],
  profile: (cluster: number) => ClusterProfile,
  background: SimilarityBackground | null,
  options: Partial<AssignOptions> = {},
): Assignment {
  const o = { ...DEFAULT_ASSIGN_OPTIONS, ...options };
  const used = voters.slice(0, o.k);
  const weights = fuzzyMemberships({
    n: 1,
    k: used.length,
    indices: Int32Array.from(used, (_, i) => i),
    similarities: Float32Array.from(used, (v) => v.similarity),
  });
  const tally = new Map<number, number>();
  let total = 0;
  used.forEach((v, i) => {
    total += weights[i];
    if (v.cluster >= 0) tally.set(v.cluster, (tally.get(v.cluster) ?? 0) + weights[i]);
  });
  if (used.length === 0 || total === 0) return { cluster: -1, candidate: -1, reason: 'no neighbours', centreSimilarity: NaN };
  let best = -1;
  let bestWeight = 0;
  // Ties go to the lower cluster id, so the result does not depend on the voters' order.
  for (const [c, w] of tally) if (w > bestWeight || (w === bestWeight && c < best)) [best, bestWeight] = [c, w];
  if (best < 0 || bestWeight <= o.majority * total) return { cluster: -1, candidate: best, reason: 'no majority', centreSimilarity: NaN };
  const p = profile(best);
  const centreSimilarity = cosine(vector, p.centre);
  if (centreSimilarity < p.floor) return { cluster: -1, candidate: best, reason: 'below the cluster floor', centreSimilarity };
  if (background && o.cohesionZ > 0) {
    const mine = used.filter((v) => v.cluster === best);
    const mean = mine.reduce((s, v) => s + v.similarity, 0) / mine.length;
    if (mean < background.mean + o.cohesionZ * background.sd) {
      return { cluster: -1, candidate: best, reason: 'no closer than background', centreSimilarity };
    }
  }
  return { cluster: best, candidate: best, reason: 'assigned', centreSimilarity };
}

