import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledModelsDir, packagedResourcesDir } from '../../electron/engine/config/paths.js';

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
});
