import { TREND_RECENT_WEEKS, TREND_WORDS } from '../../../../shared/api.js';
import path from 'node:path';
import { loadSettings } from '../../config/settings.js';
import { dreamLoop, lastDreamStart, listDreamRuns, runDream, type DreamRun, type DreamTrigger } from '../../dream/dream-run.js';
import { DreamScheduler } from '../../dream/schedule.js';
import { lessonEffects, type LessonEffect } from '../../dream/effect.js';
import { clusterTrends, type ClusterTrend } from '../../dream/trends.js';
import { addWatched, detectSources, listWatched, removeWatched } from '../../dream/watched.js';
import { closeEmbedPools } from '../../embed/embed-texts.js';
import { CliError, type CliContext } from '../context.js';
import { embedConfig } from '../embed-config.js';
import { progressBar } from '../progress.js';

/*
 * `reverie dream`, `reverie watch`, `reverie effect` and `reverie trends`: the commands of
 * continuous learning. Reports cover every stored session unless narrowed by --project,
 * --since and --until.
 */

function renderRun(r: DreamRun): string {
  const when = r.startedAt.slice(0, 19).replace('T', ' ');
  const how =
    r.stats?.mode === 'incremental'
      ? `incremental: ${r.stats.assigned ?? 0} assigned, ${r.stats.unassigned ?? 0} unassigned`
      : r.stats?.reclusterReason
        ? `full: ${r.stats.reclusterReason}`
        : null;
  const analysis =
    r.analysisRunId === null ? (r.stats?.analysisSkipped ?? 'no analysis') : `analysis #${r.analysisRunId}${how ? ` (${how})` : ''}`;
  const missing = r.stats?.missing.length ? `; missing: ${r.stats.missing.join(', ')}` : '';
  return (
    `#${r.id} ${when} (${r.trigger}) read ${r.filesRead} files, ${r.sessionsAdded} new and ${r.sessionsUpdated} grown sessions, ` +
    `${r.momentsAdded} new moments, ${r.clustersChanged} clusters changed (${r.stats?.clustersNew ?? 0} new, ` +
    `${r.stats?.clustersGone ?? 0} gone); ${analysis}; ${(r.seconds ?? 0).toFixed(1)} s${missing}${r.error ? `; failed: ${r.error}` : ''}`
  );
}

export async function dreamCommand(ctx: CliContext, opts: { watch?: boolean; interval?: string; runs?: boolean }): Promise<number> {
  if (opts.runs) {
    const runs = listDreamRuns(ctx.db);
    if (ctx.json) ctx.out(JSON.stringify(runs, null, 2));
    else if (runs.length === 0) ctx.out('No dream runs yet. Run `reverie dream`.');
    else for (const r of runs) ctx.out(renderRun(r));
    return 0;
  }
  // --watch follows the schedule in settings (dreamSchedule, dreamAt) unless --interval says otherwise.
  const minutes = opts.interval === undefined ? null : Number(opts.interval);
  if (minutes !== null && !(minutes > 0)) throw new CliError(`--interval takes a number of minutes, got "${opts.interval}"`);
  const schedule = opts.watch && minutes === null ? loadSettings(ctx.dataDir) : null;
  if (schedule?.dreamSchedule === 'off') {
    throw new CliError('dreamSchedule is off: turn it on with `reverie settings dreamSchedule nightly` (or hourly), or give --interval MINUTES');
  }
  if (listWatched(ctx.db).length === 0 && !ctx.json) {
    ctx.err('Nothing is watched yet: see `reverie watch detect` and `reverie watch add <folder>`. Analysing what is stored.');
  }
  const { model, modelsDir } = embedConfig(ctx);
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  const show = (run: DreamRun) => ctx.out(ctx.json ? JSON.stringify(run, null, opts.watch ? undefined : 2) : renderRun(run));
  const once = async (trigger: DreamTrigger, signal = controller.signal) => {
    const bar = progressBar(!ctx.json && !opts.watch);
    try {
      const run = await runDream(ctx.db, { dataDir: ctx.dataDir, model, modelsDir, signal, onProgress: bar.update, trigger });
      bar.stop();
      show(run);
      return run;
    } finally {
      bar.stop();
    }
  };
  try {
    if (!opts.watch) {
      await once('manual');
      return 0;
    }
    if (schedule) {
      // One run now (asked for), then the schedule; a run the schedule starts is stopped by Ctrl-C.
      try {
        await once('watch');
      } catch (err) {
        if (controller.signal.aborted) return 0;
        ctx.err(`dream run failed: ${(err as Error).message}`);
      }
      const scheduler = new DreamScheduler({
        run: (trigger, signal) => once(trigger, signal),
        settings: () => loadSettings(ctx.dataDir),
        lastRun: () => lastDreamStart(ctx.db),
        onRun: (o) => o.error && !controller.signal.aborted && ctx.err(`dream run failed: ${o.error.message}`),
        onError: (err) => ctx.err(`dream schedule: ${err.message}`),
      });
      scheduler.start();
      if (!ctx.json) {
        const when = scheduler.nextRunAt?.toLocaleString() ?? 'when the schedule allows';
        const at = schedule.dreamSchedule === 'hourly' ? `minute ${schedule.dreamAt.slice(3)}` : schedule.dreamAt;
        ctx.err(`Dreaming ${schedule.dreamSchedule} (at ${at}); next run ${when}. Ctrl-C to stop.`);
      }
      await new Promise<void>((resolve) => {
        if (controller.signal.aborted) resolve();
        else controller.signal.addEventListener('abort', () => resolve(), { once: true });
      });
      await scheduler.stop();
      return 0;
    }
    if (!ctx.json) ctx.err(`Dreaming every ${minutes} minutes; Ctrl-C to stop.`);
    await dreamLoop(() => once('watch').then(() => undefined), {
      intervalMs: minutes! * 60_000,
      signal: controller.signal,
      onError: (err) => ctx.err(`dream run failed: ${err.message}`),
    });
    return 0;
  } finally {
    process.off('SIGINT', onSigint);
    await closeEmbedPools();
  }
}

export function watchCommand(ctx: CliContext, action = 'list', target?: string, opts: { add?: boolean } = {}): number {
  const need = () => {
    if (!target) throw new CliError(`reverie watch ${action} needs a path`);
    return target;
  };
  try {
    if (action === 'add') {
      const added = addWatched(ctx.db, need());
      ctx.out(added ? `Watching ${path.resolve(need())}; \`reverie dream\` imports what is new there.` : 'Already watched.');
      return 0;
    }
    if (action === 'remove') {
      if (!removeWatched(ctx.db, need())) throw new CliError(`${need()} is not watched`);
      ctx.out('No longer watched (its sessions stay in the store).');
      return 0;
    }
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError((err as Error).message);
  }
  if (action === 'detect') {
    const found = detectSources(ctx.db);
    if (opts.add) for (const f of found) if (!f.watched) addWatched(ctx.db, f.path);
    const rows = found.map((f) => ({ ...f, watched: f.watched || opts.add === true }));
    if (ctx.json) ctx.out(JSON.stringify(rows, null, 2));
    else if (rows.length === 0) ctx.out('No known agent log folders found (~/.claude/projects, ~/.codex/sessions).');
    else {
      for (const f of rows) ctx.out(`${f.watched ? 'watched ' : 'found   '} ${f.tool}: ${f.path}`);
      if (rows.some((f) => !f.watched)) ctx.out('Add them with `reverie watch detect --add`.');
    }
    return 0;
  }
  if (action !== 'list') throw new CliError('watch takes add, remove, list or detect');
  const rows = listWatched(ctx.db);
  if (ctx.json) ctx.out(JSON.stringify(rows, null, 2));
  else if (rows.length === 0) ctx.out('Nothing is watched. Try `reverie watch detect`.');
  else for (const w of rows) ctx.out(`${w.path}${w.exists ? '' : '  (missing)'}  since ${w.addedAt.slice(0, 10)}`);
  return 0;
}

interface ReportOpts {
  project?: string;
  since?: string;
  until?: string;
}

function report<T>(compute: () => T): T {
  try {
    return compute();
  } catch (err) {
    throw new CliError((err as Error).message);
  }
}

const rate = (r: number | null) => (r === null ? '–' : r.toFixed(2));

function renderEffect(e: LessonEffect): string {
  return [
    `#${e.lessonId} ${e.title} (cluster ${e.clusterId}, adopted ${e.adoptedAt.slice(0, 10)}): ${e.verdict}`,
    `    ${e.windowDays.toFixed(0)} days each side: ${rate(e.before.rate)} per session before (${e.before.moments} in ${e.before.sessions}), ` +
      `${rate(e.after.rate)} after (${e.after.moments} in ${e.after.sessions}); p(fewer) ${e.pFewer.toPrecision(2)}; ` +
      `helpful ${e.helpful}, harmful ${e.harmful}`,
  ].join('\n');
}

export function effectCommand(ctx: CliContext, opts: ReportOpts & { maxDays?: string }): number {
  const maxDays = opts.maxDays === undefined ? undefined : Number(opts.maxDays);
  if (maxDays !== undefined && !(maxDays > 0)) throw new CliError(`--max-days takes a number of days, got "${opts.maxDays}"`);
  const effects = report(() => lessonEffects(ctx.db, { ...opts, maxDays }));
  if (ctx.json) ctx.out(JSON.stringify(effects, null, 2));
  else if (effects.length === 0) ctx.out('No adopted lessons linked to a cluster yet: adopt one with `reverie lesson <id> adopt`.');
  else for (const e of effects) ctx.out(renderEffect(e));
  return 0;
}

function renderTrend(c: ClusterTrend): string {
  const flags = c.flags.length ? ` [${c.flags.join(', ')}]` : '';
  const spark = c.weeks.slice(-12).map((w) => rate(w.rate)).join(' ');
  return `${String(c.clusterId).padStart(5)} ${c.kind.padEnd(10)} ${c.label.slice(0, 50)}${flags}\n      ${TREND_WORDS[c.direction]}: ${rate(c.earlierRate)} → ${rate(c.recentRate)} per session (before / last ${TREND_RECENT_WEEKS} weeks); weekly: ${spark}`;
}

export function trendsCommand(ctx: CliContext, opts: ReportOpts & { flagged?: boolean }): number {
  const { model } = embedConfig(ctx);
  const trends = report(() => clusterTrends(ctx.db, { model, ...opts }));
  const clusters = opts.flagged ? trends.clusters.filter((c) => c.flags.length > 0) : trends.clusters;
  if (ctx.json) {
    ctx.out(JSON.stringify({ ...trends, clusters }, null, 2));
    return 0;
  }
  ctx.out(`${trends.sessions} sessions from ${trends.from?.slice(0, 10) ?? 'the start'} to ${trends.to.slice(0, 10)}` + (trends.undated ? ` (${trends.undated} without a date left out)` : '') + '.');
  if (clusters.length === 0) ctx.out(opts.flagged ? 'No new or growing clusters.' : 'No clusters yet: run `reverie analyze` or `reverie dream`.');
  const order = [...clusters].sort((a, b) => b.flags.length - a.flags.length || b.moments - a.moments);
  for (const c of order) ctx.out(renderTrend(c));
  return 0;
}
