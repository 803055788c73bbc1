import { useCallback, useEffect, useRef, useState } from 'react';
import type { FileReport } from '../../../shared/api.js';
import { importCounts, importCountWords } from '../../../shared/figures.js';
import type { ApiClient } from '../api/client.js';
import { useJob, type JobView } from '../api/use-job.js';
import { formatLabel, plural } from '../../../shared/words.js';
import { ErrorNote, ProgressBar, shortName } from './common.js';

/** Where an import leads: analysing what came in, or reading the sessions when nothing new did. */
export type ImportNext = 'analyse' | 'sessions';

/** The top-level items (a picked file, folder or zip) that were cancelled, from the reports and the files never sent. */
function cancelledItems(files: FileReport[], unsent: readonly string[]): string[] {
  return [...new Set([...files.filter((f) => f.cancelled).map((f) => reportItem(f.file)), ...unsent])];
}

/**
 * The import summary in words: what was added, what was already there, what the person
 * cancelled, and each failure with its reason. `unsent`: files cancelled before they were sent.
 */
export function ImportSummaryView({
  view,
  unsent = [],
  onNext,
  analysing = false,
}: {
  view: JobView<'import'>;
  unsent?: readonly string[];
  onNext?: (to: ImportNext) => void;
  /** An analysis is running (started by this import): the next step leads to it. */
  analysing?: boolean;
}) {
  const summary = view.result;
  if (view.state === 'cancelled') {
    return (
      <section className="card" data-testid="import-summary">
        <h3>Import cancelled</h3>
        <p>{plural(view.files.filter((f) => !f.cancelled).length, 'file')} finished before you cancelled and were kept; the file in progress was not written.</p>
      </section>
    );
  }
  if (view.state === 'failed') {
    return (
      <section className="card" data-testid="import-summary">
        <h3>Import failed</h3>
        <ErrorNote error={view.error} />
      </section>
    );
  }
  if (!summary) return null;
  const failures = summary.files.filter((f) => f.error);
  const cancelled = cancelledItems(summary.files, unsent);
  const formats = formatCounts(summary.files.filter((f) => !f.error && !f.cancelled));
  return (
    <section className="card" data-testid="import-summary">
      <h3>Import finished</h3>
      <p data-testid="import-counts">{importCountWords(importCounts(summary))}</p>
      {formats.length > 0 && (
        <p className="small" data-testid="import-formats">
          Detected: {formats.map(([label, n]) => `${label} (${plural(n, 'file')})`).join(', ')}.
        </p>
      )}
      {cancelled.length > 0 && (
        <p data-testid="cancelled-files">
          {plural(cancelled.length, 'file')} cancelled by you, nothing of them was written: {cancelled.map(shortName).join(', ')}. Import them again
          whenever you like.
        </p>
      )}
      {failures.length > 0 && (
        <>
          <p>
            {plural(failures.length, 'file')} could not be imported; nothing of them was written, the others were:
          </p>
          <ul className="failures">
            {failures.map((f) => (
              <li key={f.file}>
                <strong>{shortName(f.file)}</strong>
                {f.format ? ` (${formatLabel(f.format)})` : ''}: {f.error}
              </li>
            ))}
          </ul>
        </>
      )}
      {onNext && (
        <p className="row next">
          {summary.sessionsAdded + summary.sessionsUpdated > 0 ? (
            <>
              <button type="button" className="primary" data-testid="next-step" onClick={() => onNext('analyse')}>
                {analysing ? 'Finding patterns in what came in: see them →' : 'Analyse what came in →'}
              </button>
              <button type="button" className="link" onClick={() => onNext('sessions')}>
                or read them first
              </button>
            </>
          ) : (
            <button type="button" className="primary" data-testid="next-step" onClick={() => onNext('sessions')}>
              Read what is stored →
            </button>
          )}
        </p>
      )}
    </section>
  );
}

type RowState = 'waiting' | 'uploading' | 'importing' | 'done' | 'failed' | 'cancelled';
interface Row {
  name: string;
  /** The name its reports carry (browser mode: as the server stored it); the name to cancel it by. */
  key: string;
  size: number;
  sent: number;
  state: RowState;
  note: string;
  /** The formats detected in it (a zip or folder may hold several), in words. */
  formats?: string[];
  /** Cancelled by the person: 'unsent' before it was sent (left out), 'asked' once sent (the engine drops it). */
  cancel?: 'unsent' | 'asked';
}

/** A report's top-level item: the file itself, or the zip a member came from. */
function reportItem(file: string): string {
  const outer = file.split('!/')[0];
  return outer.split(/[\\/]/).pop() ?? outer;
}

/** How many files of each detected format, most first. */
function formatCounts(reports: readonly FileReport[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const f of reports) if (f.format) counts.set(formatLabel(f.format), (counts.get(formatLabel(f.format)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]);
}

/** The distinct formats detected in some reports, in words, most files first. */
function detectedFormats(reports: readonly FileReport[]): string[] {
  return formatCounts(reports).map(([label]) => label);
}

/** Each picked file's state from the upload progress and the job's reports. */
export function rowsWithReports(rows: Row[], view: JobView): Row[] {
  const byName = new Map<string, FileReport[]>();
  for (const f of view.files) byName.set(reportItem(f.file), [...(byName.get(reportItem(f.file)) ?? []), f]);
  const current = view.progress?.item ? reportItem(view.progress.item) : null;
  return rows.map((r) => {
    if (r.cancel === 'unsent') return { ...r, state: 'cancelled', note: 'cancelled: not sent, not imported' };
    const reports = byName.get(r.key);
    if (reports) {
      r = { ...r, formats: detectedFormats(reports) };
      const failed = reports.filter((f) => f.error);
      const cancelled = reports.filter((f) => f.cancelled);
      const added = reports.reduce((n, f) => n + f.sessionsAdded + f.sessionsUpdated, 0);
      const known = reports.reduce((n, f) => n + f.sessionsSkipped, 0) + reports.filter((f) => f.alreadyImported).length;
      if (cancelled.length === reports.length) return { ...r, state: 'cancelled', note: 'cancelled: nothing of it was written' };
      if (failed.length === reports.length) return { ...r, state: 'failed', note: failed.map((f) => f.error).join('; ') };
      // A folder or zip goes on until its last file is reported.
      if (view.state === 'running' && r.key === current) return { ...r, state: 'importing', note: `reading… ${plural(added, 'new or updated session')} so far` };
      return {
        ...r,
        state: 'done',
        note:
          `${plural(added, 'new or updated session')}${known ? `, ${known} already stored` : ''}` +
          `${failed.length ? `; ${failed.length} failed` : ''}${cancelled.length ? `; ${cancelled.length} cancelled` : ''}`,
      };
    }
    if (view.state === 'cancelled') return { ...r, state: 'cancelled', note: 'not imported' };
    if (view.state === 'done') return { ...r, state: 'done', note: 'nothing to import in it' };
    if (view.state === 'running' && r.state !== 'uploading' && r.state !== 'waiting') {
      return { ...r, state: 'importing', note: r.cancel === 'asked' ? 'cancelling…' : r.key === current ? 'reading…' : 'queued' };
    }
    return r.cancel === 'asked' ? { ...r, note: 'cancelling…' } : r;
  });
}

/** Drop zone + file picker; uploads (browser mode) or passes paths (desktop), then follows the import job with a row per file. */
export function ImportPanel({
  api,
  onImported,
  beforeImport,
  dropped,
  onDropTaken,
  onNext,
  analysing = false,
}: {
  api: ApiClient;
  /** An import ended (with its last view). */
  onImported: (view: JobView) => void;
  /** Awaited before the files are sent (see Welcome). */
  beforeImport?: () => Promise<void>;
  onNext?: (to: ImportNext) => void;
  /** An analysis is running (see ImportSummaryView). */
  analysing?: boolean;
  dropped?: { files: File[]; seq: number } | null;
  /** Called when the panel takes `dropped` for import, so the app forgets it (coming back to the panel does not import it again). */
  onDropTaken?: () => void;
}) {
  const [over, setOver] = useState(false);
  const [rows, setRows] = useState<Row[]>([]);
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  const job = useJob(api, 'import', onImported);
  const running = job.view.state === 'running';
  // Read synchronously by the upload loop and the cancel buttons (state updates land later):
  // per row, its cancel, whether its sending began, and the name its reports carry.
  const live = useRef({ cancels: new Map<number, 'unsent' | 'asked'>(), started: new Set<number>(), keys: [] as string[], jobId: null as string | null });

  const setRow = (i: number, change: Partial<Row>) => setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...change } : r)));

  const start = useCallback(
    (files: File[]) => {
      if (files.length === 0 || running) return;
      const controller = new AbortController();
      abort.current = controller;
      const now = { cancels: new Map<number, 'unsent' | 'asked'>(), started: new Set<number>(), keys: files.map((f) => f.name), jobId: null as string | null };
      live.current = now;
      setError(null);
      setRows(files.map((f) => ({ name: f.name, key: f.name, size: f.size, sent: 0, state: 'waiting', note: '' })));
      setUploading(true);
      void job.follow(async () => {
        try {
          await beforeImport?.();
          const started = await api.importFiles(files, {
            signal: controller.signal,
            skip: (i) => {
              if (now.cancels.has(i)) return true;
              now.started.add(i);
              return false;
            },
            onStored: (i, name) => {
              now.keys[i] = name;
              setRows((rs) => rs.map((r, j) => (j === i ? { ...r, key: name } : r)));
            },
            onProgress: (i, loaded) =>
              setRows((rs) => rs.map((r, j) => (j === i ? { ...r, sent: loaded, state: loaded >= r.size ? 'importing' : 'uploading', note: '' } : r))),
          });
          now.jobId = started.jobId;
          // Files cancelled while they were being sent: the engine is told at once, before the first poll.
          for (const [i, how] of now.cancels) if (how === 'asked') await api.cancelImportFile({ jobId: started.jobId, file: now.keys[i] });
          return started;
        } catch (err) {
          if ((err as Error).name === 'AbortError') throw new Error('Import cancelled before it started: nothing was imported.');
          throw err;
        } finally {
          setUploading(false);
        }
      });
    },
    [api, job, running, beforeImport],
  );
  const startRef = useRef(start);
  startRef.current = start;
  const onDropTakenRef = useRef(onDropTaken);
  onDropTakenRef.current = onDropTaken;
  // Each drop is imported once: even if the effect runs again before the app has forgotten it
  // (React's StrictMode runs effects twice).
  const handledDrop = useRef<number | null>(null);
  useEffect(() => {
    if (!dropped || handledDrop.current === dropped.seq) return;
    handledDrop.current = dropped.seq;
    onDropTakenRef.current?.();
    startRef.current(dropped.files);
  }, [dropped]);

  const cancel = () => {
    abort.current?.abort();
    void job.cancel();
  };
  /** One file's Cancel: left out if not sent yet; otherwise the engine skips it, or rolls it back if it is being read. */
  const cancelRow = (i: number) => {
    const now = live.current;
    if (now.cancels.has(i)) return;
    if (!now.started.has(i) && now.jobId === null) {
      now.cancels.set(i, 'unsent');
      setRow(i, { cancel: 'unsent' });
      return;
    }
    now.cancels.set(i, 'asked');
    setRow(i, { cancel: 'asked' });
    if (now.jobId === null) return; // sent when the job starts (see start)
    api.cancelImportFile({ jobId: now.jobId, file: now.keys[i] }).then(
      (r) => {
        // Not cancelled: it had finished (its report shows what was kept).
        if (!r.cancelled) setRow(i, { cancel: undefined });
      },
      (e: Error) => setError(`Could not cancel ${now.keys[i]}: ${e.message}`),
    );
  };
  const shown = rowsWithReports(rows, job.view);
  const cancellable = (r: Row) => running && !r.cancel && (r.state === 'waiting' || r.state === 'uploading' || r.state === 'importing');

  return (
    <div className="import">
      <div
        className={`drop-zone${over ? ' over' : ''}`}
        data-testid="drop-zone"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={() => setOver(false)}
      >
        <p>Drop log files, folders or zip exports anywhere on this window</p>
        <p className="muted">Claude Code, Codex, Claude.ai and ChatGPT exports, Gemini CLI, Cline, Aider, Copilot Chat…</p>
        <label className="button">
          Choose files…
          <input
            type="file"
            multiple
            className="visually-hidden"
            disabled={running}
            onChange={(e) => {
              start(Array.from(e.target.files ?? []));
              e.target.value = '';
            }}
          />
        </label>
      </div>
      {running && (
        <div className="row">
          <ProgressBar progress={uploading ? null : job.view.progress} label={uploading ? 'Sending files to the local server' : 'Importing'} />
          <button type="button" onClick={cancel}>
            Cancel import
          </button>
        </div>
      )}
      {shown.length > 0 && (
        <ul className="file-progress" data-testid="file-progress" aria-label="Files">
          {shown.map((r, i) => (
            <li key={`${i}-${r.name}`} data-state={r.state}>
              <progress
                max={1}
                value={r.state === 'done' || r.state === 'failed' ? 1 : r.state === 'importing' && r.note === 'reading…' ? undefined : r.size ? r.sent / r.size : 0}
                aria-label={`${r.name}: ${r.state}`}
              />
              <strong>{shortName(r.name)}</strong>
              {r.formats && r.formats.length > 0 && (
                <span className="badge format" data-testid="file-format">
                  {r.formats.join(', ')}
                </span>
              )}
              <span className={r.state === 'failed' ? 'error' : 'muted'}>
                {r.state === 'failed' ? '✗ ' : r.state === 'done' ? '✓ ' : ''}
                {r.state === 'uploading' && !r.cancel ? `sending ${Math.round((100 * r.sent) / Math.max(1, r.size))}%` : r.note || r.state}
              </span>
              {cancellable(r) && (
                <button type="button" className="small" aria-label={`Cancel ${r.name}`} onClick={() => cancelRow(i)}>
                  Cancel
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <ErrorNote error={error} />
      {!running && <ImportSummaryView view={job.view} unsent={rows.filter((r) => r.cancel === 'unsent').map((r) => r.name)} onNext={onNext} analysing={analysing} />}
    </div>
  );
}
