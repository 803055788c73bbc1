import { typedCall, type ApiService } from '../../electron/engine/api/handlers.js';
import type { JobStatus } from '../../shared/api.js';

/** Polls a job of the API until it is no longer running; its last status. */
export async function waitForJob(api: ApiService, jobId: string) {
  for (;;) {
    const status = await typedCall(api, 'jobStatus', { jobId });
    if (status.state !== 'running') return status;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Holds the work of the next job (of `kind`, if given) until released: the job exists and runs (the UI
 * follows it) but has read nothing yet, so a Cancel lands before it starts, whatever the machine's speed.
 */
export function holdNextJob(service: ApiService, kind?: JobStatus['kind']): () => void {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const start = service.jobs.start.bind(service.jobs);
  service.jobs.start = (k, work, hooks) => {
    if (kind && k !== kind) return start(k, work, hooks);
    service.jobs.start = start;
    return start(k, async (signal, report) => (await gate, work(signal, report)), hooks);
  };
  return release;
}
