/*
 * The built-in test model `builtin:hash-ngram`: a deterministic embedder that needs no model files,
 * so the API, CLI, job-worker and privacy tests run on a clone without ../shared. It is a real
 * (if shallow) text model, not a stub: a text becomes the feature-hashed bag of its lower-cased
 * words, word pairs and the character trigrams of its words (signed hashing into HASH_NGRAM_DIM
 * buckets, weighted by kind), L2-normalised. Texts that share words and word pieces are near;
 * unrelated texts are near-orthogonal. It knows nothing of meaning (no synonyms), so the real
 * model stays the one to use; tests on what the real model finds stay on it.
 */

export const HASH_NGRAM_MODEL = 'builtin:hash-ngram';
export const HASH_NGRAM_DIM = 256;

/** Every built-in model id starts with this; such ids name no folder under modelsDir. */
export const BUILTIN_PREFIX = 'builtin:';

export function isBuiltinModel(model: string): boolean {
  return model.startsWith(BUILTIN_PREFIX);
}

const WEIGHTS = { word: 1, pair: 0.7, trigram: 0.4 } as const;

/** FNV-1a, 32 bits: stable across runs and platforms, unlike any seeded or native hash. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function add(vector: Float32Array, feature: string, weight: number): void {
  const h = fnv1a(feature);
  // The low bits pick the bucket, the top bit the sign: collisions then cancel on average instead of adding up.
  vector[h % HASH_NGRAM_DIM] += h & 0x80000000 ? -weight : weight;
}

/** One text's vector (unit length; an empty text gets the vector of a feature no word can make). */
export function hashNgramVector(text: string): Float32Array {
  const vector = new Float32Array(HASH_NGRAM_DIM);
  const words = text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
  words.forEach((word, i) => {
    add(vector, `w:${word}`, WEIGHTS.word);
    if (i > 0) add(vector, `p:${words[i - 1]} ${word}`, WEIGHTS.pair);
    const padded = `#${word}#`;
    for (let j = 0; j + 3 <= padded.length; j++) add(vector, `c:${padded.slice(j, j + 3)}`, WEIGHTS.trigram);
  });
  if (words.length === 0) add(vector, 'empty:', 1);
  let norm = 0;
  for (const v of vector) norm += v * v;
  norm = Math.sqrt(norm);
  // Features can cancel to zero only in theory (opposite signs, equal weights, one bucket); keep a unit vector anyway.
  if (norm === 0) {
    vector[0] = 1;
    return vector;
  }
  for (let i = 0; i < vector.length; i++) vector[i] /= norm;
  return vector;
}
