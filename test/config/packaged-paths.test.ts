import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledModelsDir, electronSqliteBinding, packagedResourcesDir } from '../../electron/engine/config/paths.js';
import { ADDON_FILE, DEFAULT_NATIVES_DIR, nativesDirName } from '../../scripts/build-electron-natives.mjs';
import { REPO_DIR } from '../helpers/samples.js';

describe('the packaged app resources folder', () => {
  const resourcesPath = path.resolve('/opt/Reverie/resources');

  it('is the resources folder only in a packaged Electron app', () => {
    expect(packagedResourcesDir({ versions: { electron: '45.5.0' }, resourcesPath })).toBe(resourcesPath);
    // `electron .` from a checkout: resourcesPath is Electron's own folder, not the app's.
    expect(packagedResourcesDir({ versions: { electron: '45.5.0' }, resourcesPath, defaultApp: true })).toBeUndefined();
    // Plain Node (CLI, browser mode, tests).
    expect(packagedResourcesDir({ versions: {}, resourcesPath })).toBeUndefined();
    expect(packagedResourcesDir()).toBeUndefined();
  });

  it('holds the bundled models in <resources>/models', () => {
    expect(bundledModelsDir({ versions: { electron: '45.5.0' }, resourcesPath })).toBe(path.join(resourcesPath, 'models'));
    expect(bundledModelsDir({ versions: {} })).toBeUndefined();
  });

  it('holds better-sqlite3’s Electron build at the same path below resources as below the checkout', () => {
    const electron = { versions: { electron: '45.5.0' }, platform: 'linux', arch: 'x64' };
    const below = path.join('natives', 'electron-45.5.0-linux-x64', 'better_sqlite3.node');
    expect(electronSqliteBinding(REPO_DIR, { ...electron, resourcesPath })).toBe(path.join(resourcesPath, below));
    // `electron .` from the checkout: where scripts/build-electron-natives.mjs writes it.
    const dev = electronSqliteBinding(REPO_DIR, { ...electron, resourcesPath, defaultApp: true });
    expect(dev).toBe(path.join(REPO_DIR, below));
    expect(dev).toBe(path.join(DEFAULT_NATIVES_DIR, nativesDirName({ runtime: 'electron', target: '45.5.0', platform: 'linux', arch: 'x64' }), ADDON_FILE));
    // This process's platform and arch by default; none in plain Node, which uses node_modules' build.
    expect(electronSqliteBinding(REPO_DIR, { versions: { electron: '45.5.0' }, resourcesPath })).toBe(
      path.join(resourcesPath, 'natives', `electron-45.5.0-${process.platform}-${process.arch}`, 'better_sqlite3.node'),
    );
    expect(electronSqliteBinding(REPO_DIR, { versions: {}, resourcesPath })).toBeUndefined();
    expect(electronSqliteBinding(REPO_DIR)).toBeUndefined();
  });
});
