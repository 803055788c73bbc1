import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AutoTokenizer, env, pipeline, type FeatureExtractionPipeline, type Tensor } from '@huggingface/transformers';
import * as ort from 'onnxruntime-node';
import { clip, planBatches } from '../../electron/engine/embed/batching.js';
import { checkModel } from '../../electron/engine/embed/model-config.js';
import { defaultParallelism, EmbedPool } from '../../electron/engine/embed/pool.js';
import type { Section } from '../run.js';

/*
 * Embedding throughput of the worker pool against a raw onnxruntime session on the same model
 * file, fed the very same batches (same texts per batch, same token ids, same padded length),
 * measured in the same run. The raw session is the floor of the work: it does only the model
 * maths, on inputs tokenised beforehand and untimed; the pool also tokenises, pools, normalises
 * and passes messages between threads.
 */

const MODELS_DIR = process.env.BENCH_MODELS_DIR ?? path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'models');
const MODEL = process.env.BENCH_MODEL ?? 'energetic-ai/use-lite-en';
const DATASET = path.resolve(MODELS_DIR, '..', 'datasets', 'banking77', 'test.csv');
const TEXTS = Number(process.env.BENCH_EMBED_TEXTS ?? 2000);
const BATCH = 32;
const ROUNDS = Number(process.env.BENCH_EMBED_ROUNDS ?? 5);

/** First column of the Banking77 CSV (`text,category`; quoted when the text holds commas). */
export function banking77Texts(csv: string): string[] {
  return csv
    .split('\n')
    .slice(1)
    .filter((l) => l.trim())
    .map((l) => (l.startsWith('"') ? l.slice(1, l.lastIndexOf('"')).replaceAll('""', '"') : l.slice(0, l.lastIndexOf(','))));
}

const seconds = (t0: number) => (performance.now() - t0) / 1000;

/** Times one round into `times`; the best round is the least disturbed on a shared machine. */
async function timed(times: number[], run: () => Promise<void>): Promise<void> {
  const t0 = performance.now();
  await run();
  times.push(seconds(t0));
}

export async function embedSection(_outDir: string): Promise<Section> {
  const files = checkModel(MODEL, MODELS_DIR);
  const all = banking77Texts(readFileSync(DATASET, 'utf8'));
  // Moment-like short texts; repeated if more are asked for than the dataset holds.
  const texts = Array.from({ length: TEXTS }, (_, i) => all[i % all.length]);

  // The exact batches the pool will run, tokenised once for the raw session.
  env.allowRemoteModels = false;
  env.localModelPath = `${files.modelsDir}/`;
  const tokenizer = await AutoTokenizer.from_pretrained(MODEL);
  const batches = planBatches(texts, BATCH).map((b) => b.map((i) => clip(texts[i])));
  const inputNames: string[] = [];
  const makeFeeds = (names: readonly string[]) =>
    batches.map((b) => {
      const enc = tokenizer(b, { padding: true, truncation: true }) as Record<string, Tensor>;
      const feeds: Record<string, ort.Tensor> = {};
      for (const name of names) {
        const t = enc[name] ?? (name === 'token_type_ids' ? { data: new BigInt64Array(enc.input_ids.data.length), dims: enc.input_ids.dims } : undefined);
        if (!t) throw new Error(`the model wants input ${name}, which the tokenizer does not give`);
        feeds[name] = new ort.Tensor('int64', t.data as BigInt64Array, t.dims);
      }
      return feeds;
    });

  const rawConfigs = [
    { name: 'raw session, onnxruntime default threads', options: {} },
    { name: 'raw session, 1 intra-op thread', options: { intraOpNumThreads: 1, interOpNumThreads: 1 } },
    { name: 'raw session, 2 intra-op threads', options: { intraOpNumThreads: 2, interOpNumThreads: 1 } },
  ];
  const raws = await Promise.all(
    rawConfigs.map(async (c) => {
      const session = await ort.InferenceSession.create(files.onnxFile, c.options);
      if (!inputNames.length) inputNames.push(...session.inputNames);
      return { ...c, session, feeds: makeFeeds(session.inputNames), times: [] as number[] };
    }),
  );

  const tokens = raws[0].feeds.reduce((n, f) => n + f.input_ids.dims[0] * f.input_ids.dims[1], 0);

  const auto = defaultParallelism();
  const poolConfigs = [
    { workers: auto.workers, threads: auto.threads, isDefault: true },
    ...[
      { workers: 1, threads: 1 },
      { workers: 1, threads: 2 },
      { workers: 2, threads: 1 },
    ]
      .filter((c) => c.workers !== auto.workers || c.threads !== auto.threads)
      .map((c) => ({ ...c, isDefault: false })),
  ];
  const pools = [];
  for (const c of poolConfigs) {
    const pool = new EmbedPool(files, { workers: c.workers, threads: c.threads, idleMs: 600_000 });
    const t0 = performance.now();
    // Warm up: start the workers and load the model (timed apart, one pool at a time, as the cold start).
    await pool.embed(texts.slice(0, BATCH * c.workers), { batchSize: BATCH });
    pools.push({ ...c, pool, start: seconds(t0), times: [] as number[] });
  }

  // The transformers.js feature-extraction pipeline as a caller would use it, in input order.
  const naive = (await pipeline('feature-extraction', MODEL, { dtype: files.dtype })) as FeatureExtractionPipeline;
  const naiveTimes: number[] = [];

  const runs: { times: number[]; run: () => Promise<void> }[] = [
    ...raws.map((r) => ({
      times: r.times,
      run: async () => {
        for (const f of r.feeds) await r.session.run(f);
      },
    })),
    ...pools.map((p) => ({ times: p.times, run: async () => void (await p.pool.embed(texts, { batchSize: BATCH })) })),
    {
      times: naiveTimes,
      run: async () => {
        for (let i = 0; i < texts.length; i += BATCH) await naive(texts.slice(i, i + BATCH), { pooling: 'mean', normalize: true });
      },
    },
  ];
  // Each round starts at a different run, so no run always follows the same neighbour.
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < runs.length; k++) {
      const { times, run } = runs[(round + k) % runs.length];
      await timed(times, run);
    }
  }
  await Promise.all(pools.map((p) => p.pool.close()));
  await Promise.all(raws.map((r) => r.session.release()));
  await naive.dispose();

  const rate = (times: number[]) => texts.length / Math.min(...times);
  const baseline = raws.reduce((a, b) => (rate(b.times) > rate(a.times) ? b : a));
  const base = rate(baseline.times);
  const def = pools.find((p) => p.isDefault)!;
  const fmt = (r: number) => `${r.toFixed(0)} texts/s`;
  const rows = [
    ...raws.map((r) => [r.name + (r === baseline ? ' (**baseline**: the fastest)' : ''), fmt(rate(r.times)), (rate(r.times) / base).toFixed(2)]),
    ...pools.map((p) => [
      `reverie pool, ${p.workers} worker${p.workers > 1 ? 's' : ''} x ${p.threads} thread${p.threads > 1 ? 's' : ''}${p.isDefault ? ' (**default** here)' : ''}`,
      fmt(rate(p.times)),
      (rate(p.times) / base).toFixed(2),
    ]),
    ['transformers.js pipeline in input order, main thread, default threads', fmt(rate(naiveTimes)), (rate(naiveTimes) / base).toFixed(2)],
  ];
  const ratio = rate(def.times) / base;
  return {
    title: 'Embedding throughput',
    body: [
      `Model \`${MODEL}\` (\`${path.relative(files.modelsDir, files.onnxFile)}\`, onnx inputs: ${inputNames.map((n) => `\`${n}\``).join(', ')}), ` +
        `${texts.length} short texts from Banking77 (${(tokens / texts.length).toFixed(1)} tokens per text with padding), batches of ${BATCH} ` +
        'grouped by length. Every run gets the same batches; the raw sessions get them tokenised beforehand (untimed). ' +
        `Best of ${ROUNDS} rounds, interleaved, warm (workers started and model loaded beforehand).`,
      '',
      '| run | throughput | ratio to baseline |',
      '|---|---|---|',
      ...rows.map((r) => `| ${r.join(' | ')} |`),
      '',
      `**Pool (default settings) vs raw onnxruntime session: ${ratio.toFixed(2)}** (goal ≥ 0.8).`,
      `Cold start of the default pool (threads started, model loaded, first batch): ${def.start.toFixed(2)} s.`,
    ].join('\n'),
    figures: {
      texts: texts.length,
      baselineTextsPerSecond: base,
      poolTextsPerSecond: rate(def.times),
      ratio,
      naivePipelineRatio: rate(naiveTimes) / base,
      poolColdStartSeconds: def.start,
      ...Object.fromEntries(pools.map((p) => [`ratio_${p.workers}w${p.threads}t`, rate(p.times) / base])),
    },
  };
}
