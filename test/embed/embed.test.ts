import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { env, mean_pooling, pipeline, Tensor, type FeatureExtractionPipeline } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { planBatches } from '../../electron/engine/embed/batching.js';
import { closeEmbedPools, embedTexts } from '../../electron/engine/embed/embed-texts.js';
import { checkModel } from '../../electron/engine/embed/model-config.js';
import { meanPoolNormalize } from '../../electron/engine/embed/pooling.js';
import { EmbedPool } from '../../electron/engine/embed/pool.js';
import { haveShared, MODELS_DIR, REPO_DIR } from '../helpers/samples.js';

const MODEL = 'energetic-ai/use-lite-en';
const opts = { model: MODEL, modelsDir: MODELS_DIR };

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0);
const maxDiff = (a: Float32Array[], b: Float32Array[]) =>
  Math.max(...a.map((v, i) => Math.max(...v.map((x, k) => Math.abs(x - b[i][k])))));

/** Moment-like texts of varied length, so batches need padding. */
const TEXTS = [
  'no, use pnpm not npm',
  'please run the tests before you commit anything',
  'stop adding comments to every line',
  'the build failed: cannot find module ./config',
  'I told you, never push directly to main; open a pull request and wait for review instead',
  'rename the function to parseSession and update every caller',
  'Error: ENOENT: no such file or directory, open package.json',
  'write the changelog entry in the past tense',
  'use tabs, not spaces',
  'why did you delete the migration? restore it',
  'the test suite times out on CI after the last change to the database pool settings',
  'ok',
];

describe('mean pooling', () => {
  it('matches transformers.js mean_pooling + normalize, padding included', () => {
    const [batch, seq, dim] = [3, 5, 7];
    const hidden = Float32Array.from({ length: batch * seq * dim }, (_, i) => Math.sin(i * 1.7) * 3);
    // Rows with 5, 2 and 1 real tokens.
    const mask = BigInt64Array.from([1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0].map(BigInt));
    const ours = meanPoolNormalize(hidden, [batch, seq, dim], mask);
    const theirs = mean_pooling(new Tensor('float32', hidden, [batch, seq, dim]), new Tensor('int64', mask, [batch, seq])).normalize(2, -1);
    expect(ours.length).toBe(batch * dim);
    for (let i = 0; i < ours.length; i++) expect(ours[i]).toBeCloseTo((theirs.data as Float32Array)[i], 6);
  });

  it('ignores what the padding holds', () => {
    const hidden = Float32Array.from({ length: 2 * 3 * 4 }, (_, i) => i + 1);
    const mask = BigInt64Array.from([1n, 1n, 0n, 1n, 1n, 0n]);
    const a = meanPoolNormalize(hidden, [2, 3, 4], mask);
    hidden.fill(1e6, 8, 12);
    hidden.fill(-5, 20, 24);
    expect(meanPoolNormalize(hidden, [2, 3, 4], mask)).toEqual(a);
  });
});

describe('batching', () => {
  it('covers every text once, in batches of at most the size, similar lengths together', () => {
    const texts = Array.from({ length: 70 }, (_, i) => 'x'.repeat((i * 37) % 101));
    const batches = planBatches(texts, 16);
    expect(batches.map((b) => b.length)).toEqual([16, 16, 16, 16, 6]);
    expect(batches.flat().sort((a, b) => a - b)).toEqual(texts.map((_, i) => i));
    const lengths = batches.flat().map((i) => texts[i].length);
    expect(lengths).toEqual([...lengths].sort((a, b) => b - a));
    expect(() => planBatches(texts, 0)).toThrow(/batch size/);
  });
});

describe.runIf(haveShared())('embedding with the real model', () => {
  let reference: FeatureExtractionPipeline;
  let vectors: Float32Array[];
  const progress: [number, number][] = [];

  beforeAll(async () => {
    vectors = await embedTexts(TEXTS, { ...opts, batchSize: 4, onProgress: (d, t) => progress.push([d, t]) });
    env.allowRemoteModels = false;
    env.localModelPath = `${MODELS_DIR}/`;
    reference = (await pipeline('feature-extraction', MODEL, { dtype: 'q8' })) as FeatureExtractionPipeline;
  });
  afterAll(async () => {
    await reference?.dispose();
    await closeEmbedPools();
  });

  it('gives unit vectors of the model dimension (read from the model, not assumed)', () => {
    const hidden = (JSON.parse(readFileSync(path.join(MODELS_DIR, MODEL, 'config.json'), 'utf8')) as { hidden_size: number }).hidden_size;
    expect(vectors).toHaveLength(TEXTS.length);
    for (const v of vectors) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v.length).toBe(hidden);
      expect(Math.sqrt(dot(v, v))).toBeCloseTo(1, 5);
    }
  });

  it('equals the transformers.js feature-extraction pipeline (mean pooling, normalised)', async () => {
    const ref = await reference(TEXTS, { pooling: 'mean', normalize: true });
    const dim = ref.dims[1];
    const rows = TEXTS.map((_, i) => (ref.data as Float32Array).slice(i * dim, (i + 1) * dim));
    expect(maxDiff(vectors, rows)).toBeLessThan(1e-5);
  });

  it('puts sentences with the same meaning closer than unrelated ones', async () => {
    const [a, b, c] = await embedTexts(
      ['please use pnpm instead of npm', 'switch to pnpm, do not use npm', 'the weather in Lisbon is sunny today'],
      opts,
    );
    expect(dot(a, b)).toBeGreaterThan(dot(a, c) + 0.1);
    expect(dot(a, b)).toBeGreaterThan(dot(b, c) + 0.1);
  });

  it('gives the same vectors in-process and in the pool, whatever the batch size', async () => {
    const here = await embedTexts(TEXTS, { ...opts, inProcess: true, batchSize: 32 });
    const one = await embedTexts(TEXTS, { ...opts, batchSize: 1, workers: 1 });
    expect(maxDiff(vectors, here)).toBeLessThan(1e-5);
    expect(maxDiff(vectors, one)).toBeLessThan(1e-5);
  });

  it('reports progress after each batch, up to the total', () => {
    expect(progress.length).toBe(Math.ceil(TEXTS.length / 4));
    expect(progress.map(([, t]) => t)).toEqual(progress.map(() => TEXTS.length));
    const done = progress.map(([d]) => d);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(done.at(-1)).toBe(TEXTS.length);
  });

  it('cancels promptly: rejects with CancelledError and stops the workers', async () => {
    const pool = new EmbedPool(checkModel(MODEL, MODELS_DIR), { workers: 2, threads: 1 });
    const many = Array.from({ length: 4000 }, (_, i) => `${TEXTS[i % TEXTS.length]} (${i})`);
    const ctrl = new AbortController();
    let calls = 0;
    const job = pool.embed(many, {
      batchSize: 8,
      signal: ctrl.signal,
      onProgress: () => {
        if (++calls === 2) ctrl.abort();
      },
    });
    const err = await job.catch((e: unknown) => e);
    expect((err as Error).name).toBe('CancelledError');
    // Far from the whole job (500 batches), and the threads are gone.
    expect(calls).toBeLessThan(10);
    // The threads end after the batch they were running.
    await vi.waitFor(() => expect(pool.liveThreads).toBe(0), { timeout: 3000 });
    // An aborted signal fails at once; the pool itself still works afterwards.
    await expect(pool.embed(['x'], { signal: ctrl.signal })).rejects.toMatchObject({ name: 'CancelledError' });
    const [v] = await pool.embed([TEXTS[0]]);
    expect(maxDiff([v], [vectors[0]])).toBeLessThan(1e-5);
    await pool.close();
  });

  it('cancels in-process embedding between batches', async () => {
    const ctrl = new AbortController();
    const err = await embedTexts(TEXTS, { ...opts, inProcess: true, batchSize: 2, signal: ctrl.signal, onProgress: () => ctrl.abort() }).catch(
      (e: unknown) => e,
    );
    expect((err as Error).name).toBe('CancelledError');
  });

  it('returns nothing for no texts, and starts no worker for it', async () => {
    const pool = new EmbedPool(checkModel(MODEL, MODELS_DIR));
    expect(await pool.embed([])).toEqual([]);
    expect(pool.liveThreads).toBe(0);
  });

  /** Runs an ES module script in a fresh Node process from the repo root, TypeScript loaded as bin/reverie.mjs does. */
  const runScript = (lines: string[]) =>
    spawnSync(
      process.execPath,
      ['--input-type=module', '-e', ["import { register } from 'tsx/esm/api';", 'register();', ...lines].join('\n')],
      { cwd: REPO_DIR, encoding: 'utf8', timeout: 60_000 },
    );

  it('runs its workers when the caller loads TypeScript through tsx, as bin/reverie.mjs does', () => {
    const r = runScript([
      "const { embedTexts, closeEmbedPools } = await import('./electron/engine/embed/embed-texts.ts');",
      `const v = await embedTexts(['hello there'], ${JSON.stringify(opts)});`,
      'console.log(v[0].length);',
      'await closeEmbedPools();',
    ]);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(String(vectors[0].length));
  });

  it('lets the process end on its own after a cancel and with idle workers left', () => {
    const t0 = performance.now();
    const r = runScript([
      "const { embedTexts } = await import('./electron/engine/embed/embed-texts.ts');",
      'const ctrl = new AbortController();',
      `const texts = Array.from({ length: 3000 }, (_, i) => 'text number ' + i);`,
      `const o = ${JSON.stringify(opts)};`,
      'const err = await embedTexts(texts, { ...o, batchSize: 8, signal: ctrl.signal, onProgress: () => ctrl.abort() }).catch((e) => e);',
      'console.log(err.name);',
      "console.log((await embedTexts(['again'], o))[0].length);",
      // No closeEmbedPools: idle workers must not keep the process alive.
    ]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split('\n')).toEqual(['CancelledError', String(vectors[0].length)]);
    expect(performance.now() - t0).toBeLessThan(20_000);
  });
});
