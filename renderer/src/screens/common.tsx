import type { KeyboardEvent } from 'react';
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

export function ErrorNote({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {error}
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
