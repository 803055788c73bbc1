import { afterAll, describe, expect, it } from 'vitest';
import { textHash } from '../../electron/engine/base/hash.js';
import { blobToVector, vectorToBlob } from '../../electron/engine/base/vectors.js';
import { embedWithCache, type EmbedItem } from '../../electron/engine/embed/cache.js';
import { readCachedVectors } from '../../electron/engine/store/embeddings.js';
import { closeEmbedPools, embedTexts, type EmbedOptions } from '../../electron/engine/embed/embed-texts.js';
import { openStore } from '../../electron/engine/store/db.js';
import { haveShared, MODELS_DIR } from '../helpers/samples.js';

const MODEL = 'energetic-ai/use-lite-en';

afterAll(() => closeEmbedPools());

const items = (texts: string[]): EmbedItem[] => texts.map((text) => ({ textHash: textHash(text), text }));

/** The real embedder, recording every text it is asked to embed. */
function countingEmbed() {
  const seen: string[] = [];
  const embed = (texts: string[], options: EmbedOptions) => {
    seen.push(...texts);
    return embedTexts(texts, options);
  };
  return { seen, embed };
}

describe('vector blobs', () => {
  it('round-trip float32 exactly, as 4 little-endian bytes per value', () => {
    const v = Float32Array.from([1, -0.5, 3.1415927, 1e-30, -0]);
    const blob = vectorToBlob(v);
    expect(blob.length).toBe(20);
    expect(blob.readFloatLE(4)).toBe(-0.5);
    // From an unaligned offset, as SQLite may hand it back.
    const unaligned = Buffer.concat([Buffer.from([9]), blob]).subarray(1);
    expect(blobToVector(unaligned)).toEqual(v);
  });
});

describe.runIf(haveShared())('embedding cache', () => {
  const base = { model: MODEL, modelsDir: MODELS_DIR };

  it('embeds only texts it has not seen, and returns the same vectors from the cache', async () => {
    const db = openStore(':memory:');
    const first = countingEmbed();
    const a = await embedWithCache(db, items(['run the linter', 'use pnpm', 'use pnpm']), { ...base, embed: first.embed });
    // The duplicate text is embedded once.
    expect(first.seen).toEqual(['run the linter', 'use pnpm']);
    expect(a.size).toBe(2);

    const second = countingEmbed();
    const progress: [number, number][] = [];
    const b = await embedWithCache(db, items(['use pnpm', 'write tests first', 'run the linter']), {
      ...base,
      embed: second.embed,
      onProgress: (d, t) => progress.push([d, t]),
    });
    expect(second.seen).toEqual(['write tests first']);
    expect(b.get(textHash('use pnpm'))).toEqual(a.get(textHash('use pnpm')));
    expect(b.get(textHash('run the linter'))).toEqual(a.get(textHash('run the linter')));
    // Cached items count as done from the start.
    expect(progress[0]).toEqual([2, 3]);
    expect(progress.at(-1)).toEqual([3, 3]);

    const third = countingEmbed();
    await embedWithCache(db, items(['use pnpm', 'write tests first']), { ...base, embed: third.embed });
    expect(third.seen).toEqual([]);
    expect(db.prepare('SELECT count(*) AS n FROM embeddings').get()).toEqual({ n: 3 });
    db.close();
  });

  it('never returns one model’s vectors for another', async () => {
    const db = openStore(':memory:');
    const texts = items(['use pnpm', 'run the linter']);
    const real = await embedWithCache(db, texts, base);
    const dim = [...real.values()][0].length;

    // Another model (a stand-in of a different dimension): everything is embedded anew.
    const other = countingEmbed();
    const tiny = async (t: string[], o: EmbedOptions) => {
      other.seen.push(...t);
      expect(o.model).toBe('acme/tiny');
      return t.map(() => Float32Array.from([0.6, 0.8, 0]));
    };
    const b = await embedWithCache(db, texts, { ...base, model: 'acme/tiny', embed: tiny });
    expect(other.seen).toEqual(['use pnpm', 'run the linter']);
    expect([...b.values()].map((v) => v.length)).toEqual([3, 3]);

    // Both stay cached side by side, each under its own model.
    const hashes = texts.map((t) => t.textHash);
    expect([...readCachedVectors(db, MODEL, hashes).values()].map((v) => v.length)).toEqual([dim, dim]);
    expect([...readCachedVectors(db, 'acme/tiny', hashes).values()].map((v) => v.length)).toEqual([3, 3]);
    expect(readCachedVectors(db, 'nobody/else', hashes).size).toBe(0);
    db.close();
  });

  it('stores nothing from a cancelled run', async () => {
    const db = openStore(':memory:');
    const ctrl = new AbortController();
    const many = items(Array.from({ length: 200 }, (_, i) => `moment ${i}`));
    const err = await embedWithCache(db, many, { ...base, batchSize: 8, signal: ctrl.signal, onProgress: (d) => d > 0 && ctrl.abort() }).catch(
      (e: unknown) => e,
    );
    expect((err as Error).name).toBe('CancelledError');
    expect(db.prepare('SELECT count(*) AS n FROM embeddings').get()).toEqual({ n: 0 });
    db.close();
  });
});
