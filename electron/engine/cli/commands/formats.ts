import { IMPORTERS } from '../../import/formats/index.js';
import type { CliContext } from '../context.js';

const DESCRIPTIONS: Record<string, string> = {
  'claude-code': 'Claude Code session transcripts (~/.claude/projects/*/*.jsonl)',
  'claude-ai': 'Claude.ai data export (conversations.json, or the zip)',
  chatgpt: 'ChatGPT data export (conversations.json, or the zip)',
  codex: 'OpenAI Codex CLI rollouts (~/.codex/sessions/**/rollout-*.jsonl)',
  'gemini-cli': 'Gemini CLI saved chats',
  cline: 'Cline / Roo Code api_conversation_history.json',
  'cline-ui': 'Cline / Roo Code ui_messages.json',
  aider: 'Aider .aider.chat.history.md',
  'copilot-chat': 'GitHub Copilot Chat "Export Chat" JSON',
  'openai-messages': 'OpenAI-style {"messages": [...]} JSON or JSONL',
  sharegpt: 'ShareGPT {"conversations": [{"from", "value"}]} JSON or JSONL',
  'anthropic-messages': 'Anthropic Messages API request or response JSON',
};

export function formatsCommand(ctx: CliContext): number {
  const rows = IMPORTERS.map((i) => ({ id: i.id, description: DESCRIPTIONS[i.id] ?? '' }));
  if (ctx.json) ctx.out(JSON.stringify(rows, null, 2));
  else for (const r of rows) ctx.out(`${r.id.padEnd(19)} ${r.description}`);
  return 0;
}
