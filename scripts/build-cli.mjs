#!/usr/bin/env node
// `npm run build:cli` (also npm install's `prepare`): the `reverie` command prebuilt with esbuild into
// dist-cli/, so that it starts without compiling TypeScript. bin/reverie.mjs runs it when it is at
// least as new as the sources, and the sources through tsx otherwise (a checkout edited since).
//   cli.js            the command; each command's module is a chunk (part-*.js) loaded when that
//                     command runs, so `reverie --help` and the hooks load no heavy package
//   embed-worker.cjs  the embedding worker and job-worker.cjs the job worker, beside the code that starts them
// The build goes to a fresh folder that then replaces dist-cli/ in one rename, so a `reverie`
// started meanwhile finds the old bundle whole, or none (and uses tsx), never half of one.
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { workerBuildOptions } from './build-electron.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_OUTDIR = path.join(REPO, 'dist-cli');

export async function buildCli({ outdir = CLI_OUTDIR, logLevel = 'warning' } = {}) {
  const target = path.resolve(outdir);
  const fresh = `${target}.build-${process.pid}`;
  rmSync(fresh, { recursive: true, force: true });
  const common = { absWorkingDir: REPO, bundle: true, platform: 'node', target: 'node20', packages: 'external', logLevel, metafile: true };
  const { metafile } = await build({
    ...common,
    entryPoints: [{ in: 'electron/engine/cli/main.ts', out: 'cli' }],
    outdir: fresh,
    format: 'esm',
    splitting: true,
    chunkNames: 'part-[name]-[hash]',
  });
  for (const options of workerBuildOptions(fresh)) await build({ ...options, logLevel });
  const old = `${target}.old-${process.pid}`;
  if (existsSync(target)) renameSync(target, old);
  renameSync(fresh, target);
  rmSync(old, { recursive: true, force: true });
  // Output paths relative to the bundle's folder, as they now lie there.
  const outputs = Object.fromEntries(Object.entries(metafile.outputs).map(([file, out]) => [path.relative(fresh, path.resolve(REPO, file)), out]));
  return { dir: target, outputs };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const started = Date.now();
  buildCli().then(
    ({ dir }) => {
      const kb = readdirSync(dir).reduce((n, f) => n + statSync(path.join(dir, f)).size, 0) / 1024;
      console.log(`reverie command built into ${path.relative(process.cwd(), dir) || dir} (${kb.toFixed(0)} kB) in ${Date.now() - started} ms`);
    },
    (err) => {
      console.error(`build-cli: ${err.message}`);
      process.exit(1);
    },
  );
}
