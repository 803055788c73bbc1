import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { LessonPlanView, SendLessonsResult } from '../../../shared/api.js';
import { draftCountWords, evidenceWords, plural } from '../../../shared/figures.js';
import { lessonLine } from '../../../shared/lesson-text.js';
import type { Lesson } from '../../../shared/types.js';
import type { ApiClient } from '../api/client.js';
import { useJob } from '../api/use-job.js';
import { ConsentPanel } from './Consent.js';
import { ActionNote, ErrorNote, useActionNotes } from './common.js';
import { LessonCounters, LessonEffectNote, useLessonEffects } from './LessonEffect.js';
import { LessonPlaceNote, useLessonPlaces } from './LessonPlace.js';
import { LessonsExport } from './LessonsExport.js';

/** What "Copy all adopted" copied, in words: how many, and which (the first few by title). */
export function copiedWords(lessons: readonly Lesson[]): string {
  const titles = lessons.slice(0, 3).map((l) => `“${l.title}”`);
  const more = lessons.length > 3 ? ` and ${lessons.length - 3} more` : '';
  return `Copied ${plural(lessons.length, 'adopted lesson')}: ${titles.join(', ')}${more}.`;
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
  const [version, setVersion] = useState(0);
  const [plan, setPlan] = useState<LessonPlanView | null>(null);
  const [editing, setEditing] = useState<number | null>(null);
  // Lessons retired a moment ago keep their place (as a line saying so) until the page is next loaded.
  const [justRetired, setJustRetired] = useState<Set<number>>(new Set());
  const { notes, say } = useActionNotes();
  const { effects, reload: reloadEffects } = useLessonEffects(api, setError);
  const { places, reload: reloadPlaces } = useLessonPlaces(api, setError);

  const load = useCallback(() => {
    api.listLessons({ includeRetired: true }).then(setLessons, (e: Error) => setError(e.message));
    setVersion((v) => v + 1);
    reloadEffects();
    reloadPlaces();
  }, [api, reloadEffects, reloadPlaces]);
  useEffect(load, [load]);
  const shown = lessons.filter((l) => l.status !== 'retired' || justRetired.has(l.id));
  // Opened from its pattern: the lesson's card is brought into view.
  const focusedHere = shown.some((l) => l.id === focusLesson);
  useEffect(() => {
    if (!focusedHere || focusLesson === undefined) return;
    const el = document.getElementById(`lesson-${focusLesson}`);
    el?.scrollIntoView({ block: 'center' });
    el?.focus({ preventScroll: true });
  }, [focusedHere, focusLesson]);

  /** Runs a change to one lesson; its feedback appears on that lesson's card, beside the buttons. */
  const act = async (id: number, work: () => Promise<unknown>, done?: string) => {
    setError(null);
    try {
      await work();
      if (done) say(id, done);
      load();
      onChanged();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const writeDrafts = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.writeOfflineLessons({});
      const skipped = r.skipped.length ? ` ${plural(r.skipped.length, 'pattern')} skipped.` : '';
      setNote(`${draftCountWords(r)}${skipped} Nothing left this machine.`);
      load();
      onChanged();
    } catch (e) {
      setError((e as Error).message);
    }
    setBusy(false);
  };

  const copyText = async (text: string, place: string | number, done: string) => {
    try {
      await navigator.clipboard.writeText(text);
      say(place, done);
    } catch (e) {
      setError(`Could not copy: ${(e as Error).message}`);
    }
  };
  const adopted = lessons.filter((l) => l.status === 'adopted');
  const copyAll = () => copyText(adopted.map((l) => lessonLine(l)).join('\n'), 'toolbar', copiedWords(adopted));

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
  const sending = useJob(api, 'lessons', (view) => {
    setPlan(null);
    const r = view.result;
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
        <button
          type="button"
          disabled={adopted.length === 0}
          title={adopted.length === 0 ? 'Adopt a lesson first' : undefined}
          onClick={() => void copyAll()}
        >
          Copy all adopted ({adopted.length})
        </button>
        <ActionNote note={notes.toolbar} />
      </div>
      <p className="muted small">Drafts are written on this machine from each pattern&apos;s keywords and examples. Asking Claude shows you every byte first.</p>
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
      <ErrorNote
        error={error}
        action={
          error && /API key/.test(error) ? (
            <button type="button" className="link" data-testid="error-action" onClick={() => onGo?.('settings')}>
              Open Settings to set the key →
            </button>
          ) : null
        }
      />
      {lessons.length > 0 && <LessonsExport api={api} version={version} onError={setError} />}
      {shown.length === 0 && (
        <p className="muted row" data-testid="lessons-empty">
          {status && status.clusters > 0 ? (
            <>
              No lessons yet, and {plural(status.clusters, 'pattern')} {status.clusters === 1 ? 'is' : 'are'} waiting.{' '}
              <button type="button" className="primary" data-testid="next-step" disabled={busy} onClick={() => void writeDrafts()}>
                Write a draft for each, on this machine
              </button>
            </>
          ) : status && status.sessions > 0 ? (
            <>
              No lessons yet: lessons are written from recurring patterns, and your {plural(status.sessions, 'session')} {status.sessions === 1 ? 'has' : 'have'} not been analysed.{' '}
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
        {shown.map((l) =>
          l.status === 'retired' ? (
            <article key={l.id} id={`lesson-${l.id}`} className="card lesson retired" data-testid="lesson-retired">
              <p className="muted">
                Retired “{l.title}”: it is no longer exported. <ActionNote note={notes[l.id]} />
              </p>
            </article>
          ) : (
            <article
              key={l.id}
              id={`lesson-${l.id}`}
              tabIndex={l.id === focusLesson ? -1 : undefined}
              className={`card lesson ${l.status}${l.id === focusLesson ? ' focused' : ''}${editing === l.id ? ' editing' : ''}`}
              data-testid="lesson-card"
              data-focused={l.id === focusLesson ? 'true' : undefined}
            >
              {editing === l.id ? (
                <LessonEditor
                  lesson={l}
                  onCancel={() => setEditing(null)}
                  onSave={(changes) =>
                    void act(
                      l.id,
                      async () => {
                        await api.updateLesson({ id: l.id, ...changes });
                        setEditing(null);
                      },
                      'Saved.',
                    )
                  }
                />
              ) : (
                <LessonBody
                  lesson={l}
                  effect={
                    <>
                      <LessonEffectNote effect={effects.get(l.id)} lesson={l} />
                      <LessonPlaceNote
                        place={places.get(l.id)}
                        api={api}
                        onDone={(message) => {
                          setNote(message);
                          reloadPlaces();
                        }}
                      />
                    </>
                  }
                  onOpenCluster={onOpenCluster}
                  actions={
                    <div className="lesson-actions">
                      {/* On a line of its own that is always there, so a note never moves the buttons. */}
                      <ActionNote note={notes[l.id]} />
                      <div className="row">
                      <button type="button" data-testid="copy-lesson" onClick={() => void copyText(lessonLine(l), l.id, 'Copied to the clipboard.')}>
                        Copy
                      </button>
                      {l.status !== 'adopted' && (
                        <button type="button" onClick={() => void act(l.id, () => api.adoptLesson({ id: l.id }), 'Adopted: it is in the export now.')}>
                          Adopt
                        </button>
                      )}
                      <button type="button" onClick={() => setEditing(l.id)}>
                        Edit
                      </button>
                      <button
                        type="button"
                        onClick={() =>
                          void act(l.id, async () => {
                            await api.retireLesson({ id: l.id });
                            setJustRetired((r) => new Set(r).add(l.id));
                          })
                        }
                      >
                        Retire
                      </button>
                      {/* Only an adopted lesson is in an agent's prompt, so only it can have helped or harmed. */}
                      {l.status === 'adopted' && (
                        <LessonCounters lesson={l} onBump={(counter) => void act(l.id, () => api.bumpLesson({ id: l.id, counter }), `Counted as ${counter}.`)} />
                      )}
                      </div>
                    </div>
                  }
                />
              )}
            </article>
          ),
        )}
      </div>
    </div>
  );
}

/** A lesson's words, where it comes from and its evidence, then its actions. */
function LessonBody({
  lesson: l,
  effect,
  actions,
  onOpenCluster,
}: {
  lesson: Lesson;
  effect: ReactNode;
  actions: ReactNode;
  onOpenCluster?: (clusterId: number) => void;
}) {
  const evidence = evidenceWords(l.evidence.length, l.patternSeen ?? null);
  return (
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
            {evidence} →
          </button>
        ) : (
          evidence
        )}
      </p>
      {actions}
      {/* Below the buttons: it arrives after an adoption and must not push them away. */}
      {effect}
    </>
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
        <textarea required rows={5} value={w.rule} onChange={(e) => setW({ ...w, rule: e.target.value })} />
      </label>
      <label>
        Why
        <textarea rows={4} value={w.why ?? ''} onChange={(e) => setW({ ...w, why: e.target.value })} />
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
    ? ` ${plural(r.failures.length, 'reply', 'replies')} could not be read: ${r.failures.map((f) => `${f.pattern ? `“${f.pattern}”` : `pattern ${f.clusterId}`}: ${f.error}`).join('; ')}.`
    : '';
  if (cancelled) {
    return (
      `Stopped after ${r.sent} of ${plural(r.planned, 'request')} ${r.sent === 1 ? 'was' : 'were'} answered; ${plural(r.changes, 'change')} to the lessons.${failures}` +
      ` The other ${r.planned - r.sent} were not sent after you cancelled. Everything that left is in the Outbox.`
    );
  }
  return `Sent ${plural(r.sent, 'request')} to Claude; ${plural(r.changes, 'change')} to the lessons.${failures} Every request is in the Outbox.`;
}
