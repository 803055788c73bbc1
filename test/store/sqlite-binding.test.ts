import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openStore, schemaVersion, setSqliteBinding } from '../../electron/engine/store/db.js';
import { tempDir } from '../helpers/fixtures.js';
import { REPO_DIR } from '../helpers/samples.js';

/*
 * The store loads better-sqlite3's addon from the file the Electron main process configures
 * (setSqliteBinding), not from node_modules. Here with plain Node, so the loadable file is
 * node_modules' own build reached by its path; test/build/electron-natives.test.ts loads a
 * separately compiled one.
 */

const nodeModulesAddon = path.join(path.dirname(createRequire(path.join(REPO_DIR, 'package.json')).resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');

describe('the configured better-sqlite3 binding', () => {
  const { dir, cleanup } = tempDir('reverie-binding-');
  afterEach(() => setSqliteBinding(undefined));
  afterAll(cleanup);

  it('is what openStore loads: a missing file fails naming it, before any store is created', () => {
    const missing = path.join(dir, 'natives', 'electron-0.0.0-linux-x64', 'better_sqlite3.node');
    setSqliteBinding(missing);
    expect(() => openStore(':memory:')).toThrow(`better-sqlite3's native addon ${missing} does not exist`);
    expect(() => openStore(path.join(dir, 'data'))).toThrow(missing);
  });

  it('names the file when it is not a loadable addon (as one built for another runtime is not)', () => {
    const garbage = path.join(dir, 'better_sqlite3.node');
    writeFileSync(garbage, 'not a shared library');
    setSqliteBinding(garbage);
    expect(() => openStore(':memory:')).toThrow(new RegExp(`^cannot load better-sqlite3's native addon ${garbage.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
  });

  it('opens and migrates a store through a working addon given by path, and unset goes back to node_modules', () => {
    setSqliteBinding(nodeModulesAddon);
    const db = openStore(path.join(dir, 'data'));
    expect(schemaVersion(db)).toBeGreaterThan(0);
    db.close();
    setSqliteBinding(undefined);
    const mem = openStore(':memory:');
    expect(mem.prepare('select 1 as one').get()).toEqual({ one: 1 });
    mem.close();
  });
});
