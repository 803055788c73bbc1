import { draftCountWords } from '../../../../shared/figures.js';
import { draftCounts } from '../../figures/lesson-counts.js';
import { readFileSync } from 'node:fs';
import { ask } from '../ask.js';
import type { Lesson } from '../../../../shared/types.js';
import { loadSettings } from '../../config/settings.js';
import { buildDigests, digestPolicy, scrubberOptionsFor } from '../../digest/build-digest.js';
import { createScrubber } from '../../digest/scrub/index.js';
import { closeEmbedPools, embedTexts } from '../../embed/embed-texts.js';
import { EXPORT_FORMATS, type ExportFormat } from '../../../../shared/api.js';
import { heldFromExport, renderExport, selectForExport } from '../../export/render.js';
import { writeExport } from '../../export/write.js';
import { formatPlan } from '../../lesson/preview.js';
import { adoptLesson, getLesson, getOutbox, listLessons, listOutbox, rateLesson, recordExported, retireLesson, reviveLesson } from '../../lesson/store.js';
import { writeLessons, type LessonPlan } from '../../lesson/write-lessons.js';
import { describeReasons, reviewReasons } from '../../lesson/review.js';
import { allClusterIds, clusterLabel } from '../../store/clusters.js';
import { CliError, type CliContext } from '../context.js';
import { embedConfig } from '../embed-config.js';

function renderLesson(l: Lesson): string {
  const status = l.status === 'adopted' ? `adopted ${l.adoptedAt?.slice(0, 10)}` : l.status;
  const origin = l.source === 'local' ? 'local draft' : `by ${l.model ?? 'Claude'}`;
  const reasons = l.status === 'retired' ? [] : reviewReasons(l);
  const review = reasons.length
    ? `    review: its words hold ${describeReasons(reasons)}; ${l.status === 'adopted' ? 'adopted by you, so it is exported' : '--include-drafts exports leave it out until you adopt it'}`
    : null;
  return [
    `#${l.id} [${status}, ${origin}${l.clusterId ? `, cluster ${l.clusterId}` : ''}] ${l.title}`,
    `    ${l.rule}`,
    l.why ? `    why: ${l.why}` : null,
    l.appliesWhen ? `    when: ${l.appliesWhen}` : null,
    review,
  ]
    .filter(Boolean)
    .join('\n');
}


/** `reverie lessons`: digests of eligible clusters → lessons (Claude with consent, or local drafts). */
export async function lessonsCommand(
  ctx: CliContext,
  opts: { offline?: boolean; yes?: boolean; cluster?: string; list?: boolean },
): Promise<number> {
  if (!opts.list) {
    const { model } = embedConfig(ctx);
    const settings = loadSettings(ctx.dataDir);
    const policy = digestPolicy(settings);
    const ids = opts.cluster ? [Number(opts.cluster)] : allClusterIds(ctx.db, model);
    if (ids.some((id) => !Number.isInteger(id))) throw new CliError(`--cluster takes a cluster id, got "${opts.cluster}"`);
    if (ids.length === 0) throw new CliError('no clusters yet: run `reverie analyze` first');
    const { digests, refused } = await buildDigests(ctx.db, ids, policy);
    for (const r of refused) {
      const name = clusterLabel(ctx.db, r.clusterId);
      if (opts.cluster || !ctx.json) ctx.err(`skipped${name ? ` "${name}"` : ''} (pattern ${r.clusterId}): it may not leave this machine: ${r.reason}`);
    }
    const confirm = async (plan: LessonPlan) => {
      ctx.err(formatPlan(plan));
      if (opts.yes) return true;
      const ok = await ask('Send these requests to Claude? [y/N] ');
      if (!ok) ctx.err(process.stdin.isTTY ? 'Nothing was sent.' : 'Nothing was sent: no terminal to ask; add --yes to send.');
      return ok;
    };
    const { modelsDir } = embedConfig(ctx);
    try {
      const result = await writeLessons(ctx.db, digests, {
        offline: opts.offline,
        model: settings.lessonModel || undefined,
        confirm,
        embed: (texts) => embedTexts(texts, { model, modelsDir }),
      });
      if (ctx.json) {
        ctx.out(JSON.stringify({ ...result, lessons: listLessons(ctx.db) }, null, 2));
        return result.failures.length ? 1 : 0;
      }
      if (result.mode === 'local') {
        ctx.out(`${draftCountWords(draftCounts(ctx.db, result))} (${result.localReason}; nothing left this machine)`);
      } else if (!result.declined) {
        ctx.out(`Claude made ${result.changes.length} change${result.changes.length === 1 ? '' : 's'} to the lessons.`);
      }
      // The engine's words suit the app too; the terminal adds the command line's way out.
      const hint = (error: string) => (/API key/.test(error) ? ' (set ANTHROPIC_API_KEY, or run with --offline)' : '');
      for (const f of result.failures) ctx.err(`${f.pattern ? `"${f.pattern}"` : `pattern ${f.clusterId}`} (${f.clusterId}): ${f.error}${hint(f.error)}`);
      for (const f of result.findings) ctx.err(`lint #${f.lessonId}: ${f.message}`);
    } finally {
      await closeEmbedPools();
    }
  }
  const lessons = listLessons(ctx.db);
  if (ctx.json && opts.list) ctx.out(JSON.stringify(lessons, null, 2));
  else if (!ctx.json) for (const l of lessons) ctx.out(renderLesson(l));
  return 0;
}

/** `reverie lesson <id> [adopt [--at DATE]|retire|revive|helpful|harmful|enforce [--yes]]`. */
export async function lessonCommand(ctx: CliContext, id: string, action?: string, opts: { at?: string; yes?: boolean } = {}): Promise<number> {
  const n = Number(id);
  if (!Number.isInteger(n) || !getLesson(ctx.db, n)) throw new CliError(`no lesson ${id} (see \`reverie lessons --list\`)`);
  if (opts.at !== undefined && action !== 'adopt') throw new CliError('--at goes with adopt: `reverie lesson <id> adopt --at 2026-05-01`');
  const since = opts.at === undefined ? undefined : adoptionDate(opts.at);
  if (action === 'enforce') return (await import('./scope.js')).enforceCommand(ctx, n, opts);
  const actions: Record<string, () => Lesson> = {
    adopt: () => adoptLesson(ctx.db, n, undefined, since),
    retire: () => retireLesson(ctx.db, n),
    revive: () => reviveLesson(ctx.db, n),
    helpful: () => rateLesson(ctx.db, n, 'helpful'),
    harmful: () => rateLesson(ctx.db, n, 'harmful'),
  };
  if (action !== undefined && !actions[action]) throw new CliError(`action must be one of ${[...Object.keys(actions), 'enforce'].join(', ')}`);
  const lesson = action ? actions[action]() : getLesson(ctx.db, n)!;
  if (ctx.json) {
    ctx.out(JSON.stringify(lesson, null, 2));
    return 0;
  }
  ctx.out(renderLesson(lesson));
  if (!action && lesson.status !== 'retired') {
    const { assessForCli, assessmentLines } = await import('./scope.js');
    const [a] = await assessForCli(ctx, [lesson]);
    for (const line of assessmentLines(a!, lesson, ctx)) ctx.out(line);
  }
  return 0;
}

/** A date a person gives (`2026-05-01` or an ISO date-time), not in the future. */
function adoptionDate(value: string): string {
  const t = Date.parse(value);
  if (!/^\d{4}-\d\d-\d\d/.test(value) || !Number.isFinite(t)) throw new CliError(`--at takes a date (YYYY-MM-DD or an ISO date-time), got "${value}"`);
  if (t > Date.now()) throw new CliError(`--at ${value} is in the future`);
  return new Date(t).toISOString();
}

/** `reverie outbox [id]`: everything ever sent, byte for byte. */
export function outboxCommand(ctx: CliContext, id?: string): number {
  if (id !== undefined) {
    const entry = getOutbox(ctx.db, Number(id));
    if (!entry) throw new CliError(`no outbox entry ${id}`);
    if (ctx.json) ctx.out(JSON.stringify(entry, null, 2));
    else ctx.out(`#${entry.id} ${entry.createdAt} POST ${entry.url} → ${entry.status ?? entry.error}\n\n${entry.request}\n\n${entry.response ?? ''}`);
    return 0;
  }
  const entries = listOutbox(ctx.db);
  if (ctx.json) ctx.out(JSON.stringify(entries, null, 2));
  else if (entries.length === 0) ctx.out('Nothing has ever been sent from this machine.');
  else
    for (const e of entries) {
      ctx.out(`#${e.id} ${e.createdAt} ${e.model ?? ''} clusters ${e.clusterIds.join(',')} → ${e.status ?? e.error} (${Buffer.byteLength(e.request)} bytes sent)`);
    }
  return 0;
}

export async function exportCommand(
  ctx: CliContext,
  opts: { format?: string; out?: string; includeDrafts?: boolean; project?: string; user?: boolean },
): Promise<number> {
  if (opts.project !== undefined || opts.user) {
    if (opts.project !== undefined && opts.user) throw new CliError('--project and --user are two different exports: choose one');
    if (opts.out) throw new CliError('--project and --user write to their own files; leave out --out');
    const { scopedExportCommand } = await import('./scope.js');
    return scopedExportCommand(ctx, { ...opts, format: opts.format ?? 'claude-md' });
  }
  if (opts.format === undefined) throw new CliError(`--format is needed: one of ${EXPORT_FORMATS.join(', ')}`);
  if (!(EXPORT_FORMATS as readonly string[]).includes(opts.format)) {
    throw new CliError(`--format must be one of ${EXPORT_FORMATS.join(', ')}`);
  }
  const format = opts.format as ExportFormat;
  const lessons = listLessons(ctx.db);
  for (const l of heldFromExport(lessons, { includeDrafts: opts.includeDrafts })) {
    ctx.err(`Left out draft #${l.id} for review: its words hold ${describeReasons(reviewReasons(l))}. Read it (\`reverie lesson ${l.id}\`), then adopt or retire it.`);
  }
  if (opts.out) {
    const r = writeExport(opts.out, format, lessons, { includeDrafts: opts.includeDrafts });
    if (format !== 'json') recordExported(ctx.db, selectForExport(lessons, { includeDrafts: opts.includeDrafts }).map((l) => l.id));
    ctx.out(`${r.changed ? 'Wrote' : 'Unchanged:'} ${r.path} (${r.lessons} lesson${r.lessons === 1 ? '' : 's'})`);
    if (r.lessons === 0) ctx.err('No adopted lessons yet: adopt some with `reverie lesson <id> adopt`, or add --include-drafts.');
  } else {
    process.stdout.write(renderExport(format, selectForExport(lessons, { includeDrafts: opts.includeDrafts })));
  }
  return 0;
}

/** `reverie anonymize [file|-]`: prints the scrubbed text. */
export async function anonymizeCommand(ctx: CliContext, file?: string): Promise<number> {
  const text = !file || file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8');
  // The same knowledge as a digest: this machine's user, settings.scrubNames, and the account
  // identities and session folders stored in this data dir.
  const scrubber = createScrubber(scrubberOptionsFor(ctx.db, loadSettings(ctx.dataDir)));
  const out = await scrubber.scrub(text);
  if (ctx.json) ctx.out(JSON.stringify({ text: out, replaced: scrubber.legend().map(({ placeholder, type }) => ({ placeholder, type })) }, null, 2));
  else process.stdout.write(out);
  return 0;
}
