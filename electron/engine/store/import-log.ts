import type { FileImportReport, FormatId } from '../../../shared/types.js';
import type { Db } from './db.js';

/**
 * The import_sources table: one row per file import attempt, successful or not, with the
 * file's sha256 so the same bytes are never imported twice. Statements are prepared once:
 * an import of thousands of small files would otherwise spend its time compiling SQL.
 */
export class ImportLog {
  private readonly sameSize;
  private readonly sameHash;
  private readonly insert;
  private readonly complete;
  private readonly insertFailure;

  constructor(db: Db) {
    this.sameSize = db.prepare<[number], { format: FormatId | null }>(
      'SELECT format FROM import_sources WHERE bytes = ? AND error IS NULL ORDER BY id DESC LIMIT 1',
    );
    this.sameHash = db.prepare<[string], { format: FormatId | null }>(
      'SELECT format FROM import_sources WHERE sha256 = ? AND error IS NULL ORDER BY id DESC LIMIT 1',
    );
    this.insert = db.prepare(
      "INSERT INTO import_sources (path, sha256, format, bytes, imported_at) VALUES (?, '', ?, ?, ?)",
    );
    this.complete = db.prepare(
      `UPDATE import_sources SET sha256 = ?, sessions_added = ?, sessions_updated = ?, sessions_skipped = ?,
         messages_added = ? WHERE id = ?`,
    );
    this.insertFailure = db.prepare(
      "INSERT INTO import_sources (path, sha256, format, bytes, imported_at, error) VALUES (?, '', ?, ?, ?, ?)",
    );
  }

  /** True when a file of exactly this size was imported before: only then is hashing first worth it. */
  hasSize(bytes: number): boolean {
    return this.sameSize.get(bytes) !== undefined;
  }

  /** The format of an earlier successful import of the same bytes, or undefined. */
  importedBefore(sha256: string): { format: FormatId | null } | undefined {
    return this.sameHash.get(sha256);
  }

  start(path: string, format: FormatId, bytes: number): number {
    return Number(this.insert.run(path, format, bytes, new Date().toISOString()).lastInsertRowid);
  }

  finish(id: number, sha256: string, r: FileImportReport): void {
    this.complete.run(sha256, r.sessionsAdded, r.sessionsUpdated, r.sessionsSkipped, r.messagesAdded, id);
  }

  failed(r: FileImportReport): void {
    this.insertFailure.run(r.file, r.format, r.bytes, new Date().toISOString(), r.error);
  }
}

/** When the first file was imported (ISO time), or null before any import. */
export function firstImportAt(db: Db): string | null {
  return db.prepare<[], { at: string | null }>('SELECT min(imported_at) AS at FROM import_sources').get()?.at ?? null;
}
