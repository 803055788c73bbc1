// Guards of the desktop shell that electron/main.ts installs: the permission handlers of the
// session and the single-instance lock. Kept free of Electron imports (the session and app are
// passed in), like ipc.ts, so tests check them on fakes without a window.

/**
 * The one permission the app's page uses: writing the clipboard (Lessons: "Copy", "Copy all",
 * through navigator.clipboard.writeText, which Chromium asks for as 'clipboard-sanitized-write').
 * Everything else (camera, microphone, geolocation, notifications, MIDI, HID, serial, USB,
 * reading the clipboard, opening external protocols, ...) is denied, to every page.
 */
export const ALLOWED_PERMISSIONS: readonly string[] = ['clipboard-sanitized-write'];

/** The part of Electron's Session the permission handlers need. */
export interface SessionLike {
  setPermissionRequestHandler(
    handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl?: string }) => void,
  ): void;
  setPermissionCheckHandler(
    handler: (webContents: unknown, permission: string, requestingOrigin: string, details: { requestingUrl?: string }) => boolean,
  ): void;
}

/** Whether `permission`, asked by the page at `url`, is granted: only ALLOWED_PERMISSIONS, only to the app's own page. */
export function permissionGranted(permission: string, url: string | undefined, trusted: (url: string) => boolean): boolean {
  return ALLOWED_PERMISSIONS.includes(permission) && url !== undefined && trusted(url);
}

/**
 * Answers both kinds of permission question Chromium asks: requests (a prompt the page
 * triggers) and checks (navigator.permissions.query, and features that ask silently first).
 * Without a check handler Electron answers checks with "granted".
 */
export function installPermissionHandlers(session: SessionLike, trusted: (url: string) => boolean): void {
  session.setPermissionRequestHandler((_wc, permission, callback, details) => callback(permissionGranted(permission, details?.requestingUrl, trusted)));
  session.setPermissionCheckHandler((_wc, permission, _origin, details) => permissionGranted(permission, details?.requestingUrl, trusted));
}

/** The part of Electron's BrowserWindow the second-instance handler needs. */
export interface WindowLike {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
}

/** The part of Electron's app the single-instance lock needs. */
export interface AppLike {
  requestSingleInstanceLock(): boolean;
  on(event: 'second-instance', listener: () => void): unknown;
  quit(): void;
}

/**
 * One Reverie per user: two would open the same store and both dream on schedule. Returns false,
 * after asking this process to quit, when another instance holds the lock; otherwise true, and a
 * later start brings the existing window back to the front instead of opening a second app.
 */
export function claimSingleInstance(app: AppLike, currentWindow: () => WindowLike | null): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => {
    const win = currentWindow();
    if (!win || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  });
  return true;
}
