import type { MomentKind } from '../../../shared/types.js';
import { failureSignature } from '../cluster/failure-signature.js';
import { patternName } from '../cluster/pattern-name.js';
import { assignMoment, clusterProfile, DEFAULT_ASSIGN_OPTIONS, type AssignOptions, type AssignReason, type ClusterProfile } from '../cluster/assign.js';
import { cosine } from '../base/vectors.js';
import type { SimilarityBackground } from '../cluster/noise.js';
import { placeNear } from '../cluster/place.js';
import { seededRandom } from '../base/random.js';
import { summariseClusters, type MomentFacts } from '../cluster/summary.js';
import { readCachedVectors } from '../store/embeddings.js';
import type { HnswIndex } from '../index/hnsw-index.js';
import { addMapPoints, clusterMemberVectors, memberScores, staleClusterIds, updateClusters, type ClusterRecord } from '../store/clusters.js';
import type { Db } from '../store/db.js';

/*
 * The incremental half of an analysis: moments that arrived since the last run join existing
 * clusters of their kind (the rule is in cluster/assign.ts) or stay unassigned, the clusters they
 * joined get their facts recomputed, and each new moment is placed on the map beside its
 * neighbours (cluster/place.ts). Cluster ids never change here. Planning reads only; committing
 * writes, so the caller can still choose a full re-cluster after seeing the plan.
 */

export interface AnalysedMoment extends MomentFacts {
  kind: MomentKind;
  textHash: string;
}

interface Neighbours {
  ids: number[];
  similarities: number[];
}

export interface AssignmentPlan {
  /** New moment id → the cluster it joins. */
  assigned: Map<number, number>;
  /** New moments left as noise. */
  unassigned: number[];
  /** How many new moments each rule decided. */
  reasons: Partial<Record<AssignReason | 'already in a cluster' | 'same failure' | 'another failure', number>>;
  /** Per new moment, its nearest already-mapped moments of any kind (for the map). */
  mapNeighbours: Map<number, Neighbours>;
}

/** Widest neighbour search, in multiples of k, for a kind that is rare among the index's moments. */
const MAX_SEARCH_FACTOR = 16;
/** Seed of the map jitter (mixed with the moment id, so a point's place does not depend on the others). */
const MAP_SEED = 0x5eed;

/** Reads vectors missing from `vectors` (by text hash) out of the cache, keeping them there. */
function vectorsFor(db: Db, model: string, vectors: Map<string, Float32Array>, moments: readonly AnalysedMoment[]): Float32Array[] {
  const missing = moments.filter((m) => !vectors.has(m.textHash)).map((m) => m.textHash);
  if (missing.length) for (const [h, v] of readCachedVectors(db, model, missing)) vectors.set(h, v);
  return moments.map((m) => {
    const v = vectors.get(m.textHash);
    if (!v) throw new Error(`no cached vector for moment ${m.id} under model ${model}; run a full analysis`);
    return v;
  });
}

/**
 * The nearest mapped moments of a new one: `k` of its own kind (voters) and `k` of any kind (map).
 * The first search is as wide as the kind's share of the mapped moments suggests (a kind that is
 * a quarter of them needs about 4k results to hold k of its own), then doubles while short.
 */
function searchNeighbours(
  index: HnswIndex,
  moment: AnalysedMoment,
  vector: Float32Array,
  placed: ReadonlySet<number>,
  kindOf: ReadonlyMap<number, MomentKind>,
  k: number,
  kindShare: number,
): { voters: Neighbours; mapped: Neighbours } {
  let want = Math.min(MAX_SEARCH_FACTOR * k, Math.max(2 * k, Math.ceil((1.25 * k) / Math.max(kindShare, 1e-3)))) + 1;
  for (;;) {
    const r = index.knn(vector, want);
    const voters: Neighbours = { ids: [], similarities: [] };
    const mapped: Neighbours = { ids: [], similarities: [] };
    for (let j = 0; j < r.ids.length; j++) {
      const id = r.ids[j];
      if (id === moment.id || !placed.has(id)) continue;
      if (mapped.ids.length < k) {
        mapped.ids.push(id);
        mapped.similarities.push(r.similarities[j]);
      }
      if (voters.ids.length < k && kindOf.get(id) === moment.kind) {
        voters.ids.push(id);
        voters.similarities.push(r.similarities[j]);
      }
    }
    const widest = MAX_SEARCH_FACTOR * k + 1;
    if (voters.ids.length >= k || r.ids.length < want || want >= widest) return { voters, mapped };
    want = Math.min(2 * want, widest);
  }
}

/**
 * Decides, for each new moment, its cluster or noise. Only already-mapped moments vote, so the
 * outcome does not depend on the order in which new moments are taken.
 */
export function planAssignment(
  db: Db,
  args: {
    model: string;
    fresh: readonly AnalysedMoment[];
    moments: readonly AnalysedMoment[];
    placed: ReadonlySet<number>;
    membership: ReadonlyMap<number, number>;
    index: HnswIndex;
    vectors: Map<string, Float32Array>;
    background: SimilarityBackground | null;
    options?: Partial<AssignOptions>;
  },
): AssignmentPlan {
  const o = { ...DEFAULT_ASSIGN_OPTIONS, ...args.options };
  const byId = new Map(args.moments.map((m) => [m.id, m]));
  const kindOf = new Map(args.moments.map((m) => [m.id, m.kind]));
  const members = new Map<number, AnalysedMoment[]>();
  for (const [momentId, clusterId] of args.membership) {
    const m = byId.get(momentId);
    if (!m || !args.placed.has(momentId)) continue;
    let list = members.get(clusterId);
    if (!list) members.set(clusterId, (list = []));
    list.push(m);
  }
  const profiles = new Map<number, ClusterProfile>();
  const profile = (c: number): ClusterProfile => {
    let p = profiles.get(c);
    if (!p) {
      // One query for the whole cluster; the vectors stay at hand for the commit.
      for (const r of clusterMemberVectors(db, args.model, c)) args.vectors.set(r.textHash, r.vector);
      profiles.set(c, (p = clusterProfile(vectorsFor(db, args.model, args.vectors, members.get(c) ?? []), o.outlierZ)));
    }
    return p;
  };
  const plan: AssignmentPlan = { assigned: new Map(), unassigned: [], reasons: {}, mapNeighbours: new Map() };
  const count = (reason: AssignReason | 'already in a cluster' | 'same failure' | 'another failure') => (plan.reasons[reason] = (plan.reasons[reason] ?? 0) + 1);
  const freshVectors = vectorsFor(db, args.model, args.vectors, args.fresh);
  const placedOfKind = new Map<MomentKind, number>();
  for (const id of args.placed) {
    const kind = kindOf.get(id);
    if (kind) placedOfKind.set(kind, (placedOfKind.get(kind) ?? 0) + 1);
  }
  const share = (kind: MomentKind) => (placedOfKind.get(kind) ?? 0) / Math.max(1, args.placed.size);
  // The full clustering's first rule (cluster/patterns.ts): a failure whose cause reads as a
  // pattern's failures mostly do joins that pattern, whatever its neighbours vote.
  const bySignature = patternSignatures(members);
  const signatureOf = new Map([...bySignature].map(([sig, cluster]) => [cluster, sig]));
  args.fresh.forEach((m, i) => {
    const { voters, mapped } = searchNeighbours(args.index, m, freshVectors[i], args.placed, kindOf, o.k, share(m.kind));
    plan.mapNeighbours.set(m.id, mapped);
    // A moment a cancelled full run already put in a cluster keeps it; it only lacks its map point.
    const existing = args.membership.get(m.id);
    if (existing !== undefined) {
      plan.assigned.set(m.id, existing);
      count('already in a cluster');
      return;
    }
    const signature = m.kind === 'failure' ? failureSignature(m.text) : null;
    const same = signature ? bySignature.get(signature) : undefined;
    if (same !== undefined) {
      plan.assigned.set(m.id, same);
      count('same failure');
      return;
    }
    const verdict = assignMoment(
      freshVectors[i],
      voters.ids.map((id, j) => ({ cluster: args.membership.get(id) ?? -1, similarity: voters.similarities[j] })),
      profile,
      args.background,
      o,
    );
    // A failure the vote sends to a pattern of another failure waits for the next full clustering,
    // which groups failures by their cause, not by how alike tool outputs look.
    if (verdict.cluster >= 0 && signature && signatureOf.has(verdict.cluster) && signatureOf.get(verdict.cluster) !== signature) {
      count('another failure');
      plan.unassigned.push(m.id);
      return;
    }
    count(verdict.reason);
    if (verdict.cluster >= 0) plan.assigned.set(m.id, verdict.cluster);
    else plan.unassigned.push(m.id);
  });
  return plan;
}

/** Each pattern's dominant failure signature (shared by at least half its failures), signature → pattern. */
function patternSignatures(members: ReadonlyMap<number, readonly AnalysedMoment[]>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [cluster, list] of members) {
    const counts = new Map<string, number>();
    const failures = list.filter((m) => m.kind === 'failure');
    for (const m of failures) {
      const s = failureSignature(m.text);
      if (s) counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    const [best] = [...counts].sort((a, b) => b[1] - a[1]);
    if (best && best[1] * 2 >= failures.length && !out.has(best[0])) out.set(best[0], cluster);
  }
  return out;
}

export interface CommitResult {
  /** Clusters whose facts were rewritten. */
  touched: number;
  /** Clusters deleted because every member was gone. */
  emptied: number[];
  summarySeconds: number;
  mapSeconds: number;
}

/**
 * Writes a plan: the clusters that gained members (or lost some with their deleted moments) get
 * their members, centre similarities, size, reach, time span, weekly counts and keywords
 * recomputed; the new moments get map points. Keywords are class-based TF-IDF over the whole
 * kind, as in a full run, but only the touched clusters' labels are rewritten.
 */
export function commitAssignment(
  db: Db,
  args: {
    model: string;
    runId: number;
    plan: AssignmentPlan;
    fresh: readonly AnalysedMoment[];
    moments: readonly AnalysedMoment[];
    membership: ReadonlyMap<number, number>;
    vectors: Map<string, Float32Array>;
  },
): CommitResult {
  const t0 = performance.now();
  const { model, plan } = args;
  const membership = new Map(args.membership);
  for (const [m, c] of plan.assigned) membership.set(m, c);
  const touched = new Set<number>([...plan.assigned.values(), ...staleClusterIds(db, model)]);
  const clusterKind = new Map(
    db
      .prepare<[string], { id: number; kind: MomentKind }>('SELECT id, kind FROM clusters WHERE model = ? ORDER BY id')
      .all(model)
      .map((r) => [r.id, r.kind]),
  );
  const stored = memberScores(db, model);
  const updates: (ClusterRecord & { id: number })[] = [];
  // A pattern spans kinds: its facts are computed over the moments of every kind.
  if (touched.size > 0) {
    const ids = [...clusterKind.keys()];
    const position = new Map(ids.map((id, i) => [id, i]));
    const all = args.moments;
    const at = new Map(all.map((m, i) => [m.id, i]));
    const labels = all.map((m) => {
      const c = membership.get(m.id);
      return c === undefined ? -1 : (position.get(c) ?? -1);
    });
    const scores = all.map((m) => stored.get(m.id) ?? 0);
    const positions = new Map<number, number[]>();
    labels.forEach((l, i) => {
      if (l < 0 || !touched.has(ids[l]!)) return;
      const list = positions.get(l);
      if (list) list.push(i);
      else positions.set(l, [i]);
    });
    // The touched clusters' centres moved: every member's similarity to it is measured again.
    for (const at of positions.values()) {
      const vectors = vectorsFor(db, model, args.vectors, at.map((i) => all[i]!));
      const { centre } = clusterProfile(vectors);
      at.forEach((i, j) => (scores[i] = cosine(vectors[j]!, centre)));
    }
    const facts = summariseClusters(all, labels, scores, ids.length);
    for (const c of ids) {
      if (!touched.has(c)) continue;
      const f = facts[position.get(c)!]!;
      const kinds: Partial<Record<MomentKind, number>> = {};
      for (const m of f.members) {
        const k = all[at.get(m.momentId)!]!.kind;
        kinds[k] = (kinds[k] ?? 0) + 1;
      }
      updates.push({ ...f, label: patternName(f.members.map((m) => all[at.get(m.momentId)!]!)), kind: clusterKind.get(c)!, kinds, id: c });
    }
  }
  const emptied = updateClusters(db, updates, args.runId);
  const t1 = performance.now();

  const coordinates = db.prepare<[string, number], { x: number; y: number }>('SELECT x, y FROM map_points WHERE model = ? AND moment_id = ?');
  const points = args.fresh.map((m) => {
    const near = plan.mapNeighbours.get(m.id) ?? { ids: [], similarities: [] };
    const joined = plan.assigned.get(m.id);
    const neighbours = near.ids.flatMap((id, j) => {
      const p = coordinates.get(model, id);
      return p ? [{ x: p.x, y: p.y, similarity: near.similarities[j], sameCluster: joined !== undefined && membership.get(id) === joined }] : [];
    });
    return { momentId: m.id, ...placeNear(neighbours, seededRandom(MAP_SEED ^ m.id)) };
  });
  addMapPoints(db, model, points);
  return { touched: updates.length, emptied, summarySeconds: (t1 - t0) / 1000, mapSeconds: (performance.now() - t1) / 1000 };
}
