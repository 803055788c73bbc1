import type { Readable } from 'node:stream';
import type { FormatId, ParsedSession } from '../../../shared/types.js';

/** One readable log file: a file on disk or a member of a zip archive. */
export interface ImportInput {
  /** Shown in reports and errors: a path, or `archive.zip!/member/path` for a zip member. */
  name: string;
  size: number;
  /** A fresh byte stream over the whole file; may be called more than once. */
  open(): Promise<Readable>;
  /** The whole file, when it is already in memory (small files): readers use it and skip the stream. */
  bytes?: Buffer;
  /** The longest line (or streamed JSON array element) readers accept; default DEFAULT_LIMITS (limits.ts). */
  maxLineBytes?: number;
}

/** The first bytes of a file, for format detection from content (never from the file name alone). */
export interface Sniff {
  name: string;
  /** Up to SNIFF_BYTES of the file decoded as UTF-8 (may stop mid-token). */
  head: string;
}

export interface FormatImporter {
  id: FormatId;
  /**
   * How sure this importer is that the file is its format, from 0 (not mine) to 1.
   * Only looks at `sniff.head`; the file name may break ties but never decides alone.
   */
  detect(sniff: Sniff): number;
  /**
   * Streams the file's sessions. Throws ImportError naming the line or JSON path of
   * malformed input; the caller then discards everything this file yielded.
   */
  parse(input: ImportInput, signal?: AbortSignal): AsyncIterable<ParsedSession>;
}

/** Malformed input. The message names the line (`line 12`) or JSON path (`$[3].mapping`) at fault. */
export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}
