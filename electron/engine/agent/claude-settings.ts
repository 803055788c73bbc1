import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyEdits, modify, parse, printParseErrorCode, type ParseError } from 'jsonc-parser';

/*
 * Reverie's hooks in Claude Code's settings.json (user `~/.claude/settings.json` or a project's
 * `.claude/settings.json`). The file is edited, not rewritten: jsonc-parser's `modify` changes
 * only the `hooks.SessionStart` and `hooks.SessionEnd` arrays, so every other key, hook, comment
 * and indent stays as it was. Reverie's entries are recognised by their command
 * (`... hook session-start` / `... hook session-end`), so installing twice changes nothing and
 * uninstalling removes only them. Before a change the old file is kept as `settings.json.reverie.bak`.
 */

export type HookEvent = 'SessionStart' | 'SessionEnd';
export const HOOK_EVENTS: readonly HookEvent[] = ['SessionStart', 'SessionEnd'];
const SUBCOMMAND: Record<HookEvent, string> = { SessionStart: 'session-start', SessionEnd: 'session-end' };

/** The SessionEnd hook detaches its work at once; the limit is only a guard. */
const TIMEOUT_SECONDS: Record<HookEvent, number> = { SessionStart: 10, SessionEnd: 10 };

export type SettingsScope = 'user' | 'project';

/** The settings file for a scope: the user's, or the project's at `cwd`. */
export function settingsFile(scope: SettingsScope, cwd = process.cwd(), home = os.homedir()): string {
  return scope === 'user' ? path.join(home, '.claude', 'settings.json') : path.join(path.resolve(cwd), '.claude', 'settings.json');
}

/** Quotes one word for the shell Claude Code runs hook commands in. */
function shellWord(word: string): string {
  return /^[\w./:@=+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The command line of one hook: `<reverie> [--data-dir D] hook session-start`. */
export function hookCommand(reverie: readonly string[], event: HookEvent, dataDir?: string): string {
  return [...reverie, ...(dataDir ? ['--data-dir', dataDir] : []), 'hook', SUBCOMMAND[event]].map(shellWord).join(' ');
}

interface HookHandler {
  type?: string;
  command?: string;
  [key: string]: unknown;
}
interface HookGroup {
  matcher?: string;
  hooks?: HookHandler[];
  [key: string]: unknown;
}

/** Whether a handler is one of Reverie's (for this event). */
function isReverie(handler: HookHandler, event: HookEvent): boolean {
  return typeof handler.command === 'string' && /reverie/i.test(handler.command) && handler.command.endsWith(` hook ${SUBCOMMAND[event]}`);
}

export class SettingsFileError extends Error {}

export function parseSettings(file: string, text: string): Record<string, unknown> {
  if (!text.trim()) return {};
  const errors: ParseError[] = [];
  const value = parse(text, errors, { allowTrailingComma: true }) as unknown;
  if (errors.length > 0) {
    const e = errors[0]!;
    const line = text.slice(0, e.offset).split('\n').length;
    throw new SettingsFileError(`${file}: line ${line}: ${printParseErrorCode(e.error)}; fix the file first (Reverie changes nothing in it)`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new SettingsFileError(`${file}: not a JSON object`);
  return value as Record<string, unknown>;
}

/** A change to a settings file, shown before it is written. */
export interface SettingsPlan {
  file: string;
  /** The file as it is ('' when it does not exist yet). */
  before: string;
  /** The file as it would be. */
  after: string;
  changed: boolean;
}

export interface HooksPlan extends SettingsPlan {
  action: 'install' | 'uninstall';
  /** The commands Reverie's hooks run (install). */
  commands: Record<HookEvent, string>;
}

/** What `install` or `uninstall` would make of `file`, without writing anything. */
export function planHooks(file: string, action: 'install' | 'uninstall', commands: Record<HookEvent, string>): HooksPlan {
  const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const settings = parseSettings(file, before);
  const hooks = (settings.hooks && typeof settings.hooks === 'object' ? settings.hooks : {}) as Record<string, unknown>;
  let after = before.trim() ? before : '{}\n';
  const format = { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } };
  for (const event of HOOK_EVENTS) {
    const groups = (Array.isArray(hooks[event]) ? hooks[event] : []) as HookGroup[];
    // Reverie's handlers out of every group; groups left empty by that go too.
    const others = groups
      .map((g) => (Array.isArray(g.hooks) ? { ...g, hooks: g.hooks.filter((h) => !isReverie(h, event)) } : g))
      .filter((g, i) => !Array.isArray(g.hooks) || g.hooks.length > 0 || (groups[i]!.hooks ?? []).length === 0);
    const next = action === 'install' ? [...others, { hooks: [{ type: 'command', command: commands[event], timeout: TIMEOUT_SECONDS[event] }] }] : others;
    if (JSON.stringify(next) === JSON.stringify(groups)) continue;
    after = applyEdits(after, modify(after, ['hooks', event], next.length > 0 ? next : undefined, format));
  }
  if (action === 'uninstall' && Object.keys(hooks).length > 0) {
    // A `hooks` object that only Reverie's hooks filled goes with them.
    const left = parseSettings(file, after).hooks;
    if (left && typeof left === 'object' && Object.keys(left).length === 0) after = applyEdits(after, modify(after, ['hooks'], undefined, format));
  }
  if (!after.endsWith('\n')) after += '\n';
  const changed = JSON.stringify(parseSettings(file, after)) !== JSON.stringify(settings);
  return { file, action, before, after: changed ? after : before, changed, commands };
}

/** Writes a plan: the old file kept as `<file>.reverie.bak`, the new one put in place atomically. */
export function applyHooksPlan(plan: SettingsPlan): { backup: string | null } {
  if (!plan.changed) return { backup: null };
  mkdirSync(path.dirname(plan.file), { recursive: true });
  let backup: string | null = null;
  if (existsSync(plan.file)) {
    backup = `${plan.file}.reverie.bak`;
    copyFileSync(plan.file, backup);
  }
  const temp = `${plan.file}.reverie-${process.pid}.tmp`;
  writeFileSync(temp, plan.after);
  renameSync(temp, plan.file);
  return { backup };
}
