import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensurePrivateDir, makePrivate, PRIVATE_FILE_MODE } from '../config/private-files.js';

/*
 * Where the Anthropic API key lives. Never in settings.json, never in a log, never in an API
 * result (the API only says whether a key is set and where):
 *   - browser mode: in the memory of the server process for this run (`memoryKeyStore`);
 *   - desktop: encrypted with Electron safeStorage (the OS keychain / DPAPI / libsecret) into
 *     one file in the data folder, decrypted on start (`encryptedKeyStore`). This module takes
 *     the safeStorage object as a parameter so the engine never imports Electron.
 */

export interface KeyStore {
  get(): string | null;
  set(key: string | null): void;
  readonly storage: 'memory' | 'encrypted';
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
        throw new Error('this system offers no encrypted storage for the API key, so it was not saved; set ANTHROPIC_API_KEY before starting instead');
      }
      ensurePrivateDir(dataDir);
      writeFileSync(`${file}.tmp`, safeStorage.encryptString(next), { mode: PRIVATE_FILE_MODE });
      makePrivate(`${file}.tmp`);
      renameSync(`${file}.tmp`, file);
      key = next;
    },
  };
}
