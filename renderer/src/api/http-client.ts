import type { ApiMethod } from '../../../shared/api.js';
import type { ApiClient } from './client.js';
import { ApiCallError, methodsFrom } from './call.js';

/*
 * Browser mode: POST /api/<method> with JSON. The token travels in the HttpOnly cookie the
 * server set when the page was opened with ?token=..., so the page never sees it.
 */

async function post(path: string, body: BodyInit, type: string, method: string): Promise<unknown> {
  const res = await fetch(path, { method: 'POST', body, headers: { 'content-type': type }, credentials: 'same-origin' });
  let payload: { result?: unknown; error?: string } = {};
  try {
    payload = (await res.json()) as typeof payload;
  } catch {
    payload = { error: res.status === 401 ? 'this page has no valid token: open the address `reverie serve` printed' : res.statusText };
  }
  if (!res.ok || payload.error !== undefined) throw new ApiCallError(method, payload.error ?? `HTTP ${res.status}`, res.status);
  return payload.result;
}

function randomBatch(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function createHttpClient(base = ''): ApiClient {
  const call = (method: ApiMethod, params: unknown) => post(`${base}/api/${method}`, JSON.stringify(params), 'application/json', method);
  const methods = methodsFrom(call);
  return {
    ...methods,
    face: 'browser',
    async importFiles(files, onUploaded) {
      // Each file is uploaded into one batch folder on the server, then the folder is imported.
      const batch = randomBatch();
      for (const file of files) {
        const query = new URLSearchParams({ batch, name: file.name });
        await post(`${base}/upload?${query}`, file, 'application/octet-stream', 'upload');
        onUploaded?.(file);
      }
      return methods.importUpload({ batch });
    },
  };
}
