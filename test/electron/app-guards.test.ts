import { describe, expect, it } from 'vitest';
import { claimSingleInstance, installPermissionHandlers, type AppLike, type SessionLike, type WindowLike } from '../../electron/app-guards.js';

const APP = 'file:///opt/Reverie/resources/app.asar/dist/renderer/index.html';
const trusted = (url: string) => url === APP;

/** Stands in for Electron's Session: keeps the handlers so the test can ask them as Chromium would. */
function fakeSession() {
  const s: SessionLike & { request?: Parameters<SessionLike['setPermissionRequestHandler']>[0]; check?: Parameters<SessionLike['setPermissionCheckHandler']>[0] } = {
    setPermissionRequestHandler: (h) => void (s.request = h),
    setPermissionCheckHandler: (h) => void (s.check = h),
  };
  return s;
}

const request = (s: ReturnType<typeof fakeSession>, permission: string, url?: string) => {
  let granted: boolean | undefined;
  s.request!({}, permission, (g) => (granted = g), { requestingUrl: url });
  return granted;
};

describe('permission handlers', () => {
  it('deny every permission, asked or checked, but the clipboard write of the app’s own page', () => {
    const s = fakeSession();
    installPermissionHandlers(s, trusted);
    expect(s.request).toBeDefined();
    expect(s.check).toBeDefined();
    const others = ['media', 'geolocation', 'notifications', 'midiSysex', 'hid', 'serial', 'usb', 'clipboard-read', 'openExternal', 'fullscreen', 'pointerLock', 'storage-access', 'unknown'];
    for (const p of others) {
      expect(request(s, p, APP), p).toBe(false);
      expect(s.check!({}, p, 'file:///', { requestingUrl: APP }), p).toBe(false);
    }
    expect(request(s, 'clipboard-sanitized-write', APP)).toBe(true);
    expect(s.check!({}, 'clipboard-sanitized-write', 'file:///', { requestingUrl: APP })).toBe(true);
    // Any other page (one navigated to, an iframe), or none named: denied, the clipboard too.
    for (const url of ['https://evil.example/', 'file:///tmp/other.html', undefined]) {
      expect(request(s, 'clipboard-sanitized-write', url)).toBe(false);
      expect(s.check!({}, 'clipboard-sanitized-write', 'file:///', { requestingUrl: url })).toBe(false);
    }
  });
});

class FakeApp implements AppLike {
  listeners: (() => void)[] = [];
  quits = 0;
  constructor(private locked: boolean) {}
  requestSingleInstanceLock() {
    return this.locked;
  }
  on(_event: 'second-instance', listener: () => void) {
    this.listeners.push(listener);
  }
  quit() {
    this.quits++;
  }
}

function fakeWindow(minimized: boolean): WindowLike & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    isDestroyed: () => false,
    isMinimized: () => minimized,
    restore: () => void calls.push('restore'),
    show: () => void calls.push('show'),
    focus: () => void calls.push('focus'),
  };
}

describe('single instance', () => {
  it('a second start quits at once and never starts the app', () => {
    const app = new FakeApp(false);
    expect(claimSingleInstance(app, () => null)).toBe(false);
    expect(app.quits).toBe(1);
    expect(app.listeners).toHaveLength(0);
  });

  it('the first instance brings its window back (restored when minimised) when another start is attempted', () => {
    const app = new FakeApp(true);
    let win: ReturnType<typeof fakeWindow> | null = null;
    expect(claimSingleInstance(app, () => win)).toBe(true);
    expect(app.quits).toBe(0);
    expect(app.listeners).toHaveLength(1);
    app.listeners[0](); // no window yet: nothing to do, no error
    win = fakeWindow(true);
    app.listeners[0]();
    expect(win.calls).toEqual(['restore', 'show', 'focus']);
    win = fakeWindow(false);
    app.listeners[0]();
    expect(win.calls).toEqual(['show', 'focus']);
  });
});
