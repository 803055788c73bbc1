// A dream run that adds 1k moments to a 100k-moment store: the incremental analysis (assign the
// new moments to existing clusters, place them on the map) against a full re-cluster of the same
// store, measured in the same child process one after the other. Vectors are synthetic
// (cluster-scale.ts's embedding-like topics) and sit in the embedding cache, so neither run
// embeds anything: the comparison is of the analysis itself.
// Run alone: `node --import tsx bench/sections/dream.ts run 100000 1000 DIR`.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAnalysis, type AnalysisStats } from '../../electron/engine/analyze/run-analysis.js';
import { storeVectors } from '../../electron/engine/store/embeddings.js';
import { clusterMembership } from '../../electron/engine/store/clusters.js';
import { openStore, type Db } from '../../electron/engine/store/db.js';
import { measureChild, report } from '../lib.js';
import type { Section } from '../run.js';
import { topicMoment, writeSyntheticMoments } from '../../test/helpers/seed-store.js';
import { syntheticMoments } from './cluster-scale.js';

const DIM = Number(process.env.BENCH_DREAM_DIM ?? 384);
const BASE = Number(process.env.BENCH_DREAM_BASE ?? 100_000);
const ADD = Number(process.env.BENCH_DREAM_ADD ?? 1000);
const MODEL = 'bench/synthetic';

/** Writes moments `from..to` of the synthetic set (seed-store's sessions and topic texts), with their vectors in the cache. */
function writeMoments(db: Db, vectors: Float32Array[], topics: number[], from: number, to: number): void {
  const written = writeSyntheticMoments(db, { from, to, total: BASE + ADD, moment: (i) => topicMoment(i, topics[i]) });
  storeVectors(db, MODEL, written.map((w, j): [string, Float32Array] => [w.textHash, vectors[from + j]]));
}

/** Child: builds the store with `base` moments (full analysis), adds `add`, times incremental vs full. */
async function child(base: number, add: number, dataDir: string): Promise<void> {
  rmSync(dataDir, { recursive: true, force: true });
  const { vectors, topics } = syntheticMoments(base + add, DIM, 3);
  const db = openStore(dataDir);
  const options = {
    dataDir,
    model: MODEL,
    modelsDir: dataDir,
    embed: async (): Promise<Float32Array[]> => {
      throw new Error('every vector is cached: nothing should be embedded');
    },
  };
  let t = performance.now();
  writeMoments(db, vectors, topics, 0, base);
  const setup = await runAnalysis(db, { ...options, mode: 'full' });
  const setupSeconds = (performance.now() - t) / 1000;

  writeMoments(db, vectors, topics, base, base + add);
  t = performance.now();
  const incremental = await runAnalysis(db, { ...options, mode: 'incremental' });
  const incrementalSeconds = (performance.now() - t) / 1000;
  const assignedTo = clusterMembership(db, MODEL);
  // The last `add` moments by id, in insertion order: fresh[j] is synthetic point base + j.
  const fresh = (db.prepare('SELECT id FROM moments ORDER BY id DESC LIMIT ?').pluck().all(add) as number[]).reverse();
  const planted = new Set(fresh.filter((_, j) => topics[base + j] >= 0));

  t = performance.now();
  const full = await runAnalysis(db, { ...options, mode: 'full' });
  const fullSeconds = (performance.now() - t) / 1000;
  const after = clusterMembership(db, MODEL);
  const assigned = fresh.filter((id) => assignedTo.has(id));
  const agree = assigned.filter((id) => after.get(id) === assignedTo.get(id)).length;
  // Of the new moments the full re-cluster put in a cluster, how many the incremental run had put in the same one.
  const clusteredByFull = fresh.filter((id) => after.has(id));
  // The yardstick: old moments a full re-cluster leaves in the cluster they were in (Louvain is
  // not stable under added points, so perfect agreement is not to be had).
  const freshSet = new Set(fresh);
  const oldClustered = [...assignedTo.keys()].filter((id) => !freshSet.has(id));
  const oldStable = oldClustered.filter((id) => after.get(id) === assignedTo.get(id)).length / Math.max(1, oldClustered.length);
  db.close();
  rmSync(dataDir, { recursive: true, force: true });
  const steps = (s: AnalysisStats) => s.steps as unknown as Record<string, number>;
  report(incrementalSeconds, {
    fullSeconds,
    setupSeconds,
    incrementalSteps: steps(incremental),
    fullSteps: steps(full),
    setupSteps: steps(setup),
    newMoments: incremental.newMoments,
    assigned: incremental.assigned,
    unassigned: incremental.unassigned,
    plantedNew: planted.size,
    scatteredNew: fresh.length - planted.size,
    assignedScattered: assigned.filter((id) => !planted.has(id)).length,
    reasons: incremental.assignReasons,
    agreeWithFull: assigned.length ? agree / assigned.length : 0,
    fullRecall: clusteredByFull.length ? clusteredByFull.filter((id) => assignedTo.get(id) === after.get(id)).length / clusteredByFull.length : 0,
    oldStable,
    clustersTouched: incremental.clustersTouched,
    clusters: Object.values(full.clusters).reduce((a, b) => a + b, 0),
  });
}

export async function dreamSection(outDir: string): Promise<Section> {
  const script = path.relative(path.join(path.dirname(fileURLToPath(import.meta.url)), '..'), fileURLToPath(import.meta.url));
  const run = measureChild(script, ['run', String(BASE), String(ADD), path.join(outDir, 'dream-store')]);
  const d = run.detail as Record<string, number> & Record<'incrementalSteps' | 'fullSteps' | 'setupSteps', Record<string, number>>;
  const ratio = run.seconds / d.fullSeconds;
  const stepRow = (name: string, s: Record<string, number>, total: number) =>
    `| ${name} | ${['moments', 'embed', 'index', 'assign', 'cluster', 'map'].map((k) => (s[k] ?? 0).toFixed(2)).join(' | ')} | **${total.toFixed(1)}** |`;
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  return {
    title: 'Dreaming: incremental analysis vs full re-cluster',
    body: [
      `A store of ${BASE.toLocaleString('en')} synthetic moments (${DIM}-d, cluster-scale's topics, the kind following the topic) is analysed`,
      `in full once (setup, ${d.setupSeconds.toFixed(1)} s with the index build), then ${ADD.toLocaleString('en')} moments are added and analysed incrementally,`,
      'then the same store is re-clustered in full: the baseline, measured right after in the same process. Every vector is in the cache,',
      'so neither run embeds. Seconds per step:',
      '',
      '| run | moments | embed (cache reads) | index | assign | cluster / facts | map | total s |',
      '|---|---|---|---|---|---|---|---|',
      stepRow('incremental', d.incrementalSteps, run.seconds),
      stepRow('full re-cluster (baseline)', d.fullSteps, d.fullSeconds),
      '',
      `**Incremental / full: ${ratio.toFixed(3)}** (${(1 / ratio).toFixed(0)}x faster). Peak RSS of the child ${run.peakRssMB.toFixed(0)} MB.`,
      '',
      `Of the ${d.newMoments} new moments, ${d.assigned} were assigned to an existing cluster (${d.clustersTouched} clusters touched) and`,
      `${d.unassigned} left unassigned; ${d.assignedScattered} of the ${d.scatteredNew} scattered ones (planted nowhere) were assigned.`,
      `The full re-cluster put ${pct(d.agreeWithFull)} of the assigned moments in the same cluster (identities kept by membership),`,
      `and of the new moments it clustered, the incremental run had already placed ${pct(d.fullRecall)} in that cluster. For scale, the`,
      `same re-cluster left ${pct(d.oldStable)} of the old clustered moments in the cluster they were in: clustering again moves points too.`,
    ].join('\n'),
    figures: {
      incrementalSeconds: run.seconds,
      fullSeconds: d.fullSeconds,
      incrementalToFullRatio: ratio,
      assignedShare: d.assigned / d.newMoments,
      agreementWithFull: d.agreeWithFull,
      fullRecall: d.fullRecall,
      oldMomentsStable: d.oldStable,
      peakRssMB: run.peakRssMB,
    },
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [mode, base, add, dataDir] = process.argv.slice(2);
  if (mode === 'run') await child(Number(base), Number(add), dataDir);
}
