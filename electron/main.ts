// The Electron main process: creates the hardened window and answers the renderer's API calls
// over IPC with the same engine service the browser mode uses (electron/ipc.ts). Everything
// it calls lives in electron/engine/, which never imports Electron.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, safeStorage, session, shell } from 'electron';
import { createApiHandlers, type ApiService } from './engine/api/handlers.js';
import { desktopKeyStore } from './engine/api/key-store.js';
import { electronSqliteBinding, packagedResourcesDir, resolveDataDir } from './engine/config/paths.js';
import { loadSettings } from './engine/config/settings.js';
import { createDreamScheduler } from './engine/jobs/app-scheduler.js';
import type { DreamScheduler } from './engine/dream/schedule.js';
import { resolveEmbedConfig } from './engine/embed/model-config.js';
import { CSP } from './engine/api/content-policy.js';
import { openStore, setSqliteBinding } from './engine/store/db.js';
import { claimSingleInstance, installPermissionHandlers } from './app-guards.js';
import { registerApiIpc } from './ipc.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const indexHtml = path.join(here, '..', 'dist', 'renderer', 'index.html');
const appUrl = pathToFileURL(indexHtml).href;

/** Only the app's own page may call the API. */
const trusted = (url: string) => url === appUrl || url.startsWith(`${appUrl}#`) || url.startsWith(`${appUrl}?`);

let service: ApiService | null = null;
let dreams: DreamScheduler | null = null;
let mainWindow: BrowserWindow | null = null;

function createWindow(): void {
  const win = new BrowserWindow({
    width: 1280,
    height: 840,
    title: 'Reverie',
    webPreferences: {
      preload: path.join(here, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  mainWindow = win;
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  void win.loadFile(indexHtml);
}

/**
 * Points the store at better-sqlite3's Electron build (node_modules keeps the plain-Node one);
 * false, after telling the user, when it is missing.
 */
function useElectronSqlite(): boolean {
  const binding = electronSqliteBinding(path.join(here, '..'));
  if (binding && !existsSync(binding)) {
    const fix = packagedResourcesDir()
      ? 'This installation is incomplete: reinstall Reverie.'
      : 'Run `npm run build:natives` (`npm start` does) to build it.';
    const message = `better-sqlite3 is not built for Electron ${process.versions.electron}: ${binding} is missing. ${fix}`;
    console.error(message);
    dialog.showErrorBox('Reverie cannot start', message);
    return false;
  }
  setSqliteBinding(binding);
  return true;
}

// One instance per user (app-guards.ts): a second start focuses this window and quits.
const primary = claimSingleInstance(app, () => mainWindow);

void app.whenReady().then(() => {
  if (!primary) return;
  if (!useElectronSqlite()) {
    app.exit(1);
    return;
  }
  const dataDir = resolveDataDir();
  const db = openStore(dataDir);
  const { model, modelsDir } = resolveEmbedConfig({ settings: loadSettings(dataDir), dataDir });
  // The API key: encrypted with the OS keychain through safeStorage, in the data folder; never in settings.json.
  // Without a keychain (Linux basic_text) only in memory for this session (key-store.ts desktopKeyStore).
  const keyStore = desktopKeyStore(safeStorage, dataDir);
  service = createApiHandlers({ db, dataDir, model, modelsDir, keyStore, onSettingsSaved: () => dreams?.reschedule() });
  registerApiIpc(ipcMain, service, trusted);
  // Dreams on the schedule in settings (default nightly) while the app is open.
  dreams = createDreamScheduler(db, { dataDir, model, modelsDir, onError: (err) => console.error(`dream schedule: ${err.message}`) });

  // The page carries the CSP in a <meta>; responses that pass through here get it as a header too.
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  // Every permission request and check is denied, but the clipboard write of "Copy" from the app's own page (app-guards.ts).
  installPermissionHandlers(session.defaultSession, trusted);
  createWindow();
});

// Nothing navigates away from the app or opens windows; https links open in the user's browser.
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', (event) => {
  if (!service) return;
  const closing = service;
  const dreaming = dreams;
  service = null;
  dreams = null;
  event.preventDefault();
  void (dreaming?.stop() ?? Promise.resolve()).finally(() => closing.close().finally(() => app.quit()));
});
