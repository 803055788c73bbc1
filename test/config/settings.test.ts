import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSettings, loadSettings, saveSettings } from '../../electron/engine/config/settings.js';
import { reverie } from '../helpers/cli.js';
import { tempDir } from '../helpers/fixtures.js';

describe('settings', () => {
  it('defaults, saves, reloads and validates', () => {
    const { dir, cleanup } = tempDir();
    try {
      expect(loadSettings(dir)).toEqual(defaultSettings());
      expect(defaultSettings().minSessions).toBe(3);
      // The app analyses after an import unless turned off; a settings file from before the key means on.
      expect(defaultSettings().autoAnalyze).toBe(true);
      writeFileSync(path.join(dir, 'settings.json'), '{"minSessions": 3}');
      expect(loadSettings(dir).autoAnalyze).toBe(true);
      expect(saveSettings(dir, { autoAnalyze: false }).autoAnalyze).toBe(false);
      expect(loadSettings(dir).autoAnalyze).toBe(false);
      expect(() => saveSettings(dir, { autoAnalyze: 'yes' as unknown as boolean })).toThrow();
      saveSettings(dir, { minSessions: 5, scrubNames: ['Ana Lima'] });
      expect(loadSettings(dir)).toMatchObject({ minSessions: 5, scrubNames: ['Ana Lima'], minProjects: 1 });
      expect(() => saveSettings(dir, { minSessions: 0 })).toThrow();
      expect(loadSettings(dir).minSessions).toBe(5);
      writeFileSync(path.join(dir, 'settings.json'), '{"minSessions": "many"}');
      expect(() => loadSettings(dir)).toThrow(/settings\.json: setting minSessions/);
      writeFileSync(path.join(dir, 'settings.json'), '{oops');
      expect(() => loadSettings(dir)).toThrow(/not valid JSON/);
    } finally {
      cleanup();
    }
  });

  it('is changed from the CLI', () => {
    const { dir, cleanup } = tempDir();
    try {
      expect(reverie(['--data-dir', dir, 'settings', 'scrubNames', 'Ana Lima, Bo Chen']).stdout).toMatch(/scrubNames = Ana Lima, Bo Chen/);
      expect(JSON.parse(reverie(['--data-dir', dir, '--json', 'settings']).stdout).scrubNames).toEqual(['Ana Lima', 'Bo Chen']);
      const bad = reverie(['--data-dir', dir, 'settings', 'minSessions', 'zero']);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/invalid value for minSessions/);
      expect(reverie(['--data-dir', dir, 'settings', 'colour', 'blue']).stderr).toMatch(/unknown setting "colour"/);
    } finally {
      cleanup();
    }
  });
});
