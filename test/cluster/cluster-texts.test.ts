import { describe, expect, it } from 'vitest';
import { clusterGraph, clusterVectors, similarityBackground } from '../../electron/engine/cluster/cluster-texts.js';
import { edgeList, knnGraphFromIndex, knnGraphFromVectors } from '../../electron/engine/cluster/knn-graph.js';
import { ari } from '../../electron/engine/cluster/metrics.js';
import { HnswIndex } from '../../electron/engine/index/hnsw-index.js';
import { blobs } from './blobs.js';

/** For each planted blob, the clusters its members went to (noise left out). */
function blobToClusters(labels: number[], truth: number[]): Map<number, Set<number>> {
  const out = new Map<number, Set<number>>();
  truth.forEach((t, i) => {
    if (t < 0 || labels[i] < 0) return;
    if (!out.has(t)) out.set(t, new Set());
    out.get(t)!.add(labels[i]);
  });
  return out;
}

describe('clusterVectors', () => {
  it('recovers well-separated blobs of different sizes without being told how many', () => {
    const sizes = [10, 20, 40, 80, 15, 30];
    const { vectors, truth } = blobs(sizes, 12);
    const result = clusterVectors(vectors);
    expect(result.count).toBe(sizes.length);
    // Every blob lands in exactly one cluster, and no two blobs share one.
    const mapping = blobToClusters(result.labels, truth);
    expect([...mapping.values()].every((s) => s.size === 1)).toBe(true);
    expect(new Set([...mapping.values()].map((s) => [...s][0])).size).toBe(sizes.length);
    const inBlobs = truth.map((t, i) => i).filter((i) => truth[i] >= 0);
    expect(ari(inBlobs.map((i) => result.labels[i]), inBlobs.map((i) => truth[i]))).toBeGreaterThan(0.97);
    // Clusters are numbered by decreasing size: the 80-point blob is cluster 0.
    const sizesOut = Array.from({ length: result.count }, (_, c) => result.labels.filter((l) => l === c).length);
    expect(sizesOut).toEqual([...sizesOut].sort((a, b) => b - a));
    expect(sizesOut[0]).toBeGreaterThanOrEqual(78);
  });

  it('leaves scattered points unclustered and keeps blob members clustered', () => {
    const { vectors, truth } = blobs([25, 25, 25, 25, 25, 25], 20, 64, 3);
    const result = clusterVectors(vectors);
    const scattered = truth.map((t, i) => i).filter((i) => truth[i] < 0);
    const members = truth.map((t, i) => i).filter((i) => truth[i] >= 0);
    expect(scattered.filter((i) => result.labels[i] === -1).length).toBeGreaterThanOrEqual(18);
    expect(members.filter((i) => result.labels[i] === -1).length).toBeLessThanOrEqual(3);
    // Noise scores 0; members score their cosine to the centre, highest for the most typical.
    for (const i of scattered) if (result.labels[i] < 0) expect(result.scores[i]).toBe(0);
    for (const i of members) if (result.labels[i] >= 0) expect(result.scores[i]).toBeGreaterThan(0.5);
  });

  it('finds many small patterns in a small input and a dominant one beside them', () => {
    const small = blobs([6, 7, 8, 9, 6, 7, 8, 9, 6, 7], 4, 64, 5);
    expect(clusterVectors(small.vectors).count).toBe(10);
    // A group much larger than the others is one cluster, not cut into pieces.
    const dominant = blobs([300, 25, 6, 8, 200], 20, 64, 6);
    const result = clusterVectors(dominant.vectors);
    expect(result.count).toBe(5);
    expect([...blobToClusters(result.labels, dominant.truth).values()].every((s) => s.size === 1)).toBe(true);
  });

  it('with a background of unrelated pairs, does not make a cluster of a few unrelated points', () => {
    const { vectors, truth } = blobs([20, 20, 20], 6, 48, 12);
    const strays = vectors.filter((_, i) => truth[i] < 0);
    // On their own, six unrelated points are all each other's nearest neighbours: one "cluster".
    expect(clusterVectors(strays).count).toBe(1);
    const background = similarityBackground(vectors)!;
    expect(clusterVectors(strays, { background }).labels).toEqual(strays.map(() => -1));
    // Real patterns stay: the background only removes what is no more alike than chance.
    const blobOnly = vectors.filter((_, i) => truth[i] === 0);
    expect(clusterVectors(blobOnly, { background }).labels.every((l) => l === 0)).toBe(true);
  });

  it('is deterministic: the same vectors give the same labels and scores', () => {
    const { vectors } = blobs([30, 40, 50], 10, 64, 9);
    const a = clusterVectors(vectors);
    const b = clusterVectors(vectors.map((v) => Float32Array.from(v)));
    expect(b.labels).toEqual(a.labels);
    expect(b.scores).toEqual(a.scores);
  });

  it('handles empty and tiny inputs', () => {
    expect(clusterVectors([]).labels).toEqual([]);
    const one = blobs([1], 0).vectors;
    expect(clusterVectors(one).labels).toEqual([-1]);
    // Three near-identical texts are a pattern; two are not (minimum size 3).
    const three = blobs([3], 0, 64, 2).vectors;
    expect(clusterVectors(three).labels).toEqual([0, 0, 0]);
    expect(clusterVectors(three.slice(0, 2)).labels).toEqual([-1, -1]);
  });

  it('clusters from a persisted index the same way, restricted to the ids asked for', () => {
    const { vectors, truth } = blobs([30, 30, 30, 30], 0, 64, 4);
    const index = HnswIndex.inMemory(64);
    vectors.forEach((v, i) => index.add(100 + i, v));
    // Only the first two blobs (say, one moment kind out of the model's index).
    const ids = truth.map((t, i) => i).filter((i) => truth[i] < 2).map((i) => 100 + i);
    const graph = knnGraphFromIndex(index, ids, 10);
    for (let a = 0; a < graph.indices.length; a++) expect(graph.indices[a]).toBeLessThan(ids.length);
    const result = clusterGraph(graph, ids.map((id) => vectors[id - 100]));
    expect(result.count).toBe(2);
    const sub = ids.map((id) => truth[id - 100]);
    expect(ari(result.labels, sub)).toBeGreaterThan(0.95);
  });

  it('rejects a graph and vectors that do not match', () => {
    const { vectors } = blobs([10], 0);
    expect(() => clusterGraph(knnGraphFromVectors(vectors, 5), vectors.slice(1))).toThrow(/10 points but 9 vectors/);
  });
});

describe('kNN graph edges', () => {
  it('lists each pair once with weights from the chosen scheme', () => {
    const { vectors } = blobs([12, 12], 0, 32, 8);
    const graph = knnGraphFromVectors(vectors, 5);
    for (const weighting of ['cosine', 'jaccard', 'fuzzy', 'fuzzy-mutual'] as const) {
      const edges = edgeList(graph, weighting);
      const keys = new Set<string>();
      for (let e = 0; e < edges.source.length; e++) {
        expect(edges.source[e]).toBeLessThan(edges.target[e]);
        keys.add(`${edges.source[e]}-${edges.target[e]}`);
        expect(edges.weight[e]).toBeGreaterThan(0);
        if (weighting !== 'cosine') expect(edges.weight[e]).toBeLessThanOrEqual(1 + 1e-9);
      }
      expect(keys.size).toBe(edges.source.length);
    }
    // Mutual (intersection) keeps only pairs both ends list: never more edges than the union.
    expect(edgeList(graph, 'fuzzy-mutual').source.length).toBeLessThanOrEqual(edgeList(graph, 'fuzzy').source.length);
  });
});
