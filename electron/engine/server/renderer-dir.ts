import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The vite build output: `<repo>/dist/renderer`, found from this module's folder in either of its two
 * layouts, `<repo>/electron/engine/server/` (the sources) or `<root>/dist-electron/` (the production
 * bundle, cli.js or one of its chunks; `app.asar/dist-electron/` in the packaged app). Only these
 * two places: the page gets the API's token, so no other folder's `dist/renderer` may be served.
 * When neither is built, the place of this layout, which the "not built yet" message names.
 */
export function findRendererDir(from = path.dirname(fileURLToPath(import.meta.url))): string {
  const fromSources = path.resolve(from, '..', '..', '..', 'dist', 'renderer');
  const fromBundle = path.resolve(from, '..', 'dist', 'renderer');
  const places = ['dist-electron', 'dist-cli'].includes(path.basename(from)) ? [fromBundle, fromSources] : [fromSources, fromBundle];
  return places.find((dir) => existsSync(path.join(dir, 'index.html'))) ?? places[0];
}
