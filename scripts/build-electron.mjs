#!/usr/bin/env node
// `npm run build:electron`: the production build of everything that runs in Node or Electron,
// bundled with esbuild into plain JavaScript in dist-electron/ (or --outdir DIR):
//   main.js           Electron main process (ESM; package.json "main")
//   cli.js            the `reverie` command without tsx (checks the build with plain `node`)
//   part-*.js         code main.js and cli.js share or load lazily (see below)
//   preload.cjs       sandboxed preload (CommonJS, everything but `electron` inlined, as a sandbox requires)
//   embed-worker.cjs  embedding worker thread (CommonJS: Electron's asar support in worker
//                     threads covers the CommonJS loader; the pool finds it beside the bundle,
//                     see electron/engine/embed/worker-location.ts)
//   job-worker.cjs    the job worker thread that runs imports, analyses and dream runs off the
//                     API's thread (electron/engine/jobs/); CommonJS for the same reason, found
//                     the same way. It starts its own embedding workers: embed-worker.cjs beside it.
// Our own code is bundled; npm packages stay external and load from node_modules, which
// electron-builder ships (production dependencies only) with native modules unpacked from the
// asar. No tsx anywhere: the bundles run with plain `node` or Electron.
//
// main.js and cli.js are split (esbuild `splitting`) so that a dynamic import() stays lazy:
// embed-texts.ts loads transformers.js only to embed in-process, which the worker pool never
// needs; one flat bundle would import it at start-up (about 25 MB and half a second more).
// Chunks sit beside the entries, not in a subfolder: the pool's code, wherever it lands, looks
// for embed-worker.cjs beside its own file, and the job runner's for job-worker.cjs.
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_OUTDIR = path.join(REPO, 'dist-electron');

/**
 * The entry bundles. `out` names are what other files rely on: package.json "main",
 * electron/main.ts (preload.cjs), worker-location.ts (embed-worker.cjs), jobs/worker-job.ts
 * (job-worker.cjs), electron-builder.yml.
 */
export const ENTRIES = [
  { in: 'electron/main.ts', out: 'main.js', format: 'esm' },
  { in: 'electron/engine/cli/main.ts', out: 'cli.js', format: 'esm' },
  { in: 'electron/preload.ts', out: 'preload.cjs', format: 'cjs' },
  { in: 'electron/engine/embed/worker.ts', out: 'embed-worker.cjs', format: 'cjs' },
  { in: 'electron/engine/jobs/job-worker.ts', out: 'job-worker.cjs', format: 'cjs' },
];

/** Worker threads: each a CommonJS bundle of its own, with an import.meta shim. */
const WORKERS = ENTRIES.filter((e) => e.out.endsWith('-worker.cjs'));

const CHUNK_PREFIX = 'part-';

const common = {
  absWorkingDir: REPO,
  bundle: true,
  platform: 'node',
  // The CLI runs on Node >= 20.19 (package.json engines); Electron 45 carries Node 22.
  target: 'node20',
  metafile: true,
};

/** CommonJS has no import.meta: the bundle's own file URL stands in for it. */
const CJS_IMPORT_META = {
  banner: { js: "'use strict';\nconst __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__importMetaUrl' },
};

/** The esbuild runs of the worker threads into `outdir` (also used by build-cli.mjs). */
export function workerBuildOptions(outdir) {
  return WORKERS.map((e) => ({
    ...common,
    entryPoints: [e.in],
    outfile: path.join(outdir, e.out),
    format: 'cjs',
    packages: 'external',
    ...CJS_IMPORT_META,
  }));
}

/** The options of each esbuild run: the ESM entries together (shared chunks), each CommonJS one alone. */
function runs(outdir) {
  const esm = ENTRIES.filter((e) => e.format === 'esm');
  return [
    {
      ...common,
      entryPoints: esm.map((e) => ({ in: e.in, out: path.basename(e.out, '.js') })),
      outdir,
      format: 'esm',
      splitting: true,
      chunkNames: `${CHUNK_PREFIX}[name]-[hash]`,
      packages: 'external',
    },
    {
      ...common,
      entryPoints: ['electron/preload.ts'],
      outfile: path.join(outdir, 'preload.cjs'),
      format: 'cjs',
      // A sandboxed preload can require nothing but `electron` (not even node:url): no import.meta shim.
      external: ['electron'],
    },
    ...workerBuildOptions(outdir),
  ];
}

/**
 * Builds every entry into `outdir` and returns esbuild's metafile (inputs, outputs and each
 * output's imports). Only the entries and chunks are replaced; nothing else in `outdir` is
 * touched. ESM bundles end in .js, so `outdir` must lie under a package.json with
 * "type": "module" (the repo's own does).
 */
export async function buildElectron({ outdir = DEFAULT_OUTDIR, logLevel = 'warning' } = {}) {
  const dir = path.resolve(outdir);
  if (existsSync(dir)) {
    for (const f of readdirSync(dir)) {
      if (f.startsWith(CHUNK_PREFIX) || ENTRIES.some((e) => e.out === f)) rmSync(path.join(dir, f), { force: true });
    }
  }
  const merged = { inputs: {}, outputs: {} };
  for (const options of runs(dir)) {
    const { metafile } = await build({ ...options, logLevel });
    Object.assign(merged.inputs, metafile.inputs);
    Object.assign(merged.outputs, metafile.outputs);
  }
  return merged;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const argv = process.argv.slice(2);
  const at = argv.indexOf('--outdir');
  if (at !== -1 && !argv[at + 1]) {
    console.error('build-electron: --outdir needs a folder');
    process.exit(1);
  }
  const outdir = at !== -1 ? path.resolve(argv[at + 1]) : DEFAULT_OUTDIR;
  const started = Date.now();
  buildElectron({ outdir }).then(
    (meta) => {
      for (const out of Object.keys(meta.outputs).sort()) {
        const file = path.resolve(REPO, out);
        if (existsSync(file)) console.log(`  ${path.relative(process.cwd(), file)}  ${(statSync(file).size / 1024).toFixed(0)} kB`);
      }
      console.log(`Built in ${Date.now() - started} ms.`);
    },
    (err) => {
      console.error(`build-electron: ${err.message}`);
      process.exit(1);
    },
  );
}
