import os from 'node:os';
import path from 'node:path';
import { formatTokens, formatUsd } from '../../../../shared/cost-format.js';
import type { Lesson } from '../../../../shared/types.js';
import { applyHooksPlan } from '../../agent/claude-settings.js';
import { planBlockHook } from '../../agent/block-hook.js';
import { reverieInvocation } from '../../agent/setup.js';
import { patternCosts } from '../../cost/pattern-cost.js';
import { closeEmbedPools } from '../../embed/embed-texts.js';
import { renderPrompt } from '../../export/render.js';
import { getLesson } from '../../lesson/store.js';
import { assessLessons, type LessonAssessment } from '../../scope/assess.js';
import { restateJudge } from '../../scope/judge.js';
import { exportProject, exportUser, userLessons, type ScopedFormat } from '../../scope/scoped-export.js';
import { CliError, type CliContext } from '../context.js';
import { embedConfig } from '../embed-config.js';

/** The judge for this command's model; says when only words are compared. */
function judge(ctx: CliContext) {
  const { model, modelsDir } = embedConfig(ctx);
  const j = restateJudge(model, modelsDir);
  if (j.note && !ctx.json) ctx.err(j.note);
  return j;
}

/** Lessons with where they belong, the rule they restate and whether it is followed. */
export async function assessForCli(ctx: CliContext, lessons: Lesson[]): Promise<LessonAssessment[]> {
  try {
    return await assessLessons(ctx.db, lessons, { ...judge(ctx), reverie: reverieInvocation() });
  } finally {
    await closeEmbedPools();
  }
}

const home = () => os.homedir();
const shown = (file: string, root: string | null) => (root && file.startsWith(root + path.sep) ? path.relative(root, file) : file.replace(home(), '~'));

/** The lines `reverie lesson <id>` adds: scope, the rule already written, enforcement, cost. */
export function assessmentLines(a: LessonAssessment, lesson: Lesson, ctx: CliContext): string[] {
  const out = [`    scope: ${a.scope === 'project' ? `project ${a.root}` : 'user (seen in several projects, or in none)'}`];
  if (a.existing) {
    out.push(`    already written: ${shown(a.existing.file, a.root)}:${a.existing.line} "${a.existing.text}" (${a.existing.by}; since ${a.existing.writtenAt.slice(0, 10)}, from ${a.existing.dateFrom}) — not exported again`);
  }
  if (a.notFollowed) {
    out.push(`    written but not followed: ${a.notFollowed.moments} times in ${a.notFollowed.sessions} sessions since ${a.notFollowed.since.slice(0, 10)}, last ${a.notFollowed.lastSeen.slice(0, 10)}`);
  }
  if (a.enforcement) {
    out.push(
      a.enforcement.installed
        ? `    enforced: a PreToolUse hook in ${a.enforcement.settingsFile} blocks \`${a.enforcement.command}\``
        : `    enforce it: a PreToolUse hook in ${a.enforcement.settingsFile} that blocks \`${a.enforcement.command}\` — \`reverie lesson ${lesson.id} enforce --yes\``,
    );
  }
  if (lesson.clusterId !== null) {
    const [cost] = patternCosts(ctx.db, [lesson.clusterId]);
    if (cost && cost.turnsWithUsage > 0) out.push(`    cost: ${formatTokens(cost.totalTokens)} tokens, ${formatUsd(cost.usd)}${cost.unpricedTokens ? ` + ${formatTokens(cost.unpricedTokens)} unpriced` : ''}`);
  }
  return out;
}

/** `reverie lesson <id> enforce [--yes]`: shows the hook's change to settings.json; writes it only with --yes. */
export async function enforceCommand(ctx: CliContext, id: number, opts: { yes?: boolean }): Promise<number> {
  const lesson = getLesson(ctx.db, id)!;
  const [a] = await assessForCli(ctx, [lesson]);
  if (!a!.enforcement) {
    const why = !a!.existing
      ? 'no rule in its scope says this yet: export it first'
      : !a!.notFollowed
        ? 'its rule is followed: the pattern has not recurred since it was written'
        : 'its pattern is not one command the agent runs, so no hook can block it';
    throw new CliError(`nothing to enforce for lesson ${id}: ${why}`);
  }
  const e = a!.enforcement;
  const plan = planBlockHook(e.settingsFile, e.hookCommand);
  if (ctx.json) {
    const applied = opts.yes && plan.changed ? applyHooksPlan(plan) : null;
    ctx.out(JSON.stringify({ ...e, installed: e.installed || (opts.yes ?? false), changed: plan.changed, after: plan.after, backup: applied?.backup ?? null }, null, 2));
    return 0;
  }
  if (!plan.changed) {
    ctx.out(`Already enforced: ${e.settingsFile} blocks \`${e.command}\`.`);
    return 0;
  }
  if (!opts.yes) {
    ctx.out(`${e.settingsFile} would become:\n\n${plan.after}\nIt blocks \`${e.command}\` with: ${e.reason}\nNothing was written; add --yes to install it.`);
    return 0;
  }
  const { backup } = applyHooksPlan(plan);
  ctx.out(`Installed a PreToolUse hook in ${e.settingsFile} that blocks \`${e.command}\`${backup ? ` (the old file is ${backup})` : ''}.`);
  return 0;
}

/** `reverie export --project P | --user`. */
export async function scopedExportCommand(ctx: CliContext, opts: { project?: string; user?: boolean; format: string; includeDrafts?: boolean }): Promise<number> {
  const j = judge(ctx);
  try {
    if (opts.user) {
      if (opts.format === 'prompt') {
        const { written, alreadyWritten } = await userLessons(ctx.db, { ...j, includeDrafts: opts.includeDrafts });
        for (const a of alreadyWritten) ctx.err(`Left out lesson #${a.lessonId}: ${shown(a.existing!.file, null)}:${a.existing!.line} already says it.`);
        process.stdout.write(renderPrompt(written));
        return 0;
      }
      if (opts.format !== 'claude-md') throw new CliError('--user writes --format claude-md (~/.claude/CLAUDE.md) or prompt');
      return report(ctx, await exportUser(ctx.db, { ...j, includeDrafts: opts.includeDrafts }));
    }
    if (!['claude-md', 'agents-md', 'cursor'].includes(opts.format)) throw new CliError('--project writes --format claude-md, agents-md or cursor');
    try {
      return report(ctx, await exportProject(ctx.db, opts.project!, opts.format as ScopedFormat, { ...j, includeDrafts: opts.includeDrafts, reverie: reverieInvocation() }));
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('no project')) throw new CliError(err.message);
      throw err;
    }
  } finally {
    await closeEmbedPools();
  }
}

function report(ctx: CliContext, r: Awaited<ReturnType<typeof exportProject>>): number {
  if (ctx.json) {
    ctx.out(JSON.stringify({ root: r.root, files: r.files, removed: r.removed, written: r.written.map((l) => l.id), alreadyWritten: r.alreadyWritten }, null, 2));
    return 0;
  }
  for (const f of r.files) ctx.out(`${f.changed ? 'Wrote' : 'Unchanged:'} ${f.path} (${f.lessons} lesson${f.lessons === 1 ? '' : 's'})`);
  for (const f of r.removed) ctx.out(`Removed ${f} (no lessons for its files any more)`);
  for (const a of r.alreadyWritten) {
    const nf = a.notFollowed ? `; written but not followed: ${a.notFollowed.moments} times since ${a.notFollowed.since.slice(0, 10)}${a.enforcement && !a.enforcement.installed ? ` — \`reverie lesson ${a.lessonId} enforce\`` : ''}` : '';
    ctx.out(`Left out lesson #${a.lessonId}: ${shown(a.existing!.file, a.root)}:${a.existing!.line} already says it${nf}`);
  }
  if (r.written.length === 0 && r.alreadyWritten.length === 0) ctx.err('No adopted lessons in this scope: adopt some with `reverie lesson <id> adopt`, or add --include-drafts.');
  return 0;
}
