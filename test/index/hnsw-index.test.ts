import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HnswIndex, indexFileStem } from '../../electron/engine/index/hnsw-index.js';
import { seededRandom } from '../../electron/engine/base/random.js';
import { tempDir } from '../helpers/fixtures.js';

const MODEL = 'acme/mini-embed@v1';
const DIM = 24;

function randomVectors(count: number, dim = DIM, seed = 1): Float32Array[] {
  const rand = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const v = Float32Array.from({ length: dim }, () => rand() - 0.5);
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });
}

/** Exact nearest ids by cosine (vectors are unit length). */
function exactNearest(vectors: Float32Array[], ids: number[], query: Float32Array, k: number): number[] {
  const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0);
  return ids
    .map((id, i) => ({ id, sim: dot(vectors[i], query) }))
    .sort((a, b) => b.sim - a.sim)
    .slice(0, k)
    .map((x) => x.id);
}

describe('HnswIndex', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  it('saves beside the store and reopens with the same contents and answers', () => {
    const vectors = randomVectors(200);
    const ids = vectors.map((_, i) => 1000 + i * 3);
    const index = HnswIndex.open(dir, MODEL, DIM);
    expect(index.rebuiltBecause).toBe('no saved index');
    ids.forEach((id, i) => expect(index.add(id, vectors[i])).toBe(true));
    const before = index.knn(vectors[5], 10);
    index.save();

    const files = readdirSync(path.join(dir, 'index'));
    expect(files).toContain(`${indexFileStem(MODEL)}.hnsw`);
    expect(files).toContain(`${indexFileStem(MODEL)}.hnsw.json`);
    const sidecar = JSON.parse(readFileSync(path.join(dir, 'index', `${indexFileStem(MODEL)}.hnsw.json`), 'utf8'));
    expect(sidecar).toMatchObject({ model: MODEL, dim: DIM, count: 200, maxLabel: ids.at(-1) });

    const reopened = HnswIndex.open(dir, MODEL, DIM);
    expect(reopened.rebuiltBecause).toBeNull();
    expect(reopened.size).toBe(200);
    expect(reopened.ids()).toEqual(ids);
    expect(reopened.knn(vectors[5], 10)).toEqual(before);
    expect(before.ids[0]).toBe(ids[5]);
    expect(before.similarities[0]).toBeCloseTo(1, 5);
  });

  it('finds the true nearest neighbours (recall against exact search)', () => {
    const vectors = randomVectors(600);
    const ids = vectors.map((_, i) => i);
    const index = HnswIndex.open(dir, MODEL, DIM);
    ids.forEach((id, i) => index.add(id, vectors[i]));
    let hits = 0;
    for (let q = 0; q < 50; q++) {
      const exact = new Set(exactNearest(vectors, ids, vectors[q * 7], 10));
      hits += index.knn(vectors[q * 7], 10).ids.filter((id) => exact.has(id)).length;
    }
    expect(hits / 500).toBeGreaterThan(0.95);
  });

  it('grows incrementally past its initial capacity and skips ids already present', () => {
    const vectors = randomVectors(1500);
    const first = HnswIndex.open(dir, MODEL, DIM);
    for (let i = 0; i < 700; i++) first.add(i, vectors[i]);
    first.save();

    const second = HnswIndex.open(dir, MODEL, DIM);
    expect(second.size).toBe(700);
    // Already there: nothing changes, even with another vector.
    expect(second.add(3, vectors[1400])).toBe(false);
    expect(second.knn(vectors[3], 1).ids).toEqual([3]);
    for (let i = 700; i < 1500; i++) expect(second.add(i, vectors[i])).toBe(true);
    second.save();

    const third = HnswIndex.open(dir, MODEL, DIM);
    expect(third.size).toBe(1500);
    expect(third.knn(vectors[1499], 1).ids).toEqual([1499]);
    expect(third.knn(vectors[42], 1).ids).toEqual([42]);
  });

  it('removes ids from results, keeps them removed after reopening, and can take them back', () => {
    const vectors = randomVectors(100);
    const index = HnswIndex.open(dir, MODEL, DIM);
    vectors.forEach((v, i) => index.add(i, v));
    expect(index.remove(10)).toBe(true);
    expect(index.remove(10)).toBe(false);
    expect(index.has(10)).toBe(false);
    expect(index.knn(vectors[10], 5).ids).not.toContain(10);
    index.save();

    const reopened = HnswIndex.open(dir, MODEL, DIM);
    expect(reopened.size).toBe(99);
    expect(reopened.ids()).not.toContain(10);
    expect(reopened.knn(vectors[10], 100).ids).not.toContain(10);
    expect(reopened.add(10, vectors[10])).toBe(true);
    expect(reopened.knn(vectors[10], 1).ids).toEqual([10]);
  });

  it('rebuilds instead of mixing when the dimension or the model differs, or the files disagree', () => {
    const index = HnswIndex.open(dir, MODEL, DIM);
    randomVectors(20).forEach((v, i) => index.add(i, v));
    index.save();

    const wider = HnswIndex.open(dir, MODEL, DIM * 2);
    expect(wider.rebuiltBecause).toMatch(/dimension 24, not 48/);
    expect(wider.size).toBe(0);
    expect(() => wider.add(1, randomVectors(1)[0])).toThrow(/dimension 24, index has 48/);
    randomVectors(5, DIM * 2).forEach((v, i) => wider.add(i, v));
    wider.save();
    expect(HnswIndex.open(dir, MODEL, DIM * 2).size).toBe(5);

    // Another model writes another file; a sidecar naming another model is not trusted.
    const sidecarFile = path.join(dir, 'index', `${indexFileStem(MODEL)}.hnsw.json`);
    const sidecar = JSON.parse(readFileSync(sidecarFile, 'utf8'));
    writeFileSync(sidecarFile, JSON.stringify({ ...sidecar, model: 'other/model' }));
    const mismatched = HnswIndex.open(dir, MODEL, DIM * 2);
    expect(mismatched.rebuiltBecause).toMatch(/model other\/model/);
    expect(mismatched.size).toBe(0);

    // An interrupted save: the index file was replaced but the sidecar still describes the old one,
    // even where only deletions changed (same element count).
    const again = HnswIndex.open(dir, MODEL, DIM);
    randomVectors(8).forEach((v, i) => again.add(i, v));
    again.save();
    const indexFile = path.join(dir, 'index', `${indexFileStem(MODEL)}.hnsw`);
    const before = readFileSync(indexFile);
    const oldSidecar = readFileSync(sidecarFile);
    const later = HnswIndex.open(dir, MODEL, DIM);
    expect(later.rebuiltBecause).toBeNull();
    later.remove(2);
    later.save();
    expect(readFileSync(indexFile).length).toBe(before.length);
    writeFileSync(sidecarFile, oldSidecar);
    expect(HnswIndex.open(dir, MODEL, DIM).rebuiltBecause).toMatch(/disagree/);

    writeFileSync(sidecarFile, '{not json');
    expect(HnswIndex.open(dir, MODEL, DIM).rebuiltBecause).toMatch(/unreadable sidecar/);
  });

  it('gives each model a distinct, filesystem-safe file name', () => {
    const a = indexFileStem('energetic-ai/use-lite-en');
    const b = indexFileStem('energetic-ai_use-lite-en');
    expect(a).not.toBe(b);
    for (const stem of [a, b, indexFileStem('C:\\models\\x:y*?"<>|'), indexFileStem('..')]) {
      expect(stem).toMatch(/^[A-Za-z0-9._-]+$/);
      expect(stem).not.toMatch(/^\.\.?$/);
    }
  });

  it('is deterministic: the same insertions write the same file', () => {
    const vectors = randomVectors(300);
    const write = (sub: string): Buffer => {
      const d = path.join(dir, sub);
      const index = HnswIndex.open(d, MODEL, DIM);
      vectors.forEach((v, i) => index.add(i, v));
      index.save();
      return readFileSync(path.join(d, 'index', `${indexFileStem(MODEL)}.hnsw`));
    };
    expect(write('a').equals(write('b'))).toBe(true);
  });

  it('answers small and empty indexes without failing', () => {
    const index = HnswIndex.inMemory(DIM);
    expect(index.knn(randomVectors(1)[0], 5)).toEqual({ ids: [], similarities: [] });
    const [v] = randomVectors(1);
    index.add(7, v);
    expect(index.knn(v, 5).ids).toEqual([7]);
    expect(index.neighboursOf(7, 5)).toEqual({ ids: [], similarities: [] });
    expect(() => index.add(-1, v)).toThrow(/unsigned/);
    index.save(); // in memory: nothing to write, no error
  });
});
