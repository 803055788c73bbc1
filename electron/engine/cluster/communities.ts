import { UndirectedGraph } from 'graphology';
import louvainModule from 'graphology-communities-louvain';
import type { EdgeList } from './knn-graph.js';
import { seededRandom } from '../base/random.js';
import { renumberBySize } from '../base/labels.js';

/*
 * Clusters = communities of the neighbour graph (Louvain, modularity with a resolution), then
 * two repairs of what modularity does to kNN graphs (pieces of one group merged back, rim points
 * re-attached). The number of clusters follows from the graph, never from a given k.
 * Communities too small to be a pattern are noise (-1).
 */

export interface CommunityOptions {
  /** Modularity resolution: above 1 splits finer. */
  resolution: number;
  /** Communities smaller than this are noise. */
  minSize: number;
  /**
   * After Louvain, two communities merge while one of them sends at least this share of its
   * edge weight to the other: modularity also cuts clusters that have no inner structure (a
   * dominant or uniform group is split in pieces that are as tied to each other as inside).
   * 1 or more turns merging off.
   */
  mergeShare: number;
  /**
   * A point left in a community below `minSize` joins the community that receives at least this
   * share of its edge weight. With a high resolution the cost of joining grows with the size of
   * the community, so members at the rim of a big cluster are left alone though they are tied
   * to nothing else. 1 or more turns this off.
   */
  attachShare: number;
  seed: number;
}

// A CommonJS module typed with an ES default export: under Node the default import is the function itself.
const louvain = ((louvainModule as { default?: unknown }).default ?? louvainModule) as typeof louvainModule.default;

export const DEFAULT_COMMUNITY_OPTIONS: CommunityOptions = { resolution: 1, minSize: 3, mergeShare: 1, attachShare: 1, seed: 7 };

export interface Communities {
  /** Cluster per point, 0..count-1 numbered by decreasing size; -1 for noise. */
  labels: Int32Array;
  count: number;
  modularity: number;
}

/** Louvain communities of an undirected weighted graph, deterministic for the same edges and seed. */
export function detectCommunities(edges: EdgeList, options: Partial<CommunityOptions> = {}): Communities {
  const o = { ...DEFAULT_COMMUNITY_OPTIONS, ...options };
  const { n } = edges;
  const graph = new UndirectedGraph({ multi: false, allowSelfLoops: false });
  for (let i = 0; i < n; i++) graph.addNode(i);
  for (let e = 0; e < edges.source.length; e++) {
    graph.addUndirectedEdge(edges.source[e], edges.target[e], { weight: edges.weight[e] });
  }
  const result = louvain.detailed(graph, { getEdgeWeight: 'weight', resolution: o.resolution, rng: seededRandom(o.seed) });
  const raw = new Int32Array(n);
  for (let i = 0; i < n; i++) raw[i] = result.communities[i];
  if (o.mergeShare < 1) mergeEntangled(edges, raw, o.mergeShare);
  if (o.attachShare < 1) attachStragglers(edges, raw, o.minSize, o.attachShare);
  return { ...renumberBySize(raw, o.minSize), modularity: result.modularity };
}

/** Merges, most entangled pair first, communities where one sends >= `share` of its weight to the other. */
function mergeEntangled(edges: EdgeList, labels: Int32Array, share: number): void {
  const degree = new Map<number, number>();
  // Weight between communities, both ways.
  const between = new Map<number, Map<number, number>>();
  const link = (a: number, b: number, w: number): void => {
    let m = between.get(a);
    if (!m) between.set(a, (m = new Map()));
    m.set(b, (m.get(b) ?? 0) + w);
  };
  for (let e = 0; e < edges.source.length; e++) {
    const a = labels[edges.source[e]];
    const b = labels[edges.target[e]];
    const w = edges.weight[e];
    degree.set(a, (degree.get(a) ?? 0) + w);
    degree.set(b, (degree.get(b) ?? 0) + w);
    if (a !== b) {
      link(a, b, w);
      link(b, a, w);
    }
  }
  const parent = new Map<number, number>();
  const find = (c: number): number => {
    while (parent.has(c)) c = parent.get(c)!;
    return c;
  };
  for (;;) {
    let best = share;
    let pair: [number, number] | null = null;
    for (const [a, m] of between) {
      for (const [b, w] of m) {
        if (b < a) continue;
        const f = Math.max(w / degree.get(a)!, w / degree.get(b)!);
        // Ties go to the pair met first; the maps are filled in edge order, so that is deterministic.
        if (f > best || (f === best && !pair)) [best, pair] = [f, [a, b]];
      }
    }
    if (!pair) break;
    const [keep, gone] = pair;
    parent.set(gone, keep);
    degree.set(keep, degree.get(keep)! + degree.get(gone)!);
    const goneLinks = between.get(gone)!;
    between.delete(gone);
    const keepLinks = between.get(keep)!;
    keepLinks.delete(gone);
    for (const [c, w] of goneLinks) {
      if (c === keep) continue;
      keepLinks.set(c, (keepLinks.get(c) ?? 0) + w);
      const m = between.get(c)!;
      m.delete(gone);
      m.set(keep, (m.get(keep) ?? 0) + w);
    }
  }
  for (let i = 0; i < labels.length; i++) labels[i] = find(labels[i]);
}

/** Moves members of too-small communities to the kept community holding >= `share` of their weight. */
function attachStragglers(edges: EdgeList, labels: Int32Array, minSize: number, share: number): void {
  const size = new Map<number, number>();
  for (const c of labels) size.set(c, (size.get(c) ?? 0) + 1);
  const small = (c: number): boolean => size.get(c)! < minSize;
  const total = new Float64Array(edges.n);
  const towards = new Map<number, Map<number, number>>();
  for (let e = 0; e < edges.source.length; e++) {
    const ends = [edges.source[e], edges.target[e]];
    for (let side = 0; side < 2; side++) {
      const p = ends[side];
      if (!small(labels[p])) continue;
      const q = ends[1 - side];
      total[p] += edges.weight[e];
      if (small(labels[q])) continue;
      let m = towards.get(p);
      if (!m) towards.set(p, (m = new Map()));
      m.set(labels[q], (m.get(labels[q]) ?? 0) + edges.weight[e]);
    }
  }
  // Decided on the labels before any move, so the order of points does not matter.
  const moves: [number, number][] = [];
  for (const [p, m] of towards) {
    let best = -1;
    let bestWeight = 0;
    for (const [c, w] of m) if (w > bestWeight || (w === bestWeight && c < best)) [best, bestWeight] = [c, w];
    if (bestWeight >= share * total[p]) moves.push([p, best]);
  }
  for (const [p, c] of moves) labels[p] = c;
}

