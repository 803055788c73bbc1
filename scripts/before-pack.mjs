// electron-builder `beforePack` hook (electron-builder.yml): refuses to package an app that
// would start without its embedding model, its code or better-sqlite3's Electron build.
// electron-builder itself only warns when an extraResources folder is missing, and would happily
// ship an asar without the bundles.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADDON_FILE, nativesDirName } from './build-electron-natives.mjs';
import { MODEL, MODEL_FILES } from './fetch-model.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Built files the packaged app loads (scripts/build-electron.mjs, vite). */
export const BUILT_FILES = ['dist-electron/main.js', 'dist-electron/preload.cjs', 'dist-electron/embed-worker.cjs', 'dist-electron/job-worker.cjs', 'dist/renderer/index.html'];

const nonEmpty = (file) => existsSync(file) && statSync(file).size > 0;

/** electron-builder's Arch enum (builder-util), by value: what the hook's `context.arch` holds. */
const BUILDER_ARCHES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

function installedElectron(projectDir) {
  try {
    return JSON.parse(readFileSync(path.join(projectDir, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/**
 * What is missing for packaging in `projectDir`, each with its fix; empty when ready.
 * `electronVersion`, `platform` and `arch` say what is packaged (default: the installed electron
 * package, for this machine).
 */
export function packProblems(projectDir = REPO, { electronVersion, platform = process.platform, arch = process.arch } = {}) {
  const problems = [];
  const modelDir = path.join(projectDir, 'models', ...MODEL.split('/'));
  const missingModel = MODEL_FILES.filter((f) => !nonEmpty(path.join(modelDir, ...f.split('/'))));
  if (missingModel.length) {
    problems.push(`the bundled model ${MODEL} is incomplete in ${modelDir} (missing ${missingModel.join(', ')}): run \`npm run fetch-model\``);
  }
  const missingBuild = BUILT_FILES.filter((f) => !nonEmpty(path.join(projectDir, f)));
  if (missingBuild.length) problems.push(`not built: ${missingBuild.join(', ')}: run \`npm run build\``);
  const version = electronVersion ?? installedElectron(projectDir);
  if (!version) problems.push('the electron package is not installed: run `npm install`');
  const natives = path.join(projectDir, 'natives', nativesDirName({ runtime: 'electron', target: version, platform, arch }), ADDON_FILE);
  if (version && !nonEmpty(natives)) {
    const command = arch === process.arch ? 'npm run build:natives' : `npm run build:natives -- --arch ${arch}`;
    problems.push(`better-sqlite3 is not built for Electron ${version} (${platform}-${arch}): ${natives} is missing: run \`${command}\``);
  }
  const main = JSON.parse(readFileSync(path.join(projectDir, 'package.json'), 'utf8')).main;
  if (!BUILT_FILES.includes(main)) problems.push(`package.json "main" is ${JSON.stringify(main)}, not the built main (dist-electron/main.js)`);
  return problems;
}

export async function beforePack(context) {
  const packager = context?.packager;
  const problems = packProblems(packager?.projectDir ?? REPO, {
    electronVersion: packager?.info?.framework?.version,
    arch: typeof context?.arch === 'number' ? BUILDER_ARCHES[context.arch] : undefined,
  });
  if (problems.length) throw new Error(`cannot package Reverie:\n  - ${problems.join('\n  - ')}`);
}

export default beforePack;
