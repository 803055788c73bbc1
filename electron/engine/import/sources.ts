import { closeSync, createReadStream, openSync, readFileSync, readSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import yauzl from 'yauzl';
import type { ImportInput } from './types.js';

/** A file the import was asked to read, or found inside a folder or archive. */
export interface FoundInput extends ImportInput {
  /** True when the user named this file itself; false when found in a folder or zip. */
  explicit: boolean;
  /** Hashing and "already imported" checks need the real file; zip members have the archive's path. */
  kind: 'file' | 'zip-member';
  /** For small files on disk: the whole content in one synchronous read. */
  readSmall?: () => Buffer;
}

/** A path that could not be opened or walked, reported like a failed file. */
export interface SourceProblem {
  name: string;
  error: string;
}

export interface CollectedSources {
  inputs: FoundInput[];
  problems: SourceProblem[];
  /** Closes archives held open for their members. */
  close(): void;
}

const SKIP_DIRS = new Set(['.git', 'node_modules']);
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const EMPTY_ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x05, 0x06]);

/** True when the bytes start like a zip archive (a local file header or an empty archive). */
export function isZipHead(head: Buffer): boolean {
  return head.length >= 4 && (head.subarray(0, 4).equals(ZIP_MAGIC) || head.subarray(0, 4).equals(EMPTY_ZIP_MAGIC));
}

/*
 * Folder walking and magic-byte checks use synchronous calls on purpose: a folder of
 * thousands of small transcripts otherwise spends most of its time in async round trips.
 * Imports run off the UI thread (a worker or the CLI), so blocking here blocks no one.
 */
function startsWith(file: string, magic: Buffer): boolean {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(magic.length);
    return readSync(fd, buf, 0, magic.length, 0) === magic.length && buf.equals(magic);
  } finally {
    closeSync(fd);
  }
}

/** Files up to this size are read in one call; larger ones stream. */
const SMALL_FILE = 4 << 20;

function fileInput(file: string, size: number, explicit: boolean): FoundInput {
  const small = size <= SMALL_FILE;
  return {
    name: file,
    size,
    explicit,
    kind: 'file',
    open: () =>
      Promise.resolve(small ? Readable.from([readFileSync(file)]) : createReadStream(file, { highWaterMark: 1 << 20 })),
    readSmall: small ? () => readFileSync(file) : undefined,
  };
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false, strictFileNames: false }, (err, zip) =>
      err ? reject(err) : resolve(zip),
    );
  });
}

/** Lists a zip's file entries. yauzl reads the central directory only; members stream on demand. */
export async function zipInputs(file: string): Promise<{ inputs: FoundInput[]; zip: yauzl.ZipFile }> {
  const zip = await openZip(file);
  const entries: yauzl.Entry[] = await new Promise((resolve, reject) => {
    const list: yauzl.Entry[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      if (!entry.fileName.endsWith('/')) list.push(entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve(list));
    zip.on('error', reject);
    zip.readEntry();
  });
  const inputs = entries.map(
    (entry): FoundInput => ({
      name: `${file}!/${entry.fileName}`,
      size: entry.uncompressedSize,
      explicit: false,
      kind: 'zip-member',
      open: () =>
        new Promise<Readable>((resolve, reject) => {
          zip.openReadStream(entry, (err, stream) => (err ? reject(err) : resolve(stream)));
        }),
    }),
  );
  return { inputs, zip };
}

/**
 * Expands the paths given to an import into readable inputs: files as they are,
 * folders walked recursively (in sorted order, so imports are repeatable), and zip
 * archives (recognised by their magic bytes, not their name) opened member by member.
 */
export async function collectInputs(paths: string[]): Promise<CollectedSources> {
  const inputs: FoundInput[] = [];
  const problems: SourceProblem[] = [];
  const zips: yauzl.ZipFile[] = [];

  const addFile = async (file: string, size: number, explicit: boolean): Promise<void> => {
    // Files found in folders are checked for zip magic later, from the head the import reads
    // anyway (see isZipHead): one open per file instead of two.
    if (explicit && size >= 4 && (startsWith(file, ZIP_MAGIC) || startsWith(file, EMPTY_ZIP_MAGIC))) {
      try {
        const { inputs: members, zip } = await zipInputs(file);
        zips.push(zip);
        inputs.push(...members);
        if (members.length === 0) problems.push({ name: file, error: 'zip archive holds no files' });
      } catch (err) {
        problems.push({ name: file, error: `not a readable zip archive: ${(err as Error).message}` });
      }
      return;
    }
    inputs.push(fileInput(file, size, explicit));
  };

  const walk = async (dir: string): Promise<void> => {
    const entries = readdirSync(dir, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) await walk(full);
      } else if (entry.isFile()) {
        await addFile(full, statSync(full).size, false);
      }
    }
  };

  for (const given of paths) {
    const abs = path.resolve(given);
    try {
      const stat = statSync(abs);
      if (stat.isDirectory()) await walk(abs);
      else await addFile(abs, stat.size, true);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      problems.push({ name: abs, error: code === 'ENOENT' ? 'no such file or folder' : (err as Error).message });
    }
  }
  return {
    inputs,
    problems,
    close: () => {
      for (const zip of zips) zip.close();
    },
  };
}
