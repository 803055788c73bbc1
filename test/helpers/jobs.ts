import { typedCall, type ApiService } from '../../electron/engine/api/handlers.js';
import { parseJobResult, type JobKind, type JobResult } from '../../shared/api.js';

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
