import { randomBytes } from 'node:crypto';
import { ApiValidationError, parseJobOutcome, type FileReport, type JobKind, type JobOutcome, type JobStatus, type ProgressEvent } from '../../../shared/api.js';
import { NotFoundError } from './errors.js';

/*
 * Long jobs (import, analysis, sending lessons) run in the background; the UI polls their
 * status (the latest progress, and the file reports after the last one it saw) and may cancel
 * them, or one item of them (an import's file). Polling works the same over IPC and HTTP,
 * needs no open connection, and a reloaded page simply polls again. The registry does not care
 * where a job's work runs: imports, analyses and dream runs of a store file run in a job worker
 * thread (jobs/runner.ts), whose messages feed the same reporter, so this process stays free to
 * answer the polls.
 */

export interface JobReporter {
  progress: (p: ProgressEvent) => void;
  file: (report: FileReport) => void;
}

/**
 * What a job's work returns when it stopped early because it was cancelled but has done
 * something worth showing (lessons: the requests sent before the cancel). The job ends
 * 'cancelled' with this result.
 */
export class StoppedEarly {
  constructor(readonly result: unknown) {}
}

/**
 * Optional parts of a job: `cancelItem` cancels one item (an import's file) and says whether any
 * of it was still to come; asynchronously when the job runs in a job worker (jobs/), which alone knows.
 */
export interface JobHooks {
  cancelItem?: (item: string) => boolean | Promise<boolean>;
}

interface Job {
  id: string;
  kind: JobKind;
  state: JobStatus['state'];
  progress: ProgressEvent | null;
  files: FileReport[];
  controller: AbortController;
  hooks: JobHooks;
  /** The result, checked against its kind's schema when the work returned it. */
  outcome?: JobOutcome;
  error?: string;
  /** Settles when the job has ended, whichever way. */
  ended: Promise<void>;
  /** Told of each progress event as it arrives (see whenProgress). */
  listeners: Set<(p: ProgressEvent) => void>;
}

export class JobRegistry {
  private jobs = new Map<string, Job>();

  /** Starts `work` now, with an abort signal and a reporter; returns the job id. */
  start(kind: Job['kind'], work: (signal: AbortSignal, report: JobReporter) => Promise<unknown>, hooks: JobHooks = {}): string {
    const job: Job = {
      id: randomBytes(8).toString('hex'),
      kind,
      state: 'running',
      progress: null,
      files: [],
      controller: new AbortController(),
      hooks,
      ended: Promise.resolve(),
      listeners: new Set(),
    };
    this.jobs.set(job.id, job);
    const reporter: JobReporter = {
      progress: (p) => {
        job.progress = p;
        for (const listener of job.listeners) listener(p);
      },
      file: (f) => job.files.push(f),
    };
    // Deferred a tick so the caller has the id before the first event.
    job.ended = Promise.resolve()
      .then(() => work(job.controller.signal, reporter))
      .then(
        (result) => {
          // A result outside the contract fails the job once, here, rather than every poll of its status.
          try {
            job.outcome = parseJobOutcome(kind, result instanceof StoppedEarly ? result.result : result);
            job.state = result instanceof StoppedEarly ? 'cancelled' : 'done';
          } catch (err) {
            job.state = 'failed';
            job.error = (err as Error).message;
          }
        },
        (err: Error) => {
          if (job.controller.signal.aborted || err.name === 'CancelledError') job.state = 'cancelled';
          else {
            job.state = 'failed';
            job.error = err.message;
          }
        },
      );
    return job.id;
  }

  status(id: string, since = 0): JobStatus {
    const job = this.jobs.get(id);
    if (!job) throw new Error(`no job ${id}`);
    const bare: { [K in JobKind]: { kind: K } }[JobKind] = { kind: job.kind };
    const typed = job.outcome ?? bare;
    return {
      jobId: job.id,
      ...typed,
      state: job.state,
      progress: job.progress,
      files: job.files.slice(since),
      next: job.files.length,
      ...(job.error !== undefined ? { error: job.error } : {}),
    };
  }

  cancel(id: string): boolean {
    const job = this.jobs.get(id);
    if (!job || job.state !== 'running') return false;
    job.controller.abort();
    return true;
  }

  /** Cancels one item of a running job (see JobHooks); false when the job is over or none of the item was left. */
  cancelItem(id: string, item: string): boolean | Promise<boolean> {
    const job = this.jobs.get(id);
    if (!job) throw new NotFoundError(`no job ${id}`);
    if (!job.hooks.cancelItem) throw new ApiValidationError(`job ${id} (${job.kind}) has no items to cancel one by one: cancel the whole job`);
    if (job.state !== 'running') return false;
    return job.hooks.cancelItem(item);
  }

  ids(): string[] {
    return [...this.jobs.keys()];
  }

  running(): boolean {
    return [...this.jobs.values()].some((j) => j.state === 'running');
  }

  /** Resolves when no job is running (tests, shutdown), including jobs started meanwhile. */
  async idle(): Promise<void> {
    while (this.running()) await Promise.all([...this.jobs.values()].map((j) => j.ended));
  }

  /**
   * Resolves with the first progress event from now on that passes `test`, or null when the job
   * ends without one: a caller waits for a step of the job without polling its status on a clock.
   */
  whenProgress(id: string, test: (p: ProgressEvent) => boolean): Promise<ProgressEvent | null> {
    const job = this.jobs.get(id);
    if (!job) throw new NotFoundError(`no job ${id}`);
    if (job.state !== 'running') return Promise.resolve(null);
    return new Promise((resolve) => {
      const listener = (p: ProgressEvent) => {
        if (!test(p)) return;
        job.listeners.delete(listener);
        resolve(p);
      };
      job.listeners.add(listener);
      void job.ended.then(() => {
        job.listeners.delete(listener);
        resolve(null);
      });
    });
  }

  /** Resolves with a job's final status once it has ended (tests, the CLI). */
  async ended(id: string): Promise<JobStatus> {
    const job = this.jobs.get(id);
    if (!job) throw new NotFoundError(`no job ${id}`);
    await job.ended;
    return this.status(id);
  }
}
