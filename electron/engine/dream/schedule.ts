import type { Settings } from '../config/settings.js';
import type { DreamRun, DreamTrigger } from './dream-run.js';
import { asError } from '../base/errors.js';

/*
 * When the app dreams on its own. Slots are local wall-clock times (Date's local fields, so a
 * DST change moves nothing but the hour that does not exist or repeats):
 *   'nightly'  every day at `dreamAt` (HH:MM);
 *   'hourly'   every hour at `dreamAt`'s minute;
 *   'off'      never (runs only when asked).
 * A run is due when the most recent slot came after the last run started: the machine slept
 * through the slot, or the app was closed. However many slots were missed, that is one run, at
 * once. Otherwise the next run is the next slot. Never having dreamt counts as a missed slot
 * (the app's wiring passes the first import time instead, see jobs/app-scheduler.ts).
 */

export type ScheduleSettings = Pick<Settings, 'dreamSchedule' | 'dreamAt'>;

function timeOfDay(at: string): { hour: number; minute: number } {
  const m = /^(\d{2}):(\d{2})$/.exec(at);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) throw new Error(`dreamAt must be a time HH:MM, got "${at}"`);
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

/** The latest slot at or before `now`, or null when the schedule is off. */
export function slotAtOrBefore(now: Date, settings: ScheduleSettings): Date | null {
  if (settings.dreamSchedule === 'off') return null;
  const { hour, minute } = timeOfDay(settings.dreamAt);
  const [y, mo, d, h] = [now.getFullYear(), now.getMonth(), now.getDate(), now.getHours()];
  if (settings.dreamSchedule === 'hourly') {
    const slot = new Date(y, mo, d, h, minute);
    return slot <= now ? slot : new Date(y, mo, d, h - 1, minute);
  }
  const slot = new Date(y, mo, d, hour, minute);
  return slot <= now ? slot : new Date(y, mo, d - 1, hour, minute);
}

/** The first slot strictly after `now`, or null when the schedule is off. */
export function slotAfter(now: Date, settings: ScheduleSettings): Date | null {
  if (settings.dreamSchedule === 'off') return null;
  const { hour, minute } = timeOfDay(settings.dreamAt);
  const [y, mo, d, h] = [now.getFullYear(), now.getMonth(), now.getDate(), now.getHours()];
  if (settings.dreamSchedule === 'hourly') {
    const slot = new Date(y, mo, d, h, minute);
    return slot > now ? slot : new Date(y, mo, d, h + 1, minute);
  }
  const slot = new Date(y, mo, d, hour, minute);
  return slot > now ? slot : new Date(y, mo, d + 1, hour, minute);
}

/**
 * When the next scheduled run should start: `now` itself when one is due (a slot passed since
 * `lastRun` started, or there was no run yet), else the next slot; null when the schedule is off.
 */
export function nextRunAt(now: Date | number, settings: ScheduleSettings, lastRun: Date | number | null): Date | null {
  const at = new Date(now);
  const previous = slotAtOrBefore(at, settings);
  if (!previous) return null;
  if (lastRun === null || new Date(lastRun).getTime() < previous.getTime()) return at;
  return slotAfter(at, settings);
}

/** Time and timers, injectable so tests drive the scheduler without waiting. */
export interface SchedulerClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: SchedulerClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface DreamOutcome {
  trigger: DreamTrigger;
  /** The recorded run, or null when it failed before being recorded. */
  run: DreamRun | null;
  /** Why it failed (the run records the same message), or null. */
  error: Error | null;
  startedAt: number;
}

export interface DreamSchedulerOptions {
  /** One dream run; it records itself, including its error if it fails. */
  run: (trigger: DreamTrigger, signal: AbortSignal) => Promise<DreamRun>;
  /** Read at every check, so a changed setting applies without a restart. */
  settings: () => ScheduleSettings;
  /** Start (ms) of the last run, or null when none: what missed slots are counted from. */
  lastRun: () => number | null;
  clock?: SchedulerClock;
  /**
   * Longest single wait. Timers count monotonic time, which stops while the machine sleeps, so
   * the wall clock is looked at again at least this often instead of trusting one long timer.
   */
  checkEveryMs?: number;
  onRun?: (outcome: DreamOutcome) => void;
  /** Problems outside a run (unreadable settings, a throwing listener); the scheduler carries on. */
  onError?: (err: Error) => void;
}

export const DEFAULT_CHECK_EVERY_MS = 60_000;

/**
 * Runs dreams on the schedule while started, and on demand. Never two at once: asking for a run
 * while one is going returns that run. A failed run is reported to the listeners (and recorded
 * by the run itself), never thrown into the timer; the schedule goes on from its start time, so
 * a failing run is not retried in a loop.
 */
export class DreamScheduler {
  private readonly clock: SchedulerClock;
  private readonly checkEveryMs: number;
  private readonly listeners = new Set<(outcome: DreamOutcome) => void>();
  private timer: unknown = null;
  private started = false;
  private current: Promise<DreamOutcome> | null = null;
  private controller: AbortController | null = null;
  private lastLaunch: number | null = null;
  private next: Date | null = null;

  constructor(private readonly options: DreamSchedulerOptions) {
    this.clock = options.clock ?? systemClock;
    this.checkEveryMs = options.checkEveryMs ?? DEFAULT_CHECK_EVERY_MS;
    if (options.onRun) this.listeners.add(options.onRun);
  }

  /** Starts following the schedule; a due run (missed slot) starts right away. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.check();
  }

  /** Stops the schedule, cancels a run in progress and waits for it to wind down. */
  async stop(): Promise<void> {
    this.started = false;
    this.disarm();
    this.next = null;
    this.controller?.abort();
    await this.whenIdle();
  }

  /** One run now, whatever the schedule; the run in progress if there is one. */
  runNow(trigger: DreamTrigger = 'manual'): Promise<DreamOutcome> {
    return this.current ?? this.launch(trigger);
  }

  /** Listens to every finished run; returns the function that stops listening. */
  onRun(listener: (outcome: DreamOutcome) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Looks at the settings again now (call after they changed). */
  reschedule(): void {
    if (this.started) this.check();
  }

  get running(): boolean {
    return this.current !== null;
  }

  /** When the next scheduled run starts, as last computed (null: off, stopped, or a run in progress). */
  get nextRunAt(): Date | null {
    return this.next;
  }

  /** Settles when no run is in progress. */
  async whenIdle(): Promise<void> {
    while (this.current) await this.current;
  }

  private disarm(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(ms: number): void {
    this.disarm();
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.check();
    }, Math.max(0, ms));
  }

  private check(): void {
    this.disarm();
    // While a run is going the next check comes when it ends.
    if (!this.started || this.current) return;
    const now = this.clock.now();
    let next: Date | null;
    try {
      const recorded = this.options.lastRun();
      // Its own last launch too: a run that failed before recording itself must not run again at once.
      const last = recorded === null ? this.lastLaunch : Math.max(recorded, this.lastLaunch ?? -Infinity);
      next = nextRunAt(now, this.options.settings(), last);
    } catch (err) {
      this.next = null;
      this.report(err as Error);
      this.arm(this.checkEveryMs);
      return;
    }
    this.next = next;
    if (next && next.getTime() <= now) {
      void this.launch('schedule');
      return;
    }
    this.arm(next ? Math.min(next.getTime() - now, this.checkEveryMs) : this.checkEveryMs);
  }

  private launch(trigger: DreamTrigger): Promise<DreamOutcome> {
    this.disarm();
    this.next = null;
    const startedAt = this.clock.now();
    this.lastLaunch = startedAt;
    const controller = new AbortController();
    this.controller = controller;
    // Started on the next microtask, so `current` is set before the run can settle.
    const done = Promise.resolve().then(async (): Promise<DreamOutcome> => {
      let outcome: DreamOutcome;
      try {
        const run = await this.options.run(trigger, controller.signal);
        outcome = { trigger, run, error: run.error ? new Error(run.error) : null, startedAt };
      } catch (err) {
        outcome = { trigger, run: null, error: asError(err), startedAt };
      }
      this.current = null;
      this.controller = null;
      for (const listener of this.listeners) {
        try {
          listener(outcome);
        } catch (err) {
          this.report(err as Error);
        }
      }
      this.check();
      return outcome;
    });
    this.current = done;
    return done;
  }

  private report(err: Error): void {
    try {
      this.options.onError?.(err);
    } catch {
      // A failing error reporter must not stop the schedule.
    }
  }
}
