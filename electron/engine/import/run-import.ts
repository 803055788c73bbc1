import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FileImportReport, ImportSummary, Progress } from '../../../shared/types.js';
import type { Db } from '../store/db.js';
import { ImportLog } from '../store/import-log.js';
import { SessionWriter } from '../store/session-writer.js';
import { ACCOUNT_FILE_MAX_BYTES, ExportAccounts, readAccountFile } from './account-files.js';
import { tap } from './counting.js';
import { detectFormat, openWithHead, sniffHead } from './detect.js';
import type { FileCancels } from './file-cancel.js';
import { hashInput } from './hash.js';
import { collectInputs, isZipHead, zipInputs, type FoundInput } from './sources.js';
import type yauzl from 'yauzl';
import { CancelledError, throwIfAborted } from '../base/cancel.js';
import { ImportError, type ImportInput } from './types.js';
import type { AccountIdentity } from '../store/identities.js';
import { DEFAULT_LIMITS, type ImportLimits } from './limits.js';

export interface ImportOptions {
  /** Read files again even when the same bytes were imported before. */
  force?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /**
   * Called for each file once what it wrote is committed (a file reported imported is in the
   * store, even if the process is killed right after), for live per-file output.
   */
  onFile?: (report: FileImportReport) => void;
  /** Caps on hostile input (limits.ts); default DEFAULT_LIMITS. Callers pass the settings' (importLimits). */
  limits?: ImportLimits;
  /** Single files the person cancels while the import runs (see file-cancel.ts). */
  cancels?: FileCancels;
}

/** Many small files share one transaction (a commit per file would dominate); each file is a savepoint. */
const BATCH_BYTES = 64 << 20;
const BATCH_FILES = 500;
/** ...and at least this often, so files are reported (once committed) as the import goes. */
const BATCH_MS = 1000;

function emptyReport(file: string, bytes: number): FileImportReport {
  return { file, format: null, sessionsAdded: 0, sessionsUpdated: 0, sessionsSkipped: 0, messagesAdded: 0, bytes };
}

export function summarize(files: FileImportReport[]): ImportSummary {
  const sum = (k: 'sessionsAdded' | 'sessionsUpdated' | 'sessionsSkipped' | 'messagesAdded') =>
    files.reduce((n, f) => n + f[k], 0);
  return {
    files,
    sessionsAdded: sum('sessionsAdded'),
    sessionsUpdated: sum('sessionsUpdated'),
    sessionsSkipped: sum('sessionsSkipped'),
    messagesAdded: sum('messagesAdded'),
    failed: files.filter((f) => f.error).length,
  };
}

/**
 * Imports files, folders and zip archives into the store. Each file is all-or-nothing:
 * its sessions are written inside a savepoint that is rolled back if anything in the file
 * is malformed, so a bad file never half-writes, and other files still import. Cancelling
 * keeps the files already finished and drops the one in progress. Cancelling one file
 * (`options.cancels`) drops it the same way, or skips it when not started, and goes on.
 */
export async function importPaths(db: Db, paths: string[], options: ImportOptions = {}): Promise<ImportSummary> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const sources = await collectInputs(paths, limits);
  const files: FileImportReport[] = [];
  const writer = new SessionWriter(db, { deferIndex: true });
  const log = new ImportLog(db);
  const accounts = new ExportAccounts(db);
  // Prepared once: a folder of thousands of small files runs these thousands of times.
  const savepoint = db.prepare('SAVEPOINT import_file');
  const release = db.prepare('RELEASE import_file');
  const rollback = db.prepare('ROLLBACK TO import_file');
  let totalBytes = sources.inputs.reduce((n, i) => n + i.size, 0);
  const queue = [...sources.inputs];
  const lateZips: yauzl.ZipFile[] = [];
  let doneBytes = 0;
  let batch = { files: 0, bytes: 0, since: performance.now() };
  let at = 0;
  options.cancels?.attach(paths, () => queue.slice(at).map((i) => i.name));
  // Reports wait for the commit of their batch: only then is what they say true on disk.
  let uncommitted: FileImportReport[] = [];
  const commit = (again: boolean) => {
    db.exec(again ? 'COMMIT; BEGIN IMMEDIATE' : 'COMMIT');
    const reports = uncommitted;
    uncommitted = [];
    for (const report of reports) options.onFile?.(report);
  };
  // Members of a zip named explicitly: an archive none of whose members is a log says so.
  const archives = new Map<string, { members: number; reported: number; passed: string[] }>();
  for (const input of sources.inputs) {
    if (!input.archive) continue;
    const a = archives.get(input.archive) ?? { members: 0, reported: 0, passed: [] };
    a.members++;
    archives.set(input.archive, a);
  }

  // A zip member the person cancelled is accounted for: the zip is not "without a log" for it.
  const cancelledMember = (input: { archive?: string }) => {
    const a = input.archive ? archives.get(input.archive) : undefined;
    if (a) a.reported++;
  };

  const finish = (report: FileImportReport | 'zip' | null) => {
    if (report === 'zip') return;
    if (!report) return;
    // Failures are logged too, so the import history explains what was not imported and why.
    if (report.error) log.failed(report);
    files.push(report);
    uncommitted.push(report);
  };

  db.exec('BEGIN IMMEDIATE');
  try {
    for (const problem of sources.problems) {
      const report = emptyReport(problem.name, 0);
      finish(problem.skipped ? { ...report, skipped: problem.error } : { ...report, error: problem.error });
    }
    for (let q = 0; q < queue.length; q++) {
      const input = queue[q];
      at = q + 1;
      throwIfAborted(options.signal);
      if (options.cancels?.isCancelled(input.name)) {
        // Cancelled before it was started: not read at all.
        cancelledMember(input);
        finish({ ...emptyReport(input.name, input.size), cancelled: true });
        doneBytes += input.size;
        continue;
      }
      options.onProgress?.({ phase: 'import', done: doneBytes, total: totalBytes, item: input.name });
      savepoint.run();
      let report: FileImportReport | 'zip' | null;
      const found: FileFound = { sourceId: null, accounts: null, passedOver: null };
      const fileSignal = options.cancels?.begin(input.name, options.signal) ?? options.signal;
      try {
        report = await importOne(writer, log, input, { ...options, limits, signal: fileSignal }, found, (read) =>
          options.onProgress?.({ phase: 'import', done: doneBytes + read, total: totalBytes, item: input.name }),
        );
      } catch (err) {
        rollback.run();
        release.run();
        writer.discardPending();
        // This file alone was cancelled: nothing of it stays, and the import goes on.
        if (err instanceof CancelledError && fileSignal?.aborted && !options.signal?.aborted) {
          cancelledMember(input);
          finish({ ...emptyReport(input.name, input.size), cancelled: true });
          doneBytes += input.size;
          continue;
        }
        throw err;
      } finally {
        options.cancels?.end();
      }
      if (report && report !== 'zip' && report.error) {
        rollback.run();
        writer.discardPending();
      } else {
        writer.flushIndex();
        // Account identities go in with their export's sessions, inside this same savepoint.
        if (found.accounts) accounts.accountFile(input.name, found.accounts);
        else if (report && report !== 'zip') accounts.sessionsStored(input.name, found.sourceId);
      }
      release.run();
      if (report === 'zip') {
        // A zip met in a folder: its members join the queue, in place of the archive.
        try {
          const { inputs, zip } = await zipInputs(input.name, limits);
          lateZips.push(zip);
          queue.splice(q + 1, 0, ...inputs);
          totalBytes += inputs.reduce((n, i) => n + i.size, 0) - input.size;
        } catch (err) {
          finish({ ...emptyReport(input.name, input.size), error: `not a readable zip archive: ${(err as Error).message}` });
        }
        continue;
      }
      const archive = input.archive ? archives.get(input.archive) : undefined;
      if (archive && (report || found.accounts)) archive.reported++;
      else if (archive && found.passedOver) archive.passed.push(`${input.name.slice(input.archive!.length + 2)} (${found.passedOver})`);
      finish(report);
      doneBytes += input.size;
      batch = { files: batch.files + 1, bytes: batch.bytes + input.size, since: batch.since };
      if (batch.files >= BATCH_FILES || batch.bytes >= BATCH_BYTES || performance.now() - batch.since >= BATCH_MS) {
        commit(true);
        batch = { files: 0, bytes: 0, since: performance.now() };
      }
    }
    for (const [file, a] of archives) {
      if (a.reported > 0 || a.members === 0) continue;
      const shown = a.passed.slice(0, 3).join(', ') + (a.passed.length > 3 ? `, and ${a.passed.length - 3} more` : '');
      finish({ ...emptyReport(file, 0), error: `none of its ${a.members} file${a.members === 1 ? '' : 's'} is a log Reverie can read${shown ? `: ${shown}` : ''}` });
    }
    commit(false);
    options.onProgress?.({ phase: 'import', done: totalBytes, total: totalBytes });
  } catch (err) {
    // Cancelled or an unexpected fault: the finished files of this batch are kept, and reported.
    if (db.inTransaction) commit(false);
    throw err;
  } finally {
    sources.close();
    for (const zip of lateZips) zip.close();
  }
  return summarize(files);
}

/** What importOne learnt about a file beyond its report. */
interface FileFound {
  /** The import_sources row of a sessions file read now (null when skipped as imported before). */
  sourceId: number | null;
  /** Set for an export's account file (users.json, user.json), which is passed over in the report. */
  accounts: AccountIdentity[] | null;
  /** Why a file met in a folder or zip was passed over quietly (binary, empty, unknown format). */
  passedOver: string | null;
}

/**
 * Imports one file inside the caller's savepoint. Returns its report (with `error` set when
 * the caller must roll the savepoint back), null for a non-log file met inside a folder
 * or zip, which is passed over quietly, or 'zip' for an archive found in a folder.
 */
async function importOne(
  writer: SessionWriter,
  log: ImportLog,
  input: FoundInput,
  options: ImportOptions,
  found: FileFound,
  onBytes: (read: number) => void,
): Promise<FileImportReport | 'zip' | null> {
  const report = emptyReport(input.name, input.size);
  const fail = (error: string): FileImportReport => {
    Object.assign(report, { sessionsAdded: 0, sessionsUpdated: 0, sessionsSkipped: 0, messagesAdded: 0, error });
    return report;
  };
  // A zip member over a cap (a zip bomb): not a byte of it is read.
  if (input.refused) return fail(input.refused);
  try {
    // Small files are read once into memory and hashed before parsing, so the same bytes are
    // skipped at once. Larger ones stream once, hashed as they are parsed; only when a file of
    // the same size was imported before is a separate hashing pass worth it.
    const whole = input.readSmall?.();
    const sha = whole ? createHash('sha256').update(whole).digest('hex') : null;
    if (!options.force) {
      const before =
        sha !== null
          ? log.importedBefore(sha)
          : log.hasSize(input.size)
            ? log.importedBefore(await hashInput(input, options.signal))
            : undefined;
      if (before) {
        report.alreadyImported = true;
        report.format = before.format;
        return report;
      }
    }
    const opened = whole ? null : await openWithHead(input);
    const head = whole ?? opened!.head;
    if (input.kind === 'file' && isZipHead(head)) {
      opened?.stream.destroy();
      return 'zip';
    }
    const looked = sniffHead(input.name, head);
    const quietly = !input.explicit;
    const importer = looked.empty || looked.binary ? null : detectFormat(looked.sniff);
    if (!importer) {
      opened?.stream.destroy();
      // An export's account file: no sessions, but the owner's identity, which digests must scrub.
      const complete = input.size <= ACCOUNT_FILE_MAX_BYTES && head.length >= input.size && !looked.binary;
      found.accounts = complete ? readAccountFile(looked.sniff.head) : null;
      if (found.accounts) return null;
      if (quietly) {
        found.passedOver = looked.empty ? 'empty' : looked.binary ? 'binary' : 'unknown format';
        return null;
      }
      if (looked.empty) return fail('empty file');
      if (looked.binary) return fail('binary file, not a text log');
      return fail('unknown format: not a log Reverie can read');
    }
    report.format = importer.id;

    let parseInput: ImportInput;
    let digest: () => string | null;
    if (whole) {
      parseInput = {
        name: input.name,
        size: whole.length,
        bytes: whole,
        open: async () => Readable.from([whole]),
        maxLineBytes: options.limits?.maxLineBytes,
      };
      digest = () => sha;
    } else {
      const flow = tap(opened!.stream, onBytes);
      let first = true;
      parseInput = {
        name: input.name,
        size: input.size,
        maxLineBytes: options.limits?.maxLineBytes,
        // The first open() gets the stream already read for detection; any further one re-opens.
        open: async () => {
          if (first) {
            first = false;
            return flow.stream;
          }
          return input.open();
        },
      };
      digest = flow.digest;
    }
    const sourceId = log.start(input.name, importer.id, input.size);
    found.sourceId = sourceId;
    for await (const session of importer.parse(parseInput, options.signal)) {
      throwIfAborted(options.signal);
      const outcome = writer.write(session, sourceId);
      if (outcome.action === 'added') {
        report.sessionsAdded++;
        report.messagesAdded += outcome.messages;
      } else if (outcome.action === 'updated') {
        report.sessionsUpdated++;
        report.messagesAdded += Math.max(0, outcome.messages);
      } else {
        report.sessionsSkipped++;
      }
    }
    const sha256 = digest() ?? (await hashInput(input, options.signal));
    log.finish(sourceId, sha256, report);
    return report;
  } catch (err) {
    // A parser or stream may fail in its own way once aborted; it is still a cancel.
    if (err instanceof CancelledError || options.signal?.aborted) throw new CancelledError();
    return fail(err instanceof ImportError ? err.message : describeUnexpected(err));
  }
}

/** Errors that are not ImportError come from I/O or a corrupt zip member; say so plainly. */
function describeUnexpected(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'EACCES') return 'permission denied';
  // A parser walking a value recursively: the readers refuse deep JSON (limits.ts), this is the last guard.
  if (err instanceof RangeError && /call stack/i.test(e.message)) return 'nested too deeply to read (maximum call stack size exceeded)';
  if (/too many bytes in the stream/i.test(e.message)) return `corrupt zip member: more bytes than its header declares (${e.message})`;
  if (/invalid (stored block lengths|distance|code|block type)|unexpected end of file|crc32|too many length|incorrect header/i.test(e.message)) {
    return `corrupt compressed data (${e.message})`;
  }
  return `could not be read: ${e.message}`;
}
