#!/usr/bin/env node
// The `reverie` command. It runs the prebuilt bundle (dist-cli/cli.js, written by `npm install`'s
// prepare step or `npm run build:cli`) when that is at least as new as every source file; otherwise,
// in a checkout edited since the last build, the TypeScript sources through tsx (slower to start,
// never stale). Checking is a stat of each source file: a few milliseconds.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundle = path.join(root, 'dist-cli', 'cli.js');

/** The newest modification time of the files under `dir` (0 when it does not exist). */
function newest(dir) {
  if (!existsSync(dir)) return 0;
  let latest = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) latest = Math.max(latest, statSync(path.join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
  }
  return latest;
}

function bundleIsFresh() {
  if (process.env.REVERIE_FROM_SOURCE === '1' || !existsSync(bundle)) return false;
  const built = statSync(bundle).mtimeMs;
  return ['electron', 'shared'].every((dir) => newest(path.join(root, dir)) <= built);
}

if (bundleIsFresh()) {
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../electron/engine/cli/main.ts');
}
