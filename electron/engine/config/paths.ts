import os from 'node:os';
import path from 'node:path';

export const APP_NAME = 'Reverie';

/**
 * The per-user folder Electron's `app.getPath('userData')` returns for this app, so the
 * CLI, the browser mode and the desktop app share one store by default.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_NAME);
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_NAME);
}

/** `--data-dir` wins, then REVERIE_DATA_DIR, then the per-user default. */
export function resolveDataDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(flag ?? env.REVERIE_DATA_DIR ?? defaultDataDir(env));
}

export const STORE_FILE = 'reverie.sqlite';

/** What `packagedResourcesDir` and `electronSqliteBinding` read from `process` (Electron adds resourcesPath and defaultApp). */
export interface ProcessInfo {
  versions: { electron?: string };
  resourcesPath?: string;
  defaultApp?: boolean;
  /** Default: this process's. */
  platform?: string;
  arch?: string;
}

/**
 * The packaged app's resources folder, where electron-builder puts `extraResources`; undefined
 * in plain Node and in `electron .` from a checkout (`process.defaultApp`), whose
 * resourcesPath is Electron's own folder, not the app's.
 */
export function packagedResourcesDir(proc: ProcessInfo = process as ProcessInfo): string | undefined {
  if (!proc.versions.electron || proc.defaultApp || !proc.resourcesPath) return undefined;
  return proc.resourcesPath;
}

/** The models the installer ships (electron-builder.yml `extraResources`: models -> <resources>/models). */
export function bundledModelsDir(proc: ProcessInfo = process as ProcessInfo): string | undefined {
  const resources = packagedResourcesDir(proc);
  return resources ? path.join(resources, 'models') : undefined;
}

/**
 * better-sqlite3's addon compiled for this Electron (scripts/build-electron-natives.mjs): the
 * copy in node_modules is built for plain Node and stays so. The same relative path
 * natives/electron-<version>-<platform>-<arch>/better_sqlite3.node from `appDir` (the checkout)
 * in development, and from the resources folder when packaged (electron-builder.yml
 * `extraResources`), so the file found always matches the Electron that runs. Undefined in
 * plain Node, which uses node_modules' own build.
 */
export function electronSqliteBinding(appDir: string, proc: ProcessInfo = process as ProcessInfo): string | undefined {
  const electron = proc.versions.electron;
  if (!electron) return undefined;
  const dir = `electron-${electron}-${proc.platform ?? process.platform}-${proc.arch ?? process.arch}`;
  return path.join(packagedResourcesDir(proc) ?? appDir, 'natives', dir, 'better_sqlite3.node');
}
