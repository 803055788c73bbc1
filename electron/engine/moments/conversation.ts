// Reading one stored session the way the moment rules need it: who wrote each message,
// what the agent did just before, and which call a tool result answers.
import type { SessionDetail, StoredMessage, ToolCall } from '../../../shared/types.js';
import { clip, squash } from './text.js';

/** Claude Code's interrupt markers (Codex interrupts are imported with the same wording). */
export const INTERRUPT = /^\[Request interrupted by user( for tool use)?\]/;

/** A CLI's own confirmation prompt echoed into the user's line (Aider: "Add file to the chat? (Y)es/(N)o"). */
const PROMPT_ECHO = /\(Y\)es\/\(N\)o/;

/**
 * The person's own words: `user` messages on the main thread. System text is injected by the
 * tool, sidechain user messages are prompts a parent agent wrote to a sub-agent, and branches
 * off the main thread were edited away (their final wording is on the main thread).
 */
export function isPersonMessage(m: StoredMessage): boolean {
  return m.role === 'user' && !m.sidechain && m.onMainThread && m.text.trim().length > 0;
}

/** A person message that is typed words (not an interrupt marker or an echoed CLI prompt). */
export function isTypedByPerson(m: StoredMessage): boolean {
  return isPersonMessage(m) && !INTERRUPT.test(m.text.trim()) && !PROMPT_ECHO.test(m.text);
}

/** The most telling short form of a tool call's input: the command, path, URL or query. */
export function keyInput(call: ToolCall, max = 160): string {
  let value: unknown;
  try {
    value = JSON.parse(call.input);
  } catch {
    // Plain text input (code for a Python or browser tool): its first line that is not a comment.
    const line = call.input.split('\n').find((l) => l.trim() && !/^\s*(?:#|\/\/)/.test(l)) ?? call.input;
    return clip(squash(line), max);
  }
  if (typeof value === 'string') return clip(squash(value.split('\n')[0]), max);
  if (!value || typeof value !== 'object') return clip(squash(String(value ?? '')), max);
  const o = value as Record<string, unknown>;
  const pick = (v: unknown): string | null => {
    if (typeof v === 'string' && v.trim()) return v;
    if (Array.isArray(v) && v.length && v.every((x) => typeof x === 'string')) return argvCommand(v as string[]);
    return null;
  };
  const keys = ['command', 'cmd', 'file_path', 'filePath', 'absolutePath', 'absolute_path', 'path', 'url', 'query', 'q', 'pattern', 'regex', 'dirPath'];
  for (const k of keys) {
    const v = pick(o[k]);
    if (v) return clip(squash(firstLine(v)), max);
  }
  for (const v of Object.values(o)) {
    const s = pick(v);
    if (s) return clip(squash(firstLine(s)), max);
  }
  return '';
}

/**
 * A command's first line; for a here-document (`apply_patch <<'PATCH'`) or a patch passed as an
 * argument (`*** Begin Patch`), also the first line that names the file it changes, since every
 * patch starts the same way.
 */
function firstLine(command: string): string {
  const lines = command.split('\n');
  const first = lines[0];
  if (!/<<-?\s*['"]?\w+['"]?\s*$/.test(first) && !/^\*\*\* Begin Patch/.test(first)) return first;
  const file = lines.slice(1, 20).find((l) => /\bFile:\s*\S|^\+\+\+ \S/.test(l));
  return file ? `${first} ${file.trim()}` : first;
}

/**
 * An argv array as a command line. Codex runs scripts as ["bash", "-lc", "script"] (the script is
 * what was run) and tools directly as ["apply_patch", "<patch>"] (the tool and its argument).
 */
function argvCommand(argv: string[]): string {
  const shell = /^(?:\/\S*\/)?(?:bash|sh|zsh|dash|fish|pwsh|powershell|cmd(?:\.exe)?)$/i.test(argv[0]);
  if (shell && argv.length >= 3 && /^(?:-\w*c|\/c)$/i.test(argv[argv.length - 2])) return argv[argv.length - 1];
  return argv.map((a) => firstLine(a)).join(' ');
}

/** "Name key-input" for one call. */
export function describeCall(call: ToolCall, max = 160): string {
  const key = keyInput(call, max);
  return key ? `${call.name} ${key}` : call.name;
}

/** Tool calls of a session by call id, with the message that made them. */
export function callsById(session: SessionDetail): Map<string, { call: ToolCall; message: StoredMessage }> {
  const map = new Map<string, { call: ToolCall; message: StoredMessage }>();
  for (const message of session.messages) {
    for (const call of message.toolCalls) if (call.callId) map.set(call.callId, { call, message });
  }
  return map;
}

/** The nearest earlier assistant message on the same thread (main or sidechain) with words or calls. */
export function previousAgentMessage(messages: StoredMessage[], index: number): StoredMessage | null {
  const at = messages[index];
  for (let i = index - 1; i >= 0; i--) {
    const m = messages[i];
    if (m.role !== 'assistant' || m.sidechain !== at.sidechain) continue;
    if (m.text.trim() || m.toolCalls.length) return m;
  }
  return null;
}

/** What the agent last did before message `index`, in a line: its words, then its calls. */
export function agentActionBefore(messages: StoredMessage[], index: number, max: number): string | null {
  const m = previousAgentMessage(messages, index);
  if (!m) return null;
  const parts: string[] = [];
  const text = squash(m.text);
  if (text) parts.push(text);
  if (m.toolCalls.length) parts.push(m.toolCalls.map((c) => describeCall(c, 120)).join('; '));
  return clip(parts.join(' | '), max);
}

/** The previous message written by the person, if any. */
export function previousPersonMessage(messages: StoredMessage[], index: number): StoredMessage | null {
  for (let i = index - 1; i >= 0; i--) if (isTypedByPerson(messages[i])) return messages[i];
  return null;
}
