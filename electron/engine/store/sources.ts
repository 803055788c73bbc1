import type { FormatId } from '../../../shared/types.js';
import type { Db } from './db.js';

/** The import sources that brought sessions still stored, newest first, with their session counts. */
export function listDataSources(db: Db): { id: number; path: string; format: FormatId | null; importedAt: string; sessions: number; sample: boolean }[] {
  return db
    .prepare<[], { id: number; path: string; format: FormatId | null; importedAt: string; sessions: number; sample: number }>(
      `SELECT i.id, i.path, i.format, i.imported_at AS importedAt, count(s.id) AS sessions, i.sample FROM import_sources i
       JOIN sessions s ON s.source_id = i.id GROUP BY i.id ORDER BY i.id DESC`,
    )
    .all()
    .map((r) => ({ ...r, sample: r.sample === 1 }));
}

/** How many stored sessions the built-in sample data brought. */
export function sampleSessionCount(db: Db): number {
  return db.prepare('SELECT count(*) FROM sessions s JOIN import_sources i ON i.id = s.source_id WHERE i.sample = 1').pluck().get() as number;
}
