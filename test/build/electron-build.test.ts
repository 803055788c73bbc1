import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeEmbedPools, embedTexts } from '../../electron/engine/embed/embed-texts.js';
import { BUILT_WORKER_FILE, workerEntry } from '../../electron/engine/embed/worker-location.js';
import { blobToVector } from '../../electron/engine/base/vectors.js';
import { buildElectron, ENTRIES } from '../../scripts/build-electron.mjs';
import { haveShared, MODELS_DIR, REPO_DIR, sample } from '../helpers/samples.js';

/*
 * The production build (scripts/build-electron.mjs) into a fresh folder, then run with plain
 * `node`: no tsx, no TypeScript, only what the packaged app has. The folder is under
 * test/artifacts so the bundles find the repo's node_modules and its "type": "module", as the
 * packaged app finds its own.
 */

const MODEL = 'energetic-ai/use-lite-en';
const pkg = JSON.parse(readFileSync(path.join(REPO_DIR, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
const builtins = new Set(builtinModules);

/** `@scope/name/sub/path.js` -> `@scope/name`; `name/sub` -> `name`. */
const packageName = (spec: string) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');

/** Runs a bundle with plain node, without any loader the test runner may have set. */
function runNode(file: string, args: string[]) {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const r = spawnSync(process.execPath, [file, ...args], { cwd: REPO_DIR, encoding: 'utf8', env, timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('the production build of the main process, preload, embedding worker and CLI', () => {
  const artifacts = path.join(REPO_DIR, 'test', 'artifacts');
  mkdirSync(artifacts, { recursive: true });
  const outdir = mkdtempSync(path.join(artifacts, 'build-'));
  /** Each output (by file name): its imports, and the sources bundled into it. */
  let outputs: Map<string, { imports: { path: string; kind: string; external?: boolean }[]; inputs: string[] }>;

  beforeAll(async () => {
    const meta = await buildElectron({ outdir, logLevel: 'error' });
    outputs = new Map(Object.entries(meta.outputs).map(([out, o]) => [path.basename(out), { imports: o.imports, inputs: Object.keys(o.inputs) }]));
  });
  afterAll(async () => {
    await closeEmbedPools();
    rmSync(outdir, { recursive: true, force: true });
  });

  /** The npm packages an output loads (not Node built-ins). */
  const packagesOf = (out: string) =>
    new Set(
      outputs
        .get(out)!
        .imports.filter((i) => i.external && !builtins.has(i.path) && !i.path.startsWith('node:'))
        .map((i) => packageName(i.path)),
    );

  /** Packages loaded when `out` starts: its static imports, following the chunks it imports statically. */
  function loadedAtStart(out: string, seen = new Set<string>()): Set<string> {
    seen.add(out);
    const found = new Set<string>();
    for (const i of outputs.get(out)!.imports) {
      if (i.kind !== 'import-statement') continue;
      if (i.external) found.add(packageName(i.path));
      else if (!seen.has(path.basename(i.path))) for (const p of loadedAtStart(path.basename(i.path), seen)) found.add(p);
    }
    return found;
  }

  it('writes every bundle; each loads only Node built-ins and production dependencies, never tsx', () => {
    for (const e of ENTRIES) expect(outputs.has(e.out) && existsSync(path.join(outdir, e.out)), e.out).toBe(true);
    for (const out of outputs.keys()) {
      const packages = packagesOf(out);
      expect(packages.has('tsx'), out).toBe(false);
      // electron-builder ships `dependencies` only; Electron itself provides `electron`.
      const allowed = (p: string) => p in pkg.dependencies || (p === 'electron' && out !== 'cli.js' && out !== 'embed-worker.cjs');
      expect([...packages].filter((p) => !allowed(p)), out).toEqual([]);
    }
    // A sandboxed preload can require nothing but electron, in the bundle's own code too.
    expect([...packagesOf('preload.cjs')]).toEqual(['electron']);
    const requires = readFileSync(path.join(outdir, 'preload.cjs'), 'utf8').match(/\brequire\([^)]*\)/g) ?? [];
    expect(new Set(requires)).toEqual(new Set(['require("electron")']));
  });

  it('keeps transformers.js out of the main process and the CLI until something embeds in-process', () => {
    // The worker needs it at once; main.js and cli.js only through embed-texts' lazy import().
    expect(packagesOf('embed-worker.cjs').has('@huggingface/transformers')).toBe(true);
    // cli.js loads only commander until a command runs (cli/main.ts).
    expect(loadedAtStart('cli.js').has('commander')).toBe(true);
    expect(loadedAtStart('cli.js').has('better-sqlite3')).toBe(false);
    for (const out of ['main.js', 'cli.js']) expect(loadedAtStart(out).has('@huggingface/transformers'), out).toBe(false);
  });

  it('lets the pool, in whichever file it landed, find the built worker beside it', () => {
    const withPool = [...outputs].filter(([, o]) => o.inputs.includes('electron/engine/embed/worker-location.ts')).map(([out]) => out);
    expect(withPool.length).toBeGreaterThan(0);
    for (const out of withPool) {
      expect(fileURLToPath(workerEntry(pathToFileURL(path.join(outdir, out))))).toBe(path.join(outdir, BUILT_WORKER_FILE));
    }
  });

  describe.runIf(haveShared())('with plain node', () => {
    const dataDir = path.join(outdir, 'data');
    const withModel = ['--data-dir', dataDir, '--models-dir', MODELS_DIR, '--model', MODEL];

    it('imports real samples and analyses them, embedding in the built worker threads', async () => {
      const cli = path.join(outdir, 'cli.js');
      const imported = runNode(cli, ['--data-dir', dataDir, 'import', sample('claude-code'), sample('codex')]);
      expect(imported.code, imported.stderr).toBe(0);
      const analysed = runNode(cli, [...withModel, '--json', 'analyze']);
      expect(analysed.code, analysed.stderr).toBe(0);
      const stats = JSON.parse(analysed.stdout) as { moments: number; embedded: number };
      // More than one batch of 32: the pool starts more than one worker thread.
      expect(stats.embedded).toBeGreaterThan(32);

      // The vectors the built worker stored are the ones the TypeScript sources compute.
      const db = new Database(path.join(dataDir, 'reverie.sqlite'), { readonly: true });
      const rows = db
        .prepare<[string], { text: string; vector: Buffer }>(
          `SELECT mo.text, e.vector FROM moments mo JOIN embeddings e ON e.text_hash = mo.text_hash AND e.model = ?
           GROUP BY mo.text_hash ORDER BY mo.id LIMIT 4`,
        )
        .all(MODEL);
      db.close();
      expect(rows).toHaveLength(4);
      const here = await embedTexts(rows.map((r) => r.text), { model: MODEL, modelsDir: MODELS_DIR, inProcess: true });
      rows.forEach((r, i) => {
        const built = blobToVector(r.vector);
        expect(built.length).toBe(here[i].length);
        const cosine = built.reduce((s, x, j) => s + x * here[i][j], 0);
        expect(cosine).toBeGreaterThan(0.999);
      });
    });

    it('fails with a clear message when the built worker is missing beside the bundle', () => {
      // The whole build but the worker.
      const lonely = path.join(outdir, 'no-worker');
      mkdirSync(lonely);
      for (const out of outputs.keys()) if (out !== BUILT_WORKER_FILE) copyFileSync(path.join(outdir, out), path.join(lonely, out));
      const csv = path.join(lonely, 'texts.csv');
      writeFileSync(csv, 'text\nthe build is broken\nthe tests fail again\n');
      const r = runNode(path.join(lonely, 'cli.js'), [...withModel, 'cluster-texts', csv]);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/no embedding worker beside .*no-worker.*embed-worker\.cjs/);
    });
  });
});
