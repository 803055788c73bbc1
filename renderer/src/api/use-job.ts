import { useCallback, useEffect, useRef, useState } from 'react';
import type { FileReport, JobStatus, ProgressEvent } from '../../../shared/api.js';
import type { ApiClient } from './client.js';

export interface JobView {
  jobId: string | null;
  state: JobStatus['state'] | 'idle';
  progress: ProgressEvent | null;
  files: FileReport[];
  result: unknown;
  error: string | null;
}

const IDLE: JobView = { jobId: null, state: 'idle', progress: null, files: [], result: undefined, error: null };
const POLL_MS = 200;

/** Follows one long job (import or analysis): polls its status until it ends; `cancel` stops it. */
export function useJob(api: ApiClient, onEnd?: (view: JobView) => void) {
  const [view, setView] = useState<JobView>(IDLE);
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
      setView({ ...IDLE, state: 'running' });
      let jobId: string;
      try {
        jobId = (await start()).jobId;
      } catch (err) {
        const failed: JobView = { ...IDLE, state: 'failed', error: (err as Error).message };
        setView(failed);
        onEndRef.current?.(failed);
        return;
      }
      let since = 0;
      let files: FileReport[] = [];
      for (;;) {
        if (!alive.current) return;
        let status: JobStatus;
        try {
          status = await api.jobStatus({ jobId, since });
        } catch (err) {
          const failed: JobView = { ...IDLE, jobId, state: 'failed', error: (err as Error).message, files };
          setView(failed);
          onEndRef.current?.(failed);
          return;
        }
        files = files.concat(status.files);
        since = status.next;
        const next: JobView = { jobId, state: status.state, progress: status.progress, files, result: status.result, error: status.error ?? null };
        setView(next);
        if (status.state !== 'running') {
          onEndRef.current?.(next);
          return;
        }
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    },
    [api],
  );

  const cancel = useCallback(async () => {
    if (view.jobId) await api.cancelJob({ jobId: view.jobId });
  }, [api, view.jobId]);

  const reset = useCallback(() => setView(IDLE), []);
  return { view, follow, cancel, reset };
}
