import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, setSqliteBinding } from '../../electron/engine/store/db.js';
import { ADDON_FILE, buildNatives, nativesDirName, parseArgs } from '../../scripts/build-electron-natives.mjs';
import { tempDir } from '../helpers/fixtures.js';
import { REPO_DIR } from '../helpers/samples.js';

/*
 * scripts/build-electron-natives.mjs compiles better-sqlite3's addon apart from node_modules.
 * Electron's headers cannot be downloaded here, so the real compile is for this Node (same
 * script, same node-gyp, --runtime node): about a minute on a 2-core machine. The store then
 * loads the result through better-sqlite3's `nativeBinding`.
 */

const repoRequire = createRequire(path.join(REPO_DIR, 'package.json'));
const sqliteDir = path.dirname(repoRequire.resolve('better-sqlite3/package.json'));
const nodeModulesAddon = path.join(sqliteDir, 'build', 'Release', ADDON_FILE);
const script = path.join(REPO_DIR, 'scripts', 'build-electron-natives.mjs');

describe('building better-sqlite3 apart from node_modules', () => {
  const { dir, cleanup } = tempDir('reverie-natives-');
  const target = process.versions.node;
  const expected = path.join(dir, nativesDirName({ runtime: 'node', target, platform: process.platform, arch: process.arch }), ADDON_FILE);
  const before = statSync(nodeModulesAddon);
  let first: { file: string; built: boolean };
  const lines: string[] = [];

  beforeAll(async () => {
    // npm hands its config to scripts as npm_config_*, which node-gyp would let override the
    // script's own target options; the script must drop them.
    const saved = { nodedir: process.env.npm_config_nodedir, target: process.env.npm_config_target };
    process.env.npm_config_nodedir = path.join(dir, 'no-such-headers');
    process.env.npm_config_target = '1.0.0';
    try {
      first = await buildNatives({ runtime: 'node', target, out: dir, log: (l) => lines.push(l) });
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[`npm_config_${k}`];
        else process.env[`npm_config_${k}`] = v;
      }
    }
  }, 300_000);
  afterAll(() => {
    setSqliteBinding(undefined);
    cleanup();
  });

  it('compiles into <out>/node-<version>-<platform>-<arch>/ and leaves node_modules’ build alone', () => {
    expect(first).toEqual({ file: expected, built: true });
    expect(statSync(expected).size).toBeGreaterThan(100_000);
    expect(JSON.parse(readFileSync(path.join(path.dirname(expected), 'build.json'), 'utf8'))).toMatchObject({ runtime: 'node', target, arch: process.arch });
    const after = statSync(nodeModulesAddon);
    expect([after.mtimeMs, after.size]).toEqual([before.mtimeMs, before.size]);
    expect(lines[0]).toMatch(/^Compiling better-sqlite3 [\d.]+ for node /);
  });

  it('is what the store loads through nativeBinding, and it works', () => {
    setSqliteBinding(expected);
    const db = openStore(path.join(dir, 'data'));
    // A native addon required by path lands in Node's module cache under that path.
    expect(Object.keys(repoRequire.cache)).toContain(expected);
    db.prepare('create table t (x text)').run();
    db.prepare('insert into t values (?)').run('hello');
    expect(db.prepare('select x from t').pluck().get()).toBe('hello');
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('does not compile again for the same target and better-sqlite3 version (command line)', () => {
    const mtime = statSync(expected).mtimeMs;
    const started = Date.now();
    const r = spawnSync(process.execPath, [script, '--runtime', 'node', '--target', target, '--out', dir], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/is up to date/);
    expect(r.stdout).not.toMatch(/Compiling/);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(statSync(expected).mtimeMs).toBe(mtime);
  });

  it('fails with a clear message and leaves nothing behind when Electron’s headers cannot be had', async () => {
    // No such Electron: offline, node-gyp cannot download its headers; online, they are not found.
    const bogus = '999.0.0';
    await expect(buildNatives({ runtime: 'electron', target: bogus, out: dir, log: () => undefined })).rejects.toThrow(
      new RegExp(`compiling better-sqlite3 [\\d.]+ for electron ${bogus} .*failed: (could not download Electron ${bogus}'s headers|Electron ${bogus}'s headers .*were not found)`),
    );
    expect(existsSync(path.join(dir, nativesDirName({ runtime: 'electron', target: bogus })))).toBe(false);
  }, 60_000);

  it('takes its options from the command line and refuses unknown ones', () => {
    expect(parseArgs(['--runtime', 'node', '--target', '20.1.0', '--arch', 'arm64', '--out', 'x', '--force'])).toEqual({ runtime: 'node', target: '20.1.0', arch: 'arm64', out: 'x', force: true });
    expect(() => parseArgs(['--target'])).toThrow(/--target needs a value/);
    expect(() => parseArgs(['--verbose'])).toThrow(/unknown option --verbose/);
  });
});
