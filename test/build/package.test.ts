import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { electronSqliteBinding } from '../../electron/engine/config/paths.js';
import { openStore, setSqliteBinding } from '../../electron/engine/store/db.js';
import { buildElectron, DEFAULT_OUTDIR } from '../../scripts/build-electron.mjs';
import { ADDON_FILE, installedElectronVersion, nativesDirName } from '../../scripts/build-electron-natives.mjs';
import { tempDir } from '../helpers/fixtures.js';
import { haveShared, MODELS_DIR, REPO_DIR, sample } from '../helpers/samples.js';

/*
 * Packages the app for real with electron-builder and electron-builder.yml (`--dir`: the
 * unpacked app an installer would hold), with stand-ins because this machine has no network:
 * a fake Electron binary (electronDist), and node_modules' plain-Node better-sqlite3 addon in
 * natives/ in place of the Electron build (scripts/build-electron-natives.mjs needs Electron's
 * headers; test/build/electron-natives.test.ts compiles with it for Node). Then checks what
 * landed in the asar, what was unpacked beside it, the bundled model and addon, and runs the
 * packaged files with plain node (the bundled CLI dropped in beside main.js, as Electron is not
 * here). The test model stands in for the default one, which cannot be fetched here.
 */

const MODEL = 'energetic-ai/use-lite-en';
const builderRequire = createRequire(createRequire(path.join(REPO_DIR, 'package.json')).resolve('electron-builder'));
const libRequire = createRequire(builderRequire.resolve('app-builder-lib'));
const yaml = libRequire('js-yaml') as { load: (text: string) => Record<string, unknown> };
const asar = libRequire('@electron/asar') as {
  getRawHeader: (archive: string) => { header: AsarNode };
  extractAll: (archive: string, dest: string) => void;
};
interface AsarNode {
  files?: Record<string, AsarNode>;
  unpacked?: boolean;
}

/** Every file in the archive, `/`-separated, with whether it was unpacked. */
function listAsar(archive: string): { file: string; unpacked: boolean }[] {
  const out: { file: string; unpacked: boolean }[] = [];
  const walk = (node: AsarNode, at: string) => {
    if (node.files) for (const [name, child] of Object.entries(node.files)) walk(child, at ? `${at}/${name}` : name);
    else out.push({ file: at, unpacked: node.unpacked === true });
  };
  walk(asar.getRawHeader(archive).header, '');
  return out;
}

describe.runIf(process.platform === 'linux' && haveShared())('the packaged app (electron-builder --dir)', () => {
  const { dir, cleanup } = tempDir('reverie-package-');
  const resources = path.join(dir, 'release', 'linux-unpacked', 'resources');
  const archive = path.join(resources, 'app.asar');
  let files: { file: string; unpacked: boolean }[] = [];
  let modules = new Set<string>();
  const electronVersion = installedElectronVersion();
  const nodeModulesAddon = path.join(path.dirname(createRequire(path.join(REPO_DIR, 'package.json')).resolve('better-sqlite3/package.json')), 'build', 'Release', ADDON_FILE);

  beforeAll(async () => {
    await buildElectron({ logLevel: 'error' });
    const electronDist = path.join(dir, 'electron-dist');
    mkdirSync(path.join(electronDist, 'resources'), { recursive: true });
    writeFileSync(path.join(electronDist, 'electron'), '#!/bin/sh\necho "stand-in for the Electron binary"\n');
    chmodSync(path.join(electronDist, 'electron'), 0o755);

    // natives/ as build-electron-natives.mjs leaves it, plus another arch's build and the stamps, which must not ship.
    const natives = path.join(dir, 'natives');
    const otherArch = process.arch === 'x64' ? 'arm64' : 'x64';
    for (const arch of [process.arch, otherArch]) {
      const build = path.join(natives, nativesDirName({ runtime: 'electron', target: electronVersion, platform: process.platform, arch }));
      mkdirSync(build, { recursive: true });
      copyFileSync(nodeModulesAddon, path.join(build, ADDON_FILE));
      writeFileSync(path.join(build, 'build.json'), '{}');
    }

    const config = yaml.load(readFileSync(path.join(REPO_DIR, 'electron-builder.yml'), 'utf8'));
    const nativesEntry = (config.extraResources as { to: string }[]).find((r) => r.to === 'natives');
    Object.assign(config, {
      beforePack: null,
      // Fuses are flipped in the real Electron binary (its sentinel); the stand-in above has none.
      // Their configuration is checked on its own (electron-fuses.test.ts).
      electronFuses: null,
      electronDist,
      directories: { ...(config.directories as object), output: path.join(dir, 'release') },
      extraResources: [
        { ...nativesEntry, from: natives },
        { from: path.join(MODELS_DIR, ...MODEL.split('/')), to: `models/${MODEL}` },
      ],
    });
    const configFile = path.join(dir, 'electron-builder.json');
    writeFileSync(configFile, JSON.stringify(config));
    const cli = path.join(path.dirname(builderRequire.resolve('electron-builder/package.json')), 'cli.js');
    const r = spawnSync(process.execPath, [cli, '--dir', '--config', configFile], { cwd: REPO_DIR, encoding: 'utf8', timeout: 240_000 });
    if (r.status !== 0) throw new Error(`electron-builder failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
    files = listAsar(archive);
    modules = new Set(
      files.filter((f) => f.file.startsWith('node_modules/')).map((f) => f.file.split('/').slice(1, f.file.split('/')[1].startsWith('@') ? 3 : 2).join('/')),
    );
  }, 300_000);
  afterAll(() => {
    setSqliteBinding(undefined);
    cleanup();
  });

  it('puts the built app and the production dependencies in the archive, and nothing else', () => {
    const top = new Set(files.map((f) => f.file.split('/')[0]));
    expect([...top].filter((t) => !['dist', 'dist-electron', 'node_modules', 'package.json'].includes(t))).toEqual([]);
    const paths = new Set(files.map((f) => f.file));
    for (const f of ['package.json', 'dist-electron/main.js', 'dist-electron/preload.cjs', 'dist-electron/embed-worker.cjs']) expect(paths.has(f), f).toBe(true);
    expect(paths.has('dist-electron/cli.js')).toBe(false);
    // Every chunk the build wrote (main.js imports them).
    const parts = readdirSync(DEFAULT_OUTDIR).filter((f) => f.startsWith('part-'));
    expect(parts.length).toBeGreaterThan(0);
    for (const f of parts) expect(paths.has(`dist-electron/${f}`), f).toBe(true);
    for (const m of ['better-sqlite3', 'hnswlib-node', 'onnxruntime-node', '@huggingface/transformers', 'zod']) expect(modules.has(m), m).toBe(true);
    // Dev tools, the source loader and the unused onnxruntime-web stay out.
    for (const m of ['tsx', 'esbuild', 'onnxruntime-web', '@types/node', 'electron', 'vitest', 'typescript', 'vite']) expect(modules.has(m), m).toBe(false);
  });

  it('unpacks every native binary from the archive, keeping only this OS’s onnxruntime', () => {
    const natives = files.filter((f) => /\.(node|dylib|dll)$|\.so(\.\d+)*$/.test(f.file));
    expect(natives.some((f) => f.file.endsWith('better_sqlite3.node'))).toBe(true);
    expect(natives.filter((f) => !f.unpacked).map((f) => f.file)).toEqual([]);
    for (const f of natives) expect(existsSync(path.join(`${archive}.unpacked`, f.file)), f.file).toBe(true);
    expect(readdirSync(path.join(`${archive}.unpacked`, 'node_modules', 'onnxruntime-node', 'bin', 'napi-v6'))).toEqual(['linux']);
  });

  it('ships the model beside the archive, in resources/models', () => {
    expect(existsSync(path.join(resources, 'models', ...MODEL.split('/'), 'config.json'))).toBe(true);
  });

  it('ships better-sqlite3’s Electron build, only this arch’s, where the packaged app loads it', () => {
    const shipped = electronSqliteBinding(REPO_DIR, { versions: { electron: electronVersion }, resourcesPath: resources })!;
    const all = (readdirSync(path.join(resources, 'natives'), { recursive: true }) as string[]).filter((f) => statSync(path.join(resources, 'natives', f)).isFile());
    expect(all.map((f) => path.join(resources, 'natives', f))).toEqual([shipped]);
    expect(readFileSync(shipped).equals(readFileSync(nodeModulesAddon))).toBe(true);
    // The stand-in is a Node build, so this process can open a store through it as Electron would through the real one.
    setSqliteBinding(shipped);
    const db = openStore(path.join(dir, 'binding-check'));
    expect(db.prepare('select sqlite_version() as v').get()).toMatchObject({ v: expect.any(String) });
    db.close();
  });

  it('runs from the packaged files alone: import and analysis with the bundled model and the packaged worker', () => {
    const app = path.join(dir, 'app');
    asar.extractAll(archive, app);
    copyFileSync(path.join(DEFAULT_OUTDIR, 'cli.js'), path.join(app, 'dist-electron', 'cli.js'));
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    const run = (args: string[]) =>
      spawnSync(process.execPath, [path.join(app, 'dist-electron', 'cli.js'), '--data-dir', path.join(dir, 'data'), ...args], {
        cwd: dir,
        encoding: 'utf8',
        env,
        timeout: 120_000,
      });
    const imported = run(['import', sample('claude-code')]);
    expect(imported.status, imported.stderr).toBe(0);
    const analysed = run(['--json', '--models-dir', path.join(resources, 'models'), '--model', MODEL, 'analyze']);
    expect(analysed.status, analysed.stderr).toBe(0);
    expect((JSON.parse(analysed.stdout) as { embedded: number }).embedded).toBeGreaterThan(0);
  });
});
