import { importCounts, importCountWords, plural } from '../../../../shared/figures.js';
import type { FileImportReport, ImportSummary } from '../../../../shared/types.js';
import { loadSettings } from '../../config/settings.js';
import { importLimits } from '../../import/limits.js';
import { importPaths } from '../../import/run-import.js';
import type { CliContext } from '../context.js';
import { progressBar } from '../progress.js';

export function describeFile(r: FileImportReport): string {
  // The engine's words suit the app too; the terminal adds where to look.
  if (r.error) return `✗ ${r.file}: ${r.error}${r.error.startsWith('unknown format') ? ' (see `reverie formats`)' : ''}`;
  if (r.skipped) return `- ${r.file}: skipped, ${r.skipped}`;
  if (r.alreadyImported) return `= ${r.file} [${r.format}] already imported (same bytes); nothing to do`;
  const parts = [`+${plural(r.sessionsAdded, 'session')} (${plural(r.messagesAdded, 'message')})`];
  if (r.sessionsUpdated) parts.push(`${r.sessionsUpdated} updated`);
  if (r.sessionsSkipped) parts.push(`${r.sessionsSkipped} already stored`);
  return `✓ ${r.file} [${r.format}] ${parts.join(', ')}`;
}

export function describeSummary(s: ImportSummary): string {
  const skipped = s.files.filter((f) => f.skipped).length;
  const cancelled = s.files.filter((f) => f.cancelled).length;
  return (
    importCountWords(importCounts(s)) +
    (skipped ? ` ${plural(skipped, 'file')} skipped.` : '') +
    (cancelled ? ` ${plural(cancelled, 'file')} cancelled.` : '') +
    (s.failed ? ` ${plural(s.failed, 'file')} failed.` : '')
  );
}

/** `reverie import <path...>`: exit code 1 when any file failed (the others are still imported). */
export async function importCommand(ctx: CliContext, paths: string[], opts: { force?: boolean; quiet?: boolean }): Promise<number> {
  const limits = importLimits(loadSettings(ctx.dataDir));
  const bar = progressBar(!ctx.json, 'bytes');
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  let summary: ImportSummary;
  try {
    summary = await importPaths(ctx.db, paths, {
      force: opts.force,
      limits,
      signal: controller.signal,
      onProgress: bar.update,
      onFile: (r) => {
        if (ctx.json || (opts.quiet && !r.error)) return;
        bar.stop();
        (r.error ? ctx.err : ctx.out)(describeFile(r));
      },
    });
  } finally {
    bar.stop();
    process.off('SIGINT', onSigint);
  }
  if (ctx.json) ctx.out(JSON.stringify(summary, null, 2));
  else ctx.out(describeSummary(summary));
  return summary.failed > 0 ? 1 : 0;
}
