// Index + cluster + map at 10k and 100k moments, on synthetic embedding-like vectors. Every stage
// runs in a child process (this same file, run directly) so its peak RSS is its own. Baseline,
// measured in the same run: hnswlib-node building an index over the same vectors with the same
// parameters and nothing else; plus a brute-force kNN pass, timed on a sample and extrapolated.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import hnswlib from 'hnswlib-node';
import { clusterGraph } from '../../electron/engine/cluster/cluster-texts.js';
import { knnGraphFromIndex } from '../../electron/engine/cluster/knn-graph.js';
import { layoutMap } from '../../electron/engine/cluster/map.js';
import { nmi } from '../../electron/engine/cluster/metrics.js';
import { seededRandom } from '../../electron/engine/cluster/random.js';
import { DEFAULT_CLUSTER_OPTIONS } from '../../electron/engine/cluster/cluster-texts.js';
import { DEFAULT_HNSW_PARAMS, HnswIndex } from '../../electron/engine/index/hnsw-index.js';
import { measureChild, report, type Measured } from '../lib.js';
import type { Section } from '../run.js';

const DIM = Number(process.env.BENCH_CLUSTER_DIM ?? 384);
const SIZES = (process.env.BENCH_CLUSTER_SIZES ?? '10000,100000').split(',').map(Number);
const BUDGET_100K_S = 60;

/**
 * Embedding-like synthetic data: unit vectors around topic centres (pairwise cosine about 0.45
 * inside a topic, as sentence embeddings of one intent), topics grouped under broader themes so
 * some are near each other, topic sizes uneven (Zipf-like), and 5% scattered points that belong
 * nowhere. Within a topic most of the variation lies in a 12-dimensional subspace, because
 * sentence embeddings have a low intrinsic dimension; isotropic noise in all 384 dimensions is
 * the worst case for any approximate nearest-neighbour index and unlike real data. Returns the
 * vectors and the planted topic per point (-1 scattered).
 */
export function syntheticMoments(n: number, dim: number, seed = 1): { vectors: Float32Array[]; topics: number[] } {
  const rand = seededRandom(seed);
  const gauss = (): number => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const unit = (v: Float32Array): Float32Array => {
    let s = 0;
    for (const x of v) s += x * x;
    s = Math.sqrt(s);
    return v.map((x) => x / s);
  };
  const randomUnit = (): Float32Array => unit(Float32Array.from({ length: dim }, gauss));
  const themes = Array.from({ length: 20 }, randomUnit);
  const topicCount = Math.max(5, Math.round(n / 120));
  const centres = Array.from({ length: topicCount }, (_, t) => unit(themes[t % themes.length].map((x) => x + (1.2 * gauss()) / Math.sqrt(dim))));
  const SUBSPACE = 12;
  const bases = Array.from({ length: topicCount }, () => Array.from({ length: SUBSPACE }, randomUnit));
  // Offset energy 1.2 (cosine to the centre about 0.67): 85% inside the topic's subspace, 15% anywhere.
  const inside = Math.sqrt((1.2 * 0.85) / SUBSPACE);
  const anywhere = Math.sqrt((1.2 * 0.15) / dim);
  // Zipf-like weights: topic t has weight 1/sqrt(t+1).
  const cumulative: number[] = [];
  let acc = 0;
  for (let t = 0; t < topicCount; t++) cumulative.push((acc += 1 / Math.sqrt(t + 1)));
  const vectors: Float32Array[] = [];
  const topics: number[] = [];
  for (let i = 0; i < n; i++) {
    if (rand() < 0.05) {
      vectors.push(randomUnit());
      topics.push(-1);
      continue;
    }
    const r = rand() * acc;
    let lo = 0;
    let hi = topicCount - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < r) lo = mid + 1;
      else hi = mid;
    }
    const v = centres[lo].map((x) => x + anywhere * gauss());
    for (const direction of bases[lo]) {
      const a = inside * gauss();
      for (let d = 0; d < dim; d++) v[d] += a * direction[d];
    }
    vectors.push(unit(v));
    topics.push(lo);
  }
  return { vectors, topics };
}

const seconds = (t0: number): number => (performance.now() - t0) / 1000;
const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Child: `baseline <n>` or `pipeline <n> <dataDir>`; prints the measured JSON line last. */
function child(mode: string, n: number, dataDir: string): void {
  const { vectors, topics } = syntheticMoments(n, DIM);
  if (mode === 'baseline') {
    const t0 = performance.now();
    const raw = new hnswlib.HierarchicalNSW('cosine', DIM);
    raw.initIndex({ maxElements: n, m: DEFAULT_HNSW_PARAMS.m, efConstruction: DEFAULT_HNSW_PARAMS.efConstruction, randomSeed: 1 });
    for (let i = 0; i < n; i++) {
      // The fastest way to hand a typed array to the binding (a plain loop; Array.from is 10x slower).
      const v: number[] = [];
      for (let d = 0; d < DIM; d++) v.push(vectors[i][d]);
      raw.addPoint(v, i);
    }
    const build = seconds(t0);
    // Brute-force kNN: exact dot products (vectors are unit length) for a sample of queries.
    const sample = Math.min(200, n);
    const t1 = performance.now();
    for (let q = 0; q < sample; q++) {
      const v = vectors[Math.floor((q * n) / sample)];
      const sims = new Float32Array(n);
      for (let j = 0; j < n; j++) {
        const u = vectors[j];
        let dot = 0;
        for (let d = 0; d < DIM; d++) dot += v[d] * u[d];
        sims[j] = dot;
      }
      sims.sort();
    }
    const bruteAll = (seconds(t1) / sample) * n;
    report(build, { bruteForceKnnSeconds: bruteAll });
    return;
  }
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const t0 = performance.now();
  const index = HnswIndex.open(dataDir, 'synthetic', DIM);
  for (let i = 0; i < n; i++) index.add(i, vectors[i]);
  index.save();
  const tIndex = seconds(t0);
  const t1 = performance.now();
  const ids = index.ids();
  const graph = knnGraphFromIndex(index, ids, DEFAULT_CLUSTER_OPTIONS.k, ids.map((id) => vectors[id]));
  const tGraph = seconds(t1);
  const t2 = performance.now();
  const clustering = clusterGraph(graph, vectors);
  const tCluster = seconds(t2);
  const t3 = performance.now();
  const map = layoutMap(graph, vectors, clustering.labels);
  const tMap = seconds(t3);
  const total = seconds(t0);
  const planted = topics.filter((t) => t >= 0).length;
  report(total, {
    index: tIndex,
    graph: tGraph,
    cluster: tCluster,
    map: tMap,
    clusters: clustering.count,
    noise: clustering.labels.filter((l) => l < 0).length,
    plantedTopics: new Set(topics.filter((t) => t >= 0)).size,
    scattered: n - planted,
    nmiPlanted: nmi(clustering.labels, topics),
    landmarks: map.landmarks,
    cpuSeconds: cpuSeconds(),
  });
}

export async function clusterScaleSection(outDir: string): Promise<Section> {
  const script = path.relative(path.join(path.dirname(fileURLToPath(import.meta.url)), '..'), fileURLToPath(import.meta.url));
  const rows: string[] = [];
  const figures: Record<string, number> = {};
  for (const n of SIZES) {
    const base: Measured = measureChild(script, ['baseline', String(n)]);
    const dataDir = path.join(outDir, `cluster-scale-${n}`);
    const run = measureChild(script, ['pipeline', String(n), dataDir]);
    rmSync(dataDir, { recursive: true, force: true });
    const d = run.detail as Record<string, number>;
    const brute = Number(base.detail.bruteForceKnnSeconds);
    const k = n >= 1000 ? `${n / 1000}k` : String(n);
    rows.push(
      `| ${k} | ${base.seconds.toFixed(1)} s | ${d.index.toFixed(1)} s (${(d.index / base.seconds).toFixed(2)}) | ` +
        `${d.graph.toFixed(1)} s (${(d.graph / base.seconds).toFixed(2)}) | ${d.cluster.toFixed(1)} s (${(d.cluster / base.seconds).toFixed(2)}) | ` +
        `${d.map.toFixed(1)} s (${(d.map / base.seconds).toFixed(2)}) | **${run.seconds.toFixed(1)} s** (${(run.seconds / base.seconds).toFixed(2)}) | ` +
        `${run.peakRssMB.toFixed(0)} MB (${base.peakRssMB.toFixed(0)}) | ${d.clusters} / ${d.plantedTopics} | ${d.noise} / ${d.scattered} | ${d.nmiPlanted.toFixed(3)} | ` +
        `${(brute / (d.index + d.graph)).toFixed(1)}x |`,
    );
    Object.assign(figures, {
      [`n${k}Seconds`]: run.seconds,
      [`n${k}RatioToHnswBuild`]: run.seconds / base.seconds,
      [`n${k}PeakRssMB`]: run.peakRssMB,
      [`n${k}NmiPlanted`]: d.nmiPlanted,
      [`n${k}SpeedupOverBruteForceKnn`]: brute / (d.index + d.graph),
    });
  }
  const last = SIZES.at(-1)!;
  const lastSeconds = figures[`n${last >= 1000 ? `${last / 1000}k` : last}Seconds`];
  return {
    title: 'Index, clustering and map at scale (synthetic vectors)',
    body: [
      `${DIM}-d unit vectors: topics of uneven size around 20 broader themes (about n/120 topics), 5% scattered points; seeded.`,
      `Each run in its own process. Baseline: plain hnswlib-node building an index over the same vectors with the same`,
      `parameters (M ${DEFAULT_HNSW_PARAMS.m}, efConstruction ${DEFAULT_HNSW_PARAMS.efConstruction}); stage times are followed by their ratio to it.`,
      '',
      '| moments | baseline: hnswlib build | index (add + save) | kNN graph | communities + noise | map | total | peak RSS (baseline) | clusters / planted topics | noise / scattered | NMI vs planted | speed-up of index + kNN over brute force |',
      '|---|---|---|---|---|---|---|---|---|---|---|---|',
      ...rows,
      '',
      `Goal: ${last.toLocaleString('en')} moments in under ${BUDGET_100K_S} s: ${lastSeconds < BUDGET_100K_S ? 'met' : 'NOT met'} (${lastSeconds.toFixed(1)} s).`,
      'Brute force is timed on 200 queries and extrapolated to all points. Peak RSS includes the vectors themselves',
      '(the baseline column holds the same vectors, so the difference is what index, graph, clustering and map add).',
    ].join('\n'),
    figures,
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [mode, n, dataDir] = process.argv.slice(2);
  child(mode, Number(n), dataDir ?? '');
}
