import type { SessionDetail, SessionSummary, StoredMessage } from '../../../../shared/types.js';
import { getSession, listSessions } from '../../store/sessions.js';
import { CliError, type CliContext } from '../context.js';

function line(s: SessionSummary): string {
  const when = s.startedAt ? s.startedAt.slice(0, 16).replace('T', ' ') : '                ';
  const title = (s.title ?? '(untitled)').replace(/\s+/g, ' ').slice(0, 70);
  const where = s.project ? `  ${s.project}` : '';
  const hit = s.snippet ? `\n      ${s.snippet.replace(/\s+/g, ' ')}` : '';
  return `${String(s.id).padStart(5)}  ${when}  ${s.format.padEnd(17)} ${String(s.messageCount).padStart(5)} msgs  ${title}${where}${hit}`;
}

export function sessionsCommand(ctx: CliContext, opts: { search?: string; limit?: string }): number {
  const limit = opts.limit === undefined ? 50 : Number(opts.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new CliError(`--limit must be a positive whole number, got "${opts.limit}"`);
  const rows = listSessions(ctx.db, { search: opts.search, limit });
  if (ctx.json) ctx.out(JSON.stringify(rows, null, 2));
  else if (rows.length === 0) ctx.out(opts.search ? `No session mentions "${opts.search}".` : 'No sessions stored yet. Try `reverie import <path>` or `reverie demo`.');
  else for (const r of rows) ctx.out(line(r));
  return 0;
}

function renderMessage(m: StoredMessage): string {
  const head = `── ${m.role}${m.sidechain ? ' (sub-agent)' : ''}${m.onMainThread ? '' : ' (other branch)'}${m.timestamp ? `  ${m.timestamp}` : ''}`;
  const body: string[] = [];
  if (m.text.trim()) body.push(m.text.trim());
  for (const c of m.toolCalls) body.push(`→ ${c.name} ${c.input.length > 300 ? `${c.input.slice(0, 300)}…` : c.input}`);
  for (const r of m.toolResults) {
    const out = r.output.length > 600 ? `${r.output.slice(0, 600)}…` : r.output;
    body.push(`${r.isError ? '✗ error' : '← result'}${r.name ? ` (${r.name})` : ''}: ${out}`);
  }
  return `${head}\n${body.join('\n')}`;
}

export function renderSession(s: SessionDetail, branches: boolean): string {
  const header = [
    `Session ${s.id}: ${s.title ?? '(untitled)'}`,
    `format ${s.format}, id ${s.externalId}`,
    s.project ? `project ${s.project}${s.gitBranch ? ` (${s.gitBranch})` : ''}` : null,
    s.startedAt ? `from ${s.startedAt} to ${s.endedAt ?? '?'}` : null,
  ].filter(Boolean);
  const shown = branches ? s.messages : s.messages.filter((m) => m.onMainThread);
  const hidden = s.messages.length - shown.length;
  const footer = hidden ? [`(${hidden} messages on other branches: add --branches to show them)`] : [];
  return [...header, '', ...shown.map(renderMessage), ...footer].join('\n');
}

export function showCommand(ctx: CliContext, id: string, opts: { branches?: boolean }): number {
  const n = Number(id);
  if (!Number.isInteger(n)) throw new CliError(`session id must be a number (see \`reverie sessions\`), got "${id}"`);
  const session = getSession(ctx.db, n);
  if (!session) throw new CliError(`no session ${n} in ${ctx.dataDir}`);
  ctx.out(ctx.json ? JSON.stringify(session, null, 2) : renderSession(session, opts.branches === true));
  return 0;
}
