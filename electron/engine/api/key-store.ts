import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensurePrivateDir, makePrivate, PRIVATE_FILE_MODE } from '../config/private-files.js';

/*
 * Where the Anthropic API key lives. Never in settings.json, never in a log, never in an API
 * result (the API only says whether a key is set and where):
 *   - browser mode: in the memory of the server process for this run (`memoryKeyStore`);
 *   - desktop: encrypted with Electron safeStorage (the OS keychain / DPAPI / libsecret) into
 *     one file in the data folder, decrypted on start (`encryptedKeyStore`); on Linux without a
 *     keyring, where safeStorage falls back to a fixed password, in memory for the session only
 *     (`desktopKeyStore`). This module takes the safeStorage object as a parameter so the engine
 *     never imports Electron.
 */

export interface KeyStore {
  get(): string | null;
  set(key: string | null): void;
  /**
   * 'memory': browser mode, this server process; 'encrypted': the desktop's OS keychain;
   * 'session': the desktop found no keychain to protect it (see desktopKeyStore), so memory only.
   */
  readonly storage: 'memory' | 'encrypted' | 'session';
  /** Why the key is not kept across restarts, in words for the person (storage 'session'). */
  readonly note?: string;
}

export function memoryKeyStore(initial: string | null = null): KeyStore {
  let key = initial || null;
  return {
    storage: 'memory',
    get: () => key,
    set: (next) => {
      key = next || null;
    },
  };
}

/** The part of Electron's safeStorage this needs. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: the password store behind it ('basic_text', 'gnome_libsecret', 'kwallet5', ...). */
  getSelectedStorageBackend?(): string;
}

export const KEY_FILE = 'anthropic-key.bin';

/**
 * The key encrypted with safeStorage in `<dataDir>/anthropic-key.bin`. Refuses to store when
 * encryption is unavailable (rather than fall back to plain text); a file that no longer
 * decrypts (another user or machine) reads as no key.
 */
export function encryptedKeyStore(safeStorage: SafeStorageLike, dataDir: string): KeyStore {
  const file = path.join(dataDir, KEY_FILE);
  let key: string | null = null;
  if (existsSync(file)) {
    try {
      key = safeStorage.decryptString(readFileSync(file)) || null;
    } catch {
      key = null;
    }
  }
  return {
    storage: 'encrypted',
    get: () => key,
    set: (next) => {
      if (!next) {
        rmSync(file, { force: true });
        key = null;
        return;
      }
      if (!safeStorage.isEncryptionAvailable()) {
        throw new Error('this system offers no encrypted storage for the API key, so it was not saved: unlock the system keychain (or log in again), then set the key again');
      }
      ensurePrivateDir(dataDir);
      writeFileSync(`${file}.tmp`, safeStorage.encryptString(next), { mode: PRIVATE_FILE_MODE });
      makePrivate(`${file}.tmp`);
      renameSync(`${file}.tmp`, file);
      key = next;
    },
  };
}

/**
 * Linux backends that protect nothing: with 'basic_text' (no Secret Service or KWallet found, or
 * --password-store=basic) Chromium encrypts with a password hard-coded in its source, so the file
 * would be readable by anything that can read the data folder. 'unknown' means it could not tell.
 */
export const UNPROTECTED_BACKENDS: readonly string[] = ['basic_text', 'unknown'];

/** Words for the Settings screen when the key is kept for this session only. */
export const SESSION_ONLY_NOTE: Record<'unprotected' | 'unavailable', string> = {
  unprotected:
    'No system keyring (GNOME Keyring / Secret Service or KWallet) was found, so the key could only be saved with a fixed, publicly known password. It is kept in memory for this session only: set it again after restarting Reverie, or start a keyring.',
  unavailable:
    'This system offers no encrypted storage for the key, so it is kept in memory for this session only: set it again after restarting Reverie.',
};

/** A decrypted key that is plausibly the one written (a wrong key's decryption could also pass the padding check). */
const plausibleKey = (s: string) => /^[\x21-\x7e]{8,500}$/.test(s);

/**
 * The desktop's key store: encrypted on disk (encryptedKeyStore) when safeStorage has a real
 * keychain behind it; otherwise in memory for this session only, with a note saying so. In the
 * latter case a key file an earlier version wrote under the same unprotected backend (it decrypts
 * now, so it was only obfuscated) is taken into memory for this session and removed from disk; a
 * file that does not decrypt (written with a keychain that is missing right now) is left alone.
 */
export function desktopKeyStore(safeStorage: SafeStorageLike, dataDir: string, platform: string = process.platform): KeyStore {
  const backend = platform === 'linux' ? safeStorage.getSelectedStorageBackend?.() : undefined;
  const unprotected = backend !== undefined && UNPROTECTED_BACKENDS.includes(backend);
  if (!unprotected && safeStorage.isEncryptionAvailable()) return encryptedKeyStore(safeStorage, dataDir);

  const file = path.join(dataDir, KEY_FILE);
  let initial: string | null = null;
  if (existsSync(file)) {
    try {
      const key = safeStorage.decryptString(readFileSync(file));
      if (plausibleKey(key)) {
        initial = key;
        rmSync(file, { force: true });
      }
    } catch {
      // Not readable without the keychain it was written with: keep it for a session that has one.
    }
  }
  const memory = memoryKeyStore(initial);
  return {
    storage: 'session',
    note: SESSION_ONLY_NOTE[unprotected ? 'unprotected' : 'unavailable'],
    get: memory.get,
    set: (next) => {
      if (!next) rmSync(file, { force: true });
      memory.set(next);
    },
  };
}
