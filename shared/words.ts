// Words the app shows for counts and ids: proper plurals instead of "(s)", and the names people know
// ("CLAUDE.md", "Claude Code") instead of format ids. No Node imports: the renderer bundles this file.
import type { ExportFormat } from './api.js';
import type { FormatId } from './types.js';

/** The plural of one English noun ("session" → "sessions", "entry" → "entries", "match" → "matches"). */
export function pluralOf(noun: string): string {
  if (/(s|x|z|ch|sh)$/.test(noun)) return `${noun}es`;
  if (/[^aeiou]y$/.test(noun)) return `${noun.slice(0, -1)}ies`;
  return `${noun}s`;
}

/**
 * A count with its noun in the right number: `plural(1, 'session')` → "1 session", `plural(3, 'session')`
 * → "3 sessions". Counts are grouped for reading ("12,000"). `many` overrides the plural form.
 */
export function plural(count: number, noun: string, many?: string): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? noun : (many ?? pluralOf(noun))}`;
}

/** The log formats as their makers name them. */
export const FORMAT_LABELS: Record<FormatId, string> = {
  'claude-code': 'Claude Code',
  'claude-ai': 'Claude.ai',
  chatgpt: 'ChatGPT',
  codex: 'Codex CLI',
  'gemini-cli': 'Gemini CLI',
  cline: 'Cline',
  'cline-ui': 'Cline (UI messages)',
  aider: 'Aider',
  'copilot-chat': 'Copilot Chat',
  'openai-messages': 'OpenAI messages',
  sharegpt: 'ShareGPT',
  'anthropic-messages': 'Anthropic messages',
};

/** A stored format id in words; an id this build does not know is shown as it is. */
export function formatLabel(format: string | null | undefined): string {
  if (!format) return 'unknown format';
  return (FORMAT_LABELS as Record<string, string>)[format] ?? format;
}

/** The export formats by what they make. */
export const EXPORT_FORMAT_LABELS: Record<ExportFormat, string> = {
  'claude-md': 'CLAUDE.md',
  'agents-md': 'AGENTS.md',
  cursor: 'Cursor rules',
  prompt: 'Plain prompt',
  json: 'JSON',
};
