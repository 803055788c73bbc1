import { chmodSync, existsSync, mkdirSync, readFileSync, realpathSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ExportFormat } from '../../../shared/api.js';
import type { Lesson } from '../../../shared/types.js';
import {
  heldFromExport,
  renderCursorRule,
  renderExport,
  renderSection,
  SECTION_END,
  SECTION_START,
  selectForExport,
  type SelectOptions,
} from './render.js';

/*
 * Writing an export to a file.
 *
 * CLAUDE.md and AGENTS.md belong to the person: only the text from Reverie's start marker to its
 * end marker is rewritten, and every other byte stays as it was (line endings, encoding, a
 * missing final newline). The work is done on bytes, not decoded text, so even bytes that are
 * not valid UTF-8 survive. Without markers the section is appended after a blank line. Damaged
 * markers (one without the other, or two sections) are an error, never a guess.
 *
 * The other formats are Reverie's own files and are written whole. Writes are atomic (a
 * temporary file renamed over the target, keeping its permissions), follow a symlinked target,
 * and are skipped when the bytes would not change.
 */

export class ExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportError';
  }
}

const START = Buffer.from(SECTION_START, 'utf8');
const END = Buffer.from(SECTION_END, 'utf8');

/** The file with the section replaced (or appended). Pure: bytes in, bytes out. */
export function spliceSection(existing: Buffer, section: string, fileName = 'the file'): Buffer {
  // The section's own markers must be its only ones, or the next export would find two sections.
  if (section.split(SECTION_START).length !== 2 || section.split(SECTION_END).length !== 2) {
    throw new ExportError(`the Reverie section to write holds its markers more than once; nothing was written to ${fileName}`);
  }
  // Match the file's line endings inside the section.
  const eol = existing.includes('\r\n') ? '\r\n' : '\n';
  const sectionBytes = Buffer.from(section.replace(/\n/g, eol), 'utf8');
  const start = existing.indexOf(START);
  const end = existing.indexOf(END);
  if (start === -1 && end === -1) {
    if (existing.length === 0) return Buffer.concat([sectionBytes, Buffer.from(eol)]);
    const endsWithNewline = existing[existing.length - 1] === 0x0a;
    const gap = endsWithNewline ? eol : eol + eol;
    return Buffer.concat([existing, Buffer.from(gap), sectionBytes, Buffer.from(eol)]);
  }
  if (start === -1 || end === -1 || end < start) {
    throw new ExportError(
      `${fileName} has a damaged Reverie section (${start === -1 ? `"${SECTION_END}" without "${SECTION_START}"` : end === -1 ? `"${SECTION_START}" without "${SECTION_END}"` : 'the end marker before the start marker'}); fix the markers by hand, then export again`,
    );
  }
  if (existing.indexOf(START, start + 1) !== -1 || existing.indexOf(END, end + 1) !== -1) {
    throw new ExportError(`${fileName} has more than one Reverie section; keep one, then export again`);
  }
  return Buffer.concat([existing.subarray(0, start), sectionBytes, existing.subarray(end + END.length)]);
}

export type WriteExportOptions = SelectOptions;

export interface WriteExportResult {
  path: string;
  /** Lessons in the export. */
  lessons: number;
  /** Drafts left out until a person reviews them (lesson/review.ts); only with includeDrafts. */
  held: number[];
  bytes: number;
  /** False when the file already held exactly these bytes (nothing was written). */
  changed: boolean;
}

function writeAtomic(target: string, bytes: Buffer): void {
  mkdirSync(path.dirname(target), { recursive: true });
  const mode = existsSync(target) ? statSync(target).mode & 0o7777 : null;
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.reverie-${process.pid}.tmp`);
  writeFileSync(tmp, bytes);
  if (mode !== null) chmodSync(tmp, mode);
  renameSync(tmp, target);
}

/** Exports `lessons` (adopted only, unless includeDrafts) to `file` in `format`. */
export function writeExport(file: string, format: ExportFormat, lessons: Lesson[], options: WriteExportOptions = {}): WriteExportResult {
  const chosen = selectForExport(lessons, options);
  const target = existsSync(file) ? realpathSync(file) : path.resolve(file);
  const existing = existsSync(target) ? readFileSync(target) : null;
  const next =
    format === 'claude-md' || format === 'agents-md'
      ? spliceSection(existing ?? Buffer.alloc(0), renderSection(chosen), path.basename(target))
      : Buffer.from(renderExport(format, chosen), 'utf8');
  const changed = !existing || !existing.equals(next);
  if (changed) writeAtomic(target, next);
  return { path: target, lessons: chosen.length, held: heldFromExport(lessons, options).map((l) => l.id), bytes: next.length, changed };
}

/** Writes a Cursor rule file of exactly these lessons (chosen by the caller), with globs when given. */
export function writeRuleFile(file: string, lessons: Lesson[], globs?: string): WriteExportResult {
  const target = existsSync(file) ? realpathSync(file) : path.resolve(file);
  const existing = existsSync(target) ? readFileSync(target) : null;
  const next = Buffer.from(renderCursorRule([...lessons].sort((a, b) => a.id - b.id), globs), 'utf8');
  const changed = !existing || !existing.equals(next);
  if (changed) writeAtomic(target, next);
  return { path: target, lessons: lessons.length, held: [], bytes: next.length, changed };
}
