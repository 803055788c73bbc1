import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ParsedMessage, ParsedSession } from '../../shared/types.js';
import { countMoments, extractMoments, listMoments } from '../../electron/engine/moments/extract.js';
import { RULES_VERSION } from '../../electron/engine/moments/rules.js';
import { openStore, type Db } from '../../electron/engine/store/db.js';
import { SessionWriter } from '../../electron/engine/store/session-writer.js';

const base: ParsedMessage[] = [
  { role: 'user', text: 'Add a CSV export to the reports page', timestamp: '2026-01-01T09:00:00Z' },
  { role: 'assistant', text: 'Running the tests.', toolCalls: [{ name: 'Bash', input: '{"command":"npm test"}', callId: 't1' }] },
  { role: 'tool', text: '', toolResults: [{ callId: 't1', output: 'FAIL reports.test.ts\nAssertionError: expected 3 to be 4', isError: true }] },
  { role: 'assistant', text: 'Fixed the totals and added the export button.' },
];

function parsed(id: string, messages: ParsedMessage[]): ParsedSession {
  return { format: 'claude-code', externalId: id, messages };
}

function store(): { db: Db; writer: SessionWriter } {
  const db = openStore(':memory:');
  return { db, writer: new SessionWriter(db) };
}

const ids = (db: Db) => listMoments(db).map((m) => m.id);

describe('extractMoments', () => {
  it('scans every new session once, stores moments with their text hash and records the scan', () => {
    const { db, writer } = store();
    const a = writer.write(parsed('a', base), null).sessionId;
    writer.write(parsed('b', [{ role: 'user', text: 'Write a haiku about the sea' }]), null);

    const first = extractMoments(db);
    expect(first).toEqual({ scanned: 2, added: 3, removed: 0 });
    const moments = listMoments(db, { sessionId: a });
    expect(moments.map((m) => m.kind)).toEqual(['task', 'failure']);
    expect(moments[1].text).toBe('Bash: npm test → AssertionError: expected 3 to be 4 | FAIL reports.test.ts');
    const row = db.prepare('SELECT text, text_hash FROM moments WHERE id = ?').get(moments[1].id) as { text: string; text_hash: string };
    expect(row.text_hash).toBe(createHash('sha256').update(row.text).digest('hex'));
    const scans = db.prepare('SELECT s.content_hash AS want, ms.content_hash AS got, ms.rules_version AS v FROM moment_scans ms JOIN sessions s ON s.id = ms.session_id').all();
    expect(scans).toHaveLength(2);
    for (const s of scans as { want: string; got: string; v: number }[]) expect(s).toMatchObject({ got: s.want, v: RULES_VERSION });
    expect(countMoments(db)).toEqual({ correction: 0, failure: 1, task: 2, preference: 0 });
    expect(listMoments(db, { kind: 'task' }).map((m) => m.text)).toEqual(['Add a CSV export to the reports page', 'Write a haiku about the sea']);
  });

  it('adds nothing when run again', () => {
    const { db, writer } = store();
    writer.write(parsed('a', base), null);
    extractMoments(db);
    const before = ids(db);
    expect(extractMoments(db)).toEqual({ scanned: 0, added: 0, removed: 0 });
    expect(ids(db)).toEqual(before);
  });

  it('rescans only the session that grew', () => {
    const { db, writer } = store();
    const a = writer.write(parsed('a', base), null).sessionId;
    const b = writer.write(parsed('b', [{ role: 'user', text: 'Write a haiku about the sea' }]), null).sessionId;
    extractMoments(db);
    const untouched = listMoments(db, { sessionId: b }).map((m) => m.id);

    const grown = [...base, { role: 'user' as const, text: "No, that's wrong: the export must include the header row" }];
    expect(writer.write(parsed('a', grown), null).action).toBe('updated');
    const again = extractMoments(db);
    expect(again.scanned).toBe(1);
    // The grown session's messages were rewritten, so all its moments are new rows.
    expect(again.added).toBe(3);
    expect(listMoments(db, { sessionId: a }).map((m) => m.kind)).toEqual(['task', 'failure', 'correction']);
    expect(listMoments(db, { sessionId: b }).map((m) => m.id)).toEqual(untouched);
  });

  it('rescans everything when the rules version changes, keeping moments that did not change', () => {
    const { db, writer } = store();
    const a = writer.write(parsed('a', base), null).sessionId;
    writer.write(parsed('b', [{ role: 'user', text: 'Write a haiku about the sea' }]), null);
    extractMoments(db);
    const before = ids(db);

    // Pretend an older rules version wrote one text differently and one moment no rule gives now.
    const task = listMoments(db, { sessionId: a, kind: 'task' })[0];
    db.prepare("UPDATE moments SET text = 'old wording', text_hash = 'x' WHERE id = ?").run(task.id);
    const stale = Number(
      db
        .prepare("INSERT INTO moments (session_id, message_id, kind, text, context, text_hash, at) SELECT session_id, message_id, 'preference', 'stale', NULL, 'y', NULL FROM moments WHERE id = ?")
        .run(task.id).lastInsertRowid,
    );

    const bumped = extractMoments(db, { rulesVersion: RULES_VERSION + 1 });
    expect(bumped).toEqual({ scanned: 2, added: 1, removed: 2 });
    const after = ids(db);
    expect(after).not.toContain(stale);
    expect(after).not.toContain(task.id);
    expect(after.filter((id) => before.includes(id))).toHaveLength(before.length - 1);
    expect(listMoments(db, { sessionId: a, kind: 'task' })[0].text).toBe('Add a CSV export to the reports page');
    expect(db.prepare('SELECT DISTINCT rules_version AS v FROM moment_scans').all()).toEqual([{ v: RULES_VERSION + 1 }]);
    expect(extractMoments(db, { rulesVersion: RULES_VERSION + 1 }).scanned).toBe(0);
  });

  it('reports progress and stops between sessions when cancelled, keeping finished sessions', () => {
    const { db, writer } = store();
    for (const id of ['a', 'b', 'c']) writer.write(parsed(id, [{ role: 'user', text: `Build feature ${id}` }]), null);
    const controller = new AbortController();
    const seen: number[] = [];
    expect(() =>
      extractMoments(db, {
        signal: controller.signal,
        onProgress: (p) => {
          seen.push(p.done);
          if (p.done === 1) controller.abort();
        },
      }),
    ).toThrow(/cancelled/);
    expect(seen).toEqual([0, 1]);
    expect(db.prepare('SELECT count(*) AS n FROM moment_scans').get()).toEqual({ n: 1 });
    expect(extractMoments(db)).toEqual({ scanned: 2, added: 2, removed: 0 });
  });
});
