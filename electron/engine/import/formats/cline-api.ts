import { z } from 'zod';
import type { ParsedMessage, ToolCall, ToolResult } from '../../../../shared/types.js';
import { streamJsonArray } from '../read/json.js';
import { throwIfAborted } from '../../base/cancel.js';
import { type FormatImporter, type Sniff } from '../types.js';
import { check, clipOutput, jsonText, textOf } from '../validate.js';
import {
  SPEECH,
  classifyBlock,
  cwdOf,
  extractXmlCalls,
  failed,
  isoFromMillis,
  taskSession,
  type Segment,
} from './cline-text.js';

/*
 * Cline / Roo Code task history: <task id>/api_conversation_history.json, the Anthropic
 * `messages` array the extension sends, each element with an extra `ts` (epoch ms) and, in
 * recent Cline, `modelInfo`. Tool calls are native tool_use blocks or, in older logs, XML
 * tags in the assistant's text; results come back as user text "[tool for 'x'] Result: ..."
 * (or tool_result blocks). A user message mixes the person's words (wrapped in <task>,
 * <feedback>, <answer>, <user_message>), tool results and the extension's notices
 * (<environment_details>, resumption and reminder text): it is split into up to three
 * messages, tool / user / system, in the order they first appear. The file holds no task id:
 * the first `ts` stands in (`cline-<ts>`), close to the task id, which is itself a timestamp.
 */

const Block = z.looseObject({ type: z.string() });
const Message = z.looseObject({
  role: z.string(),
  content: z.union([z.string(), z.array(Block)]),
  ts: z.number().optional(),
  modelInfo: z.looseObject({ modelId: z.string().optional() }).nullable().optional(),
});
type Block = z.infer<typeof Block>;

interface Pending {
  callId?: string;
  name: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function assistant(blocks: Block[]): { message: ParsedMessage; calls: ToolCall[] } {
  const texts: string[] = [];
  const calls: ToolCall[] = [];
  const speak = (name: string, input: Record<string, unknown>): void => {
    const said = SPEECH[name] ? str(input[SPEECH[name]]) : undefined;
    if (said?.trim()) texts.push(said.trim());
  };
  for (const b of blocks) {
    if (b.type === 'text' && typeof b.text === 'string') {
      const { text, calls: xml } = extractXmlCalls(b.text);
      if (text) texts.push(text);
      for (const c of xml) {
        calls.push({ name: c.name, input: JSON.stringify(c.params) });
        speak(c.name, c.params);
      }
    } else if (b.type === 'tool_use') {
      const name = str(b.name) ?? 'unknown';
      const call: ToolCall = { name, input: jsonText(b.input ?? {}) };
      if (str(b.id)) call.callId = str(b.id);
      calls.push(call);
      if (b.input && typeof b.input === 'object') speak(name, b.input as Record<string, unknown>);
    } else if (b.type === 'image') texts.push('[image]');
    // thinking / redacted_thinking / reasoning blocks: hidden reasoning, left out.
  }
  const message: ParsedMessage = { role: 'assistant', text: texts.join('\n\n') };
  if (calls.length) message.toolCalls = calls;
  return { message, calls };
}

/** Splits a user message into tool results, the person's words and the extension's notices. */
function user(blocks: Block[], pending: Pending[], first: boolean): ParsedMessage[] {
  const segments: Segment[] = [];
  for (const b of blocks) {
    if (b.type === 'text' && typeof b.text === 'string') classifyBlock(segments, b.text, first);
    else if (b.type === 'image') segments.push({ kind: 'user', text: '[image]' });
    else if (b.type === 'tool_result') {
      const output = textOf(b.content);
      segments.push({
        kind: 'result',
        callId: str(b.tool_use_id),
        output,
        isError: b.is_error === true || failed(output),
      });
    }
  }

  const results: ToolResult[] = [];
  const said: string[] = [];
  const notices: string[] = [];
  const order: ('tool' | 'user' | 'system')[] = [];
  const note = (kind: 'tool' | 'user' | 'system'): void => {
    if (!order.includes(kind)) order.push(kind);
  };
  for (const s of segments) {
    if (s.kind === 'result') {
      // Results answer the previous reply's calls in order; match by id, else by name, else next.
      let i = s.callId ? pending.findIndex((p) => p.callId === s.callId) : -1;
      if (i === -1 && !s.callId) i = pending.findIndex((p) => p.name === s.name);
      if (i === -1 && !s.callId) i = 0;
      const call = pending[i];
      if (call) pending.splice(i, 1);
      const result: ToolResult = { output: clipOutput(s.output), isError: s.isError };
      const callId = s.callId ?? call?.callId;
      if (callId) result.callId = callId;
      const name = call?.name ?? s.name;
      if (name) result.name = name;
      results.push(result);
      note('tool');
    } else if (s.kind === 'user') {
      said.push(s.text);
      note('user');
    } else {
      notices.push(s.text);
      note('system');
    }
  }
  return order.map((kind): ParsedMessage => {
    if (kind === 'tool') return { role: 'tool', text: '', toolResults: results };
    if (kind === 'user') return { role: 'user', text: said.join('\n\n') };
    return { role: 'system', text: notices.join('\n\n') };
  });
}

export const clineImporter: FormatImporter = {
  id: 'cline',

  detect(s: Sniff): number {
    const head = s.head.trimStart();
    if (!head.startsWith('[')) return 0;
    // An array of {role, content} objects: the role key comes before any nested value.
    const roleArray =
      /^\[\s*\{[^{}[\]]*"role"\s*:\s*"(user|assistant)"/.test(head) ||
      (/^\[\s*\{/.test(head) && /"role"\s*:\s*"(user|assistant)"\s*,\s*"content"/.test(head));
    if (!roleArray || /"type"\s*:\s*"(say|ask)"/.test(head)) return 0;
    const ts = /"ts"\s*:\s*\d{10,}/.test(head);
    const marks = /<environment_details>|<task>|\] Result:/.test(head);
    if (ts && marks) return 0.95;
    if (ts) return 0.8;
    return marks ? 0.75 : 0;
  },

  async *parse(input, signal) {
    const messages: ParsedMessage[] = [];
    let pending: Pending[] = [];
    let firstTs: number | undefined;
    let model: string | undefined;
    let project: string | undefined;
    let first = true;
    for await (const { index, value } of streamJsonArray(input, { signal })) {
      throwIfAborted(signal);
      const m = check(Message, value, `$[${index}]`);
      firstTs ??= m.ts;
      const blocks: Block[] = typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : m.content;
      let out: ParsedMessage[];
      if (m.role === 'assistant') {
        const { message, calls } = assistant(blocks);
        const modelId = m.modelInfo?.modelId;
        if (modelId) {
          message.model = modelId;
          model ??= modelId;
        }
        pending = calls.map((c) => ({ callId: c.callId, name: c.name }));
        out = [message];
      } else if (m.role !== 'user') {
        out = [{ role: 'system', text: textOf(blocks) }];
      } else {
        out = user(blocks, pending, first);
        pending = [];
        project ??= out.map((o) => (o.role === 'system' ? cwdOf(o.text) : undefined)).find(Boolean);
      }
      const timestamp = isoFromMillis(m.ts);
      for (const o of out) {
        if (timestamp) o.timestamp = timestamp;
        messages.push(o);
      }
      first = false;
    }
    const session = taskSession('cline', firstTs, { messages, project, model });
    if (session) yield session;
  },
};
