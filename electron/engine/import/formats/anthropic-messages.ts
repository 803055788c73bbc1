import { z } from 'zod';
import type { ParsedMessage, ParsedSession } from '../../../../shared/types.js';
import { readJson, streamJsonArray } from '../read/json.js';
import { throwIfAborted } from '../../base/cancel.js';
import { ImportError, type FormatImporter, type ImportInput, type Sniff } from '../types.js';
import { check, textOf } from '../validate.js';
import { assistantMessages, userMessages } from './anthropic-blocks.js';
import { eventStreamKind, readEventStream } from './anthropic-sse.js';
import { firstRecord, isObject, readFirstLine } from './generic-json.js';

/*
 * Anthropic Messages API bodies saved to disk: a request (`{model, system?, messages}`),
 * a response (`{id, type: 'message', role: 'assistant', content}`), a `{request, response}`
 * pair, a bare `messages` array, or a recorded event stream. One file is one session.
 *
 * An error body (`{type: 'error', error}`) is detected, so it is not reported as an
 * unknown file, but parsing it fails with an ImportError saying it is an API error
 * response and not a conversation: the person sees why nothing was imported.
 */

const Block = z.looseObject({ type: z.string() });
const Content = z.union([z.string(), z.array(Block)]);
const Message = z.looseObject({ role: z.enum(['user', 'assistant']), content: Content });
const Request = z.looseObject({
  model: z.string().optional(),
  system: Content.optional(),
  messages: z.array(Message),
});
const Response = z.looseObject({
  id: z.string().optional(),
  type: z.literal('message'),
  role: z.literal('assistant'),
  model: z.string().optional(),
  content: z.array(Block),
});

function requestMessages(req: z.infer<typeof Request>, names: Map<string, string>): ParsedMessage[] {
  const out: ParsedMessage[] = [];
  if (req.system !== undefined) out.push({ role: 'system', text: textOf(req.system) });
  for (const m of req.messages) {
    out.push(...(m.role === 'user' ? userMessages(m.content, names) : assistantMessages(m.content, names)));
  }
  return out;
}

function session(messages: ParsedMessage[], extra: Partial<ParsedSession> = {}): ParsedSession {
  return { format: 'anthropic-messages', ...extra, messages };
}

/** One JSON document: request, response, request/response pair, or an error body. */
function fromDocument(doc: unknown): ParsedSession {
  if (!isObject(doc)) throw new ImportError('$: expected an Anthropic Messages request or response object');
  if (doc.type === 'error') {
    const e = isObject(doc.error) ? doc.error : {};
    throw new ImportError(
      `$: this is an Anthropic API error response (${String(e.type ?? 'error')}: ${String(e.message ?? '')}), not a conversation`,
    );
  }
  const names = new Map<string, string>();
  if (isObject(doc.request) && isObject(doc.response)) {
    const req = check(Request, doc.request, '$.request');
    const res = check(Response, doc.response, '$.response');
    const messages = [...requestMessages(req, names), ...assistantMessages(res.content, names, res.model)];
    return session(messages, { externalId: res.id, model: res.model ?? req.model });
  }
  if (doc.type === 'message') {
    const res = check(Response, doc, '$');
    return session(assistantMessages(res.content, names, res.model), { externalId: res.id, model: res.model });
  }
  if ('messages' in doc) {
    const req = check(Request, doc, '$');
    return session(requestMessages(req, names), { model: req.model });
  }
  throw new ImportError('$: neither an Anthropic Messages request (`messages`) nor a response (`type: "message"`)');
}

async function* parseFile(input: ImportInput, signal?: AbortSignal): AsyncGenerator<ParsedSession> {
  const first = (await readFirstLine(input)).trim();
  if (eventStreamKind(first)) {
    for await (const streamed of readEventStream(input, signal)) {
      const res = check(Response, { ...streamed.message, content: streamed.content.filter(Boolean) }, 'message_start');
      const messages = assistantMessages(res.content, new Map(), res.model);
      if (streamed.error) messages.push({ role: 'system', text: `API error: ${streamed.error}` });
      yield session(messages, { externalId: res.id, model: res.model });
    }
    return;
  }
  if (first.startsWith('[')) {
    // A bare `messages` array (what a request body holds), streamed.
    const names = new Map<string, string>();
    const messages: ParsedMessage[] = [];
    for await (const { index, value } of streamJsonArray(input, { signal })) {
      const m = check(Message, value, `$[${index}]`);
      messages.push(...(m.role === 'user' ? userMessages(m.content, names) : assistantMessages(m.content, names)));
    }
    if (messages.length) yield session(messages);
    return;
  }
  yield fromDocument(await readJson(input, signal));
}

const ANTHROPIC_MARKERS = /"(max_tokens|stop_sequences|anthropic_version|system)"\s*:|"type"\s*:\s*"(tool_use|tool_result|thinking)"/;
const OPENAI_MARKERS = /"(tool_calls|tool_call_id|function_call)"|"role"\s*:\s*"(system|developer|tool|function)"|"image_url"/;

export const anthropicMessagesImporter: FormatImporter = {
  id: 'anthropic-messages',
  detect(sniff: Sniff): number {
    const stream = eventStreamKind(sniff.head);
    if (stream) return stream === 'message' ? 0.9 : 0.5;
    const first = firstRecord(sniff.head);
    if (!first) return 0;
    const { container, record } = first;
    const anthropic = ANTHROPIC_MARKERS.test(sniff.head);
    const openai = OPENAI_MARKERS.test(sniff.head);
    if (container === 'array') {
      // A bare array of messages: Cline's api_conversation_history has the same shape
      // plus `ts` and must go to the Cline importer, so stay below it and step aside.
      if (typeof record.role !== 'string' || 'messages' in record) return 0;
      if ('ts' in record || /"ts"\s*:\s*\d/.test(sniff.head) || openai) return 0;
      return 0.3;
    }
    if (record.type === 'message' && record.role === 'assistant') return 0.9;
    if (record.type === 'error' && isObject(record.error)) return 0.5;
    if (isObject(record.request) && isObject(record.response) && record.response.type === 'message') return 0.85;
    const messages = record.messages;
    if (Array.isArray(messages) && isObject(messages[0]) && typeof messages[0].role === 'string') {
      // Bare `{messages}` records without request fields are fine-tuning data (OpenAI's).
      const requestLike = 'model' in record || 'max_tokens' in record || 'system' in record;
      if ((!requestLike && !anthropic) || (openai && !anthropic)) return 0;
      if (anthropic && !openai) return 0.7;
      return anthropic ? 0.4 : 0.35;
    }
    return 0;
  },
  async *parse(input, signal) {
    for await (const s of parseFile(input, signal)) {
      throwIfAborted(signal);
      yield s;
    }
  },
};
