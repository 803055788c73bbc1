import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliContext } from '../../electron/engine/cli/context.js';
import { dreamCommand } from '../../electron/engine/cli/commands/dream.js';
import { saveSettings } from '../../electron/engine/config/settings.js';
import { openStore } from '../../electron/engine/store/db.js';
import { tempDir } from '../helpers/fixtures.js';

/** `reverie dream --watch` without --interval follows the schedule in settings. */
describe('reverie dream --watch on the schedule', () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);
  const data = path.join(dir, 'data');

  async function watch(stopAfterMs: number): Promise<{ code: number; out: string[]; err: string[] }> {
    const out: string[] = [];
    const err: string[] = [];
    const db = openStore(data);
    const ctx: CliContext = { options: { model: 'test/none', modelsDir: dir }, dataDir: data, json: false, db, out: (t) => out.push(t), err: (t) => err.push(t) };
    // Ctrl-C, delivered to the command's own listener (no real signal is sent).
    const timer = setTimeout(() => process.emit('SIGINT'), stopAfterMs);
    try {
      return { code: await dreamCommand(ctx, { watch: true }), out, err };
    } catch (e) {
      return { code: 1, out, err: [...err, (e as Error).message] };
    } finally {
      clearTimeout(timer);
      db.close();
    }
  }

  it("refuses when the schedule is off, else runs once and waits for the next slot until Ctrl-C", async () => {
    saveSettings(data, { dreamSchedule: 'off' });
    const off = await watch(5_000);
    expect(off.code).toBe(1);
    expect(off.err.join('\n')).toMatch(/dreamSchedule is off.*--interval/);

    saveSettings(data, { dreamSchedule: 'hourly', dreamAt: '00:00' });
    const on = await watch(300);
    expect(on.code).toBe(0);
    expect(on.out).toHaveLength(1);
    expect(on.out[0]).toMatch(/^#\d+ .* \(watch\) read 0 files/);
    expect(on.err.join('\n')).toMatch(/Dreaming hourly \(at minute 00\); next run /);
  });
});
