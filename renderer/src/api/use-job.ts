import { useCallback, useEffect, useRef, useState } from 'react';
import { parseJobResult, type FileReport, type JobKind, type JobResult, type JobStatus, type ProgressEvent } from '../../../shared/api.js';
import type { ApiClient } from './client.js';

export interface JobView<K extends JobKind = JobKind> {
  jobId: string | null;
  state: JobStatus['state'] | 'idle';
  progress: ProgressEvent | null;
  files: FileReport[];
  /** The job's result once it has one, checked against its kind's schema. */
  result: JobResult<K> | undefined;
  error: string | null;
}

function idle<K extends JobKind>(): JobView<K> {
  return { jobId: null, state: 'idle', progress: null, files: [], result: undefined, error: null };
}
const POLL_MS = 200;

/**
 * Follows one long job of `kind` (import, analysis, dream run, sending lessons): polls its status
 * until it ends; `cancel` stops it. The result is checked against the kind's schema as it arrives,
 * so a screen reads it typed; a job of another kind, or a result outside the contract, ends the view
 * as failed with the reason.
 */
export function useJob<K extends JobKind>(api: ApiClient, kind: K, onEnd?: (view: JobView<K>) => void) {
  const [view, setView] = useState<JobView<K>>(idle);
  const onEndRef = useRef(onEnd);
  onEndRef.current = onEnd;
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const follow = useCallback(
    async (start: () => Promise<{ jobId: string }>) => {
      setView({ ...idle<K>(), state: 'running' });
      const fail = (error: unknown, jobId: string | null, files: FileReport[] = []) => {
        const failed: JobView<K> = { ...idle<K>(), jobId, state: 'failed', error: (error as Error).message, files };
        setView(failed);
        onEndRef.current?.(failed);
      };
      let jobId: string;
      try {
        jobId = (await start()).jobId;
      } catch (err) {
        return fail(err, null);
      }
      let since = 0;
      let files: FileReport[] = [];
      for (;;) {
        if (!alive.current) return;
        let next: JobView<K>;
        try {
          const status = await api.jobStatus({ jobId, since });
          if (status.kind !== kind) throw new Error(`job ${jobId} is a ${status.kind} job, not ${kind}`);
          files = files.concat(status.files);
          since = status.next;
          const result = status.result === undefined ? undefined : parseJobResult(kind, status.result);
          next = { jobId, state: status.state, progress: status.progress, files, result, error: status.error ?? null };
        } catch (err) {
          return fail(err, jobId, files);
        }
        setView(next);
        if (next.state !== 'running') {
          onEndRef.current?.(next);
          return;
        }
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    },
    [api, kind],
  );

  const cancel = useCallback(async () => {
    if (view.jobId) await api.cancelJob({ jobId: view.jobId });
  }, [api, view.jobId]);

  const reset = useCallback(() => setView(idle<K>()), []);
  return { view, follow, cancel, reset };
}
