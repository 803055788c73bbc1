import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/*
 * The data folder holds everything Reverie read from the person's sessions (the store, its WAL,
 * the index of their moments, the outbox of what was sent, settings, the encrypted API key), so
 * it is private to the user: folders 0700, files 0600, whatever the umask. Folders and files
 * made by an older Reverie with the umask's 0755 / 0644 are tightened when the store opens. On
 * Windows, where modes are not permissions (the profile folder's ACL is), nothing is changed.
 */

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

const applies = (platform = process.platform) => platform !== 'win32';

function tighten(target: string, mode: number): void {
  let current: number;
  try {
    current = statSync(target).mode & 0o777;
  } catch {
    return; // gone (or never made): nothing to tighten
  }
  if (current === mode) return;
  try {
    chmodSync(target, mode);
  } catch (err) {
    // Not ours (a data folder another user made, say): nothing this process can change.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') throw err;
  }
}

/** Creates `dir` (and missing parents) as 0700, and tightens it to 0700 when it already exists. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (applies()) tighten(dir, PRIVATE_DIR_MODE);
}

/** Tightens an existing file to 0600 (no-op when it does not exist). */
export function makePrivate(file: string): void {
  if (applies()) tighten(file, PRIVATE_FILE_MODE);
}

/** Creates `file` empty as 0600 when it does not exist yet (so a library that then opens it keeps that mode). */
export function createPrivateFile(file: string): void {
  if (!existsSync(file)) closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  makePrivate(file);
}

/** SQLite's companions of a store file: the WAL, its shared-memory index, a rollback journal. */
export const storeCompanions = (file: string): string[] => ['-wal', '-shm', '-journal'].map((s) => `${file}${s}`);

/** What Reverie writes in the data folder beside the store (names relative to it). */
export const DATA_DIR_ENTRIES = {
  files: ['settings.json', 'anthropic-key.bin'],
  /** Folders whose own files are tightened too (the index: a few files per model). */
  dirs: ['index'],
  /** Folders tightened themselves only (the demo's generated logs: many files, unreachable inside a 0700 folder). */
  shallowDirs: ['sample-data'],
};

/** Every regular file directly inside `dir`, tightened to 0600. */
function tightenFilesIn(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isFile()) makePrivate(path.join(dir, entry.name));
}

/**
 * Makes the data folder private (0700) with the store (`storeFile` and its WAL, shared memory
 * and journal), and what DATA_DIR_ENTRIES names, 0600 / 0700: new ones and, for a data folder an
 * older Reverie made with the umask's modes, existing ones.
 */
export function tightenDataDir(dataDir: string, storeFile: string): void {
  ensurePrivateDir(dataDir);
  if (!applies()) return;
  for (const f of [storeFile, ...storeCompanions(storeFile), ...DATA_DIR_ENTRIES.files]) makePrivate(path.join(dataDir, f));
  for (const d of [...DATA_DIR_ENTRIES.dirs, ...DATA_DIR_ENTRIES.shallowDirs]) {
    const dir = path.join(dataDir, d);
    if (!existsSync(dir)) continue;
    ensurePrivateDir(dir);
    if (DATA_DIR_ENTRIES.dirs.includes(d)) tightenFilesIn(dir);
  }
}
