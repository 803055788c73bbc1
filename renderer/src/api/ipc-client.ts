import type { ApiMethod, ReverieBridge } from '../../../shared/api.js';
import type { ApiClient } from './client.js';
import { ApiCallError, methodsFrom } from './call.js';

/** The desktop app: calls go through the preload bridge; dropped files are imported in place by path. */
export function createIpcClient(bridge: ReverieBridge<File>): ApiClient {
  const call = async (method: ApiMethod, params: unknown) => {
    const reply = await bridge.call(method, params);
    if (reply.error !== undefined) throw new ApiCallError(method, reply.error, reply.status);
    return reply.result;
  };
  const methods = methodsFrom(call);
  return {
    ...methods,
    face: 'desktop',
    async importFiles(files, options = {}) {
      // Nothing to upload: the engine reads the files (and walks folders) where they are.
      const kept = files.map((f, i) => ({ f, i })).filter(({ i }) => !options.skip?.(i));
      if (kept.length === 0) throw new DOMException('cancelled', 'AbortError');
      const paths = kept.map(({ f }) => bridge.pathForFile(f)).filter(Boolean);
      for (const { f, i } of kept) options.onProgress?.(i, f.size);
      return methods.importPaths({ paths });
    },
  };
}
