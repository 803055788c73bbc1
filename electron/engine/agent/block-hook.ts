import { existsSync, readFileSync } from 'node:fs';
import { applyEdits, modify } from 'jsonc-parser';
import { parseSettings, type SettingsPlan } from './claude-settings.js';

/*
 * Enforcing a rule the agent keeps breaking: a Claude Code `PreToolUse` hook on the Bash tool
 * that denies a command starting with the words the rule forbids, and tells the agent why.
 *
 * The hook is `reverie hook pre-tool-use --block "npm run" --reason "..."`: everything it needs
 * is on its command line, so the person reads in settings.json exactly what is blocked and why,
 * and the hook touches no store. It answers with Claude Code's hook JSON (exit 0):
 *   {"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny",
 *    "permissionDecisionReason":"..."}}
 * and prints nothing for a command it lets through. A command is each part of a shell line
 * (split at `&&`, `||`, `;`, `|`, newlines and `$(`), after leading `VAR=value` words and
 * `sudo`/`env`/`command`/`exec`; it is blocked when its first words are the blocked words.
 *
 * Installing edits settings.json like the session hooks do (jsonc-parser: every other key and
 * comment stays; the old file kept as .reverie.bak), only on the person's click or `--yes`.
 */

const shellWord = (w: string) => (/^[\w./:@=+-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`);

/** The hook's command line. */
export function blockHookCommand(reverie: readonly string[], prefix: string, reason: string): string {
  return [...reverie, 'hook', 'pre-tool-use', '--block', prefix, '--reason', reason].map(shellWord).join(' ');
}

const LEADING = new Set(['sudo', 'env', 'command', 'exec', 'time', 'nohup']);

/** The commands of a shell line, each as its words. */
export function shellCommands(line: string): string[][] {
  return line
    .split(/&&|\|\||;|\||\n|\$\(|`/)
    .map((part) => {
      const words = part.trim().replace(/^[({\s]+/, '').split(/\s+/).filter(Boolean);
      while (words.length && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0]!) || LEADING.has(words[0]!))) words.shift();
      return words;
    })
    .filter((w) => w.length > 0);
}

/** Whether a shell line runs a command starting with `prefix`'s words. */
export function runsBlocked(line: string, prefix: string): boolean {
  const want = prefix.trim().split(/\s+/);
  return shellCommands(line).some((words) => want.every((w, i) => words[i]?.replace(/^['"]|['"]$/g, '') === w));
}

export interface PreToolUseInput {
  tool_name?: unknown;
  tool_input?: { command?: unknown } | null;
}

/** The hook's answer to one tool call: the JSON to print, or null to let it through. */
export function blockDecision(input: PreToolUseInput, prefix: string, reason: string): string | null {
  const command = input.tool_input?.command;
  if (input.tool_name !== 'Bash' || typeof command !== 'string' || !runsBlocked(command, prefix)) return null;
  return JSON.stringify({
    hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: reason },
  });
}

interface Group {
  matcher?: string;
  hooks?: { command?: unknown }[];
}

/** What adding the hook would make of `file` (unchanged when the same command is already there). */
export function planBlockHook(file: string, command: string): SettingsPlan {
  const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const settings = parseSettings(file, before);
  const hooks = (settings.hooks && typeof settings.hooks === 'object' ? settings.hooks : {}) as Record<string, unknown>;
  const groups = (Array.isArray(hooks.PreToolUse) ? hooks.PreToolUse : []) as Group[];
  const present = groups.some((g) => Array.isArray(g.hooks) && g.hooks.some((h) => h.command === command));
  if (present) return { file, before, after: before, changed: false };
  const next = [...groups, { matcher: 'Bash', hooks: [{ type: 'command', command, timeout: 10 }] }];
  let after = before.trim() ? before : '{}\n';
  after = applyEdits(after, modify(after, ['hooks', 'PreToolUse'], next, { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } }));
  if (!after.endsWith('\n')) after += '\n';
  return { file, before, after, changed: true };
}

/** Whether `file` holds a hook with exactly this command. */
export function blockHookInstalled(file: string, command: string): boolean {
  try {
    return !planBlockHook(file, command).changed;
  } catch {
    return false;
  }
}
