import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiHandlers, typedCall, type ApiService } from '../../electron/engine/api/handlers.js';
import { openStore, type Db } from '../../electron/engine/store/db.js';
import { tempDir } from '../helpers/fixtures.js';
import { MODELS_DIR } from '../helpers/samples.js';

/* The dream schedule as the app shows it: the setting, and when the next run starts. */

// 10:20 local time on a fixed day.
const NOW = new Date(2026, 2, 10, 10, 20).getTime();
const local = (d: number, h: number, m: number) => new Date(2026, 2, d, h, m).toISOString();

describe('dreamSchedule', () => {
  let db: Db;
  let api: ApiService;
  let data: ReturnType<typeof tempDir>;
  let saved = 0;
  beforeEach(() => {
    data = tempDir();
    db = openStore(data.dir);
    saved = 0;
    api = createApiHandlers({ db, dataDir: data.dir, model: 'm', modelsDir: MODELS_DIR, jobsIn: 'process', now: () => NOW, onSettingsSaved: () => saved++ });
  });
  afterEach(async () => {
    await api.close();
    db.close();
    data.cleanup();
  });

  it('is nightly at 03:00 by default, the next run tomorrow night when nothing was missed', async () => {
    expect(await typedCall(api, 'dreamSchedule', {})).toEqual({ schedule: 'nightly', at: '03:00', nextRunAt: local(11, 3, 0), due: false });
  });

  it('follows a saved schedule at once, and tells the scheduler', async () => {
    await typedCall(api, 'saveSettings', { dreamSchedule: 'hourly', dreamAt: '03:45' });
    expect(saved).toBe(1);
    expect(await typedCall(api, 'dreamSchedule', {})).toEqual({ schedule: 'hourly', at: '03:45', nextRunAt: local(10, 10, 45), due: false });
    await typedCall(api, 'saveSettings', { dreamSchedule: 'nightly', dreamAt: '22:30' });
    expect((await typedCall(api, 'dreamSchedule', {})).nextRunAt).toBe(local(10, 22, 30));
    await typedCall(api, 'saveSettings', { dreamSchedule: 'off' });
    expect(await typedCall(api, 'dreamSchedule', {})).toEqual({ schedule: 'off', at: '22:30', nextRunAt: null, due: false });
    await expect(typedCall(api, 'saveSettings', { dreamAt: '25:00' })).rejects.toThrow(/HH:MM/);
  });

  it('is due at once when a slot passed since the first import and no run followed', async () => {
    db.prepare("INSERT INTO import_sources (path, sha256, bytes, imported_at) VALUES ('x', 'y', 1, ?)").run(new Date(NOW - 2 * 86_400_000).toISOString());
    expect(await typedCall(api, 'dreamSchedule', {})).toEqual({ schedule: 'nightly', at: '03:00', nextRunAt: new Date(NOW).toISOString(), due: true });
  });
});
