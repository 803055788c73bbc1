import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encryptedKeyStore, KEY_FILE, memoryKeyStore, type SafeStorageLike } from '../../electron/engine/api/key-store.js';
import { tempDir } from '../helpers/fixtures.js';

/** Stands in for Electron's safeStorage: a reversible transform the test can see through, and a switch for availability. */
function fakeSafeStorage(available = true): SafeStorageLike & { calls: number } {
  const fake = {
    calls: 0,
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
