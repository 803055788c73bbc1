import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Database from 'better-sqlite3';
import { STORE_FILE } from '../config/paths.js';
import { createPrivateFile, storeCompanions, makePrivate, tightenDataDir } from '../config/private-files.js';
import { MIGRATIONS } from './migrations.js';
import { titleFromRequest } from './titles.js';

export type Db = Database.Database;

/**
 * better-sqlite3's native addon to load instead of node_modules' own: a V8 addon only loads in
 * the runtime it was compiled for, and node_modules holds the plain-Node build. The Electron main
 * process sets its Electron build here before opening a store (config/paths.ts
 * electronSqliteBinding); the engine itself never knows which runtime it runs in.
 */
let binding: { file: string; loaded: boolean } | undefined;

/** The addon set with setSqliteBinding (undefined: node_modules' own), for other threads opening the same store. */
export function sqliteBinding(): string | undefined {
  return binding?.file;
}

/** Stores opened from now on load better-sqlite3's addon from `file`; undefined: node_modules' own. */
export function setSqliteBinding(file: string | undefined): void {
  binding = file ? { file: path.resolve(file), loaded: false } : undefined;
}

/**
 * The configured addon's path, for better-sqlite3's `nativeBinding` option. Loaded here first,
 * so that a missing file or one built for another runtime (NODE_MODULE_VERSION ...) fails with
 * the file named; better-sqlite3's own require() of the same path then gets Node's cached module.
 */
function nativeBinding(): string | undefined {
  if (!binding) return undefined;
  if (!binding.loaded) {
    if (!existsSync(binding.file)) throw new Error(`better-sqlite3's native addon ${binding.file} does not exist`);
    try {
      createRequire(import.meta.url)(binding.file);
    } catch (err) {
      throw new Error(`cannot load better-sqlite3's native addon ${binding.file}: ${(err as Error).message}`, { cause: err });
    }
    binding.loaded = true;
  }
  return binding.file;
}

/**
 * Opens (creating if needed) the store in `dataDir`, or an in-memory one for ':memory:'.
 * WAL keeps readers unblocked during an import and makes a crash mid-write harmless:
 * an uncommitted transaction simply never happened.
 */
export function openStore(dataDir: string): Db {
  let file = ':memory:';
  if (dataDir !== ':memory:') {
    // Private to the user (config/private-files.ts): the folder 0700, the store created 0600
    // before SQLite opens it (SQLite gives its -wal and -shm the store's mode), and whatever an
    // older version left readable to others tightened.
    tightenDataDir(dataDir, STORE_FILE);
    file = path.join(dataDir, STORE_FILE);
    createPrivateFile(file);
  }
  const db = new Database(file, { nativeBinding: nativeBinding() });
  db.pragma('journal_mode = WAL');
  if (file !== ':memory:') for (const f of storeCompanions(file)) makePrivate(f);
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function migrate(db: Db): void {
  // SQL functions the migrations use (defined per connection, so every connection has them).
  db.function('reverie_title', { deterministic: true }, (text: unknown) => titleFromRequest(typeof text === 'string' ? text : null));
  const current = schemaVersion(db);
  if (current > MIGRATIONS.length) {
    throw new Error(
      `the store was written by a newer Reverie (schema ${current}, this one knows ${MIGRATIONS.length}); update Reverie`,
    );
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}

/** How long a write on this connection waits for another connection's write lock before SQLITE_BUSY. */
export function setBusyTimeout(db: Db, ms: number): void {
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(ms))}`);
}
