import { useEffect, useState } from 'react';
import { EXPORT_FORMATS, type ExportFormat } from '../../../shared/api.js';
import { EXPORT_FORMAT_LABELS, plural } from '../../../shared/words.js';
import type { ApiClient } from '../api/client.js';
import { ActionNote, useActionNotes } from './common.js';

/** The file name each export format is downloaded as. */
export const EXPORT_FILE_NAMES: Record<ExportFormat, string> = {
  'claude-md': 'CLAUDE.md',
  'agents-md': 'AGENTS.md',
  cursor: 'reverie-lessons.mdc',
  prompt: 'lessons-prompt.txt',
  json: 'lessons.json',
};

/** Formats whose files Reverie writes a marked section into (the rest of the file is the person's). */
const SECTIONED: readonly ExportFormat[] = ['claude-md', 'agents-md'];

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * Exporting the adopted lessons, near the top of the Lessons screen: a format, Download, Copy, and
 * the exact text behind a disclosure. `version` changes whenever the lessons do, so the preview follows.
 */
export function LessonsExport({ api, version, onError }: { api: ApiClient; version: number; onError: (message: string) => void }) {
  const [format, setFormat] = useState<ExportFormat>('claude-md');
  const [preview, setPreview] = useState<{ text: string; count: number } | null>(null);
  const { notes, say } = useActionNotes();
  useEffect(() => {
    let live = true;
    api.exportPreview({ format, includeDrafts: false }).then(
      (p) => live && setPreview(p),
      (e: Error) => live && onError(e.message),
    );
    return () => {
      live = false;
    };
  }, [api, format, version, onError]);
  const name = EXPORT_FILE_NAMES[format];
  const count = preview?.count ?? 0;
  const copy = async () => {
    if (!preview) return;
    try {
      await navigator.clipboard.writeText(preview.text);
      say('export', `Copied the ${EXPORT_FORMAT_LABELS[format]} text with ${plural(count, 'adopted lesson')}.`);
    } catch (e) {
      onError(`Could not copy: ${(e as Error).message}`);
    }
  };
  return (
    <section className="card export-bar" data-testid="export-panel" aria-labelledby="export-heading">
      <div className="row">
        <h3 id="export-heading">Export {plural(count, 'adopted lesson')}</h3>
        <label>
          as{' '}
          <select value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)} data-testid="export-format">
            {EXPORT_FORMATS.map((f) => (
              <option key={f} value={f}>
                {EXPORT_FORMAT_LABELS[f]}
              </option>
            ))}
          </select>
        </label>
        <button type="button" disabled={!preview || count === 0} onClick={() => preview && download(name, preview.text)} data-testid="export-download">
          Download {name}
        </button>
        <button type="button" disabled={!preview || count === 0} onClick={() => void copy()} data-testid="export-copy">
          Copy
        </button>
        <ActionNote note={notes.export} />
      </div>
      <p className="muted small">
        {count === 0
          ? 'Nothing is adopted yet: adopt the lessons you want your agent to follow, and they appear here.'
          : SECTIONED.includes(format)
            ? `Already have a ${name}? Copy, then paste over the part between the <!-- reverie:start --> and <!-- reverie:end --> lines; the rest of your file stays yours.`
            : `Save it where your agent reads its instructions.`}
      </p>
      <details>
        <summary>Show the exact text</summary>
        <pre className="export-preview" data-testid="export-preview" tabIndex={0}>
          {preview?.text}
        </pre>
      </details>
    </section>
  );
}
