import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { JobStatus } from '../../shared/api.js';
import { typedCall, type ApiService } from '../../electron/engine/api/handlers.js';

/*
 * What a person sees of the API process while a job runs: how long its event loop stalled, and
 * how long a poller asking jobStatus every `pollMs` waited for each answer, counted from when it
 * meant to ask (a stalled loop answers late, which is exactly the frozen progress bar).
 */

export interface JobWatch {
  final: JobStatus;
  /** The event loop's longest delay while the job ran (monitorEventLoopDelay's max), ms. */
  longestStallMs: number;
  /** jobStatus answers: the slowest and the median wait, ms. */
  statusMaxMs: number;
  statusMedianMs: number;
  polls: number;
  /** Distinct progress events (phase, done, total) the poller saw. */
  progressSeen: number;
  seconds: number;
}

/** Starts a job with `start` (the monitor runs from before: part of a job may run at once) and polls it to its end. */
export async function watchJob(
  api: ApiService,
  start: () => Promise<{ jobId: string }>,
  options: { pollMs?: number; onStatus?: (s: JobStatus) => void } = {},
): Promise<JobWatch> {
  const pollMs = options.pollMs ?? 50;
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const started = performance.now();
  // A tick first, so the monitor's timer is running before the job can take the thread.
  await new Promise((r) => setTimeout(r, 20));
  const { jobId } = await start();
  const waits: number[] = [];
  const progress = new Set<string>();
  let final: JobStatus;
  let due = performance.now();
  for (;;) {
    due = Math.max(due + pollMs, performance.now());
    await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
    const status = await typedCall(api, 'jobStatus', { jobId });
    waits.push(Math.max(0, performance.now() - due));
    options.onStatus?.(status);
    if (status.progress) progress.add(JSON.stringify([status.progress.phase, status.progress.done, status.progress.total]));
    if (status.state !== 'running') {
      final = status;
      break;
    }
  }
  // One more tick of the monitor's timer, so a stall that ended with the job is recorded too.
  await new Promise((r) => setTimeout(r, 30));
  loop.disable();
  const sorted = [...waits].sort((a, b) => a - b);
  return {
    final,
    longestStallMs: loop.max / 1e6,
    statusMaxMs: sorted.at(-1) ?? 0,
    statusMedianMs: sorted[Math.floor(sorted.length / 2)] ?? 0,
    polls: waits.length,
    progressSeen: progress.size,
    seconds: (performance.now() - started) / 1000,
  };
}
