import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_METHODS, ipcChannel, type ApiEnvelope } from '../../shared/api.js';
import { createApiHandlers, type ApiService } from '../../electron/engine/api/handlers.js';
import { openStore, type Db } from '../../electron/engine/store/db.js';
import { registerApiIpc, type IpcEventLike, type IpcMainLike } from '../../electron/ipc.js';
import { tempDir } from '../helpers/fixtures.js';
import { MODELS_DIR } from '../helpers/samples.js';

type Listener = (event: IpcEventLike, ...args: unknown[]) => unknown;

/** Stands in for Electron's ipcMain: records handlers, and `invoke` calls one as a renderer would. */
class FakeIpcMain implements IpcMainLike {
  handlers = new Map<string, Listener>();
  handle(channel: string, listener: Listener) {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }
  async invoke(channel: string, url: string, ...args: unknown[]): Promise<ApiEnvelope> {
    const h = this.handlers.get(channel);
    if (!h) throw new Error(`No handler registered for '${channel}'`);
    return (await h({ senderFrame: { url } }, ...args)) as ApiEnvelope;
  }
}

const APP = 'file:///opt/Reverie/resources/app/dist/renderer/index.html';

describe('registerApiIpc', () => {
  const data = tempDir();
  let db: Db;
  let service: ApiService;
  const ipc = new FakeIpcMain();
  let unregister: () => void;
  beforeAll(() => {
    db = openStore(data.dir);
    service = createApiHandlers({ db, dataDir: data.dir, model: 'energetic-ai/use-lite-en', modelsDir: MODELS_DIR });
    unregister = registerApiIpc(ipc, service, (url) => url === APP);
  });
  afterAll(async () => {
    await service.close();
    db.close();
    data.cleanup();
  });

  it('registers exactly one channel per API method', () => {
    expect([...ipc.handlers.keys()].sort()).toEqual(API_METHODS.map(ipcChannel).sort());
  });

  it('answers the app page through the engine service', async () => {
    expect(await ipc.invoke('reverie:status', APP, {})).toEqual({
      result: { sessions: 0, messages: 0, clusters: 0, lessons: 0, model: 'energetic-ai/use-lite-en', dataDir: data.dir },
    });
    const saved = await ipc.invoke('reverie:saveSettings', APP, { minProjects: 2 });
    expect((saved.result as { minProjects: number }).minProjects).toBe(2);
  });

  it('validates every argument and says what is wrong', async () => {
    expect(await ipc.invoke('reverie:getSession', APP, { id: '1; DROP TABLE sessions' })).toMatchObject({ status: 400, error: expect.stringMatching(/getSession: id:/) });
    expect(await ipc.invoke('reverie:listSessions', APP, {}, 'extra')).toMatchObject({ status: 400 });
    expect(await ipc.invoke('reverie:getSession', APP, { id: 7 })).toMatchObject({ status: 404 });
  });

  it('refuses calls from any other page', async () => {
    expect(await ipc.invoke('reverie:status', 'https://evil.example/', {})).toMatchObject({ status: 403 });
    expect(await ipc.invoke('reverie:status', '', {})).toMatchObject({ status: 403 });
  });

  it('never returns the API key: setting it answers only whether one is set', async () => {
    const reply = await ipc.invoke('reverie:setApiKey', APP, { key: 'sk-ant-ipc-secret-0001' });
    expect(reply).toEqual({ result: { hasKey: true, storage: 'memory' } });
    expect(JSON.stringify(await ipc.invoke('reverie:apiKeyStatus', APP, {}))).not.toContain('sk-ant-ipc-secret-0001');
    expect(await ipc.invoke('reverie:setApiKey', 'https://evil.example/', { key: 'sk-ant-evil-000001' })).toMatchObject({ status: 403 });
    expect((await ipc.invoke('reverie:apiKeyStatus', APP, {})).result).toEqual({ hasKey: true, storage: 'memory' });
  });

  it('removes its handlers', () => {
    unregister();
    expect(ipc.handlers.size).toBe(0);
  });
});
