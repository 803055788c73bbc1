import { useCallback, useEffect, useState } from 'react';
import { EXPORT_FORMATS, type ExportFormat } from '../../../shared/api.js';
import type { Lesson } from '../../../shared/types.js';
import type { ApiClient } from '../api/client.js';
import { ErrorNote } from './common.js';

/** The text one lesson contributes to a system prompt. */
export function lessonText(l: Lesson): string {
  return `${l.title}: ${l.rule}${l.appliesWhen ? ` (${l.appliesWhen})` : ''}`;
}

export function Lessons({ api, onChanged }: { api: ApiClient; onChanged: () => void }) {
  const [lessons, setLessons] = useState<Lesson[]>([]);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [format, setFormat] = useState<ExportFormat>('claude-md');
  const [preview, setPreview] = useState<{ text: string; count: number } | null>(null);

  const load = useCallback(() => {
    api.listLessons({}).then(setLessons, (e: Error) => setError(e.message));
    api.exportPreview({ format, includeDrafts: false }).then(setPreview, (e: Error) => setError(e.message));
  }, [api, format]);
  useEffect(load, [load]);

  const act = async (work: () => Promise<unknown>, done?: string) => {
    setError(null);
    try {
      await work();
      if (done) setNote(done);
      load();
      onChanged();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const writeDrafts = async () => {
    setBusy(true);
    await act(async () => {
      const r = await api.writeOfflineLessons({});
      setNote(`Wrote ${r.written} local draft(s); ${r.skipped.length} cluster(s) skipped. Nothing left this machine.`);
    });
    setBusy(false);
  };

  const copy = async (l: Lesson) => {
    try {
      await navigator.clipboard.writeText(lessonText(l));
      setNote(`Copied “${l.title}”`);
    } catch (e) {
      setError(`Could not copy: ${(e as Error).message}`);
    }
  };

  return (
    <div>
      <div className="toolbar">
        <button type="button" className="primary" disabled={busy} onClick={() => void writeDrafts()}>
          {busy ? 'Writing…' : 'Write offline drafts'}
        </button>
        <span className="muted">Drafts are written on this machine from each cluster&apos;s keywords and examples.</span>
      </div>
      {note && (
        <p role="status" className="note">
          {note}
        </p>
      )}
      <ErrorNote error={error} />
      {lessons.length === 0 && <p className="muted">No lessons yet. Analyse your sessions, then write drafts.</p>}
      <div className="cards">
        {lessons.map((l) => (
          <article key={l.id} className={`card lesson ${l.status}`} data-testid="lesson-card">
            <header>
              <h3>{l.title}</h3>
              <span className={`badge ${l.status}`}>{l.status}</span>
            </header>
            <p className="rule">{l.rule}</p>
            {l.why && <p className="muted small">Why: {l.why}</p>}
            {l.appliesWhen && <p className="muted small">When: {l.appliesWhen}</p>}
            <p className="muted small">
              {l.source === 'local' ? 'local draft' : `by ${l.model ?? 'Claude'}`} · {l.evidence.length} moment(s) of evidence
            </p>
            <div className="row">
              <button type="button" data-testid="copy-lesson" onClick={() => void copy(l)}>
                Copy
              </button>
              {l.status !== 'adopted' && (
                <button type="button" onClick={() => void act(() => api.adoptLesson({ id: l.id }), `Adopted “${l.title}”`)}>
                  Adopt
                </button>
              )}
              <button type="button" onClick={() => void act(() => api.retireLesson({ id: l.id }), `Retired “${l.title}”`)}>
                Retire
              </button>
            </div>
          </article>
        ))}
      </div>
      <section className="card">
        <h3>Export adopted lessons</h3>
        <label>
          Format{' '}
          <select value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)}>
            {EXPORT_FORMATS.map((f) => (
              <option key={f}>{f}</option>
            ))}
          </select>
        </label>
        <p className="muted small">{preview?.count ?? 0} adopted lesson(s). To write into a file: <code>reverie export --format {format} --out FILE</code>.</p>
        <pre className="export-preview" data-testid="export-preview" tabIndex={0}>
          {preview?.text}
        </pre>
      </section>
    </div>
  );
}
