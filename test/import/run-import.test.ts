import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importPaths } from '../../electron/engine/import/run-import.js';
import { openStore } from '../../electron/engine/store/db.js';
import { ccLine, tempDir, writeFile, writeZip } from '../helpers/fixtures.js';

const good = (session: string, text = 'hello') =>
  [
    ccLine('user', `${session}-u1`, null, text, { sessionId: session }),
    ccLine('assistant', `${session}-a1`, `${session}-u1`, [{ type: 'text', text: 'hi' }], { sessionId: session }),
  ].join('\n');

const count = (db: ReturnType<typeof openStore>, table: string) =>
  (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('importPaths', () => {
  it('imports files and folders, and adds nothing twice on re-import', async () => {
    const { dir, cleanup } = tempDir();
    try {
      writeFile(dir, 'a.jsonl', good('s-a'));
      writeFile(dir, 'b.jsonl', good('s-b'));
      const db = openStore(':memory:');
      const first = await importPaths(db, [dir]);
      expect(first).toMatchObject({ sessionsAdded: 2, messagesAdded: 4, failed: 0 });
      expect(first.files.map((f) => f.format)).toEqual(['claude-code', 'claude-code']);
      const again = await importPaths(db, [dir]);
      expect(again.sessionsAdded).toBe(0);
      expect(again.files.every((f) => f.alreadyImported)).toBe(true);
      // Forced re-read: sessions are recognised, still nothing added.
      const forced = await importPaths(db, [dir], { force: true });
      expect(forced).toMatchObject({ sessionsAdded: 0, sessionsSkipped: 2 });
      // The same session in a file with other bytes (a copy with a trailing newline) is not added again.
      writeFile(dir, 'copy.jsonl', `${good('s-a')}\n\n`);
      expect(await importPaths(db, [path.join(dir, 'copy.jsonl')])).toMatchObject({ sessionsAdded: 0, sessionsSkipped: 1 });
      expect(count(db, 'sessions')).toBe(2);
    } finally {
      cleanup();
    }
  });

  it('updates a transcript that grew instead of duplicating it', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = writeFile(dir, 's.jsonl', good('s-1'));
      const db = openStore(':memory:');
      await importPaths(db, [file]);
      writeFileSync(file, `${readFileSync(file, 'utf8')}\n${ccLine('user', 's-1-u2', 's-1-a1', 'and another thing', { sessionId: 's-1' })}`);
      const grown = await importPaths(db, [file]);
      expect(grown).toMatchObject({ sessionsAdded: 0, sessionsUpdated: 1, messagesAdded: 1 });
      expect(count(db, 'sessions')).toBe(1);
      expect(count(db, 'messages')).toBe(3);
    } finally {
      cleanup();
    }
  });

  it('reports each bad file by name and line, writes nothing of it, and still imports the rest', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const files = {
        truncated: writeFile(dir, 'truncated.jsonl', `${good('s-t')}\n{"parentUuid":"x","sessionId":"s-t","type":"user","mess`),
        unknown: writeFile(dir, 'unknown.txt', 'just some notes, not a log'),
        binary: writeFile(dir, 'junk.bin', Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00, 0x7b])),
        empty: writeFile(dir, 'empty.jsonl', ''),
        utf8: writeFile(dir, 'latin1.jsonl', Buffer.concat([Buffer.from(`${good('s-u')}\n`), Buffer.from(good('s-v', 'caf\xe9'), 'latin1')])),
        ok: writeFile(dir, 'ok.jsonl', good('s-ok')),
      };
      const db = openStore(':memory:');
      const summary = await importPaths(db, [...Object.values(files), path.join(dir, 'missing.jsonl')]);
      const error = (file: string) => summary.files.find((f) => f.file === file)?.error;
      expect(error(files.truncated)).toMatch(/^line 3: not valid JSON/);
      expect(error(files.unknown)).toMatch(/unknown format/);
      expect(error(files.binary)).toMatch(/binary/);
      expect(error(files.empty)).toMatch(/empty/);
      expect(error(files.utf8)).toMatch(/^line 3: invalid UTF-8/);
      expect(error(path.join(dir, 'missing.jsonl'))).toMatch(/no such file/);
      expect(error(files.ok)).toBeUndefined();
      expect(summary.failed).toBe(6);
      // Only the good file's session is stored: the truncated file's valid first session was rolled back.
      const stored = db.prepare('SELECT external_id FROM sessions').all();
      expect(stored).toEqual([{ external_id: 's-ok' }]);
      // Failures are recorded in the import log with their error.
      expect(count(db, 'import_sources')).toBe(7);
    } finally {
      cleanup();
    }
  });

  it('reads zip archives member by member; a corrupt member fails alone', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const zipFile = await writeZip(path.join(dir, 'export.zip'), {
        'projects/a.jsonl': good('z-a'),
        'projects/b.jsonl': `${good('z-b')}\n${'x'.repeat(5000)}`,
        'README.txt': 'not a log',
      });
      // Corrupt the compressed bytes of the second member.
      const bytes = readFileSync(zipFile);
      const at = bytes.indexOf(Buffer.from('projects/b.jsonl')) + 'projects/b.jsonl'.length + 40;
      for (let i = 0; i < 24; i++) bytes[at + i] ^= 0xa5;
      const named = writeFile(dir, 'archive-without-extension', bytes);
      const db = openStore(':memory:');
      const summary = await importPaths(db, [named]);
      const byName = new Map(summary.files.map((f) => [f.file.split('!/')[1], f]));
      expect(byName.get('projects/a.jsonl')).toMatchObject({ sessionsAdded: 1, format: 'claude-code' });
      expect(byName.get('projects/b.jsonl')?.error).toBeTruthy();
      // A non-log member inside an archive is passed over quietly, not reported as a failure.
      expect(byName.has('README.txt')).toBe(false);
      expect(summary.failed).toBe(1);
      expect(count(db, 'sessions')).toBe(1);
    } finally {
      cleanup();
    }
  });

  it('reports progress in bytes and can be cancelled without writing the current file', async () => {
    const { dir, cleanup } = tempDir();
    try {
      writeFile(dir, 'a.jsonl', good('p-a'));
      writeFile(dir, 'b.jsonl', good('p-b'));
      const db = openStore(':memory:');
      const seen: number[] = [];
      await importPaths(db, [dir], { onProgress: (p) => seen.push(p.done / p.total) });
      expect(seen.at(-1)).toBe(1);
      expect([...seen].sort((a, b) => a - b)).toEqual(seen);

      const db2 = openStore(':memory:');
      const controller = new AbortController();
      controller.abort();
      await expect(importPaths(db2, [dir], { signal: controller.signal })).rejects.toThrow(/cancelled/);
      expect(count(db2, 'sessions')).toBe(0);
    } finally {
      cleanup();
    }
  });
});
