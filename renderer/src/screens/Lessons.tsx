import { useCallback, useEffect, useState } from 'react';
import { EXPORT_FORMATS, type ExportFormat, type LessonPlanView, type SendLessonsResult } from '../../../shared/api.js';
import { draftCountWords, evidenceWords, plural } from '../../../shared/figures.js';
import type { Lesson } from '../../../shared/types.js';
import type { ApiClient } from '../api/client.js';
import { useJob } from '../api/use-job.js';
import { ConsentPanel } from './Consent.js';
import { ErrorNote } from './common.js';
import { LessonCounters, LessonEffectNote, useLessonEffects } from './LessonEffect.js';
import { LessonPlaceNote, useLessonPlaces } from './LessonPlace.js';

/** The text one lesson contributes to a system prompt. */
export function lessonText(l: Lesson): string {
  return `${l.title}: ${l.rule}${l.appliesWhen ? ` (${l.appliesWhen})` : ''}`;
}

/** The file name each export format is downloaded as. */
export const EXPORT_FILE_NAMES: Record<ExportFormat, string> = {
  'claude-md': 'CLAUDE.md',
  'agents-md': 'AGENTS.md',
  cursor: 'reverie-lessons.mdc',
  prompt: 'lessons-prompt.txt',
  json: 'lessons.json',
};

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function Lessons({
  api,
  onChanged,
  onOpenCluster,
  focusLesson,
  status,
  onGo,
}: {
  api: ApiClient;
  onChanged: () => void;
  onOpenCluster?: (clusterId: number) => void;
  /** A lesson to scroll to and mark (opened from its pattern). */
  focusLesson?: number;
  /** The store's counts, for what to do when there are no lessons yet. */
  status?: { sessions: number; clusters: number } | null;
  onGo?: (screen: 'import' | 'patterns' | 'settings') => void;
}) {
  const [lessons, setLessons] = useState<Lesson[]>([]);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [format, setFormat] = useState<ExportFormat>('claude-md');
  const [preview, setPreview] = useState<{ text: string; count: number } | null>(null);
  const [plan, setPlan] = useState<LessonPlanView | null>(null);
  const [editing, setEditing] = useState<number | null>(null);
  const { effects, reload: reloadEffects } = useLessonEffects(api, setError);
  const { places, reload: reloadPlaces } = useLessonPlaces(api, setError);

  const load = useCallback(() => {
    api.listLessons({}).then(setLessons, (e: Error) => setError(e.message));
    api.exportPreview({ format, includeDrafts: false }).then(setPreview, (e: Error) => setError(e.message));
    reloadEffects();
    reloadPlaces();
  }, [api, format, reloadEffects, reloadPlaces]);
  useEffect(load, [load]);
  // Opened from its pattern: the lesson's card is brought into view.
  const focusedHere = lessons.some((l) => l.id === focusLesson);
  useEffect(() => {
    if (!focusedHere || focusLesson === undefined) return;
    const el = document.getElementById(`lesson-${focusLesson}`);
    el?.scrollIntoView({ block: 'center' });
    el?.focus({ preventScroll: true });
  }, [focusedHere, focusLesson]);

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
      const skipped = r.skipped.length ? ` ${plural(r.skipped.length, 'pattern')} skipped.` : '';
      setNote(`${draftCountWords(r)}${skipped} Nothing left this machine.`);
    });
    setBusy(false);
  };

  const copyText = async (text: string, done: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setNote(done);
    } catch (e) {
      setError(`Could not copy: ${(e as Error).message}`);
    }
  };
  const copy = (l: Lesson) => copyText(lessonText(l), `Copied “${l.title}”`);
  const live = lessons.filter((l) => l.status !== 'retired');
  const copyAll = () => copyText(live.map(lessonText).join('\n'), `Copied ${live.length} lesson(s)`);

  const askClaude = async () => {
    setBusy(true);
    setError(null);
    try {
      setPlan(await api.planLessons({}));
    } catch (e) {
      setError((e as Error).message);
    }
    setBusy(false);
  };
  // Sending is a job: one request after another, with progress, cancellable between requests.
  const sending = useJob(api, (view) => {
    setPlan(null);
    const r = view.result as SendLessonsResult | undefined;
    if (view.state === 'failed' || !r) setError(view.error ?? 'Sending stopped.');
    else setNote(sentWords(r, view.state === 'cancelled'));
    load();
    onChanged();
  });
  const send = (planId: string, clusterIds: number[]) => {
    setError(null);
    setNote(null);
    void sending.follow(() => api.sendLessons({ planId, clusterIds }));
  };

  return (
    <div>
      <div className="toolbar">
        <button type="button" className="primary" disabled={busy} onClick={() => void writeDrafts()}>
          {busy ? 'Writing…' : 'Write offline drafts'}
        </button>
        <button type="button" disabled={busy || sending.view.state === 'running'} onClick={() => void askClaude()}>
          Ask Claude…
        </button>
        <button type="button" disabled={live.length === 0} onClick={() => void copyAll()}>
          Copy all
        </button>
        <span className="muted">Drafts are written on this machine from each cluster&apos;s keywords and examples. Asking Claude shows you every byte first.</span>
      </div>
      {plan && (
        <ConsentPanel
          plan={plan}
          busy={busy}
          sending={sending.view}
          onSend={(ids) => send(plan.planId, ids)}
          onSettings={() => onGo?.('settings')}
          onCancel={() => (setPlan(null), setNote('Nothing was sent.'))}
          onStop={() => void sending.cancel()}
        />
      )}
      {note && (
        <p role="status" className="note">
          {note}
        </p>
      )}
      <ErrorNote error={error} />
      {lessons.length === 0 && (
        <p className="muted row" data-testid="lessons-empty">
          {status && status.clusters > 0 ? (
            <>
              No lessons yet, and {status.clusters} pattern(s) are waiting.{' '}
              <button type="button" className="primary" data-testid="next-step" disabled={busy} onClick={() => void writeDrafts()}>
                Write a draft for each, on this machine
              </button>
            </>
          ) : status && status.sessions > 0 ? (
            <>
              No lessons yet: lessons are written from recurring patterns, and your {status.sessions} session(s) have not been analysed.{' '}
              <button type="button" className="primary" data-testid="next-step" onClick={() => onGo?.('patterns')}>
                Analyse them first →
              </button>
            </>
          ) : (
            <>
              No lessons yet, and nothing is imported.{' '}
              <button type="button" className="primary" data-testid="next-step" onClick={() => onGo?.('import')}>
                Import logs first →
              </button>
            </>
          )}
        </p>
      )}
      <div className="cards">
        {lessons.map((l) => (
          <article
            key={l.id}
            id={`lesson-${l.id}`}
            tabIndex={l.id === focusLesson ? -1 : undefined}
            className={`card lesson ${l.status}${l.id === focusLesson ? ' focused' : ''}`}
            data-testid="lesson-card"
            data-focused={l.id === focusLesson ? 'true' : undefined}
          >
            {editing === l.id ? (
              <LessonEditor
                lesson={l}
                onCancel={() => setEditing(null)}
                onSave={(changes) =>
                  void act(async () => {
                    await api.updateLesson({ id: l.id, ...changes });
                    setEditing(null);
                  }, `Saved “${changes.title}”`)
                }
              />
            ) : (
              <>
            <header>
              <h3>{l.title}</h3>
              <span className={`badge ${l.status}`}>{l.status}</span>
            </header>
            <p className="rule">{l.rule}</p>
            {l.why && <p className="muted small">Why: {l.why}</p>}
            {l.appliesWhen && <p className="muted small">When: {l.appliesWhen}</p>}
            <p className="muted small">
              {l.source === 'local' ? 'local draft' : `by ${l.model ?? 'Claude'}`} ·{' '}
              {l.clusterId !== null && onOpenCluster ? (
                <button type="button" className="link" data-testid="evidence-link" onClick={() => onOpenCluster(l.clusterId!)}>
                  {evidenceWords(l.evidence.length, l.patternSeen ?? null)} →
                </button>
              ) : (
                evidenceWords(l.evidence.length, l.patternSeen ?? null)
              )}
            </p>
            <LessonEffectNote effect={effects.get(l.id)} lesson={l} />
            {l.status !== 'retired' && (
              <LessonPlaceNote
                place={places.get(l.id)}
                api={api}
                onDone={(message) => {
                  setNote(message);
                  reloadPlaces();
                }}
              />
            )}
            <div className="row">
              <button type="button" data-testid="copy-lesson" onClick={() => void copy(l)}>
                Copy
              </button>
              {l.status !== 'adopted' && (
                <button type="button" onClick={() => void act(() => api.adoptLesson({ id: l.id }), `Adopted “${l.title}”`)}>
                  Adopt
                </button>
              )}
              {l.status !== 'retired' && (
                <button type="button" onClick={() => setEditing(l.id)}>
                  Edit
                </button>
              )}
              <button type="button" onClick={() => void act(() => api.retireLesson({ id: l.id }), `Retired “${l.title}”`)}>
                Retire
              </button>
              <LessonCounters lesson={l} onBump={(counter) => void act(() => api.bumpLesson({ id: l.id, counter }))} />
            </div>
              </>
            )}
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
        <button type="button" disabled={!preview} onClick={() => preview && download(EXPORT_FILE_NAMES[format], preview.text)}>
          Download {EXPORT_FILE_NAMES[format]}
        </button>
        <p className="muted small">
          {preview?.count ?? 0} adopted lesson(s). To update the section inside an existing file in place: <code>reverie export --format {format} --out FILE</code>.
        </p>
        <pre className="export-preview" data-testid="export-preview" tabIndex={0}>
          {preview?.text}
        </pre>
      </section>
    </div>
  );
}

type LessonWords = { title: string; rule: string; why: string | null; appliesWhen: string | null };

function LessonEditor({ lesson, onSave, onCancel }: { lesson: Lesson; onSave: (w: LessonWords) => void; onCancel: () => void }) {
  const [w, setW] = useState<LessonWords>({ title: lesson.title, rule: lesson.rule, why: lesson.why, appliesWhen: lesson.appliesWhen });
  return (
    <form
      className="lesson-editor"
      onSubmit={(e) => {
        e.preventDefault();
        onSave({ ...w, why: w.why || null, appliesWhen: w.appliesWhen || null });
      }}
      onKeyDown={(e) => e.key === 'Escape' && onCancel()}
    >
      <label>
        Title
        <input autoFocus required value={w.title} onChange={(e) => setW({ ...w, title: e.target.value })} />
      </label>
      <label>
        Rule
        <textarea required rows={3} value={w.rule} onChange={(e) => setW({ ...w, rule: e.target.value })} />
      </label>
      <label>
        Why
        <textarea rows={2} value={w.why ?? ''} onChange={(e) => setW({ ...w, why: e.target.value })} />
      </label>
      <label>
        When it applies
        <input value={w.appliesWhen ?? ''} onChange={(e) => setW({ ...w, appliesWhen: e.target.value })} />
      </label>
      {lesson.status === 'adopted' && <p className="muted small">Saving new words turns it back into a draft: adopt it again to export it.</p>}
      <div className="row">
        <button type="submit" className="primary">
          Save
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** What a send did, in words: the requests answered, the changes, the replies that could not be read. */
function sentWords(r: SendLessonsResult, cancelled: boolean): string {
  const failures = r.failures.length
    ? ` ${r.failures.length} repl(ies) could not be read: ${r.failures.map((f) => `${f.pattern ? `“${f.pattern}”` : `pattern ${f.clusterId}`}: ${f.error}`).join('; ')}.`
    : '';
  if (cancelled) {
    return (
      `Stopped after ${r.sent} of ${r.planned} request(s) were answered; ${r.changes} change(s) to the lessons.${failures}` +
      ` The other ${r.planned - r.sent} were not sent after you cancelled. Everything that left is in the Outbox.`
    );
  }
  return `Sent ${r.sent} request(s) to Claude; ${r.changes} change(s) to the lessons.${failures} Every request is in the Outbox.`;
}
