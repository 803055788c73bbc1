import { typedCall, type ApiService } from '../../electron/engine/api/handlers.js';
import { parseJobResult, type JobKind, type JobResult, type JobStatus } from '../../shared/api.js';

/** Waits for a job of the API to end (no polling: the registry's own promise); its last status, through the API. */
export async function waitForJob(api: ApiService, jobId: string) {
  await api.jobs.ended(jobId);
  return typedCall(api, 'jobStatus', { jobId });
}

/** Waits for a job of `kind` to end; its status and its result, checked against that kind's schema. */
export async function jobResult<K extends JobKind>(api: ApiService, jobId: string, kind: K): Promise<{ state: string; error?: string; result: JobResult<K> }> {
  const status = await waitForJob(api, jobId);
  if (status.kind !== kind) throw new Error(`job ${jobId} is a ${status.kind} job, not ${kind}`);
  if (status.result === undefined) throw new Error(`the ${kind} job ended ${status.state} without a result: ${status.error ?? ''}`);
  return { state: status.state, error: status.error, result: parseJobResult(kind, status.result) };
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
