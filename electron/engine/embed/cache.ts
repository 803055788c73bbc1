import type { Db } from '../store/db.js';
import { readCachedVectors, storeVectors } from '../store/embeddings.js';
import { embedTexts, type EmbedOptions } from './embed-texts.js';

/*
 * The embedding cache (its table: store/embeddings.ts): keyed by model id and text hash
 * (base/hash.ts `textHash`), so a re-run embeds only texts not seen before.
 */

export interface EmbedItem {
  /** Identifies the text (moments store it as `text_hash`); equal hashes are embedded once. */
  textHash: string;
  text: string;
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
