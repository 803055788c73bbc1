import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_DIR } from '../helpers/samples.js';

/*
 * The Electron fuses of the packaged app (electron-builder.yml `electronFuses`), read with
 * electron-builder's own YAML loader and turned into @electron/fuses' wire by electron-builder's
 * own code, as packaging does right before signing.
 */

const builderRequire = createRequire(createRequire(path.join(REPO_DIR, 'package.json')).resolve('electron-builder'));
const libRequire = createRequire(builderRequire.resolve('app-builder-lib'));
const yaml = libRequire('js-yaml') as { load: (text: string) => unknown };
const { PlatformPackager } = builderRequire('app-builder-lib') as {
  PlatformPackager: { prototype: { generateFuseConfig(fuses: unknown): Promise<Record<string | number, unknown>> } };
};
const { getConfig, validateConfiguration } = libRequire('./util/config/config.js') as {
  getConfig: (projectDir: string, configPath: string | null, fromOptions: unknown) => Promise<Record<string, unknown>>;
  validateConfiguration: (config: unknown, debugLogger: unknown) => Promise<void>;
};
const { DebugLogger } = libRequire('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

const raw = yaml.load(readFileSync(path.join(REPO_DIR, 'electron-builder.yml'), 'utf8')) as { asar: boolean; electronFuses: Record<string, boolean> };

describe('electron fuses', () => {
  it('flips the fuses: no run-as-node, no NODE_OPTIONS or --inspect, encrypted cookies, app only from a checked asar', async () => {
    // The installed @electron/fuses (the one electron-builder loads) names the wire's fuses.
    const fusesRequire = createRequire(builderRequire.resolve('app-builder-lib'));
    const { FuseV1Options: F } = (await import(fusesRequire.resolve('@electron/fuses'))) as { FuseV1Options: Record<string, number> };
    const wire = await PlatformPackager.prototype.generateFuseConfig.call({}, raw.electronFuses);
    expect(wire[F.RunAsNode]).toBe(false);
    expect(wire[F.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(wire[F.EnableNodeCliInspectArguments]).toBe(false);
    expect(wire[F.EnableCookieEncryption]).toBe(true);
    expect(wire[F.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(wire[F.OnlyLoadAppFromAsar]).toBe(true);
    // Only-from-asar needs the app in an asar.
    expect(raw.asar).toBe(true);
  });

  it('a misspelt fuse fails electron-builder’s validation instead of being dropped', async () => {
    const config = await getConfig(REPO_DIR, null, null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    const wrong = structuredClone(config);
    (wrong.electronFuses as Record<string, unknown>).runAsnode = false;
    await expect(validateConfiguration(wrong, new DebugLogger(false))).rejects.toThrow(/electronFuses/);
  });

  it('nothing the app runs needs Electron as plain Node (what runAsNode: false turns off)', () => {
    const dir = path.join(REPO_DIR, 'electron');
    // The `reverie` command's own modules (engine/cli/) run under plain Node only, never in the app:
    // its Claude Code hook detaches a child `reverie` with the Node that runs it.
    const sources = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => /\.(ts|mjs|cjs)$/.test(f) && !f.startsWith(path.join('engine', 'cli')));
    expect(sources.length).toBeGreaterThan(20);
    for (const f of sources) {
      const text = readFileSync(path.join(dir, f), 'utf8');
      expect(text, f).not.toMatch(/ELECTRON_RUN_AS_NODE|child_process'\)?\.fork|\bfork\(/);
      expect(text, f).not.toMatch(/spawn\(\s*process\.execPath/);
    }
  });
});
