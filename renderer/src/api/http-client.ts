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

/** One file's upload, with progress (fetch cannot report upload progress; XHR can); resolves with the name it was stored under. */
function upload(url: string, file: File, onProgress: (loaded: number) => void, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new DOMException('cancelled', 'AbortError'));
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(file.size);
        let stored = file.name;
        try {
          stored = (JSON.parse(xhr.responseText) as { result?: { name?: string } }).result?.name ?? stored;
        } catch {
          // An older server without the name: keep the file's own.
        }
        resolve(stored);
      } else {
        let message = `HTTP ${xhr.status}`;
        try {
          message = (JSON.parse(xhr.responseText) as { error?: string }).error ?? message;
        } catch {
          // Not JSON: keep the status.
        }
        reject(new ApiCallError('upload', `${file.name}: ${message}`, xhr.status));
      }
    };
    xhr.onerror = () => reject(new ApiCallError('upload', `${file.name}: the local server could not be reached`));
    xhr.onabort = () => reject(new DOMException('cancelled', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
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
    async importFiles(files, options = {}) {
      // Each file is uploaded into one batch folder on the server, then the folder is imported.
      const batch = randomBatch();
      let sent = 0;
      for (const [i, file] of files.entries()) {
        if (options.skip?.(i)) continue;
        // The size lets the server keep only a file that arrived whole (an aborted upload is removed).
        const query = new URLSearchParams({ batch, name: file.name, size: String(file.size) });
        options.onStored?.(i, await upload(`${base}/upload?${query}`, file, (n) => options.onProgress?.(i, n), options.signal));
        sent++;
      }
      // Every file cancelled before it was sent: there is nothing to import.
      if (options.signal?.aborted || sent === 0) throw new DOMException('cancelled', 'AbortError');
      return methods.importUpload({ batch });
    },
  };
}
