import type { DraftCounts } from '../../../shared/figures.js';
import type { Lesson } from '../../../shared/types.js';
import type { MergeResult } from '../lesson/merge.js';
import type { AppliedAction } from '../lesson/parse.js';
import { listLessons } from '../lesson/store.js';
import type { Db } from '../store/db.js';

/*
 * What a run that writes lessons reports, counted once for the app and the CLI: the drafts it
 * wrote, the lessons merging then retired (a near-duplicate draft folds into another, so 33
 * drafts can leave 32 lessons), and the live lessons after, which is what the Lessons list shows.
 */
export function draftCounts(db: Db, run: { changes: AppliedAction[]; merged: MergeResult[] }): DraftCounts {
  return {
    written: run.changes.length,
    merged: run.merged.reduce((n, m) => n + m.retired.length, 0),
    lessons: listLessons(db).length,
  };
}

/**
 * Each lesson with how many times its pattern was seen now: the figure "Seen N times" in a draft's
 * words and on its pattern means, beside the evidence (at most EVIDENCE_LIMIT moments) it keeps.
 */
export function withPatternSeen(db: Db, lessons: Lesson[]): (Lesson & { patternSeen: number | null })[] {
  const size = db.prepare<[number], number>('SELECT size FROM clusters WHERE id = ?').pluck();
  return lessons.map((l) => ({ ...l, patternSeen: l.clusterId === null ? null : (size.get(l.clusterId) ?? null) }));
}
