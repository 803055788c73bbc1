import type { Lesson } from '../../../shared/types.js';
import { shellCommands } from '../agent/block-hook.js';
import type { Db } from '../store/db.js';

/*
 * The command a pattern's failures run: the shell command of each failing call (the tool call
 * whose result, in the moment's message, is an error), cut to its first two words ("npm run",
 * "cargo build"). The pattern has one when most of its failing calls (MAJORITY) share it; the
 * longest shared start wins, so `npm run lint` and `npm run test` give "npm run", and
 * `npm run lint` with `npm install` gives "npm".
 */

const MAJORITY = 0.6;
const MAX_WORDS = 2;

function commandOf(input: string): string | null {
  try {
    const value = JSON.parse(input) as unknown;
    if (value && typeof value === 'object' && typeof (value as { command?: unknown }).command === 'string') return (value as { command: string }).command;
    if (Array.isArray((value as { command?: unknown })?.command)) return ((value as { command: unknown[] }).command).map(String).join(' ');
  } catch {
    // not JSON: not a shell call
  }
  return null;
}

/** The failing calls' commands of a lesson's pattern. */
export function failingCommands(db: Db, lesson: Lesson): string[] {
  const source = lesson.clusterId !== null ? 'SELECT moment_id FROM cluster_members WHERE cluster_id = ?' : 'SELECT value FROM json_each(?)';
  return db
    .prepare<[number | string], { input: string }>(
      `SELECT c.input FROM moments m
       JOIN tool_results r ON r.message_id = m.message_id AND r.is_error = 1
       JOIN messages rm ON rm.id = r.message_id
       JOIN tool_calls c ON c.call_id = r.call_id
       JOIN messages cm ON cm.id = c.message_id AND cm.session_id = rm.session_id
       WHERE m.kind = 'failure' AND m.id IN (${source})`,
    )
    .all(lesson.clusterId ?? JSON.stringify(lesson.evidence))
    .map((r) => commandOf(r.input))
    .filter((c): c is string => c !== null);
}

/** The command start most of a pattern's failing calls share, or null. */
export function commandPrefix(commands: readonly string[]): string | null {
  const firsts = commands.map((c) => shellCommands(c)[0] ?? []).filter((w) => w.length > 0);
  if (firsts.length === 0) return null;
  for (let n = MAX_WORDS; n >= 1; n--) {
    const counts = new Map<string, number>();
    for (const w of firsts) if (w.length >= n) counts.set(w.slice(0, n).join(' '), (counts.get(w.slice(0, n).join(' ')) ?? 0) + 1);
    const best = [...counts].sort((a, b) => b[1] - a[1])[0];
    if (best && best[1] / firsts.length >= MAJORITY) return best[0];
  }
  return null;
}

export function failingCommandPrefix(db: Db, lesson: Lesson): string | null {
  return commandPrefix(failingCommands(db, lesson));
}
