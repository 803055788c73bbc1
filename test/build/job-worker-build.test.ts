import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobStatus } from '../../shared/api.js';
import { entryBeside } from '../../electron/engine/embed/worker-location.js';
import { JOB_WORKER } from '../../electron/engine/jobs/worker-job.js';
import { buildElectron, ENTRIES } from '../../scripts/build-electron.mjs';
import { tempDir } from '../helpers/fixtures.js';
import { haveShared, MODELS_DIR, REPO_DIR, sample } from '../helpers/samples.js';

/*
 * The job worker in the production build: job-worker.cjs is written beside the bundles, loads only
 * production dependencies, is found by the job runner in whichever chunk it landed, and runs real
 * jobs with plain node: `reverie serve` from the built cli.js imports and analyses through the API,
 * the job worker starting the built embedding workers beside it. The bundles are built under
 * test/artifacts so they find the repo's node_modules, as the packaged app finds its own.
 */

const MODEL = 'energetic-ai/use-lite-en';
const pkg = JSON.parse(readFileSync(path.join(REPO_DIR, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
const builtins = new Set(builtinModules);
const packageName = (spec: string) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');

/** `reverie serve` from a built cli.js with plain node; resolves with a caller of its API. */
async function serveBuilt(cli: string, args: string[]): Promise<{ child: ChildProcess; call: (method: string, params: unknown) => Promise<{ result?: unknown; error?: string }> }> {
  const env = { ...process.env };
  delete env.NODE_OPTIONS; // plain node, as the packaged files run
  const child = spawn(process.execPath, [cli, ...args, 'serve', '--no-open'], { cwd: REPO_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const url = await new Promise<URL>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /Reverie is running at (\S+)/.exec(out);
      if (m) resolve(new URL(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${out} ${err}`)));
  });
  const token = url.searchParams.get('token')!;
  const call = async (method: string, params: unknown) => {
    const res = await fetch(new URL(`/api/${method}`, url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-reverie-token': token },
      body: JSON.stringify(params),
    });
    return (await res.json()) as { result?: unknown; error?: string };
  };
  return { child, call };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGINT');
  await new Promise((r) => child.once('exit', r));
}

async function finished(call: Awaited<ReturnType<typeof serveBuilt>>['call'], started: { result?: unknown; error?: string }): Promise<JobStatus> {
  expect(started.error).toBeUndefined();
  const { jobId } = started.result as { jobId: string };
  for (;;) {
    const status = (await call('jobStatus', { jobId })).result as JobStatus;
    if (status.state !== 'running') return status;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the job worker in the production build', () => {
  const artifacts = path.join(REPO_DIR, 'test', 'artifacts');
  mkdirSync(artifacts, { recursive: true });
  const outdir = mkdtempSync(path.join(artifacts, 'job-build-'));
  let outputs: Map<string, { imports: { path: string; external?: boolean }[]; inputs: string[] }>;

  beforeAll(async () => {
    const meta = await buildElectron({ outdir, logLevel: 'error' });
    outputs = new Map(Object.entries(meta.outputs).map(([out, o]) => [path.basename(out), { imports: o.imports, inputs: Object.keys(o.inputs) }]));
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('writes job-worker.cjs, which loads only Node built-ins and production dependencies', () => {
    expect(ENTRIES.map((e) => e.out)).toContain(JOB_WORKER.built);
    expect(existsSync(path.join(outdir, JOB_WORKER.built))).toBe(true);
    const packages = new Set(
      outputs
        .get(JOB_WORKER.built)!
        .imports.filter((i) => i.external && !builtins.has(i.path) && !i.path.startsWith('node:'))
        .map((i) => packageName(i.path)),
    );
    expect([...packages].filter((p) => !(p in pkg.dependencies))).toEqual([]);
    for (const p of ['tsx', 'electron']) expect(packages.has(p), p).toBe(false);
    // The engine functions it runs are inside it, not loaded from the sources.
    expect(outputs.get(JOB_WORKER.built)!.inputs).toEqual(expect.arrayContaining(['electron/engine/analyze/run-analysis.ts', 'electron/engine/import/run-import.ts']));
  });

  it('lets the job runner, in whichever file it landed, find the built job worker beside it', () => {
    const withRunner = [...outputs].filter(([, o]) => o.inputs.includes('electron/engine/jobs/worker-job.ts')).map(([out]) => out);
    expect(withRunner.length).toBeGreaterThan(0);
    for (const out of withRunner) {
      expect(fileURLToPath(entryBeside(pathToFileURL(path.join(outdir, out)), JOB_WORKER))).toBe(path.join(outdir, JOB_WORKER.built));
    }
  });

  describe.runIf(haveShared())('with plain node', () => {
    it('imports real samples and analyses them through `reverie serve`, in the built job worker', async () => {
      const data = tempDir();
      const { child, call } = await serveBuilt(path.join(outdir, 'cli.js'), ['--data-dir', data.dir, '--models-dir', MODELS_DIR, '--model', MODEL]);
      try {
        const files = [sample('claude-code', 'agentcmd_full-session.jsonl'), sample('codex', 'rollout-2025-09-24T20-12-23-01997ea4.jsonl')];
        const imported = await finished(call, await call('importPaths', { paths: files }));
        expect(imported.state, imported.error).toBe('done');
        expect(imported.files.map((f) => [f.file, f.format, f.sessionsAdded])).toEqual([
          [files[0], 'claude-code', 1],
          [files[1], 'codex', 1],
        ]);
        const analysed = await finished(call, await call('analyze', {}));
        expect(analysed.state, analysed.error).toBe('done');
        expect((analysed.result as { moments: number }).moments).toBeGreaterThan(0);
        // The worker's writes are what the serving process reads.
        expect(((await call('status', {})).result as { sessions: number }).sessions).toBe(2);
      } finally {
        await stop(child);
        data.cleanup();
      }
    }, 90_000);

    it('fails the job with a clear message when the built job worker is missing beside the bundle', async () => {
      const lonely = path.join(outdir, 'no-job-worker');
      mkdirSync(lonely);
      for (const out of outputs.keys()) if (out !== JOB_WORKER.built) copyFileSync(path.join(outdir, out), path.join(lonely, out));
      const data = tempDir();
      const { child, call } = await serveBuilt(path.join(lonely, 'cli.js'), ['--data-dir', data.dir]);
      try {
        const job = await finished(call, await call('importPaths', { paths: [sample('claude-code', 'agentcmd_full-session.jsonl')] }));
        expect(job.state).toBe('failed');
        expect(job.error).toMatch(/no job worker beside .*no-job-worker.*job-worker\.cjs/);
      } finally {
        await stop(child);
        data.cleanup();
      }
    }, 60_000);
  });
});
