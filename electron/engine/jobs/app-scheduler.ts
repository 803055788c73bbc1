import { loadSettings } from '../config/settings.js';
import { lastDreamStart } from '../dream/dream-run.js';
import { DreamScheduler, type DreamOutcome, type SchedulerClock } from '../dream/schedule.js';
import type { Db } from '../store/db.js';
import { firstImportAt } from '../store/import-log.js';
import { createJobRunner, type JobPlace } from './runner.js';

/*
 * The dream schedule of a running app (the desktop window, `reverie serve`, `reverie dream
 * --watch`): dream runs over one store with the settings in its data folder, read afresh at
 * every check so a changed schedule applies at once.
 */

/**
 * What missed slots are counted from: the last dream run's start; before the first run, the
 * first import (nothing was missed before there was anything to dream about); with neither,
 * now (an empty store waits for its first slot).
 */
export function scheduleReference(db: Db, now = Date.now()): number {
  const last = lastDreamStart(db);
  if (last !== null) return last;
  const first = firstImportAt(db);
  return first ? Date.parse(first) : now;
}

export interface AppSchedulerOptions {
  dataDir: string;
  model: string;
  modelsDir: string;
  onRun?: (outcome: DreamOutcome) => void;
  onError?: (err: Error) => void;
  clock?: SchedulerClock;
  /** Start following the schedule at once (default true). */
  start?: boolean;
  /** Where dream runs go (runner.ts): by default a job worker for a store file, so the app's process stays free. */
  jobsIn?: JobPlace;
}

export function createDreamScheduler(db: Db, options: AppSchedulerOptions): DreamScheduler {
  const jobs = createJobRunner({ db, dataDir: options.dataDir, jobsIn: options.jobsIn });
  const scheduler = new DreamScheduler({
    run: (trigger, signal) => jobs.dream({ model: options.model, modelsDir: options.modelsDir, signal, onProgress: () => {}, trigger }),
    settings: () => loadSettings(options.dataDir),
    lastRun: () => scheduleReference(db, (options.clock ?? { now: Date.now }).now()),
    clock: options.clock,
    onRun: options.onRun,
    onError: options.onError,
  });
  if (options.start !== false) scheduler.start();
  return scheduler;
}
