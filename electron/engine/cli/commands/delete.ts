import { ask } from '../ask.js';
import { deleteData } from '../../index/delete-data.js';
import { DeleteTargetMissing, markSampleSources, planDelete, type DeletePlan, type DeleteTarget } from '../../store/delete.js';
import { CliError, type CliContext } from '../context.js';

/** The plan in lines, every count that is not zero (the same words as the app's). */
export function planLines(p: DeletePlan): string[] {
  const lines: [number | undefined, string][] = [
    [p.sessions, 'session(s)'],
    [p.messages, 'message(s) with their tool calls and outputs, and their search index rows'],
    [p.moments, 'moment(s)'],
    [p.indexEntries, 'HNSW index entry(ies)'],
    [p.embeddings, 'cached embedding(s) nothing else uses'],
    [p.clustersRemoved, 'pattern(s) left empty'],
    [p.clustersShrunk, 'pattern(s) that keep their other moments'],
    [p.lessonsTouched, "lesson(s) lose evidence (the lessons' words stay)"],
    [p.lessonsWithoutEvidence, 'of them are left with no evidence'],
    [p.lessonsUnlinked, 'lesson(s) lose their pattern'],
    [p.sources, 'import record(s) (those files can be imported again)'],
    [p.lessons, 'lesson(s)'],
    [p.outbox, 'outbox entry(ies)'],
    [p.dreamRuns, 'dream run record(s)'],
    [p.watched, 'watched folder(s)'],
  ];
  return lines.filter(([n]) => n).map(([n, words]) => `  ${n} ${words}`);
}

function target(what: string | undefined, arg: string | undefined, all: boolean): DeleteTarget {
  if (all) {
    if (what) throw new CliError('--all deletes everything: give no target with it');
    return { all: true };
  }
  const id = () => {
    const n = Number(arg);
    if (!arg || !Number.isInteger(n) || n < 1) throw new CliError(`delete ${what} takes an id (see \`reverie sessions\`), got "${arg ?? ''}"`);
    return n;
  };
  switch (what) {
    case 'session':
      return { session: id() };
    case 'source':
      return { source: id() };
    case 'project':
      if (!arg) throw new CliError('delete project takes the project as `reverie sessions` shows it');
      return { project: arg };
    case 'sample':
      return { sample: true };
    default:
      throw new CliError('say what to delete: session <id>, source <id>, project <name>, sample, or --all');
  }
}


/**
 * `reverie delete session <id> | source <id> | project <name> | sample`, `reverie delete --all`:
 * prints what would go, asks (or `--yes`), then deletes in one transaction.
 */
export async function deleteCommand(ctx: CliContext, what: string | undefined, arg: string | undefined, opts: { all?: boolean; yes?: boolean }): Promise<number> {
  const t = target(what, arg, opts.all === true);
  markSampleSources(ctx.db, ctx.dataDir);
  let plan: DeletePlan;
  try {
    plan = planDelete(ctx.db, t);
  } catch (err) {
    if (err instanceof DeleteTargetMissing) throw new CliError(`${err.message} in ${ctx.dataDir}`);
    throw err;
  }
  if (!opts.yes) {
    if (ctx.json) throw new CliError('with --json, add --yes to delete (nothing can be asked); nothing was deleted');
    ctx.err(`Delete ${plan.what}? This removes, for good:`);
    for (const line of planLines(plan)) ctx.err(line);
    if (!(await ask('Delete? [y/N] '))) {
      ctx.err(process.stdin.isTTY ? 'Nothing was deleted.' : 'Nothing was deleted (no terminal to ask: add --yes).');
      return 1;
    }
  }
  const done = deleteData(ctx.db, ctx.dataDir, t);
  if (ctx.json) ctx.out(JSON.stringify(done, null, 2));
  else ctx.out(`Deleted ${done.what}: ${done.sessions} session(s), ${done.moments} moment(s), ${done.indexRemoved} index entry(ies).`);
  return 0;
}
