import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { ProgressEvent } from '../../../shared/api.js';
import type { JobView } from '../api/use-job.js';

export function ProgressBar({ progress, label }: { progress: ProgressEvent | null; label: string }) {
  const pct = progress && progress.total > 0 ? Math.min(100, Math.round((100 * progress.done) / progress.total)) : null;
  return (
    <div className="progress" role="status" aria-live="polite">
      <progress max={100} value={pct ?? undefined} aria-label={label} />
      <span>
        {label}
        {progress ? ` — ${progress.phase}${pct !== null ? ` ${pct}%` : ''}` : '…'}
        {progress?.item ? ` · ${shortName(progress.item)}` : ''}
      </span>
    </div>
  );
}

/** While a followed job runs: its progress and a button to cancel it; nothing otherwise. */
export function RunningJob({ job, label }: { job: { view: JobView; cancel: () => Promise<void> }; label: string }) {
  if (job.view.state !== 'running') return null;
  return (
    <>
      <ProgressBar progress={job.view.progress} label={label} />
      <button type="button" onClick={() => void job.cancel()}>
        Cancel
      </button>
    </>
  );
}

export function shortName(file: string): string {
  const parts = file.split(/[\\/]/);
  // A browser upload's batch folder (random hex) says nothing to the person: keep the file name only.
  if (parts.length > 1 && /^[0-9a-f]{24}$/.test(parts[parts.length - 2])) return parts[parts.length - 1];
  return parts.slice(-2).join('/');
}

/** An error in words, with the in-app way out beside it when there is one (never a command to type). */
export function ErrorNote({ error, action }: { error: string | null; action?: ReactNode }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {error} {action}
    </p>
  );
}

export function when(iso: string | null): string {
  if (!iso) return '';
  return iso.slice(0, 16).replace('T', ' ');
}

/** Arrow keys move between the buttons of a list (Home/End to the ends). */
export function arrowKeys(e: KeyboardEvent<HTMLElement>) {
  const keys = ['ArrowDown', 'ArrowUp', 'Home', 'End'];
  if (!keys.includes(e.key)) return;
  const items = Array.from(e.currentTarget.querySelectorAll<HTMLElement>('[data-nav]'));
  const at = items.indexOf(document.activeElement as HTMLElement);
  const next = e.key === 'Home' ? 0 : e.key === 'End' ? items.length - 1 : Math.max(0, Math.min(items.length - 1, at + (e.key === 'ArrowDown' ? 1 : -1)));
  items[next]?.focus();
  e.preventDefault();
}

/** How long feedback beside an action stays (it fades out over its last second, styles.css .action-note). */
export const ACTION_NOTE_MS = 5000;

type Notes = Record<string, { text: string; seq: number }>;

/**
 * Feedback shown beside the action that caused it ("Adopted", "Copied 3 lessons"), not at the top of
 * the page, and let go after ACTION_NOTE_MS. `say(place, text)` puts `text` at `place` (a lesson id, a
 * toolbar's name); `ActionNote` renders one place.
 */
export function useActionNotes(): { notes: Notes; say: (place: string | number, text: string) => void } {
  const [notes, setNotes] = useState<Notes>({});
  const seq = useRef(0);
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());
  useEffect(() => {
    const pending = timers.current;
    return () => pending.forEach(clearTimeout);
  }, []);
  const say = useCallback((place: string | number, text: string) => {
    const n = ++seq.current;
    const key = String(place);
    setNotes((all) => ({ ...all, [key]: { text, seq: n } }));
    const timer = setTimeout(() => {
      timers.current.delete(timer);
      // A newer note at the same place keeps its own time.
      setNotes((all) => (all[key]?.seq === n ? Object.fromEntries(Object.entries(all).filter(([k]) => k !== key)) : all));
    }, ACTION_NOTE_MS);
    timers.current.add(timer);
  }, []);
  return { notes, say };
}

/** A polite live region beside an action; always in the page so screen readers hear each new note. */
export function ActionNote({ note, testId = 'action-note' }: { note: { text: string; seq: number } | undefined; testId?: string }) {
  const here = useRef<HTMLSpanElement>(null);
  // What the action changed may push the note out of view (an adopted lesson gains its effect line): keep it in sight.
  const seq = note?.seq;
  useEffect(() => {
    if (seq !== undefined) here.current?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [seq]);
  return (
    <span ref={here} className="action-note" role="status" aria-live="polite" data-testid={testId}>
      {note && (
        <span key={note.seq} className="action-note-text">
          {note.text}
        </span>
      )}
    </span>
  );
}
