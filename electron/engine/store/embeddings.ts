import { blobToVector, vectorToBlob } from '../base/vectors.js';
import type { Db } from './db.js';

/*
 * The embedding cache's table: `embeddings (model, text_hash, dim, vector)`, vectors as
 * little-endian float32 (base/vectors.ts). Keyed by model id, so switching models never mixes
 * vectors of different models (or dimensions).
 */

/** Cached vectors of `model` for these hashes (missing hashes are simply absent). */
export function readCachedVectors(db: Db, model: string, hashes: Iterable<string>): Map<string, Float32Array> {
  const get = db.prepare<[string, string], { dim: number; vector: Buffer }>('SELECT dim, vector FROM embeddings WHERE model = ? AND text_hash = ?');
  const out = new Map<string, Float32Array>();
  for (const h of hashes) {
    if (out.has(h)) continue;
    const row = get.get(model, h);
    // A row whose length disagrees with its dimension is treated as absent and rewritten.
    if (row && row.vector.length === row.dim * 4) out.set(h, blobToVector(row.vector));
  }
  return out;
}

/** Stores vectors of `model` in one transaction (replacing any row with the same key). */
export function storeVectors(db: Db, model: string, entries: Iterable<[string, Float32Array]>): void {
  const put = db.prepare('INSERT OR REPLACE INTO embeddings (model, text_hash, dim, vector) VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    for (const [h, v] of entries) put.run(model, h, v.length, vectorToBlob(v));
  }).immediate();
}

/** How many vectors of `model` are cached. */
export function cachedCount(db: Db, model: string): number {
  return db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM embeddings WHERE model = ?').get(model)?.n ?? 0;
}

/** The dimension of `model`'s cached vectors, if any are cached. */
export function cachedDim(db: Db, model: string): number | undefined {
  return db.prepare<[string], { dim: number }>('SELECT dim FROM embeddings WHERE model = ? LIMIT 1').get(model)?.dim;
}
