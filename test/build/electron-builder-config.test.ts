import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundledModelsDir, electronSqliteBinding } from '../../electron/engine/config/paths.js';
import { DEFAULT_MODEL } from '../../electron/engine/embed/model-config.js';
import { beforePack, BUILT_FILES, packProblems } from '../../scripts/before-pack.mjs';
import { ENTRIES } from '../../scripts/build-electron.mjs';
import { ADDON_FILE, DEFAULT_NATIVES_DIR, nativesDirName } from '../../scripts/build-electron-natives.mjs';
import { MODEL_FILES, plan } from '../../scripts/fetch-model.mjs';
import { tempDir } from '../helpers/fixtures.js';
import { REPO_DIR } from '../helpers/samples.js';

/*
 * electron-builder.yml, read and checked with electron-builder's own code (its YAML loader, its
 * defaults and its JSON schema, as `electron-builder` does before packaging), then checked for
 * what Reverie needs from it. test/build/package.test.ts packages for real.
 */

// electron-builder's internals, resolved from electron-builder itself (not from this repo's
// top level, where they are only there by hoisting).
const builderRequire = createRequire(createRequire(path.join(REPO_DIR, 'package.json')).resolve('electron-builder'));
const libRequire = createRequire(builderRequire.resolve('app-builder-lib'));
const { getConfig, validateConfiguration } = libRequire('./util/config/config.js') as {
  getConfig: (projectDir: string, configPath: string | null, fromOptions: unknown) => Promise<Record<string, unknown>>;
  validateConfiguration: (config: unknown, debugLogger: unknown) => Promise<void>;
};
const { DebugLogger } = libRequire('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
const yaml = libRequire('js-yaml') as { load: (text: string) => unknown };
const { minimatch } = libRequire('minimatch') as { minimatch: (p: string, pattern: string, o: { dot: boolean }) => boolean };
const { expandMacro } = libRequire('./util/macroExpander.js') as { expandMacro: (pattern: string, arch: string | null, appInfo: object) => string };

interface FileSet {
  from: string;
  to: string;
  filter?: string[];
}
interface BuilderConfig {
  files: string[];
  asarUnpack: string[];
  npmRebuild: boolean;
  extraResources: FileSet[];
  linux: { target: string[]; files?: unknown };
  mac: { target: string[]; files?: unknown };
  win: { target: string[]; files?: unknown };
}

const raw = yaml.load(readFileSync(path.join(REPO_DIR, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const pkg = JSON.parse(readFileSync(path.join(REPO_DIR, 'package.json'), 'utf8')) as { main: string };

/** The way electron-builder matches its globs: minimatch with dot files, include then `!` exclude. */
function selected(file: string, patterns: string[]): boolean {
  let inside = false;
  for (const p of patterns) {
    if (p.startsWith('!')) {
      if (minimatch(file, p.slice(1), { dot: true })) inside = false;
    } else if (minimatch(file, p, { dot: true })) inside = true;
  }
  return inside;
}

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own loading and schema validation, which does reject a wrong key', async () => {
    const config = await getConfig(REPO_DIR, null, null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    const wrong = structuredClone(config);
    (wrong.linux as Record<string, unknown>).targets = ['AppImage'];
    await expect(validateConfiguration(wrong, new DebugLogger(false))).rejects.toThrow(/configuration\.linux/);
  });

  it('builds AppImage and deb for Linux, dmg for macOS and nsis for Windows', () => {
    expect(raw.linux.target).toEqual(['AppImage', 'deb']);
    expect(raw.mac.target).toEqual(['dmg']);
    expect(raw.win.target).toEqual(['nsis']);
  });

  it('ships the built main, preload and workers, with package.json "main" pointing at the built main', () => {
    const main = ENTRIES.find((e) => e.in === 'electron/main.ts')!;
    expect(pkg.main).toBe(`dist-electron/${main.out}`);
    expect(BUILT_FILES).toContain(pkg.main);
    // Every bundle but the CLI (the desktop app's workers included): shipped, and checked before packing.
    const shipped = ENTRIES.map((e) => e.out).filter((out) => out !== 'cli.js');
    expect(shipped).toEqual(expect.arrayContaining(['main.js', 'preload.cjs', 'embed-worker.cjs', 'job-worker.cjs']));
    for (const out of shipped) {
      expect(selected(`dist-electron/${out}`, raw.files), out).toBe(true);
      expect(BUILT_FILES, out).toContain(`dist-electron/${out}`);
    }
    // The chunks main.js imports (scripts/build-electron.mjs names them part-*.js); not the CLI.
    expect(selected('dist-electron/part-chunk-ABCD1234.js', raw.files)).toBe(true);
    expect(selected('dist-electron/cli.js', raw.files)).toBe(false);
    expect(selected('dist/renderer/index.html', raw.files)).toBe(true);
    // Sources, tests and benchmark data stay out.
    for (const f of ['electron/main.ts', 'test/artifacts/x.png', 'bench/out/big.jsonl', 'models/x/config.json']) expect(selected(f, raw.files), f).toBe(false);
  });

  it('has no platform-level `files`: exclusions-only platform files make electron-builder ship the whole checkout', () => {
    for (const platform of [raw.linux, raw.mac, raw.win]) expect(platform.files).toBeUndefined();
  });

  it('unpacks the native binaries of better-sqlite3, hnswlib-node, onnxruntime-node and sharp from the asar', () => {
    const natives: string[] = [];
    for (const dir of ['better-sqlite3', 'hnswlib-node', 'onnxruntime-node', '@img']) {
      const root = path.join(REPO_DIR, 'node_modules', dir);
      for (const f of readdirSync(root, { recursive: true }) as string[]) {
        if (/\.(node|dylib|dll)$|\.so(\.\d+)*$/.test(f)) natives.push(path.posix.join('node_modules', dir, f.split(path.sep).join('/')));
      }
    }
    expect(natives.some((f) => f.endsWith('better_sqlite3.node'))).toBe(true);
    expect(natives.some((f) => f.includes('onnxruntime_binding.node'))).toBe(true);
    for (const f of natives) expect(selected(f, raw.asarUnpack), f).toBe(true);
    // The app's own code stays in the archive.
    expect(selected('dist-electron/main.js', raw.asarUnpack)).toBe(false);
  });

  it('never rebuilds native modules in place: node_modules stays the plain-Node build the CLI and tests load', () => {
    expect(raw.npmRebuild).toBe(false);
  });

  it('ships better-sqlite3’s Electron build from natives/ to where the packaged app loads it', () => {
    const natives = raw.extraResources.find((r) => r.to === 'natives')!;
    // From where scripts/build-electron-natives.mjs writes.
    expect(path.join(REPO_DIR, natives.from)).toBe(DEFAULT_NATIVES_DIR);
    const resources = path.resolve('/opt/Reverie/resources');
    for (const arch of ['x64', 'arm64']) {
      // The filter as electron-builder expands it for this arch (${platform} is the builder's OS).
      const filter = (natives.filter ?? []).map((f) => expandMacro(f, arch, {}));
      const built = (runtime: 'electron' | 'node', target: string, a = arch) =>
        `${nativesDirName({ runtime, target, platform: process.platform, arch: a })}/${ADDON_FILE}`;
      const file = built('electron', '45.5.0');
      expect(selected(file, filter), file).toBe(true);
      // Not another arch's or plain Node's build, nor the build stamp.
      for (const other of [built('electron', '45.5.0', arch === 'x64' ? 'arm64' : 'x64'), built('node', '20.19.0'), file.replace(ADDON_FILE, 'build.json')]) {
        expect(selected(other, filter), other).toBe(false);
      }
      const packaged = electronSqliteBinding(REPO_DIR, { versions: { electron: '45.5.0' }, resourcesPath: resources, platform: process.platform, arch });
      expect(path.join(resources, natives.to, ...file.split('/'))).toBe(packaged);
    }
  });

  it('bundles the default model, from where fetch-model puts it, to where the packaged app looks', () => {
    expect(raw.extraResources).toHaveLength(2);
    const models = raw.extraResources.find((r) => r.to.startsWith('models/'))!;
    // fetch-model writes <repo>/models/<model>/...
    const fetched = plan().map((s) => path.relative(REPO_DIR, s.target).split(path.sep).join('/'));
    expect(fetched).toEqual(MODEL_FILES.map((f) => `${models.from}/${f}`));
    expect(models.from).toBe(`models/${DEFAULT_MODEL}`);
    for (const f of fetched) expect(selected(path.posix.relative(models.from, f), models.filter ?? ['**/*']), f).toBe(true);
    // The packaged app resolves <resources>/models/<model>.
    const resources = path.resolve('/opt/Reverie/resources');
    const lookedIn = path.join(bundledModelsDir({ versions: { electron: '45.5.0' }, resourcesPath: resources })!, ...DEFAULT_MODEL.split('/'));
    expect(path.join(resources, ...models.to.split('/'))).toBe(lookedIn);
  });
});

describe('the beforePack check', () => {
  const { dir, cleanup } = tempDir('reverie-pack-');
  afterAll(cleanup);
  const write = (rel: string, content = 'x') => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), content);
  };
  write('package.json', JSON.stringify({ main: 'dist-electron/main.js' }));
  for (const f of BUILT_FILES) write(f);
  for (const f of MODEL_FILES) write(`models/${DEFAULT_MODEL}/${f}`);
  const packaged = { electronVersion: '45.5.0', platform: 'linux', arch: 'x64' };
  write(`natives/electron-45.5.0-linux-x64/${ADDON_FILE}`);

  it('passes a project with the model, the build and better-sqlite3’s Electron build, and names what is missing with its fix', () => {
    expect(packProblems(dir, packaged)).toEqual([]);
    // Built for another Electron than the one packaged.
    const newer = packProblems(dir, { ...packaged, electronVersion: '46.0.0' });
    expect(newer).toHaveLength(1);
    expect(newer[0]).toMatch(/better-sqlite3 is not built for Electron 46\.0\.0 \(linux-x64\): .*electron-46\.0\.0-linux-x64.*is missing: run `npm run build:natives/);
    rmSync(path.join(dir, 'models', ...DEFAULT_MODEL.split('/'), 'onnx'), { recursive: true });
    write('dist-electron/embed-worker.cjs', '');
    write('package.json', JSON.stringify({ main: 'electron/main.ts' }));
    rmSync(path.join(dir, 'natives'), { recursive: true });
    const problems = packProblems(dir, packaged);
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(/missing onnx\/model_quantized\.onnx.*npm run fetch-model/);
    expect(problems[1]).toMatch(/not built: dist-electron\/embed-worker\.cjs.*npm run build/);
    expect(problems[2]).toContain(path.join(dir, 'natives', 'electron-45.5.0-linux-x64', ADDON_FILE));
    expect(problems[3]).toMatch(/"main" is "electron\/main\.ts"/);
  });

  it('checks for the Electron and arch electron-builder is packaging', async () => {
    // electron-builder's beforePack context: the packager (with its Electron) and the Arch enum value.
    const context = { packager: { projectDir: dir, info: { framework: { version: '45.6.0' } } }, arch: 3 };
    await expect(beforePack(context)).rejects.toThrow(/not built for Electron 45\.6\.0 \(\w+-arm64\)/);
  });
});
