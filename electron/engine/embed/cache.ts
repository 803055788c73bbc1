import { createHash } from 'node:crypto';
import os from 'node:os';
import type { Db } from '../store/db.js';
import { embedTexts, type EmbedOptions } from './embed-texts.js';

/*
 * The embedding cache: table `embeddings (model, text_hash, dim, vector)`, vectors as
 * little-endian float32. Keyed by model id, so a re-run embeds only texts not seen before and
 * switching models never mixes vectors of different models (or dimensions).
 */

export interface EmbedItem {
  /** Identifies the text (moments store it as `text_hash`); equal hashes are embedded once. */
  textHash: string;
  text: string;
}

/** sha256 of the text, hex: a `textHash` for callers that have none. */
export function textHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

const LITTLE_ENDIAN = os.endianness() === 'LE';

export function vectorToBlob(v: Float32Array): Buffer {
  if (LITTLE_ENDIAN) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  const b = Buffer.alloc(v.length * 4);
  v.forEach((x, i) => b.writeFloatLE(x, i * 4));
  return b;
}

export function blobToVector(b: Buffer): Float32Array {
  // Copy into a fresh, aligned buffer: the blob may sit at any offset in SQLite's memory.
  if (LITTLE_ENDIAN) return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  const v = new Float32Array(b.length / 4);
  for (let i = 0; i < v.length; i++) v[i] = b.readFloatLE(i * 4);
  return v;
}

/** Cached vectors of `model` for these hashes (missing hashes are simply absent). */
export function readCachedVectors(db: Db, model: string, hashes: Iterable<string>): Map<string, Float32Array> {
  const get = db.prepare('SELECT dim, vector FROM embeddings WHERE model = ? AND text_hash = ?');
  const out = new Map<string, Float32Array>();
  for (const h of hashes) {
    if (out.has(h)) continue;
    const row = get.get(model, h) as { dim: number; vector: Buffer } | undefined;
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

export interface CacheEmbedOptions extends EmbedOptions {
  /** What embeds the uncached texts; `embedTexts` unless replaced (tests count its calls). */
  embed?: (texts: string[], options: EmbedOptions) => Promise<Float32Array[]>;
}

/**
 * Vectors for every item, by text hash: cached ones are read back, the others embedded with
 * `options.model` and stored in one transaction when the whole batch is done (a cancelled run
 * stores nothing). Progress counts cached items as done from the start.
 */
export async function embedWithCache(
  db: Db,
  items: readonly EmbedItem[],
  options: CacheEmbedOptions,
): Promise<Map<string, Float32Array>> {
  const { embed = embedTexts, ...embedOptions } = options;
  const texts = new Map<string, string>();
  for (const it of items) if (!texts.has(it.textHash)) texts.set(it.textHash, it.text);
  const out = readCachedVectors(db, options.model, texts.keys());
  const todo = [...texts.keys()].filter((h) => !out.has(h));
  const cached = texts.size - todo.length;
  options.onProgress?.(cached, texts.size);
  if (todo.length === 0) return out;

  const vectors = await embed(
    todo.map((h) => texts.get(h)!),
    { ...embedOptions, onProgress: (done) => options.onProgress?.(cached + done, texts.size) },
  );
  storeVectors(
    db,
    options.model,
    todo.map((h, i) => [h, vectors[i]] as [string, Float32Array]),
  );
  todo.forEach((h, i) => out.set(h, vectors[i]));
  return out;
}
