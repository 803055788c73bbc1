import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { ParsedSession } from '../../shared/types.js';
import { migrate, openStore, schemaVersion } from '../../electron/engine/store/db.js';
import { MIGRATIONS } from '../../electron/engine/store/migrations.js';
import { SessionWriter } from '../../electron/engine/store/session-writer.js';
import { getSession, listSessions } from '../../electron/engine/store/sessions.js';
import { deriveTitle, titleFromRequest } from '../../electron/engine/store/titles.js';

/* Session titles derived from the first request, and full-text search: a snippet per session, tool traffic indexed. */

function chat(id: string, texts: string[], extra: Partial<ParsedSession> = {}): ParsedSession {
  return {
    format: 'aider',
    externalId: id,
    messages: texts.map((text, i) => ({ role: i % 2 ? 'assistant' : 'user', text })),
    ...extra,
  };
}

/** FTS5's own check of the index against its content (the view over messages and tool rows). */
function indexIntact(db: Database.Database): void {
  db.prepare("INSERT INTO messages_fts(messages_fts, rank) VALUES ('integrity-check', 1)").run();
}

describe('titles', () => {
  it('takes the first request, collapsed and cut at a word', () => {
    expect(titleFromRequest('  Fix the   flaky\n\nlogin test  ')).toBe('Fix the flaky login test');
    expect(titleFromRequest('```\n\n```')).toBeNull();
    expect(titleFromRequest('# Add dark mode\nto the settings screen')).toBe('Add dark mode to the settings screen');
    const long = titleFromRequest('Please refactor the payment module so that every provider goes through one interface and retries are handled in one place');
    expect(long!.length).toBeLessThanOrEqual(80);
    expect(long!.endsWith('…')).toBe(true);
    expect(long).toMatch(/^Please refactor the payment module .* \S+…$/);
    expect(
      deriveTitle([
        { role: 'system', text: 'You are a helpful assistant' },
        { role: 'user', text: '   ' },
        { role: 'user', text: 'sub-agent words', sidechain: true },
        { role: 'user', text: 'Rename the config loader' },
      ]),
    ).toBe('Rename the config loader');
  });

  it('gives title-less sessions a title at import, keeps real ones, and stays idempotent', () => {
    const db = openStore(':memory:');
    const w = new SessionWriter(db);
    const a = w.write(chat('a', ['Make the build reproducible', 'Sure.']), null);
    const b = w.write(chat('b', ['hello', 'hi'], { title: 'My own title' }), null);
    expect(getSession(db, a.sessionId)!.title).toBe('Make the build reproducible');
    expect(getSession(db, b.sessionId)!.title).toBe('My own title');
    expect(w.write(chat('a', ['Make the build reproducible', 'Sure.']), null).action).toBe('skipped');
    expect(listSessions(db).map((s) => s.title).sort()).toEqual(['Make the build reproducible', 'My own title']);
  });

  it('gives sessions stored before titles were derived one, by the migration', () => {
    const db = new Database(':memory:');
    // A store at schema 7 (before this change), with one untitled and one titled session.
    for (let v = 0; v < 7; v++) db.exec(MIGRATIONS[v]);
    db.pragma('user_version = 7');
    db.exec(`INSERT INTO sessions (id, format, external_id, title, message_count, content_hash, imported_at, updated_at)
             VALUES (1, 'sharegpt', 'x', NULL, 2, 'h1', '', ''), (2, 'claude-ai', 'y', 'Kept', 1, 'h2', '', '')`);
    db.exec(`INSERT INTO messages (id, session_id, seq, role, text) VALUES
             (1, 1, 0, 'user', '  How do I  parse dates in Go?  '), (2, 1, 1, 'assistant', 'Use time.Parse'), (3, 2, 0, 'user', 'x')`);
    db.exec(`INSERT INTO tool_results (message_id, seq, output) VALUES (2, 0, 'panic: zanzibar overflow')`);
    db.exec("INSERT INTO messages_fts(messages_fts) VALUES ('rebuild')");
    migrate(db);
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    expect(db.prepare('SELECT title FROM sessions ORDER BY id').pluck().all()).toEqual(['How do I parse dates in Go?', 'Kept']);
    // The migration indexed the tool output already stored.
    expect(listSessions(db, { search: 'zanzibar' }).map((s) => s.id)).toEqual([1]);
    indexIntact(db);
  });
});

describe('search', () => {
  it('shows each session its own snippet, and the message it comes from', () => {
    const db = openStore(':memory:');
    const w = new SessionWriter(db);
    w.write(chat('a', ['alpha deploy failed on staging', 'ok']), null);
    w.write(chat('b', ['zeta: then the deploy worked fine', 'ok']), null);
    w.write(chat('c', ['nothing here', 'deploy deploy deploy']), null);
    const hits = listSessions(db, { search: 'deploy' });
    expect(hits).toHaveLength(3);
    const byId = Object.fromEntries(hits.map((h) => [h.externalId, h.snippet]));
    expect(byId).toEqual({ a: 'alpha [deploy] failed on staging', b: 'zeta: then the [deploy] worked fine', c: '[deploy] [deploy] [deploy]' });
    for (const h of hits) {
      const message = getSession(db, h.id)!.messages.find((m) => m.id === h.hitMessageId);
      expect(message?.text).toContain('deploy');
    }
    expect(listSessions(db, { search: 'deploy', mark: ['<<', '>>'] })[0].snippet).toContain('<<deploy>>');
  });

  it('finds words that exist only in tool calls and tool outputs', () => {
    const db = openStore(':memory:');
    const w = new SessionWriter(db);
    w.write(
      {
        format: 'claude-code',
        externalId: 't',
        messages: [
          { role: 'user', text: 'run the tests' },
          { role: 'assistant', text: 'Running them.', toolCalls: [{ name: 'Bash', input: '{"command":"pytest --quixotic-flag"}', callId: 'c1' }] },
          { role: 'tool', text: '', toolResults: [{ callId: 'c1', output: 'ERROR: xylophone fixture missing', isError: true }] },
        ],
      },
      null,
    );
    w.write(chat('other', ['unrelated', 'words']), null);
    const out = listSessions(db, { search: 'xylophone' });
    expect(out.map((s) => s.externalId)).toEqual(['t']);
    expect(out[0].snippet).toContain('[xylophone]');
    expect(getSession(db, out[0].id)!.messages.find((m) => m.id === out[0].hitMessageId)!.toolResults[0].output).toContain('xylophone');
    expect(listSessions(db, { search: 'quixotic' }).map((s) => s.externalId)).toEqual(['t']);
    indexIntact(db);
  });

  it('keeps the index exact when a session grows and when sessions are deleted', () => {
    const db = openStore(':memory:');
    const w = new SessionWriter(db);
    const first: ParsedSession = {
      format: 'claude-code',
      externalId: 'g',
      messages: [
        { role: 'user', text: 'start' },
        { role: 'assistant', text: '', toolCalls: [{ name: 'Bash', input: 'ls', callId: 'c' }] },
        { role: 'tool', text: '', toolResults: [{ callId: 'c', output: 'marmalade.txt', isError: false }] },
      ],
    };
    const { sessionId } = w.write(first, null);
    w.write({ ...first, messages: [...first.messages, { role: 'user', text: 'and more' }] }, null);
    indexIntact(db);
    expect(listSessions(db, { search: 'marmalade' })).toHaveLength(1);
    db.prepare('DELETE FROM sessions WHERE id = ?').run(sessionId);
    indexIntact(db);
    expect(listSessions(db, { search: 'marmalade' })).toHaveLength(0);
  });
});
