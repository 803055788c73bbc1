#!/usr/bin/env node
// `node scripts/build-electron-natives.mjs`: compiles better-sqlite3's native addon for Electron
// into natives/, leaving node_modules alone.
//
// Why: better-sqlite3 uses V8's C++ API, so its addon only loads in the runtime it was compiled
// for. node_modules keeps the plain-Node build (CLI, tests, browser mode); the desktop app loads
// the Electron build from natives/ through better-sqlite3's `nativeBinding` option
// (electron/main.ts -> setSqliteBinding in electron/engine/store/db.ts). hnswlib-node and
// onnxruntime-node use Node-API, which is ABI-stable: the same file serves both.
//
// Output: natives/<runtime>-<target>-<platform>-<arch>/better_sqlite3.node, plus build.json
// recording what it was built for; a later run with the same runtime, target, arch and
// better-sqlite3 version does nothing. One build per runtime, platform and arch is kept: a new
// one removes the older ones (electron-builder.yml ships every natives/electron-*-<platform>-<arch>).
//
// Options: --runtime electron|node (default electron), --target VERSION (default: the installed
//   electron package, or this Node), --arch ARCH (default this machine's), --out DIR (the natives
//   folder, default <repo>/natives), --force (compile even when up to date).
// Compiling needs a C++ toolchain (what `npm install` needed for better-sqlite3) and, the first
// time for each Electron version, the network: node-gyp downloads Electron's headers and caches
// them in ~/.electron-gyp.
import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repoRequire = createRequire(path.join(REPO, 'package.json'));

export const DEFAULT_NATIVES_DIR = path.join(REPO, 'natives');
export const ADDON_FILE = 'better_sqlite3.node';
const STAMP_FILE = 'build.json';
/** Where Electron's headers come from (what @electron/rebuild uses). */
export const ELECTRON_HEADERS_URL = 'https://electronjs.org/headers';
/** node-gyp's cache for Electron headers, shared with @electron/rebuild (electron-builder install-app-deps). */
const ELECTRON_GYP_DIR = path.join(os.homedir(), '.electron-gyp');

/** The folder name for one build; electron/engine/config/paths.ts (electronSqliteBinding) mirrors it. */
export function nativesDirName({ runtime, target, platform = process.platform, arch = process.arch }) {
  return `${runtime}-${target}-${platform}-${arch}`;
}

/** The version of the installed `electron` package: the Electron that `electron .` and electron-builder use. */
export function installedElectronVersion() {
  return JSON.parse(readFileSync(repoRequire.resolve('electron/package.json'), 'utf8')).version;
}

function betterSqlitePackage() {
  const dir = path.dirname(repoRequire.resolve('better-sqlite3/package.json'));
  return { dir, version: JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).version };
}

/** node-gyp: the one npm installed with the project (via @electron/rebuild), else the copy bundled with npm. */
export function findNodeGyp() {
  const candidates = [];
  try {
    candidates.push(repoRequire.resolve('node-gyp/bin/node-gyp.js'));
  } catch {
    // not in node_modules
  }
  if (process.env.npm_execpath) candidates.push(path.join(path.dirname(process.env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  const nodeDir = path.dirname(process.execPath);
  candidates.push(
    path.join(nodeDir, '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    path.join(nodeDir, 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  );
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`node-gyp not found (looked in ${candidates.join(', ')}); run \`npm install\``);
  return found;
}

/**
 * For a Node build: the installation's own headers (<prefix>/include/node) when they are this
 * version's, so node-gyp needs no download; undefined lets node-gyp use its cache
 * (~/.cache/node-gyp/<version>) or download them.
 */
function localNodeHeaders(target) {
  const prefixes = [path.resolve(path.dirname(process.execPath), '..'), process.config.variables.node_prefix].filter(Boolean);
  for (const prefix of prefixes) {
    try {
      const h = readFileSync(path.join(prefix, 'include', 'node', 'node_version.h'), 'utf8');
      const v = ['MAJOR', 'MINOR', 'PATCH'].map((part) => h.match(new RegExp(`#define NODE_${part}_VERSION (\\d+)`))?.[1]).join('.');
      if (v === target) return prefix;
    } catch {
      // no headers there
    }
  }
  return undefined;
}

/**
 * npm passes its config to scripts as npm_config_* variables, and node-gyp lets those override
 * its command line: a machine-wide `nodedir` (this one has nodedir=/usr) would silently compile
 * the "Electron" build against Node's headers. The options that pick the target are ours alone.
 */
const TARGET_OPTIONS = /^npm_(config|package_config_node_gyp)_(nodedir|target|target_arch|arch|runtime|dist_url|disturl|devdir|tarball|ensure)$/i;

function nodeGypArgs({ runtime, target, arch }) {
  const args = ['rebuild', '--release', '--jobs=max', `--target=${target}`, `--arch=${arch}`];
  if (runtime === 'electron') {
    args.push('--runtime=electron', `--dist-url=${ELECTRON_HEADERS_URL}`, `--devdir=${ELECTRON_GYP_DIR}`);
  } else {
    const nodedir = localNodeHeaders(target);
    if (nodedir) args.push(`--nodedir=${nodedir}`);
  }
  return args;
}

function run(command, args, options) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', (err) => resolve({ code: -1, output: `${output}\n${err.message}` }));
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** Why node-gyp failed, in words a person can act on. */
function explainFailure(output, { runtime, target }) {
  const headers = runtime === 'electron' ? `Electron ${target}'s headers (from ${ELECTRON_HEADERS_URL}, cached in ${ELECTRON_GYP_DIR})` : `Node ${target}'s headers`;
  if (/network connectivity|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|getaddrinfo|tunneling socket/i.test(output)) {
    return `could not download ${headers}: no network? node-gyp needs them once per version, then works offline`;
  }
  if (/\b404\b/.test(output) && /headers|tar\.gz/i.test(output)) return `${headers} were not found: is ${target} a released version?`;
  if (/Could not find any Python/i.test(output)) return 'node-gyp found no Python (it needs Python 3 to configure the build)';
  if (/make: not found|not found: make|cc: not found|g\+\+: not found|could not find any Visual Studio|xcrun: error/i.test(output)) return 'no C++ toolchain (make and a C++20 compiler; Visual Studio Build Tools on Windows, Xcode command line tools on macOS)';
  return 'node-gyp failed (see its output below)';
}

/** A path relative to the working folder when inside it. */
const shown = (file) => {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
};

const readStamp = (dir) => {
  try {
    return JSON.parse(readFileSync(path.join(dir, STAMP_FILE), 'utf8'));
  } catch {
    return undefined;
  }
};

/**
 * Builds better_sqlite3.node for one runtime and target into `<out>/<nativesDirName>/`, unless
 * that build is already there for the same better-sqlite3 version. Returns where it is and
 * whether it was compiled now.
 */
export async function buildNatives({ runtime = 'electron', target, arch = process.arch, out = DEFAULT_NATIVES_DIR, force = false, log = console.log } = {}) {
  if (runtime !== 'electron' && runtime !== 'node') throw new Error(`--runtime must be electron or node, not ${JSON.stringify(runtime)}`);
  target ??= runtime === 'electron' ? installedElectronVersion() : process.versions.node;
  const pkg = betterSqlitePackage();
  const platform = process.platform;
  const dir = path.join(path.resolve(out), nativesDirName({ runtime, target, platform, arch }));
  const file = path.join(dir, ADDON_FILE);
  const stamp = { runtime, target, platform, arch, betterSqlite3: pkg.version };
  const have = readStamp(dir);
  if (!force && existsSync(file) && have && Object.keys(stamp).every((k) => have[k] === stamp[k])) {
    return { file, built: false };
  }

  const what = `better-sqlite3 ${pkg.version} for ${runtime} ${target} (${platform}-${arch})`;
  log(`Compiling ${what}; takes a minute or two…`);
  // A private copy of the sources: node-gyp writes build/ beside binding.gyp, and the one in
  // node_modules must stay the Node build.
  const work = mkdtempSync(path.join(os.tmpdir(), 'reverie-natives-'));
  try {
    for (const entry of ['package.json', 'binding.gyp', 'src', 'deps']) cpSync(path.join(pkg.dir, entry), path.join(work, entry), { recursive: true });
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !TARGET_OPTIONS.test(k)));
    const started = Date.now();
    const { code, output } = await run(process.execPath, [findNodeGyp(), ...nodeGypArgs({ runtime, target, arch })], { cwd: work, env });
    const built = path.join(work, 'build', 'Release', ADDON_FILE);
    if (code !== 0 || !existsSync(built)) {
      const tail = output.trim().split('\n').slice(-40).join('\n');
      throw new Error(`compiling ${what} failed: ${explainFailure(output, stamp)}\n--- node-gyp (last lines) ---\n${tail}`);
    }
    // Keep one build per runtime, platform and arch (see the header).
    if (existsSync(path.dirname(dir))) {
      for (const name of readdirSync(path.dirname(dir))) {
        const old = path.join(path.dirname(dir), name);
        const s = readStamp(old);
        if (old !== dir && s && s.runtime === runtime && s.platform === platform && s.arch === arch) rmSync(old, { recursive: true, force: true });
      }
    }
    mkdirSync(dir, { recursive: true });
    // Copied beside, then renamed: an interrupted copy never looks like a finished build.
    copyFileSync(built, `${file}.part`);
    renameSync(`${file}.part`, file);
    writeFileSync(path.join(dir, STAMP_FILE), `${JSON.stringify(stamp, null, 2)}\n`);
    log(`Built ${shown(file)} in ${Math.round((Date.now() - started) / 1000)} s`);
    return { file, built: true };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function parseArgs(argv) {
  const options = {};
  const names = { '--runtime': 'runtime', '--target': 'target', '--arch': 'arch', '--out': 'out' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--force') options.force = true;
    else if (names[arg]) {
      if (!argv[i + 1] || argv[i + 1].startsWith('--')) throw new Error(`${arg} needs a value`);
      options[names[arg]] = argv[++i];
    } else throw new Error(`unknown option ${arg}`);
  }
  return options;
}

export async function main(argv) {
  const { file, built } = await buildNatives(parseArgs(argv));
  if (!built) console.log(`${shown(file)} is up to date`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((err) => {
    console.error(`build-electron-natives: ${err.message}`);
    process.exit(1);
  });
}
