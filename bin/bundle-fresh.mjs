// Whether the prebuilt `reverie` (dist-cli/cli.js) may run: it exists and no source file under
// electron/ or shared/ is newer. A stat of each source file: a few milliseconds.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** The newest modification time of the files under `dir` (0 when it does not exist). */
function newest(dir) {
  if (!existsSync(dir)) return 0;
  let latest = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) latest = Math.max(latest, statSync(path.join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
  }
  return latest;
}

/** The bundle of the checkout at `root`, when it is there and not older than the sources; else null. */
export function freshBundle(root, env = process.env) {
  const bundle = path.join(root, 'dist-cli', 'cli.js');
  if (env.REVERIE_FROM_SOURCE === '1' || !existsSync(bundle)) return null;
  const built = statSync(bundle).mtimeMs;
  return ['electron', 'shared'].every((dir) => newest(path.join(root, dir)) <= built) ? bundle : null;
}
