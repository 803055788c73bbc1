import { useRef, useState, type DragEvent } from 'react';
import type { ImportSummary } from '../../../shared/types.js';
import type { ApiClient } from '../api/client.js';
import { useJob, type JobView } from '../api/use-job.js';
import { ErrorNote, ProgressBar, shortName } from './common.js';

/** The import summary in words: what was added, what was already there, and each failure with its reason. */
export function ImportSummaryView({ view }: { view: JobView }) {
  const summary = view.result as ImportSummary | undefined;
  if (view.state === 'cancelled') {
    return (
      <section className="card" data-testid="import-summary">
        <h3>Import cancelled</h3>
        <p>{view.files.length} file(s) finished before you cancelled and were kept; the file in progress was not written.</p>
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
  const already = summary.files.filter((f) => f.alreadyImported).length;
  const failures = summary.files.filter((f) => f.error);
  return (
    <section className="card" data-testid="import-summary">
      <h3>Import finished</h3>
      <p>
        {summary.files.length} file(s) read: <strong>{summary.sessionsAdded}</strong> new session(s), {summary.sessionsUpdated} updated,{' '}
        {summary.sessionsSkipped} already stored; {summary.messagesAdded} message(s) added.
        {already > 0 ? ` ${already} file(s) had been imported before and were not read again.` : ''}
      </p>
      {failures.length > 0 && (
        <>
          <p>
            {failures.length} file(s) could not be imported; nothing of them was written, the others were:
          </p>
          <ul className="failures">
            {failures.map((f) => (
              <li key={f.file}>
                <strong>{shortName(f.file)}</strong>: {f.error}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** Drop zone + file picker; uploads (browser mode) or passes paths (desktop), then follows the import job. */
export function ImportPanel({ api, onImported }: { api: ApiClient; onImported: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const [uploading, setUploading] = useState<{ done: number; total: number } | null>(null);
  const job = useJob(api, onImported);

  const start = (files: File[]) => {
    if (files.length === 0) return;
    setUploading({ done: 0, total: files.length });
    void job.follow(async () => {
      let done = 0;
      try {
        return await api.importFiles(files, () => setUploading({ done: ++done, total: files.length }));
      } finally {
        setUploading(null);
      }
    });
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    start(Array.from(e.dataTransfer.files));
  };
  const running = job.view.state === 'running';

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
        onDrop={onDrop}
      >
        <p>Drop log files, folders' files or zip exports here</p>
        <p className="muted">Claude Code, Codex, Claude.ai and ChatGPT exports, Gemini CLI, Cline, Aider, Copilot Chat…</p>
        <label className="button">
          Choose files…
          <input
            ref={input}
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
      {uploading && (
        <p role="status">
          Sending files to the local server: {uploading.done} of {uploading.total}
        </p>
      )}
      {running && !uploading && (
        <div className="row">
          <ProgressBar progress={job.view.progress} label="Importing" />
          <button type="button" onClick={() => void job.cancel()}>
            Cancel
          </button>
        </div>
      )}
      {running && job.view.files.length > 0 && (
        <ul className="file-progress">
          {job.view.files.slice(-8).map((f) => (
            <li key={f.file}>
              {f.error ? '✗' : '✓'} {shortName(f.file)} {f.error ? `— ${f.error}` : `— ${f.sessionsAdded} new`}
            </li>
          ))}
        </ul>
      )}
      {!running && <ImportSummaryView view={job.view} />}
    </div>
  );
}
