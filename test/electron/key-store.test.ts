import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { desktopKeyStore, encryptedKeyStore, KEY_FILE, memoryKeyStore, type SafeStorageLike } from '../../electron/engine/api/key-store.js';
import { createApiHandlers, typedCall } from '../../electron/engine/api/handlers.js';
import { openStore } from '../../electron/engine/store/db.js';
import { tempDir } from '../helpers/fixtures.js';

/** Stands in for Electron's safeStorage: a reversible transform the test can see through, and a switch for availability. */
function fakeSafeStorage(available = true, backend?: string): SafeStorageLike & { calls: number } {
  const fake = {
    calls: 0,
    ...(backend && { getSelectedStorageBackend: () => backend }),
    isEncryptionAvailable: () => available,
    encryptString(plain: string) {
      fake.calls++;
      return Buffer.from(`enc:${Buffer.from(plain).toString('base64')}`.split('').reverse().join(''));
    },
    decryptString(data: Buffer) {
      const text = data.toString().split('').reverse().join('');
      if (!text.startsWith('enc:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(text.slice(4), 'base64').toString();
    },
  };
  return fake;
}

const KEY = 'sk-ant-api03-abcdefghijklmnop';

describe('encryptedKeyStore', () => {
  it('stores the key only encrypted, and a new store (next start) decrypts it', () => {
    const data = tempDir();
    try {
      const safe = fakeSafeStorage();
      const store = encryptedKeyStore(safe, data.dir);
      expect(store.get()).toBeNull();
      store.set(KEY);
      expect(store.get()).toBe(KEY);
      expect(safe.calls).toBe(1);
      const file = path.join(data.dir, KEY_FILE);
      expect(readFileSync(file).toString()).not.toContain(KEY);
      expect(encryptedKeyStore(safe, data.dir).get()).toBe(KEY);
      store.set(null);
      expect(existsSync(file)).toBe(false);
      expect(encryptedKeyStore(safe, data.dir).get()).toBeNull();
    } finally {
      data.cleanup();
    }
  });

  it('refuses to store without encryption rather than fall back to plain text', () => {
    const data = tempDir();
    try {
      const store = encryptedKeyStore(fakeSafeStorage(false), data.dir);
      expect(() => store.set(KEY)).toThrow(/no encrypted storage/);
      expect(store.get()).toBeNull();
      expect(existsSync(path.join(data.dir, KEY_FILE))).toBe(false);
    } finally {
      data.cleanup();
    }
  });

  it('reads a file that no longer decrypts (another user or machine) as no key', () => {
    const data = tempDir();
    try {
      encryptedKeyStore(fakeSafeStorage(), data.dir).set(KEY);
      const other: SafeStorageLike = { ...fakeSafeStorage(), decryptString: () => { throw new Error('cannot decrypt'); } };
      expect(encryptedKeyStore(other, data.dir).get()).toBeNull();
    } finally {
      data.cleanup();
    }
  });
});

describe('memoryKeyStore', () => {
  it('holds the key in memory only; an empty key means none', () => {
    const store = memoryKeyStore('');
    expect(store.get()).toBeNull();
    store.set(KEY);
    expect(store.get()).toBe(KEY);
    expect(store.storage).toBe('memory');
  });
});

describe('desktopKeyStore', () => {
  it('with a keyring (gnome_libsecret, or macOS / Windows): encrypted on disk across restarts', () => {
    const data = tempDir();
    try {
      const store = desktopKeyStore(fakeSafeStorage(true, 'gnome_libsecret'), data.dir, 'linux');
      expect(store.storage).toBe('encrypted');
      store.set(KEY);
      expect(desktopKeyStore(fakeSafeStorage(true, 'gnome_libsecret'), data.dir, 'linux').get()).toBe(KEY);
      // Elsewhere the backend is not asked (the method is Linux-only).
      const mac = { ...fakeSafeStorage(true), getSelectedStorageBackend: () => { throw new Error('linux only'); } };
      expect(desktopKeyStore(mac, data.dir, 'darwin').get()).toBe(KEY);
    } finally {
      data.cleanup();
    }
  });

  it('on Linux with basic_text (a fixed password): the key lives in memory for the session only, and says so', () => {
    const data = tempDir();
    try {
      const safe = fakeSafeStorage(true, 'basic_text');
      const store = desktopKeyStore(safe, data.dir, 'linux');
      expect(store.storage).toBe('session');
      expect(store.note).toMatch(/keyring/);
      store.set(KEY);
      expect(store.get()).toBe(KEY);
      expect(safe.calls).toBe(0);
      expect(existsSync(path.join(data.dir, KEY_FILE))).toBe(false);
      // Next start: gone.
      expect(desktopKeyStore(safe, data.dir, 'linux').get()).toBeNull();
    } finally {
      data.cleanup();
    }
  });

  it('takes a key an older version saved under basic_text into the session and removes the file; leaves one it cannot read', () => {
    const data = tempDir();
    try {
      const file = path.join(data.dir, KEY_FILE);
      encryptedKeyStore(fakeSafeStorage(), data.dir).set(KEY);
      const store = desktopKeyStore(fakeSafeStorage(true, 'basic_text'), data.dir, 'linux');
      expect(store.get()).toBe(KEY);
      expect(existsSync(file)).toBe(false);

      // Written with a keyring that is missing in this session: not decryptable now, so kept for later.
      encryptedKeyStore(fakeSafeStorage(), data.dir).set(KEY);
      const noKeyring: SafeStorageLike = { ...fakeSafeStorage(true, 'basic_text'), decryptString: () => { throw new Error('cannot decrypt'); } };
      const later = desktopKeyStore(noKeyring, data.dir, 'linux');
      expect(later.get()).toBeNull();
      expect(existsSync(file)).toBe(true);
      // Removing the key (the person asked) removes the file too.
      later.set(null);
      expect(existsSync(file)).toBe(false);
    } finally {
      data.cleanup();
    }
  });

  it('without encryption at all: memory for the session instead of refusing', () => {
    const data = tempDir();
    try {
      const store = desktopKeyStore(fakeSafeStorage(false), data.dir, 'win32');
      expect(store.storage).toBe('session');
      store.set(KEY);
      expect(store.get()).toBe(KEY);
      expect(existsSync(path.join(data.dir, KEY_FILE))).toBe(false);
    } finally {
      data.cleanup();
    }
  });

  it('the API status carries it: storage "session" and the note, never the key', async () => {
    const data = tempDir();
    const db = openStore(':memory:');
    const api = createApiHandlers({ db, dataDir: data.dir, model: 'm', modelsDir: data.dir, keyStore: desktopKeyStore(fakeSafeStorage(true, 'basic_text'), data.dir, 'linux') });
    try {
      const status = await typedCall(api, 'setApiKey', { key: KEY });
      expect(status).toMatchObject({ hasKey: true, storage: 'session', note: expect.stringMatching(/memory for this session only/) });
      expect(JSON.stringify(await typedCall(api, 'apiKeyStatus', {}))).not.toContain(KEY);
    } finally {
      await api.close();
      db.close();
      data.cleanup();
    }
  });
});
