// electron-builder `beforePack` hook (electron-builder.yml): refuses to package an app that
// would start without its embedding model or its code. electron-builder itself only warns when
// an extraResources folder is missing, and would happily ship an asar without the bundles.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MODEL, MODEL_FILES } from './fetch-model.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Built files the packaged app loads (scripts/build-electron.mjs, vite). */
export const BUILT_FILES = ['dist-electron/main.js', 'dist-electron/preload.cjs', 'dist-electron/embed-worker.cjs', 'dist/renderer/index.html'];

const nonEmpty = (file) => existsSync(file) && statSync(file).size > 0;

/** What is missing for packaging in `projectDir`, each with its fix; empty when ready. */
export function packProblems(projectDir = REPO) {
  const problems = [];
  const modelDir = path.join(projectDir, 'models', ...MODEL.split('/'));
  const missingModel = MODEL_FILES.filter((f) => !nonEmpty(path.join(modelDir, ...f.split('/'))));
  if (missingModel.length) {
    problems.push(`the bundled model ${MODEL} is incomplete in ${modelDir} (missing ${missingModel.join(', ')}): run \`npm run fetch-model\``);
  }
  const missingBuild = BUILT_FILES.filter((f) => !nonEmpty(path.join(projectDir, f)));
  if (missingBuild.length) problems.push(`not built: ${missingBuild.join(', ')}: run \`npm run build\``);
  const main = JSON.parse(readFileSync(path.join(projectDir, 'package.json'), 'utf8')).main;
  if (!BUILT_FILES.includes(main)) problems.push(`package.json "main" is ${JSON.stringify(main)}, not the built main (dist-electron/main.js)`);
  return problems;
}

export async function beforePack(context) {
  const problems = packProblems(context?.packager?.projectDir ?? REPO);
  if (problems.length) throw new Error(`cannot package Reverie:\n  - ${problems.join('\n  - ')}`);
}

export default beforePack;
