import { z } from 'zod';
import type { ParsedMessage, ParsedSession, Role, ToolResult } from '../../../../shared/types.js';
import { readJson } from '../read/json.js';
import { throwIfAborted } from '../../base/cancel.js';
import { type FormatImporter, type Sniff } from '../types.js';
import { check, clipOutput, jsonText, textOf } from '../validate.js';

/*
 * Gemini CLI saved chats: ~/.gemini/tmp/<projectHash>/chats/session-*.json, one session per
 * file: {sessionId, projectHash, startTime, lastUpdated, messages[]}. Message types are
 * user, gemini (the model), info, error and warning (the CLI's own notices). A gemini message
 * carries its tool calls with their results inline; they are split into the assistant's
 * toolCalls and a following role 'tool' message. `thoughts` are hidden reasoning: skipped.
 * The log names the project only by a hash of its path, so `project` stays unset.
 */

const ToolCall = z.looseObject({
  id: z.string().optional(),
  name: z.string(),
  args: z.unknown().optional(),
  result: z.unknown().optional(),
  status: z.string().optional(),
  timestamp: z.string().optional(),
  resultDisplay: z.unknown().optional(),
});
const Message = z.looseObject({
  id: z.string().optional(),
  timestamp: z.string().optional(),
  type: z.string(),
  content: z.unknown().optional(),
  toolCalls: z.array(ToolCall).optional(),
  model: z.string().optional(),
});
const Session = z.looseObject({
  sessionId: z.string(),
  projectHash: z.string().optional(),
  startTime: z.string().optional(),
  lastUpdated: z.string().optional(),
  messages: z.array(Message),
});
type ToolCall = z.infer<typeof ToolCall>;

const ROLES: Record<string, Role> = { user: 'user', gemini: 'assistant' };

/** A value as text: strings as they are, anything else as JSON. */
function asText(v: unknown): string {
  return typeof v === 'string' ? v : jsonText(v);
}

/** The output the tool returned: the functionResponse parts sent back to the model. */
function resultOf(call: ToolCall): ToolResult {
  const parts = Array.isArray(call.result) ? call.result : call.result === undefined ? [] : [call.result];
  const texts: string[] = [];
  let failed = call.status === 'error' || call.status === 'cancelled';
  for (const part of parts) {
    const response = (part as { functionResponse?: { response?: unknown } } | null)?.functionResponse?.response;
    if (response && typeof response === 'object') {
      const r = response as Record<string, unknown>;
      if (r.error !== undefined) {
        failed = true;
        texts.push(asText(r.error));
      } else texts.push(asText(r.output ?? r));
    } else if (typeof part === 'string') texts.push(part);
    else if (part && typeof (part as { text?: unknown }).text === 'string') texts.push((part as { text: string }).text);
  }
  let output = texts.join('\n');
  if (!output && call.resultDisplay !== undefined && call.resultDisplay !== null) output = asText(call.resultDisplay);
  // A cancelled call is the person rejecting it: say so, whatever the tool printed.
  if (call.status === 'cancelled') output = output ? `[cancelled by user]\n${output}` : '[cancelled by user]';
  const result: ToolResult = { output: clipOutput(output), isError: failed, name: call.name };
  if (call.id) result.callId = call.id;
  return result;
}

export const geminiCliImporter: FormatImporter = {
  id: 'gemini-cli',

  detect(s: Sniff): number {
    const head = s.head.trimStart();
    if (!head.startsWith('{')) return 0;
    const session = /"sessionId"\s*:/.test(head) && /"messages"\s*:\s*\[/.test(head);
    if (!session) return 0;
    if (/"projectHash"\s*:/.test(head)) return 0.95;
    return /"type"\s*:\s*"gemini"/.test(head) ? 0.85 : 0;
  },

  async *parse(input, signal) {
    const s = check(Session, await readJson(input, signal), '$');
    const messages: ParsedMessage[] = [];
    let model: string | undefined;
    for (const m of s.messages) {
      throwIfAborted(signal);
      const role = ROLES[m.type] ?? 'system';
      // The CLI's own notices (info, error, warning) are kept as system text naming their kind.
      const body = textOf(m.content);
      const text = role === 'system' && body ? `[${m.type}] ${body}` : body;
      const message: ParsedMessage = { role, text };
      if (m.id) message.externalId = m.id;
      if (m.timestamp) message.timestamp = m.timestamp;
      if (role === 'assistant' && m.model) {
        message.model = m.model;
        model ??= m.model;
      }
      const calls = m.toolCalls ?? [];
      if (calls.length) {
        message.toolCalls = calls.map((c) => ({ callId: c.id, name: c.name, input: jsonText(c.args ?? {}) }));
      }
      messages.push(message);
      if (calls.length) {
        const tool: ParsedMessage = { role: 'tool', text: '', toolResults: calls.map(resultOf) };
        const at = calls.find((c) => c.timestamp)?.timestamp ?? m.timestamp;
        if (at) tool.timestamp = at;
        messages.push(tool);
      }
    }
    if (messages.length === 0) return;
    const prompt = messages.find((m) => m.role === 'user' && m.text.trim());
    const session: ParsedSession = {
      format: 'gemini-cli',
      externalId: s.sessionId,
      title: prompt?.text.trim().split('\n')[0].slice(0, 120),
      model,
      startedAt: s.startTime,
      endedAt: s.lastUpdated,
      messages,
    };
    yield session;
  },
};
