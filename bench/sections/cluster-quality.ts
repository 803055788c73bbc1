// Clustering quality on Banking77 (3,080 utterances, 77 intents): NMI and ARI of clusterVectors,
// which is not told the number of clusters, against k-means given the true k on the same
// embeddings in the same run (the baseline).
import { kmeans } from 'ml-kmeans';
import { clusterVectors, DEFAULT_CLUSTER_OPTIONS, type ClusterOptions } from '../../electron/engine/cluster/cluster-texts.js';
import { ari, nmi } from '../../electron/engine/cluster/metrics.js';
import { seededRandom } from '../../electron/engine/base/random.js';
import { embedTexts } from '../../electron/engine/embed/embed-texts.js';
import { MODELS_DIR } from '../../test/helpers/samples.js';
import { readBanking77 } from '../../test/cluster/banking77.js';
import type { Section } from '../run.js';

const MODEL = process.env.BENCH_EMBED_MODEL ?? 'energetic-ai/use-lite-en';
const KMEANS_SEEDS = [1, 2, 3];
const GOAL_GAP = 0.02;

interface Scores {
  nmi: number;
  ari: number;
  clusters: number;
  noise: number;
  seconds: number;
}

function runOurs(vectors: Float32Array[], truth: string[], options: Partial<ClusterOptions> = {}): Scores {
  const t0 = performance.now();
  const r = clusterVectors(vectors, options);
  const seconds = (performance.now() - t0) / 1000;
  return { nmi: nmi(r.labels, truth), ari: ari(r.labels, truth), clusters: r.count, noise: r.labels.filter((l) => l < 0).length, seconds };
}

/** k-means (k-means++ start) with the true k: mean over seeds, since a single start varies by about 0.01 NMI. */
function runKmeans(vectors: Float32Array[], truth: string[]): Scores & { nmiRange: [number, number] } {
  const k = new Set(truth).size;
  const data = vectors.map((v) => Array.from(v));
  const runs = KMEANS_SEEDS.map((seed) => {
    const t0 = performance.now();
    const r = kmeans(data, k, { seed, initialization: 'kmeans++' });
    return { nmi: nmi(r.clusters, truth), ari: ari(r.clusters, truth), seconds: (performance.now() - t0) / 1000 };
  });
  const mean = (f: (x: (typeof runs)[number]) => number) => runs.reduce((s, x) => s + f(x), 0) / runs.length;
  const nmis = runs.map((r) => r.nmi);
  return { nmi: mean((r) => r.nmi), ari: mean((r) => r.ari), clusters: k, noise: 0, seconds: mean((r) => r.seconds), nmiRange: [Math.min(...nmis), Math.max(...nmis)] };
}

/** Subsets with other shapes than the full set, to show the one setting is not fitted to 77 clusters of 40. */
function subsets(intents: string[]): { name: string; keep: number[] }[] {
  const rand = seededRandom(3);
  const byIntent = new Map<string, number[]>();
  intents.forEach((l, i) => byIntent.set(l, [...(byIntent.get(l) ?? []), i]));
  const names = [...byIntent.keys()];
  const shuffled = <T>(xs: T[]): T[] => {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  };
  return [
    { name: '5 random intents (all their texts)', keep: shuffled(names).slice(0, 5).flatMap((l) => byIntent.get(l)!) },
    { name: '20 random intents (all their texts)', keep: shuffled(names).slice(0, 20).flatMap((l) => byIntent.get(l)!) },
    { name: '77 intents x 10 texts', keep: names.flatMap((l) => shuffled(byIntent.get(l)!).slice(0, 10)) },
    { name: '77 intents, uneven (40/20/8/4 texts)', keep: names.flatMap((l, j) => shuffled(byIntent.get(l)!).slice(0, [40, 20, 8, 4][j % 4])) },
  ];
}

const f3 = (x: number): string => x.toFixed(3);

export async function clusterQualitySection(_outDir: string): Promise<Section> {
  const { texts, intents } = readBanking77();
  const t0 = performance.now();
  const vectors = await embedTexts(texts, { model: MODEL, modelsDir: MODELS_DIR });
  const embedSeconds = (performance.now() - t0) / 1000;

  const ours = runOurs(vectors, intents);
  const base = runKmeans(vectors, intents);
  const gap = base.nmi - ours.nmi;

  const weightings = (['fuzzy', 'jaccard', 'cosine', 'fuzzy-mutual'] as const).map((weighting) => ({
    weighting,
    ...runOurs(vectors, intents, { weighting }),
  }));
  const shapes = subsets(intents).map(({ name, keep }) => {
    const v = keep.map((i) => vectors[i]);
    const t = keep.map((i) => intents[i]);
    return { name, n: keep.length, k: new Set(t).size, ours: runOurs(v, t), base: runKmeans(v, t) };
  });

  const o = DEFAULT_CLUSTER_OPTIONS;
  return {
    title: 'Clustering quality (Banking77)',
    body: [
      `${texts.length} utterances, ${new Set(intents).size} intents, embedded once with \`${MODEL}\` (${vectors[0].length}-d, ${embedSeconds.toFixed(1)} s).`,
      `Reverie's \`clusterVectors\` is not told the number of clusters; the baseline is k-means (ml-kmeans, k-means++) given the true k,`,
      `mean of ${KMEANS_SEEDS.length} seeds. Noise (-1) counts as one more cluster in NMI and ARI.`,
      `Settings (one for all data): ${o.k} neighbours, \`${o.weighting}\` edge weights, density ${o.density}, min size ${o.minSize}.`,
      '',
      '| method | clusters | noise | NMI | ARI | time | time ratio to k-means |',
      '|---|---|---|---|---|---|---|',
      `| baseline: k-means, true k | ${base.clusters} | 0 | ${f3(base.nmi)} (${f3(base.nmiRange[0])}-${f3(base.nmiRange[1])}) | ${f3(base.ari)} | ${base.seconds.toFixed(1)} s | 1.00 |`,
      `| reverie clusterVectors | ${ours.clusters} | ${ours.noise} (${((100 * ours.noise) / texts.length).toFixed(1)}%) | ${f3(ours.nmi)} | ${f3(ours.ari)} | ${ours.seconds.toFixed(1)} s | ${(ours.seconds / base.seconds).toFixed(2)} |`,
      '',
      `NMI difference (ours - k-means): ${gap <= 0 ? '+' : '-'}${f3(Math.abs(gap))}. Goal: no more than ${GOAL_GAP} below: ${gap <= GOAL_GAP ? 'met' : 'NOT met'}.`,
      '',
      'Edge weighting of the neighbour graph (everything else as above):',
      '',
      '| weighting | clusters | noise | NMI | ARI |',
      '|---|---|---|---|---|',
      ...weightings.map((w) => `| ${w.weighting}${w.weighting === o.weighting ? ' (default)' : ''} | ${w.clusters} | ${w.noise} | ${f3(w.nmi)} | ${f3(w.ari)} |`),
      '',
      'Other shapes of the same data (subsets drawn with a fixed seed), each against k-means with its own true k:',
      '',
      '| subset | texts | true k | clusters | NMI (k-means) | ARI (k-means) |',
      '|---|---|---|---|---|---|',
      ...shapes.map((s) => `| ${s.name} | ${s.n} | ${s.k} | ${s.ours.clusters} | ${f3(s.ours.nmi)} (${f3(s.base.nmi)}) | ${f3(s.ours.ari)} (${f3(s.base.ari)}) |`),
    ].join('\n'),
    figures: {
      nmi: ours.nmi,
      ari: ours.ari,
      clusters: ours.clusters,
      noiseShare: ours.noise / texts.length,
      kmeansNmi: base.nmi,
      kmeansAri: base.ari,
      nmiMinusKmeans: ours.nmi - base.nmi,
      ariMinusKmeans: ours.ari - base.ari,
      timeRatioToKmeans: ours.seconds / base.seconds,
    },
  };
}
