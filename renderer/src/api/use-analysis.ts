import { useCallback, useRef } from 'react';
import type { ApiClient } from './client.js';
import { useJob, type JobView } from './use-job.js';

/** What a finished import brought, for deciding whether to analyse by itself. */
export interface ImportOutcome {
  /** Sessions added or updated: nothing new means nothing to analyse. */
  changed: number;
  /** Files that failed or were cancelled: the person should read why before being moved on. */
  troubled: number;
}

/** The outcome of an import job's last view (none when it failed or was cancelled as a whole). */
export function importOutcome(view: JobView<'import'>): ImportOutcome | null {
  if (view.state !== 'done' || !view.result) return null;
  const summary = view.result;
  return {
    changed: summary.sessionsAdded + summary.sessionsUpdated,
    troubled: summary.files.filter((f) => f.error || f.cancelled).length,
  };
}

/**
 * The app's one analysis job, owned by the app shell so it goes on (and can be cancelled) on any
 * screen: started by "Analyse" or by an import. A start while one runs queues one more run after it
 * (the running one may have read the store before the newest sessions came in); Cancel drops it.
 */
export function useAnalysis(api: ApiClient, onEnd: (view: JobView<'analyze'>) => void) {
  const running = useRef(false);
  const again = useRef(false);
  const onEndRef = useRef(onEnd);
  onEndRef.current = onEnd;
  const runRef = useRef<() => void>(() => {});
  // Who waits for the running analysis to end (stop).
  const waiters = useRef<(() => void)[]>([]);
  const job = useJob(api, 'analyze', (view) => {
    running.current = false;
    for (const resolve of waiters.current.splice(0)) resolve();
    onEndRef.current(view);
    const queued = again.current;
    again.current = false;
    if (queued && view.state === 'done') runRef.current();
  });
  const { follow } = job;
  const run = useCallback(() => {
    if (running.current) {
      again.current = true;
      return;
    }
    running.current = true;
    void follow(() => api.analyze({}));
  }, [api, follow]);
  runRef.current = run;
  const cancel = useCallback(async () => {
    again.current = false;
    await job.cancel();
  }, [job]);
  /** Cancels the running analysis (if any) and resolves once it has ended: nothing of it is written. */
  const stop = useCallback(async () => {
    if (!running.current) return;
    again.current = false;
    const ended = new Promise<void>((resolve) => waiters.current.push(resolve));
    await job.cancel();
    await ended;
  }, [job]);
  return { view: job.view, run, cancel, stop };
}

export type Analysis = ReturnType<typeof useAnalysis>;
