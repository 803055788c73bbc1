import { describe, expect, it } from 'vitest';
import type { FileImportReport } from '../../shared/types.js';
import { draftCountWords, evidenceWords, importCounts, importCountWords } from '../../shared/figures.js';
import { draftCounts, withPatternSeen } from '../../electron/engine/figures/lesson-counts.js';
import { mergeInto } from '../../electron/engine/lesson/merge.js';
import { listLessons } from '../../electron/engine/lesson/store.js';
import { lessonOn, seededStore } from '../helpers/planted-stream.js';

/* Counts said the same way on every face: imports, drafts written against lessons, a pattern's size against a lesson's evidence. */

const file = (over: Partial<FileImportReport> = {}): FileImportReport => ({ file: 'f', format: null, sessionsAdded: 0, sessionsUpdated: 0, sessionsSkipped: 0, messagesAdded: 0, bytes: 1, ...over });

describe('import counts', () => {
  it('says a file known by its bytes as a file, never "0 already stored" beside it', () => {
    const again = { files: [file({ alreadyImported: true })], sessionsAdded: 0, sessionsUpdated: 0, sessionsSkipped: 0, messagesAdded: 0, failed: 0 };
    expect(importCounts(again)).toMatchObject({ read: 0, knownFiles: 1 });
    const words = importCountWords(importCounts(again));
    expect(words).toBe('1 file was imported before (the same bytes) and not read again.');
    expect(words).not.toMatch(/already stored/);
  });

  it('counts sessions already stored only in files read, and files read apart from failed, cancelled and known ones', () => {
    const s = {
      files: [
        file({ sessionsAdded: 2, sessionsSkipped: 1, messagesAdded: 9 }),
        file({ alreadyImported: true }),
        file({ error: 'line 1: not valid JSON' }),
        file({ cancelled: true }),
        file({ skipped: 'a symbolic link' }),
      ],
      sessionsAdded: 2,
      sessionsUpdated: 0,
      sessionsSkipped: 1,
      messagesAdded: 9,
      failed: 1,
    };
    expect(importCountWords(importCounts(s))).toBe(
      '1 file read: 2 new sessions, 1 already stored; 9 messages added. 1 file was imported before (the same bytes) and not read again.',
    );
  });

  it('says an empty import as nothing read', () => {
    const none = { files: [], sessionsAdded: 0, sessionsUpdated: 0, sessionsSkipped: 0, messagesAdded: 0, failed: 0 };
    expect(importCountWords(importCounts(none))).toBe('0 files read: 0 new sessions; 0 messages added.');
  });
});

describe('drafts written and lessons', () => {
  it('explains 33 drafts leaving 32 lessons', () => {
    expect(draftCountWords({ written: 33, merged: 1, lessons: 32 })).toBe(
      'Wrote 33 local drafts; 1 lesson was merged into a near-duplicate. 32 lessons in all now.',
    );
    expect(draftCountWords({ written: 1, merged: 0, lessons: 1 })).toBe('Wrote 1 local draft. 1 lesson in all now.');
  });

  it('counts merged-away lessons and the live lessons the list shows, from the store', () => {
    const { db, clusters } = seededStore({ seed: 3, start: Date.UTC(2026, 0, 5), days: 14, sessionsPerDay: 2, patterns: [{ label: 'p', rate: () => 0.5 }] });
    const id = clusters.get('p')!;
    const ids = [lessonOn(db, id, { title: 'a' }), lessonOn(db, id, { title: 'b' }), lessonOn(db, id, { title: 'c' })];
    const merged = [mergeInto(db, ids[0], [ids[2]])];
    const counts = draftCounts(db, { changes: ids.map((lessonId) => ({ action: 'add' as const, lessonId, retired: [] })), merged });
    expect(counts).toEqual({ written: 3, merged: 1, lessons: 2 });
    expect(counts.lessons).toBe(listLessons(db).length);
    // Each lesson's pattern size: the figure "Seen N times" means.
    const size = db.prepare('SELECT size FROM clusters WHERE id = ?').pluck().get(id) as number;
    expect(withPatternSeen(db, listLessons(db)).map((l) => l.patternSeen)).toEqual([size, size]);
    db.close();
  });
});

describe('evidence beside the pattern size', () => {
  it('uses one number when they are the same, and different words when they are not', () => {
    expect(evidenceWords(12, 12)).toBe('12 moments of evidence');
    expect(evidenceWords(1, null)).toBe('1 moment of evidence');
    expect(evidenceWords(100, 120)).toBe('pattern seen 120 times; 100 of its moments kept as evidence');
  });
});
