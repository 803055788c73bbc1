// The one client interface the screens use. Two implementations: HTTP for browser mode
// (`reverie serve`), IPC over the preload's `window.reverie` for the desktop app.
import type { ApiMethod, ApiParams, ApiResult, ReverieApi, ReverieBridge } from '../../../shared/api.js';
import { createHttpClient } from './http-client.js';
import { createIpcClient } from './ipc-client.js';

export interface ApiClient extends ReverieApi {
  /**
   * Imports files the person dropped or picked; starts an import job. Browser mode uploads them
   * first, reporting bytes sent per file (by index); aborting `signal` stops before the import starts.
   */
  importFiles(files: File[], options?: ImportFilesOptions): Promise<{ jobId: string }>;
  readonly face: 'browser' | 'desktop';
}

export interface ImportFilesOptions {
  onProgress?: (index: number, loaded: number) => void;
  /** The name the file is imported under (browser mode: the server may make it safe or unique); reports name it so. */
  onStored?: (index: number, name: string) => void;
  /** Asked just before each file is sent: a file cancelled by then is left out (not sent, not imported). */
  skip?: (index: number) => boolean;
  signal?: AbortSignal;
}

declare global {
  interface Window {
    reverie?: ReverieBridge<File>;
  }
}

export function createClient(): ApiClient {
  return window.reverie ? createIpcClient(window.reverie) : createHttpClient();
}

export type { ApiMethod, ApiParams, ApiResult };
export { ApiCallError } from './call.js';
