import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { coversInput, FileCancels } from '../../electron/engine/import/file-cancel.js';
import { importPaths } from '../../electron/engine/import/run-import.js';
import { openStore, type Db } from '../../electron/engine/store/db.js';
import { ccLine, tempDir, writeFile, writeZip } from '../helpers/fixtures.js';
import { haveShared, sample } from '../helpers/samples.js';

const transcript = (session: string) =>
  [
    ccLine('user', `${session}-u1`, null, 'hello', { sessionId: session }),
    ccLine('assistant', `${session}-a1`, `${session}-u1`, [{ type: 'text', text: 'hi' }], { sessionId: session }),
  ].join('\n');

const sessionsOf = (db: Db, format?: string) =>
  (
    db.prepare(`SELECT count(*) AS n FROM sessions${format ? ' WHERE format = ?' : ''}`).get(...(format ? [format] : [])) as { n: number }
  ).n;

describe('coversInput: what a cancelled name reaches', () => {
  const roots = ['/logs/batch/a.jsonl', '/logs/folder', '/logs/export.zip'];
  it('the input itself, its zip, or a given path (in full or by its last part) that holds it', () => {
    expect(coversInput('/logs/batch/a.jsonl', '/logs/batch/a.jsonl', roots)).toBe(true);
    expect(coversInput('a.jsonl', '/logs/batch/a.jsonl', roots)).toBe(true);
    expect(coversInput('folder', '/logs/folder/x/y.jsonl', roots)).toBe(true);
    expect(coversInput('/logs/folder', '/logs/folder/y.jsonl', roots)).toBe(true);
    expect(coversInput('export.zip', '/logs/export.zip!/conversations.json', roots)).toBe(true);
    expect(coversInput('/logs/export.zip', '/logs/export.zip!/conversations.json', roots)).toBe(true);
  });
  it('nothing else: not a sibling, not a folder whose name only starts alike, not a file found inside a folder by its last part', () => {
    expect(coversInput('a.jsonl', '/logs/batch/b.jsonl', roots)).toBe(false);
    expect(coversInput('folder', '/logs/folder2/y.jsonl', [...roots, '/logs/folder2'])).toBe(false);
    expect(coversInput('y.jsonl', '/logs/folder/y.jsonl', roots)).toBe(false);
    expect(coversInput('conversations.json', '/logs/export.zip!/conversations.json', roots)).toBe(false);
  });
});

describe('importPaths with single files cancelled', () => {
  it('a zip whose members were all cancelled is reported cancelled, never as a zip without a log', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const zip = await writeZip(path.join(dir, 'export.zip'), { 'a.jsonl': transcript('z-1'), 'b.jsonl': transcript('z-2') });
      const db = openStore(':memory:');
      const cancels = new FileCancels();
      expect(cancels.cancel('export.zip')).toBe(true);
      const summary = await importPaths(db, [zip], { cancels });
      expect(summary.files.map((f) => [path.basename(f.file), f.cancelled ?? false, f.error ?? null])).toEqual([
        ['a.jsonl', true, null],
        ['b.jsonl', true, null],
      ]);
      expect(summary.failed).toBe(0);
      expect(sessionsOf(db)).toBe(0);
    } finally {
      cleanup();
    }
  });

  it('skips a file cancelled before it started, imports the others, and does not remember the skipped one as imported', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const files = ['a.jsonl', 'b.jsonl', 'c.jsonl'].map((name, i) => writeFile(dir, name, transcript(`s-${i}`)));
      const db = openStore(':memory:');
      const cancels = new FileCancels();
      // Before the import has listed its files, any name may still be to come.
      expect(cancels.cancel('b.jsonl')).toBe(true);
      const summary = await importPaths(db, files, { cancels });
      expect(summary.files.map((f) => [path.basename(f.file), f.cancelled ?? false, f.sessionsAdded])).toEqual([
        ['a.jsonl', false, 1],
        ['b.jsonl', true, 0],
        ['c.jsonl', false, 1],
      ]);
      expect(summary).toMatchObject({ sessionsAdded: 2, failed: 0 });
      expect(sessionsOf(db)).toBe(2);
      // A cancelled file is not "already imported": the next import reads it.
      const again = await importPaths(db, files);
      expect(again.files.map((f) => f.alreadyImported ?? false)).toEqual([true, false, true]);
      expect(again.sessionsAdded).toBe(1);
    } finally {
      cleanup();
    }
  });

  it('says whether anything of a named file was left: finished files stay, pending ones are reached', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const files = ['a.jsonl', 'b.jsonl', 'c.jsonl'].map((name, i) => writeFile(dir, name, transcript(`t-${i}`)));
      const db = openStore(':memory:');
      const cancels = new FileCancels();
      const answers: Record<string, boolean> = {};
      await importPaths(db, files, {
        cancels,
        onProgress: (p) => {
          // Called as each file starts (files are reported only once committed, so onFile may come
          // later): when b starts, a is finished and cannot be cancelled, c is still to come.
          if (p.item && path.basename(p.item) === 'b.jsonl' && answers.finished === undefined) {
            answers.finished = cancels.cancel('a.jsonl');
            answers.pending = cancels.cancel('c.jsonl');
            answers.stranger = cancels.cancel('zzz.jsonl');
          }
        },
      });
      expect(answers).toEqual({ finished: false, pending: true, stranger: false });
      expect(sessionsOf(db)).toBe(2);
    } finally {
      cleanup();
    }
  });

  describe.runIf(haveShared())('on a real ChatGPT export (a 5 MB conversations.json that streams)', () => {
    it('rolls back a file cancelled mid-way, keeps the files before it and imports the ones after it', async () => {
      const { dir, cleanup } = tempDir();
      try {
        const before = writeFile(dir, 'a-before.jsonl', transcript('before'));
        const after = writeFile(dir, 'z-after.jsonl', transcript('after'));
        const zip = sample('chatgpt-export', 'bobbytango_chatgpt_export_2023-09-27.zip');
        const db = openStore(':memory:');
        const cancels = new FileCancels();
        let writtenWhenCancelled = 0;
        const summary = await importPaths(db, [before, zip, after], {
          cancels,
          onProgress: (p) => {
            // Mid-way: some of the export's conversations are already written (inside its savepoint).
            if (!writtenWhenCancelled && p.item?.endsWith('conversations.json') && sessionsOf(db, 'chatgpt') >= 20) {
              writtenWhenCancelled = sessionsOf(db, 'chatgpt');
              expect(cancels.cancel(path.basename(zip))).toBe(true);
            }
          },
        });
        expect(writtenWhenCancelled).toBeGreaterThanOrEqual(20);
        const conversations = summary.files.find((f) => f.file.endsWith('!/conversations.json'))!;
        expect(conversations).toMatchObject({ cancelled: true, sessionsAdded: 0, messagesAdded: 0 });
        expect(conversations.error).toBeUndefined();
        // Nothing of it stays; the file before it stays, the one after it was imported.
        expect(sessionsOf(db, 'chatgpt')).toBe(0);
        expect(summary.files.filter((f) => f.file === before || f.file === after).map((f) => f.sessionsAdded)).toEqual([1, 1]);
        expect(sessionsOf(db)).toBe(2);
        expect(summary.failed).toBe(0);
        // The zip's members after it are skipped unread too (the zip was named).
        const members = summary.files.filter((f) => f.file.startsWith(`${zip}!/`));
        const later = members.slice(members.indexOf(conversations) + 1);
        expect(later.length).toBeGreaterThan(0);
        expect(later.every((m) => m.cancelled && m.format === null)).toBe(true);

        // Imported again without a cancel, the export is read whole (the cancelled attempt left no trace).
        const again = await importPaths(db, [zip]);
        expect(again.sessionsAdded).toBeGreaterThan(writtenWhenCancelled);
        expect(sessionsOf(db, 'chatgpt')).toBe(again.sessionsAdded);
      } finally {
        cleanup();
      }
    });

    it('cancelling the whole job while a file is being read still ends the import (the job signal wins)', async () => {
      const db = openStore(':memory:');
      const cancels = new FileCancels();
      const controller = new AbortController();
      await expect(
        importPaths(db, [sample('chatgpt-export', 'bobbytango_chatgpt_export_2023-09-27.zip')], {
          cancels,
          signal: controller.signal,
          onProgress: (p) => {
            if (p.item?.endsWith('conversations.json') && sessionsOf(db, 'chatgpt') > 0) controller.abort();
          },
        }),
      ).rejects.toThrow(/cancelled/);
      expect(sessionsOf(db, 'chatgpt')).toBe(0);
    });
  });
});
