import cliProgress from 'cli-progress';
import type { Progress } from '../../../shared/types.js';
import { showControls } from '../../../shared/untrusted-text.js';

/**
 * A progress bar on stderr when it is a terminal (never in --json mode or when piped,
 * where it would only be noise). Returns the callback to feed and a stop function.
 */
export function progressBar(enabled: boolean, unit: 'bytes' | 'items' = 'items'): {
  update: (p: Progress) => void;
  stop: () => void;
} {
  if (!enabled || !process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const format =
    unit === 'bytes'
      ? '{phase} [{bar}] {percentage}% | {doneMB}/{totalMB} MB | {item}'
      : '{phase} [{bar}] {percentage}% | {value}/{total} | {item}';
  const bar = new cliProgress.SingleBar(
    { format, stream: process.stderr, hideCursor: true, clearOnComplete: true, etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  const mb = (n: number) => (n / 1e6).toFixed(1);
  return {
    update: (p) => {
      const payload = { phase: p.phase, item: p.item ? shorten(p.item) : '', doneMB: mb(p.done), totalMB: mb(p.total) };
      if (!started) {
        bar.start(Math.max(1, p.total), p.done, payload);
        started = true;
      } else {
        bar.setTotal(Math.max(1, p.total));
        bar.update(p.done, payload);
      }
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

/** A file name (a zip member's may hold anything) shortened, with its control characters visible. */
function shorten(raw: string): string {
  const name = showControls(raw).replace(/\n/g, '⏎');
  return name.length > 48 ? `…${name.slice(-47)}` : name;
}
