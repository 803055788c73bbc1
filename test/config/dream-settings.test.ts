import { describe, expect, it } from 'vitest';
import { defaultSettings, loadSettings, saveSettings } from '../../electron/engine/config/settings.js';
import { tempDir } from '../helpers/fixtures.js';

describe('dream schedule settings', () => {
  it('default to nightly at 03:00 and accept only a schedule and a 24-hour HH:MM', () => {
    expect(defaultSettings()).toMatchObject({ dreamSchedule: 'nightly', dreamAt: '03:00' });
    const { dir, cleanup } = tempDir();
    try {
      expect(saveSettings(dir, { dreamSchedule: 'hourly', dreamAt: '23:59' })).toMatchObject({ dreamSchedule: 'hourly', dreamAt: '23:59' });
      for (const dreamAt of ['24:00', '3:00', '03:60', '03:00:00', ' 03:00']) {
        expect(() => saveSettings(dir, { dreamAt }), dreamAt).toThrow(/HH:MM/);
      }
      expect(() => saveSettings(dir, { dreamSchedule: 'weekly' as 'nightly' })).toThrow();
      expect(loadSettings(dir)).toMatchObject({ dreamSchedule: 'hourly', dreamAt: '23:59' });
    } finally {
      cleanup();
    }
  });
});
