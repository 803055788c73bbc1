import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptedKeyStore, KEY_FILE } from '../../electron/engine/api/key-store.js';
import { STORE_FILE } from '../../electron/engine/config/paths.js';
import { saveSettings, SETTINGS_FILE } from '../../electron/engine/config/settings.js';
import { HnswIndex } from '../../electron/engine/index/hnsw-index.js';
import { openStore } from '../../electron/engine/store/db.js';
import { tempDir } from '../helpers/fixtures.js';

/*
 * The data folder is private to the user: folders 0700, files 0600, under the usual umask 022
 * (which would make them 0755 / 0644), and a folder an older version left readable is tightened
 * when the store opens. Modes are not permissions on Windows.
 */

const mode = (p: string) => statSync(p).mode & 0o777;

describe.skipIf(process.platform === 'win32')('the data folder is private', () => {
  const tmp = tempDir();
  let umask: number;
  beforeAll(() => {
    umask = process.umask(0o022);
  });
  afterAll(() => {
    process.umask(umask);
    tmp.cleanup();
  });

  it('a new store: the folder (and missing parents) 0700, the store, its WAL and shared memory 0600', () => {
    const dir = path.join(tmp.dir, 'fresh', 'Reverie');
    const db = openStore(dir);
    db.prepare("INSERT INTO watched_sources (path, added_at) VALUES ('/x', '2025-01-01')").run();
    const file = path.join(dir, STORE_FILE);
    expect(mode(dir).toString(8)).toBe('700');
    expect(mode(path.dirname(dir)).toString(8)).toBe('700');
    for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(mode(f).toString(8), f).toBe('600');
    db.close();
  });

  it('settings, the encrypted key and the index are written 0600 in 0700 folders', () => {
    const dir = path.join(tmp.dir, 'written');
    saveSettings(dir, { minSessions: 4 });
    expect(mode(dir).toString(8)).toBe('700');
    expect(mode(path.join(dir, SETTINGS_FILE)).toString(8)).toBe('600');

    const fake = { isEncryptionAvailable: () => true, encryptString: (s: string) => Buffer.from(`enc:${s}`), decryptString: (b: Buffer) => b.toString().slice(4) };
    encryptedKeyStore(fake, dir).set('sk-ant-test');
    expect(mode(path.join(dir, KEY_FILE)).toString(8)).toBe('600');

    const index = HnswIndex.open(dir, 'some/model', 4);
    index.add(1, [1, 0, 0, 0]);
    index.save();
    const indexDir = path.join(dir, 'index');
    expect(mode(indexDir).toString(8)).toBe('700');
    const files = readdirSync(indexDir);
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const f of files) expect(mode(path.join(indexDir, f)).toString(8), f).toBe('600');
  });

  it('an older data folder left readable to others is tightened when the store opens', () => {
    const dir = path.join(tmp.dir, 'old');
    mkdirSync(path.join(dir, 'index'), { recursive: true });
    mkdirSync(path.join(dir, 'sample-data'));
    const file = path.join(dir, STORE_FILE);
    // What an older Reverie left: a WAL store whose -wal and -shm are still there (the connection is kept open).
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    old.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
    writeFileSync(path.join(dir, SETTINGS_FILE), '{}');
    writeFileSync(path.join(dir, KEY_FILE), 'x');
    writeFileSync(path.join(dir, 'index', 'm.hnsw'), 'x');
    const everything = [dir, path.join(dir, 'index'), path.join(dir, 'sample-data'), file, `${file}-wal`, `${file}-shm`,
      path.join(dir, SETTINGS_FILE), path.join(dir, KEY_FILE), path.join(dir, 'index', 'm.hnsw')];
    for (const p of everything) chmodSync(p, statSync(p).isDirectory() ? 0o755 : 0o644);

    const db = openStore(dir);
    for (const p of everything) expect(mode(p).toString(8), p).toBe(statSync(p).isDirectory() ? '700' : '600');
    db.close();
    old.close();
  });
});
