import { describe, expect, it } from 'vitest';
import type { ParsedSession } from '../../shared/types.js';
import { MIGRATIONS } from '../../electron/engine/store/migrations.js';
import { openStore, schemaVersion } from '../../electron/engine/store/db.js';
import { SessionWriter, contentHash } from '../../electron/engine/store/session-writer.js';
import { ftsQuery, getSession, listSessions } from '../../electron/engine/store/sessions.js';
import { tempDir } from '../helpers/fixtures.js';

function session(id: string | undefined, texts: string[], extra: Partial<ParsedSession> = {}): ParsedSession {
  return {
    format: 'claude-code',
    externalId: id,
    messages: texts.map((text, i) => ({ role: i % 2 ? 'assistant' : 'user', text, timestamp: `2026-01-0${(i % 9) + 1}T00:00:00Z` })),
    ...extra,
  };
}

describe('store', () => {
  it('migrates a new store to the latest schema with WAL and foreign keys', () => {
    const { dir, cleanup } = tempDir();
    try {
      const db = openStore(dir);
      expect(schemaVersion(db)).toBe(MIGRATIONS.length);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      db.close();
      // Reopening runs no migration twice.
      const again = openStore(dir);
      expect(schemaVersion(again)).toBe(MIGRATIONS.length);
      again.close();
    } finally {
      cleanup();
    }
  });

  it('refuses a store written by a newer version instead of damaging it', () => {
    const { dir, cleanup } = tempDir();
    try {
      const db = openStore(dir);
      db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
      db.close();
      expect(() => openStore(dir)).toThrow(/newer Reverie/);
    } finally {
      cleanup();
    }
  });

  it('adds, skips the same content, updates a session that grew, and ignores an older copy', () => {
    const db = openStore(':memory:');
    const w = new SessionWriter(db);
    const first = w.write(session('s1', ['hello', 'hi there']), null);
    expect(first.action).toBe('added');
    expect(w.write(session('s1', ['hello', 'hi there']), null).action).toBe('skipped');
    const grown = w.write(session('s1', ['hello', 'hi there', 'one more thing', 'sure']), null);
    expect(grown).toMatchObject({ action: 'updated', messages: 2 });
    expect(grown.sessionId).toBe(first.sessionId);
    expect(w.write(session('s1', ['hello', 'hi there']), null)).toMatchObject({ action: 'skipped', reason: 'older' });
    const stored = getSession(db, first.sessionId)!;
    expect(stored.messages.map((m) => m.text)).toEqual(['hello', 'hi there', 'one more thing', 'sure']);
    expect(db.prepare('SELECT count(*) AS n FROM messages').get()).toEqual({ n: 4 });
  });

  it('deduplicates id-less sessions by content', () => {
    const db = openStore(':memory:');
    const w = new SessionWriter(db);
    expect(w.write(session(undefined, ['same words', 'same reply']), null).action).toBe('added');
    expect(w.write(session(undefined, ['same words', 'same reply']), null).action).toBe('skipped');
    expect(w.write(session(undefined, ['other words', 'same reply']), null).action).toBe('added');
    expect(contentHash(session(undefined, ['a', 'b']))).not.toBe(contentHash(session(undefined, ['a', 'c'])));
  });

  it('stores tool calls and results and reads them back with the message', () => {
    const db = openStore(':memory:');
    const w = new SessionWriter(db);
    const { sessionId } = w.write(
      {
        format: 'codex',
        externalId: 'x',
        messages: [
          { role: 'assistant', text: '', toolCalls: [{ callId: 'c1', name: 'shell', input: '{"cmd":"ls"}' }] },
          { role: 'tool', text: '', toolResults: [{ callId: 'c1', output: 'No such file', isError: true }] },
        ],
      },
      null,
    );
    const s = getSession(db, sessionId)!;
    expect(s.messages[0].toolCalls).toEqual([{ callId: 'c1', name: 'shell', input: '{"cmd":"ls"}' }]);
    expect(s.messages[1].toolResults).toEqual([{ callId: 'c1', name: undefined, output: 'No such file', isError: true }]);
  });

  it('finds sessions by full-text search, with a snippet, and survives odd queries', () => {
    const db = openStore(':memory:');
    const w = new SessionWriter(db);
    w.write(session('a', ['Please use pnpm, not npm', 'ok']), null);
    w.write(session('b', ['Fix the login test', 'done']), null);
    const hits = listSessions(db, { search: 'pnpm' });
    expect(hits.map((h) => h.externalId)).toEqual(['a']);
    expect(hits[0].snippet).toContain('[pnpm]');
    expect(listSessions(db, { search: 'login TEST' }).map((h) => h.externalId)).toEqual(['b']);
    expect(listSessions(db, { search: '"AND ( NEAR' })).toEqual([]);
    expect(ftsQuery('use "pnpm" -x')).toBe('"use" "pnpm" "x"');
    // Search follows updates: the replaced text is no longer found.
    w.write(session('b', ['Fix the signup test', 'done', 'more', 'ok']), null);
    expect(listSessions(db, { search: 'login' })).toEqual([]);
    expect(listSessions(db, { search: 'signup' })).toHaveLength(1);
  });

  it('lists newest first with a limit', () => {
    const db = openStore(':memory:');
    const w = new SessionWriter(db);
    w.write(session('old', ['x'], { startedAt: '2025-01-01T00:00:00Z' }), null);
    w.write(session('new', ['y'], { startedAt: '2026-01-01T00:00:00Z' }), null);
    expect(listSessions(db).map((s) => s.externalId)).toEqual(['new', 'old']);
    expect(listSessions(db, { limit: 1 })).toHaveLength(1);
  });
});
