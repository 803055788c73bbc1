import { afterAll, describe, expect, it } from 'vitest';
import { saveSettings } from '../../electron/engine/config/settings.js';
import { createDreamScheduler, scheduleReference } from '../../electron/engine/jobs/app-scheduler.js';
import type { DreamRun, DreamTrigger } from '../../electron/engine/dream/dream-run.js';
import { listDreamRuns } from '../../electron/engine/dream/dream-run.js';
import { DreamScheduler, nextRunAt, type DreamOutcome, type ScheduleSettings, type SchedulerClock } from '../../electron/engine/dream/schedule.js';
import { openStore } from '../../electron/engine/store/db.js';
import { tempDir } from '../helpers/fixtures.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Local wall-clock time: the schedule works in the machine's own time zone. */
const local = (d: number, h: number, m = 0, s = 0) => new Date(2026, 2, d, h, m, s);
const nightly: ScheduleSettings = { dreamSchedule: 'nightly', dreamAt: '03:00' };

describe('nextRunAt', () => {
  it('nightly: the next slot, or now when the last slot was missed', () => {
    expect(nextRunAt(local(10, 2), nightly, local(9, 3, 5))).toEqual(local(10, 3));
    expect(nextRunAt(local(10, 14), nightly, local(10, 3))).toEqual(local(11, 3));
    // Exactly at the slot, last run a day ago: due now.
    expect(nextRunAt(local(10, 3), nightly, local(9, 3))).toEqual(local(10, 3));
    // A manual run after the slot counts: nothing is missed.
    expect(nextRunAt(local(10, 14), nightly, local(10, 9))).toEqual(local(11, 3));
    expect(nextRunAt(local(10, 14), { dreamSchedule: 'nightly', dreamAt: '23:45' }, local(10, 9))).toEqual(local(10, 23, 45));
  });

  it('slept through several slots: one run at once, then the regular slot', () => {
    const woke = local(13, 9, 30);
    expect(nextRunAt(woke, nightly, local(10, 3))).toEqual(woke);
    expect(nextRunAt(local(13, 9, 31), nightly, woke)).toEqual(local(14, 3));
  });

  it('never dreamt: due now; off: never; a last run in the future (clock set back): the next slot', () => {
    expect(nextRunAt(local(10, 14), nightly, null)).toEqual(local(10, 14));
    expect(nextRunAt(local(10, 14), { dreamSchedule: 'off', dreamAt: '03:00' }, null)).toBeNull();
    expect(nextRunAt(local(10, 14), nightly, local(12, 3))).toEqual(local(11, 3));
  });

  it("hourly: every hour at dreamAt's minute, across midnight and month ends", () => {
    const hourly: ScheduleSettings = { dreamSchedule: 'hourly', dreamAt: '03:15' };
    expect(nextRunAt(local(10, 10, 20), hourly, local(10, 10, 15, 30))).toEqual(local(10, 11, 15));
    expect(nextRunAt(local(10, 10, 20), hourly, local(10, 9, 15))).toEqual(local(10, 10, 20));
    expect(nextRunAt(local(10, 10, 10), hourly, local(10, 9, 15))).toEqual(local(10, 10, 15));
    expect(nextRunAt(local(31, 23, 50), hourly, local(31, 23, 15))).toEqual(new Date(2026, 3, 1, 0, 15));
    expect(nextRunAt(local(31, 14), nightly, local(31, 3))).toEqual(new Date(2026, 3, 1, 3, 0));
    expect(() => nextRunAt(local(10, 1), { dreamSchedule: 'nightly', dreamAt: '25:00' }, null)).toThrow(/HH:MM/);
  });
});

/** Timers on a clock the test moves; `sleep` is the machine suspended (monotonic timers stand still). */
class FakeClock implements SchedulerClock {
  private timers: { id: number; at: number; fn: () => void }[] = [];
  private ids = 0;
  constructor(public t: number) {}
  now = () => this.t;
  setTimeout = (fn: () => void, ms: number) => {
    this.timers.push({ id: ++this.ids, at: this.t + ms, fn });
    return this.ids;
  };
  clearTimeout = (id: unknown) => {
    this.timers = this.timers.filter((x) => x.id !== id);
  };
  get pending(): number {
    return this.timers.length;
  }
  /** Lets promise callbacks run (no time passes). */
  async settle(): Promise<void> {
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  }
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    await this.settle();
    for (;;) {
      const due = this.timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.t = Math.max(this.t, due.at);
      this.clearTimeout(due.id);
      due.fn();
      await this.settle();
    }
    this.t = end;
  }
  sleep(ms: number): void {
    this.t += ms;
    for (const x of this.timers) x.at += ms;
  }
}

/** A stand-in for runDream that records its calls and "stores" each run's start. */
function fakeRuns(clock: FakeClock) {
  const calls: { trigger: DreamTrigger; at: number; signal: AbortSignal }[] = [];
  let last: number | null = null;
  let fail: Error | null = null;
  let hold: Promise<void> | null = null;
  const run = async (trigger: DreamTrigger, signal: AbortSignal): Promise<DreamRun> => {
    calls.push({ trigger, at: clock.now(), signal });
    last = clock.now();
    // A held run ends when released or cancelled, as runDream does at its next step.
    if (hold) await Promise.race([hold, new Promise((resolve) => signal.addEventListener('abort', resolve))]);
    if (signal.aborted) throw new Error('cancelled');
    if (fail) throw fail;
    return { id: calls.length, startedAt: new Date(last).toISOString(), trigger, error: null } as DreamRun;
  };
  return {
    calls,
    run,
    lastRun: () => last,
    setLast: (t: number | null) => (last = t),
    failWith: (e: Error | null) => (fail = e),
    holdWith: (p: Promise<void> | null) => (hold = p),
  };
}

describe('DreamScheduler', () => {
  it('runs a missed slot at start, then at each slot, telling its listeners', async () => {
    const clock = new FakeClock(local(10, 14).getTime());
    const runs = fakeRuns(clock);
    runs.setLast(local(9, 3).getTime());
    const outcomes: DreamOutcome[] = [];
    const s = new DreamScheduler({ run: runs.run, settings: () => nightly, lastRun: runs.lastRun, clock, onRun: (o) => outcomes.push(o) });
    s.start();
    await clock.settle();
    expect(runs.calls.map((c) => [c.trigger, c.at])).toEqual([['schedule', local(10, 14).getTime()]]);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ trigger: 'schedule', error: null, run: { id: 1 } });
    expect(s.nextRunAt).toEqual(local(11, 3));
    await clock.advance(local(11, 2, 59).getTime() - clock.t);
    expect(runs.calls).toHaveLength(1);
    await clock.advance(2 * 60_000);
    expect(runs.calls.map((c) => c.at)).toEqual([local(10, 14).getTime(), local(11, 3).getTime()]);
    await clock.advance(DAY);
    expect(runs.calls).toHaveLength(3);
    await s.stop();
    expect(clock.pending).toBe(0);
  });

  it('after the machine slept through three nights, dreams once on waking', async () => {
    const clock = new FakeClock(local(10, 20).getTime());
    const runs = fakeRuns(clock);
    runs.setLast(local(10, 3).getTime());
    const s = new DreamScheduler({ run: runs.run, settings: () => nightly, lastRun: runs.lastRun, clock });
    s.start();
    await clock.advance(HOUR);
    expect(runs.calls).toHaveLength(0);
    clock.sleep(3 * DAY);
    // The wall clock is looked at again within a minute of waking.
    await clock.advance(60_000);
    expect(runs.calls).toHaveLength(1);
    await clock.advance(5 * HOUR);
    expect(runs.calls).toHaveLength(1);
    await s.stop();
  });

  it('never runs two at once: a run asked for during another is that run', async () => {
    const clock = new FakeClock(local(10, 14).getTime());
    const runs = fakeRuns(clock);
    let release!: () => void;
    runs.holdWith(new Promise<void>((resolve) => (release = resolve)));
    const s = new DreamScheduler({ run: runs.run, settings: () => ({ dreamSchedule: 'hourly', dreamAt: '00:00' }), lastRun: runs.lastRun, clock });
    s.start();
    await clock.settle();
    expect(s.running).toBe(true);
    const asked = s.runNow('manual');
    // Hours pass while the run is still going: no second run starts.
    await clock.advance(3 * HOUR);
    expect(runs.calls).toHaveLength(1);
    release();
    const outcome = await asked;
    expect(outcome.trigger).toBe('schedule');
    // The slots missed during the long run make one run, not three.
    await clock.settle();
    expect(runs.calls).toHaveLength(2);
    expect(s.running).toBe(false);
    expect(s.nextRunAt).toEqual(local(10, 18));
    await s.stop();
  });

  it('reports a failed run to its listeners and waits for the next slot instead of retrying at once', async () => {
    const clock = new FakeClock(local(10, 14).getTime());
    const runs = fakeRuns(clock);
    runs.failWith(new Error('disk full'));
    // The failure happens before the run records itself: the store still knows no run.
    const s = new DreamScheduler({ run: runs.run, settings: () => nightly, lastRun: () => null, clock });
    const errors: string[] = [];
    s.onRun((o) => errors.push(o.error?.message ?? 'ok'));
    s.start();
    await clock.advance(HOUR);
    expect(errors).toEqual(['disk full']);
    expect(runs.calls).toHaveLength(1);
    runs.failWith(null);
    await clock.advance(local(11, 3).getTime() - clock.t);
    expect(errors).toEqual(['disk full', 'ok']);
    await s.stop();
  });

  it("'off' runs nothing until the setting changes; unreadable settings are reported and retried", async () => {
    const clock = new FakeClock(local(10, 14).getTime());
    const runs = fakeRuns(clock);
    runs.setLast(local(9, 12).getTime());
    let settings: ScheduleSettings | Error = { dreamSchedule: 'off', dreamAt: '03:00' };
    const problems: string[] = [];
    const s = new DreamScheduler({
      run: runs.run,
      settings: () => {
        if (settings instanceof Error) throw settings;
        return settings;
      },
      lastRun: runs.lastRun,
      clock,
      onError: (e) => problems.push(e.message),
    });
    s.start();
    await clock.advance(2 * DAY);
    expect(runs.calls).toHaveLength(0);
    expect(s.nextRunAt).toBeNull();
    settings = new Error('settings.json is not valid JSON');
    await clock.advance(60_000);
    expect(problems).toEqual(['settings.json is not valid JSON']);
    settings = nightly;
    s.reschedule();
    await clock.settle();
    expect(runs.calls).toHaveLength(1);
    await s.stop();
  });

  it('stop cancels the run in progress and leaves no timer behind; runNow works without the schedule', async () => {
    const clock = new FakeClock(local(10, 14).getTime());
    const runs = fakeRuns(clock);
    runs.holdWith(new Promise<void>(() => {}));
    const outcomes: DreamOutcome[] = [];
    const s = new DreamScheduler({ run: runs.run, settings: () => nightly, lastRun: runs.lastRun, clock, onRun: (o) => outcomes.push(o) });
    s.start();
    await clock.settle();
    expect(s.running).toBe(true);
    await s.stop();
    expect(runs.calls[0].signal.aborted).toBe(true);
    expect(outcomes.map((o) => o.error?.message)).toEqual(['cancelled']);
    expect(s.running).toBe(false);
    expect(clock.pending).toBe(0);
    await clock.advance(2 * DAY);
    expect(runs.calls).toHaveLength(1);

    runs.holdWith(null);
    const t = new DreamScheduler({ run: runs.run, settings: () => nightly, lastRun: runs.lastRun, clock });
    const outcome = await t.runNow();
    expect(outcome).toMatchObject({ trigger: 'manual', error: null });
    expect(clock.pending).toBe(0);
  });
});

describe('the app scheduler on a real store', () => {
  const tmp = tempDir();
  afterAll(tmp.cleanup);

  it('counts missed slots from the first import, dreams with trigger "schedule", and honours settings.json', async () => {
    const db = openStore(tmp.dir);
    const clock = new FakeClock(local(10, 14).getTime());
    expect(scheduleReference(db, clock.t)).toBe(clock.t);
    db.prepare("INSERT INTO import_sources (path, sha256, bytes, imported_at) VALUES ('x', 'y', 1, ?)").run(local(8, 12).toISOString());
    expect(scheduleReference(db, clock.t)).toBe(local(8, 12).getTime());

    saveSettings(tmp.dir, { dreamSchedule: 'off' });
    const off = createDreamScheduler(db, { dataDir: tmp.dir, model: 'test/none', modelsDir: tmp.dir, clock });
    await clock.advance(HOUR);
    expect(listDreamRuns(db)).toHaveLength(0);
    await off.stop();

    saveSettings(tmp.dir, { dreamSchedule: 'nightly', dreamAt: '03:00' });
    const outcomes: DreamOutcome[] = [];
    const on = createDreamScheduler(db, { dataDir: tmp.dir, model: 'test/none', modelsDir: tmp.dir, clock, onRun: (o) => outcomes.push(o) });
    await on.whenIdle();
    await clock.settle();
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0].error).toBeNull();
    expect(listDreamRuns(db).map((r) => r.trigger)).toEqual(['schedule']);
    expect(on.nextRunAt).toEqual(local(11, 3));
    await on.stop();
    db.close();
  });
});
