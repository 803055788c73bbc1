import { HnswIndex, type HnswParams } from '../index/hnsw-index.js';

/*
 * The k-nearest-neighbour graph everything downstream works on: communities (clusters) and the
 * UMAP map. Points are positions 0..n-1; neighbour lists are flat typed arrays, so 100k points
 * x 10 neighbours take 8 MB.
 */

export interface KnnGraph {
  n: number;
  k: number;
  /** Neighbours of point i at [i*k, (i+1)*k), nearest first; -1 pads a short list. */
  indices: Int32Array;
  /** Cosine similarity for each entry of `indices`. */
  similarities: Float32Array;
}

function emptyGraph(n: number, k: number): KnnGraph {
  return { n, k, indices: new Int32Array(n * k).fill(-1), similarities: new Float32Array(n * k) };
}

/** Neighbour lists of arbitrary vectors, through a throw-away in-memory HNSW index (labels = positions). */
export function knnGraphFromVectors(vectors: readonly ArrayLike<number>[], k: number, params: Partial<HnswParams> = {}): KnnGraph {
  const n = vectors.length;
  const graph = emptyGraph(n, k);
  if (n === 0) return graph;
  const index = HnswIndex.inMemory(vectors[0].length, params);
  for (let i = 0; i < n; i++) index.add(i, vectors[i]);
  for (let i = 0; i < n; i++) fill(graph, i, index.neighboursOf(i, k, vectors[i]));
  return graph;
}

/**
 * Neighbour lists of `ids` taken from a persisted index, keeping only neighbours that are
 * themselves in `ids` (e.g. moments of one kind out of a model's index). A point whose nearest
 * neighbours are mostly other ids is asked again with a wider search, then left with a shorter
 * list: it sits among other kinds and is weakly tied to its own. `vectors` (same order as
 * `ids`), when given, spare reading each vector back from the index.
 */
export function knnGraphFromIndex(
  index: HnswIndex,
  ids: readonly number[],
  k: number,
  vectors?: readonly ArrayLike<number>[],
): KnnGraph {
  const n = ids.length;
  const graph = emptyGraph(n, k);
  const position = new Map<number, number>();
  ids.forEach((id, i) => position.set(id, i));
  const restricted = n < index.size;
  for (let i = 0; i < n; i++) {
    let want = k;
    for (;;) {
      const r = index.neighboursOf(ids[i], want, vectors?.[i]);
      const keep: { ids: number[]; similarities: number[] } = { ids: [], similarities: [] };
      for (let j = 0; j < r.ids.length && keep.ids.length < k; j++) {
        const p = position.get(r.ids[j]);
        if (p === undefined) continue;
        keep.ids.push(p);
        keep.similarities.push(r.similarities[j]);
      }
      const exhausted = r.ids.length < want || want >= 8 * k;
      if (keep.ids.length === k || !restricted || exhausted) {
        fill(graph, i, keep);
        break;
      }
      want *= 2;
    }
  }
  return graph;
}

function fill(graph: KnnGraph, i: number, r: { ids: number[]; similarities: number[] }): void {
  const m = Math.min(graph.k, r.ids.length);
  for (let j = 0; j < m; j++) {
    graph.indices[i * graph.k + j] = r.ids[j];
    graph.similarities[i * graph.k + j] = r.similarities[j];
  }
}

/** Undirected weighted edges, each pair once (source < target). */
export interface EdgeList {
  n: number;
  source: Int32Array;
  target: Int32Array;
  weight: Float64Array;
}

/**
 * How an edge of the kNN graph is weighted for community detection.
 * - `cosine`: the similarity itself.
 * - `jaccard`: shared-nearest-neighbour overlap |N(i) ∩ N(j)| / |N(i) ∪ N(j)| (PhenoGraph); robust to
 *   hubs and to regions of different density.
 * - `fuzzy`: UMAP's fuzzy-set membership (distance rescaled by each point's local scale, then
 *   fuzzy union of the two directions), the graph scanpy clusters with Leiden.
 * - `fuzzy-mutual`: the same memberships, intersected: only mutual neighbours keep weight.
 * On Banking77 (see bench cluster-quality) `fuzzy` gives the best NMI: `cosine` ignores local
 * density, `jaccard` is close behind, `fuzzy-mutual` shatters clusters into fragments.
 */
export type EdgeWeighting = 'cosine' | 'jaccard' | 'fuzzy' | 'fuzzy-mutual';

/** Symmetrised edge list of a kNN graph under a weighting. Edges with weight 0 are dropped. */
export function edgeList(graph: KnnGraph, weighting: EdgeWeighting): EdgeList {
  const { n, k, indices } = graph;
  const pairWeight = weigher(graph, weighting);
  const source: number[] = [];
  const target: number[] = [];
  const weight: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < k; a++) {
      const j = indices[i * k + a];
      if (j < 0 || j === i) continue;
      // Each pair once: from the smaller end, or from the larger end when the smaller one does not list it.
      if (j < i && listed(graph, j, i)) continue;
      const w = pairWeight(i, j);
      if (w <= 0) continue;
      source.push(Math.min(i, j));
      target.push(Math.max(i, j));
      weight.push(w);
    }
  }
  return { n, source: Int32Array.from(source), target: Int32Array.from(target), weight: Float64Array.from(weight) };
}

function listed(graph: KnnGraph, i: number, j: number): boolean {
  const { k, indices } = graph;
  for (let a = i * k; a < (i + 1) * k; a++) if (indices[a] === j) return true;
  return false;
}

/** Similarity of j in i's list, or undefined when i does not list j. */
function simIn(graph: KnnGraph, i: number, j: number): number | undefined {
  const { k, indices, similarities } = graph;
  for (let a = i * k; a < (i + 1) * k; a++) if (indices[a] === j) return similarities[a];
  return undefined;
}

function weigher(graph: KnnGraph, weighting: EdgeWeighting): (i: number, j: number) => number {
  if (weighting === 'cosine') {
    return (i, j) => Math.max(simIn(graph, i, j) ?? 0, simIn(graph, j, i) ?? 0);
  }
  if (weighting === 'jaccard') {
    const { k, indices } = graph;
    const mark = new Int32Array(graph.n).fill(-1);
    let marked = -1;
    const size = (i: number): number => {
      let s = 0;
      for (let a = i * k; a < (i + 1) * k; a++) if (indices[a] >= 0) s++;
      return s + 1;
    };
    return (i, j) => {
      // Each point counts as its own neighbour, so a mutual pair with nothing else in common still weighs > 0.
      if (marked !== i) {
        for (let a = i * k; a < (i + 1) * k; a++) if (indices[a] >= 0) mark[indices[a]] = i;
        mark[i] = i;
        marked = i;
      }
      let shared = mark[j] === i ? 1 : 0;
      for (let a = j * k; a < (j + 1) * k; a++) if (indices[a] >= 0 && mark[indices[a]] === i) shared++;
      return shared / (size(i) + size(j) - shared);
    };
  }
  const membership = fuzzyMemberships(graph);
  return (i, j) => {
    const a = membershipIn(graph, membership, i, j);
    const b = membershipIn(graph, membership, j, i);
    // Fuzzy union (either end may vouch for the edge) or intersection (both must).
    return weighting === 'fuzzy' ? a + b - a * b : a * b;
  };
}

function membershipIn(graph: KnnGraph, membership: Float32Array, i: number, j: number): number {
  const { k, indices } = graph;
  for (let a = i * k; a < (i + 1) * k; a++) if (indices[a] === j) return membership[a];
  return 0;
}

/**
 * UMAP's directed memberships exp(-(d - rho_i) / sigma_i) with d = 1 - cosine, rho_i the distance to
 * the nearest neighbour and sigma_i chosen so each point's memberships sum to log2(k).
 */
export function fuzzyMemberships(graph: KnnGraph): Float32Array {
  const { n, k, indices, similarities } = graph;
  const out = new Float32Array(n * k);
  const target = Math.log2(k);
  for (let i = 0; i < n; i++) {
    const base = i * k;
    let count = 0;
    let rho = Infinity;
    for (let a = 0; a < k; a++) {
      if (indices[base + a] < 0) continue;
      count++;
      const d = Math.max(0, 1 - similarities[base + a]);
      if (d > 0 && d < rho) rho = d;
    }
    if (count === 0) continue;
    if (rho === Infinity) rho = 0;
    let lo = 0;
    let hi = Infinity;
    let sigma = 1;
    for (let iter = 0; iter < 64; iter++) {
      let sum = 0;
      for (let a = 0; a < k; a++) {
        if (indices[base + a] < 0) continue;
        const d = Math.max(0, 1 - similarities[base + a]) - rho;
        sum += d > 0 ? Math.exp(-d / sigma) : 1;
      }
      if (Math.abs(sum - target) < 1e-5) break;
      if (sum > target) {
        hi = sigma;
        sigma = (lo + hi) / 2;
      } else {
        lo = sigma;
        sigma = hi === Infinity ? sigma * 2 : (lo + hi) / 2;
      }
    }
    for (let a = 0; a < k; a++) {
      if (indices[base + a] < 0) continue;
      const d = Math.max(0, 1 - similarities[base + a]) - rho;
      out[base + a] = d > 0 ? Math.exp(-d / sigma) : 1;
    }
  }
  return out;
}
