#!/usr/bin/env node
// The `reverie` command. It runs the prebuilt bundle (dist-cli/cli.js, written by `npm install`'s
// prepare step or `npm run build:cli`) when that is at least as new as every source file; otherwise,
// in a checkout edited since the last build, the TypeScript sources through tsx (slower to start,
// never stale).
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freshBundle } from './bundle-fresh.mjs';

const bundle = freshBundle(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'));
if (bundle) {
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../electron/engine/cli/main.ts');
}
