import { closeSync, constants, createReadStream, fstatSync, openSync, readFileSync, readSync, readdirSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { DEFAULT_LIMITS, megabytes, RATIO_FLOOR_BYTES, type ImportLimits } from './limits.js';
import { ImportError, type ImportInput } from './types.js';

/** A file the import was asked to read, or found inside a folder or archive. */
export interface FoundInput extends ImportInput {
  /** True when the user named this file itself; false when found in a folder or zip. */
  explicit: boolean;
  /** Hashing and "already imported" checks need the real file; zip members have the archive's path. */
  kind: 'file' | 'zip-member';
  /** For small files on disk: the whole content in one synchronous read. */
  readSmall?: () => Buffer;
  /** Set when the input must not be read (a zip member over a cap): reported as its error. */
  refused?: string;
  /** For a member of a zip named explicitly: the archive, so an archive with no log in it is reported. */
  archive?: string;
}

/**
 * A path that could not be opened or walked, reported like a failed file; or, with `skipped`,
 * one passed over on purpose (a symbolic link or a device met in a folder), reported with the reason.
 */
export interface SourceProblem {
  name: string;
  error: string;
  skipped?: boolean;
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

/** What a path is when it is not a regular file or a folder: such paths are never read. */
export function notRegular(stat: Stats): string | null {
  if (stat.isFile() || stat.isDirectory()) return null;
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

/**
 * Opens a file for reading only if it is still a regular file: the path was checked when it
 * was collected, but may have been replaced since (by a FIFO, which would block the open
 * without O_NONBLOCK, or a device, which never ends).
 */
function openRegular(file: string): number {
  const fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  const what = notRegular(fstatSync(fd));
  if (what || fstatSync(fd).isDirectory()) {
    closeSync(fd);
    throw new ImportError(`${what ?? 'a folder'} now, not a regular file; not read`);
  }
  return fd;
}

function fileInput(file: string, size: number, explicit: boolean): FoundInput {
  const small = size <= SMALL_FILE;
  const readWhole = () => {
    const fd = openRegular(file);
    try {
      return readFileSync(fd);
    } finally {
      closeSync(fd);
    }
  };
  return {
    name: file,
    size,
    explicit,
    kind: 'file',
    open: () =>
      Promise.resolve(small ? Readable.from([readWhole()]) : createReadStream(file, { fd: openRegular(file), highWaterMark: 1 << 20 })),
    readSmall: small ? readWhole : undefined,
  };
}

/** More members than this and the archive is refused: their list alone would fill memory. */
export const MAX_ZIP_ENTRIES = 100_000;

/** Why a zip member must not be read (over the size or compression-ratio cap), or undefined. */
function refuseMember(entry: yauzl.Entry, limits: ImportLimits): string | undefined {
  const size = entry.uncompressedSize;
  if (size > limits.maxUnzippedBytes) {
    return `unpacks to ${size} bytes, over the ${megabytes(limits.maxUnzippedBytes)} cap for one zip member; not read (raise the maxUnzippedMB setting, in the app Settings → Import limits, for a real export this large)`;
  }
  const ratio = size / Math.max(1, entry.compressedSize);
  if (size > RATIO_FLOOR_BYTES && ratio > limits.maxZipRatio) {
    return `unpacks to ${size} bytes from ${entry.compressedSize} (${Math.round(ratio)}x), over the ${limits.maxZipRatio}x compression-ratio cap (a zip bomb?); not read (raise the maxZipRatio setting, in the app Settings → Import limits, for a real log that compresses this well)`;
  }
  return undefined;
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false, strictFileNames: false }, (err, zip) =>
      err ? reject(err) : resolve(zip),
    );
  });
}

/** Lists a zip's file entries. yauzl reads the central directory only; members stream on demand. */
export async function zipInputs(
  file: string,
  limits: ImportLimits = DEFAULT_LIMITS,
  explicit = false,
): Promise<{ inputs: FoundInput[]; zip: yauzl.ZipFile }> {
  const zip = await openZip(file);
  if (zip.entryCount > MAX_ZIP_ENTRIES) {
    zip.close();
    throw new Error(`it lists ${zip.entryCount} members, more than the ${MAX_ZIP_ENTRIES} Reverie reads from one archive`);
  }
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
      refused: refuseMember(entry, limits),
      archive: explicit ? file : undefined,
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
export async function collectInputs(paths: string[], limits: ImportLimits = DEFAULT_LIMITS): Promise<CollectedSources> {
  const inputs: FoundInput[] = [];
  const problems: SourceProblem[] = [];
  const zips: yauzl.ZipFile[] = [];

  const addFile = async (file: string, size: number, explicit: boolean): Promise<void> => {
    // Files found in folders are checked for zip magic later, from the head the import reads
    // anyway (see isZipHead): one open per file instead of two.
    if (explicit && size >= 4 && (startsWith(file, ZIP_MAGIC) || startsWith(file, EMPTY_ZIP_MAGIC))) {
      try {
        const { inputs: members, zip } = await zipInputs(file, limits, true);
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
      } else if (entry.isSymbolicLink()) {
        // Not followed: a link may point out of the folder, at a device, or back up into a loop.
        problems.push({ name: full, error: 'a symbolic link (links inside folders are not followed; name its target to import it)', skipped: true });
      } else {
        const what = notRegular(statSync(full)) ?? 'not a regular file';
        problems.push({ name: full, error: `${what}, not a regular file`, skipped: true });
      }
    }
  };

  for (const given of paths) {
    const abs = path.resolve(given);
    try {
      const stat = statSync(abs);
      const what = notRegular(stat);
      // A device never ends (/dev/zero) and a FIFO blocks until written: only regular files are read.
      if (what) problems.push({ name: abs, error: `${what}, not a regular file; not read` });
      else if (stat.isDirectory()) await walk(abs);
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
