// The API process while an analysis job runs on a store of 20k synthetic moments (vectors cached,
// so nothing is embedded): the event loop's longest stall and how long jobStatus takes to answer a
// poller asking every 50 ms. Baseline, measured in the same run: the same job run in the API
// process itself (`jobsIn: 'process'`, how every job ran before the job worker). Each run is a
// child process of its own with a fresh store. Run alone:
// `node --import tsx bench/sections/job-worker.ts run worker 20000 DIR`.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApiHandlers, typedCall } from '../../electron/engine/api/handlers.js';
import { openStore } from '../../electron/engine/store/db.js';
import { measureChild, report, type Measured } from '../lib.js';
import type { Section } from '../run.js';
import { seedAnalysableStore, SYNTHETIC_MODEL } from '../../test/jobs/analysable-store.js';
import { watchJob } from '../../test/jobs/loop-watch.js';

const MOMENTS = Number(process.env.BENCH_JOBS_MOMENTS ?? 20_000);
type Where = 'worker' | 'process';

async function child(where: Where, n: number, dataDir: string): Promise<void> {
  rmSync(dataDir, { recursive: true, force: true });
  const db = openStore(dataDir);
  seedAnalysableStore(db, n);
  const api = createApiHandlers({ db, dataDir, model: SYNTHETIC_MODEL, modelsDir: dataDir, jobsIn: where });
  const watch = await watchJob(api, () => typedCall(api, 'analyze', {}));
  await api.close();
  db.close();
  rmSync(dataDir, { recursive: true, force: true });
  if (watch.final.state !== 'done') throw new Error(`the analysis ended ${watch.final.state}: ${watch.final.error ?? ''}`);
  const { final, ...figures } = watch;
  const result = final.result as { clusters: Record<string, number>; seconds: number };
  report(watch.seconds, { ...figures, analysisSeconds: result.seconds, clusters: result.clusters });
}

export async function jobWorkerSection(outDir: string): Promise<Section> {
  const script = path.relative(path.join(path.dirname(fileURLToPath(import.meta.url)), '..'), fileURLToPath(import.meta.url));
  const run = (where: Where) => measureChild(script, ['run', where, String(MOMENTS), path.join(outDir, `jobs-${where}`)]);
  const here = run('process');
  const worker = run('worker');
  const d = (m: Measured) => m.detail as { longestStallMs: number; statusMaxMs: number; statusMedianMs: number; polls: number; progressSeen: number };
  const row = (name: string, m: Measured) =>
    `| ${name} | ${m.seconds.toFixed(1)} | **${d(m).longestStallMs.toFixed(0)}** | ${d(m).statusMaxMs.toFixed(0)} | ${d(m).statusMedianMs.toFixed(0)} | ${d(m).polls} | ${d(m).progressSeen} |`;
  const stallRatio = d(worker).longestStallMs / d(here).longestStallMs;
  const statusRatio = d(worker).statusMaxMs / d(here).statusMaxMs;
  return {
    title: 'Jobs off the API thread: analysis in the job worker vs in the API process',
    body: [
      `An analysis job through the API (createApiHandlers) on a file-backed store of ${MOMENTS.toLocaleString('en')} synthetic moments whose vectors`,
      'are cached (index, clusters and map, nothing embedded), while the same process polls jobStatus every 50 ms. Baseline, measured',
      'in the same run: the job run in the API process itself, as every job ran before the job worker.',
      '',
      '| job runs in | job s | longest event-loop stall ms | slowest jobStatus ms | median jobStatus ms | polls | progress events seen |',
      '|---|---|---|---|---|---|---|',
      row('the API process (baseline)', here),
      row('the job worker', worker),
      '',
      `**Longest stall, worker / in-process: ${stallRatio.toPrecision(2)}**; slowest jobStatus answer ${statusRatio.toPrecision(2)} of the baseline's.`,
    ].join('\n'),
    figures: {
      stallRatio,
      statusRatio,
      inProcessStallMs: d(here).longestStallMs,
      workerStallMs: d(worker).longestStallMs,
      inProcessStatusMaxMs: d(here).statusMaxMs,
      workerStatusMaxMs: d(worker).statusMaxMs,
    },
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [mode, where, n, dataDir] = process.argv.slice(2);
  if (mode === 'run') await child(where as Where, Number(n), dataDir);
}
