import { z } from 'zod';
import type { ParsedMessage, ParsedSession } from '../../../../shared/types.js';
import { throwIfAborted } from '../../base/cancel.js';
import { type FormatImporter, type Sniff } from '../types.js';
import { check, clipOutput, jsonText } from '../validate.js';
import { firstRecord, isObject, readRecords } from './generic-json.js';

/*
 * Generic OpenAI-style chat messages: fine-tuning JSONL (`{"messages": [...]}` per line),
 * a JSON array of such records (LLaMA-Factory's openai-style datasets), or one object
 * with `messages` (a saved chat-completions request). Each `messages` list is a session;
 * the format has no ids, so the store's content hash identifies it.
 */

const FunctionCall = z.looseObject({ name: z.string(), arguments: z.unknown().optional() });
const Message = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
  content: z.union([z.string(), z.array(z.unknown()), z.null()]).optional(),
  name: z.string().nullable().optional(),
  tool_calls: z
    .array(z.looseObject({ id: z.string().optional(), function: FunctionCall }))
    .nullable()
    .optional(),
  function_call: FunctionCall.nullable().optional(),
  tool_call_id: z.string().nullable().optional(),
});
const Conversation = z.looseObject({ messages: z.array(Message), model: z.string().optional() });

/** Text of OpenAI content: a string or typed parts; media become short markers. */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const out: string[] = [];
  for (const part of content) {
    if (typeof part === 'string') out.push(part);
    else if (!isObject(part)) continue;
    else if (typeof part.text === 'string') out.push(part.text);
    else if (typeof part.refusal === 'string') out.push(part.refusal);
    else if (/image/.test(String(part.type))) out.push('[image]');
    else if (/audio/.test(String(part.type))) out.push('[audio]');
    else if (/file/.test(String(part.type))) out.push('[file]');
  }
  return out.join('\n');
}

function toSession(conv: z.infer<typeof Conversation>): ParsedSession {
  const names = new Map<string, string>();
  const messages: ParsedMessage[] = [];
  for (const m of conv.messages) {
    const text = contentText(m.content);
    if (m.role === 'system' || m.role === 'developer') messages.push({ role: 'system', text });
    else if (m.role === 'user') messages.push({ role: 'user', text });
    else if (m.role === 'assistant') {
      const msg: ParsedMessage = { role: 'assistant', text };
      const calls = (m.tool_calls ?? []).map((c) => {
        if (c.id) names.set(c.id, c.function.name);
        return { callId: c.id, name: c.function.name, input: jsonText(c.function.arguments) };
      });
      // The legacy single `function_call` (before tool_calls existed).
      if (m.function_call) calls.push({ callId: undefined, name: m.function_call.name, input: jsonText(m.function_call.arguments) });
      if (calls.length) msg.toolCalls = calls;
      messages.push(msg);
    } else {
      // `tool` answers a tool_call by id; legacy `function` answers by name. No error flag exists.
      const callId = m.tool_call_id ?? undefined;
      const name = m.name ?? (callId ? names.get(callId) : undefined);
      messages.push({ role: 'tool', text: '', toolResults: [{ callId, name, output: clipOutput(text), isError: false }] });
    }
  }
  return { format: 'openai-messages', model: conv.model, messages };
}

// Top-level `system` and typed tool blocks belong to Anthropic request bodies.
const ANTHROPIC_MARKERS = /"(system|stop_sequences|anthropic_version)"\s*:|"type"\s*:\s*"(tool_use|tool_result)"/;
const OPENAI_MARKERS = /"(tool_calls|tool_call_id|function_call)"|"role"\s*:\s*"(system|developer|tool|function)"|"image_url"/;

/** Keys of fine-tuning records (OpenAI's, LLaMA-Factory's): nothing request-like. */
const DATASET_KEYS = new Set(['messages', 'tools', 'functions', 'parallel_tool_calls', 'images', 'videos', 'audios']);

function isMessageList(v: unknown): boolean {
  return Array.isArray(v) && isObject(v[0]) && typeof v[0].role === 'string';
}

export const openaiMessagesImporter: FormatImporter = {
  id: 'openai-messages',
  detect(sniff: Sniff): number {
    const first = firstRecord(sniff.head);
    if (!first) return 0;
    const { container, record } = first;
    if (isMessageList(record.messages)) {
      const keys = Object.keys(record);
      // `{messages, images}` records and fine-tuning lines are this format; a lone object
      // with `messages` may as well be an Anthropic request, unless OpenAI markers show.
      if (container === 'array' || keys.every((k) => DATASET_KEYS.has(k))) return 0.8;
      const openai = OPENAI_MARKERS.test(sniff.head);
      if (!openai && ANTHROPIC_MARKERS.test(sniff.head)) return 0;
      return openai ? 0.7 : 0.4;
    }
    // A bare array of role/content messages (no wrapper) is most often another tool's
    // log (Cline's api_conversation_history has `ts`); claim it weakly, and only with
    // OpenAI-only markers.
    const cline = 'ts' in record || /"ts"\s*:\s*\d/.test(sniff.head);
    if (container === 'array' && typeof record.role === 'string' && !cline && OPENAI_MARKERS.test(sniff.head)) return 0.3;
    return 0;
  },
  async *parse(input, signal) {
    // A bare array of messages (no `messages` wrapper) is one conversation.
    let bare: z.infer<typeof Message>[] | null = null;
    for await (const { where, value } of readRecords(input, signal)) {
      throwIfAborted(signal);
      if (where === '$[0]' && isObject(value) && typeof value.role === 'string' && !('messages' in value)) bare = [];
      if (bare) bare.push(check(Message, value, where));
      else yield toSession(check(Conversation, value, where));
    }
    if (bare?.length) yield toSession({ messages: bare });
  },
};
