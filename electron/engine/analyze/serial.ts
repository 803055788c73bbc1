/*
 * One job of a kind at a time per store. The API's analyse job, a scheduled dream run and a
 * dream asked for from the UI may all start while another is running; two analyses interleaving
 * their awaits would each rewrite the clusters the other is reading. A second call waits for
 * the first to settle (whatever its outcome), then runs.
 */

import { CancelledError } from '../base/cancel.js';

const chains = new WeakMap<object, Map<string, Promise<unknown>>>();
const settle = () => undefined;

/**
 * Runs `job` once the jobs of this `key` started before it on `owner` have settled (whatever
 * their outcome). A job cancelled while it waits behind another (`signal`) rejects at once and
 * never runs; the next one still waits for those before it. Once it runs, its outcome is the
 * job's own (a job ends when its work has stopped, cancelled or not).
 */
export function serialised<T>(owner: object, key: string, job: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  let byKey = chains.get(owner);
  if (!byKey) chains.set(owner, (byKey = new Map()));
  const ahead = byKey.get(key);
  const before = ahead ?? Promise.resolve();
  let began = false;
  const start = () => {
    // Only a job that had to wait is dropped when cancelled: one whose turn was free starts at once
    // and meets its cancel itself (a dream run cancelled at once is still recorded, with the reason).
    if (ahead && signal?.aborted) throw new CancelledError();
    began = true;
    return job();
  };
  // The job is called in the tick its turn comes (a nested turn it takes is claimed at once).
  const run = before.then(start, start);
  // The chain goes on whether this job fails or not; the caller still sees the failure.
  const settled = run.then(settle, settle);
  byKey.set(key, settled);
  void settled.then(() => {
    if (byKey.get(key) === settled) byKey.delete(key);
  });
  if (!signal || !ahead) return run;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      if (!began) reject(new CancelledError());
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    void run.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
