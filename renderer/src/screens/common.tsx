import type { ProgressEvent } from '../../../shared/api.js';

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

export function shortName(file: string): string {
  const parts = file.split(/[\\/]/);
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
