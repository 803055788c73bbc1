import { typedCall, type ApiService } from '../../electron/engine/api/handlers.js';

/** Polls a job of the API until it is no longer running; its last status. */
export async function waitForJob(api: ApiService, jobId: string) {
  for (;;) {
    const status = await typedCall(api, 'jobStatus', { jobId });
    if (status.state !== 'running') return status;
    await new Promise((r) => setTimeout(r, 20));
  }
}
