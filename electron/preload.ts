// The preload: runs sandboxed, with context isolation, and exposes exactly one object to the
// page, `window.reverie` (shared/api.ts ReverieBridge). It imports nothing but Electron, as a
// sandboxed preload must; the main process validates every method name and parameter.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { ApiEnvelope, ReverieBridge } from '../shared/api.js';

const bridge: ReverieBridge<File> = {
  call: (method, params) =>
    typeof method === 'string' && /^[A-Za-z]{1,40}$/.test(method)
      ? (ipcRenderer.invoke(`reverie:${method}`, params) as Promise<ApiEnvelope>)
      : Promise.resolve({ error: 'bad method name', status: 400 }),
  pathForFile: (file) => webUtils.getPathForFile(file),
};

contextBridge.exposeInMainWorld('reverie', bridge);
