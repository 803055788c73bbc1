import { describe, expect, it } from 'vitest';
import { embedTexts } from '../../electron/engine/embed/embed-texts.js';
import { HASH_NGRAM_DIM, HASH_NGRAM_MODEL, hashNgramVector } from '../../electron/engine/embed/hash-ngram.js';
import { assertModelUsable, ModelError } from '../../electron/engine/embed/model-config.js';

// The built-in test model: deterministic, unit length, and near for texts that share words.

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0);
const opts = { model: HASH_NGRAM_MODEL, modelsDir: '/nowhere/at/all' };

describe('builtin:hash-ngram', () => {
  it('gives the same unit vector for the same text, on every call', () => {
    const a = hashNgramVector('use pnpm, not npm');
    expect(a.length).toBe(HASH_NGRAM_DIM);
    expect(dot(a, a)).toBeCloseTo(1, 5);
    expect(hashNgramVector('use pnpm, not npm')).toEqual(a);
    // Case and punctuation are not features.
    expect(hashNgramVector('Use PNPM not npm!')).toEqual(a);
  });

  it('puts rewordings of one request nearer each other than unrelated texts', () => {
    const [pnpm1, pnpm2, tests, err1, err2] = [
      'no, use pnpm not npm',
      'please use pnpm instead of npm here',
      'run the tests before you commit anything',
      "Error: ENOENT: no such file or directory, open 'package.json'",
      "ENOENT: no such file or directory, open 'tsconfig.json'",
    ].map(hashNgramVector);
    expect(dot(pnpm1, pnpm2)).toBeGreaterThan(0.4);
    expect(dot(err1, err2)).toBeGreaterThan(0.6);
    expect(dot(pnpm1, tests)).toBeLessThan(0.2);
    expect(dot(err1, tests)).toBeLessThan(0.2);
    expect(dot(pnpm1, pnpm2)).toBeGreaterThan(dot(pnpm1, tests) + 0.3);
  });

  it('shares word pieces: a misspelling stays close', () => {
    expect(dot(hashNgramVector('migration'), hashNgramVector('migrations'))).toBeGreaterThan(0.4);
    expect(dot(hashNgramVector('migration'), hashNgramVector('keyboard'))).toBeLessThan(0.2);
  });

  it('an empty or symbol-only text still gets a unit vector', () => {
    for (const text of ['', '   ', '!!! ---']) expect(dot(hashNgramVector(text), hashNgramVector(text))).toBeCloseTo(1, 5);
  });

  it('embedTexts serves it without any model folder, in input order, with progress and cancel', async () => {
    const texts = ['a short one', 'a much longer text than the first one, so batches sort them', 'third'];
    const seen: number[] = [];
    const vectors = await embedTexts(texts, { ...opts, batchSize: 1, onProgress: (done) => seen.push(done) });
    expect(vectors).toEqual(texts.map(hashNgramVector));
    expect(seen).toEqual([1, 2, 3]);
    const controller = new AbortController();
    const cancelled = embedTexts(texts, { ...opts, batchSize: 1, signal: controller.signal, onProgress: () => controller.abort() });
    await expect(cancelled).rejects.toMatchObject({ name: 'CancelledError' });
  });

  it('an unknown built-in model is a ModelError that names the one there is', async () => {
    expect(() => assertModelUsable('builtin:nope', '/nowhere')).toThrow(ModelError);
    await expect(embedTexts(['x'], { model: 'builtin:nope', modelsDir: '/nowhere' })).rejects.toThrow(/the one built in is builtin:hash-ngram/);
    expect(() => assertModelUsable(HASH_NGRAM_MODEL, '/nowhere')).not.toThrow();
  });
});
