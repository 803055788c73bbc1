// The desktop face of the API: one IPC channel per method, each answered by the same
// createApiHandlers service the browser mode uses. Kept free of Electron imports (the
// `ipcMain` is passed in) so tests can register the handlers on a fake without a window.
import { API_METHODS, ipcChannel, type ApiEnvelope } from '../shared/api.js';
import type { ApiService } from './engine/api/handlers.js';
import { statusOf } from './engine/api/errors.js';

/** The part of Electron's ipcMain this needs. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => Promise<unknown> | unknown): void;
  removeHandler(channel: string): void;
}

/** The part of an IPC event this needs: which frame sent it. */
export interface IpcEventLike {
  senderFrame?: { url: string } | null;
}

/**
 * Registers a handler per API method. A call is answered only when it comes from a trusted
 * page (the app's own file; never a page navigated to), and with exactly one argument, which
 * the service validates. Replies are envelopes, so errors arrive in words, not as Electron's
 * "Error invoking remote method" wrapping. Returns a function that removes the handlers.
 */
export function registerApiIpc(ipcMain: IpcMainLike, service: ApiService, trusted: (url: string) => boolean): () => void {
  for (const method of API_METHODS) {
    ipcMain.handle(ipcChannel(method), async (event, ...args): Promise<ApiEnvelope> => {
      const url = event.senderFrame?.url ?? '';
      if (!trusted(url)) return { error: `refused: ${method} called from an untrusted page`, status: 403 };
      if (args.length > 1) return { error: `${method}: expects one parameters object`, status: 400 };
      try {
        return { result: await service.call(method, args[0]) };
      } catch (err) {
        return { error: (err as Error).message, status: statusOf(err) };
      }
    });
  }
  return () => API_METHODS.forEach((m) => ipcMain.removeHandler(ipcChannel(m)));
}
