import { z } from 'zod';
import type { ParsedMessage } from '../../../../shared/types.js';
import { clipOutput } from '../validate.js';

/*
 * One node's message of a ChatGPT export, turned into a normalised message.
 * `content.content_type` decides where the text lives: `parts` (text, multimodal_text),
 * `text` (code, execution_output, system_error), or type-specific fields.
 */

const Content = z.looseObject({
  content_type: z.string(),
  parts: z.array(z.unknown()).nullable().optional(),
  text: z.string().nullable().optional(),
});

export const Message = z.looseObject({
  id: z.string().optional(),
  author: z.looseObject({ role: z.string(), name: z.string().nullable().optional() }),
  create_time: z.number().nullable().optional(),
  content: Content,
  weight: z.number().nullable().optional(),
  recipient: z.string().nullable().optional(),
  metadata: z.looseObject({}).nullable().optional(),
});
export type Message = z.infer<typeof Message>;

/** Epoch seconds as ISO 8601 (millis too, as some third-party exporters write them); undefined when absurd. */
export function epochIso(t: number): string | undefined {
  const d = new Date(t > 1e11 ? t : t * 1000);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** Hidden reasoning of o-series / thinking models: not part of the visible conversation. */
const REASONING = new Set(['thoughts', 'reasoning_recap']);

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Text of one entry of `content.parts`: a string, or an object such as an uploaded image. */
function partText(part: unknown): string {
  if (typeof part === 'string') return part;
  if (!part || typeof part !== 'object') return '';
  const p = part as Record<string, unknown>;
  const type = str(p.content_type);
  if (type === 'image_asset_pointer') return '[image]';
  if (type === 'audio_transcription' || typeof p.text === 'string') return str(p.text);
  if (type.startsWith('audio') || type.includes('audio_video')) return '[audio]';
  return `[${type || 'attachment'}]`;
}

function contentText(c: z.infer<typeof Content>): string {
  const x = c as Record<string, unknown>;
  switch (c.content_type) {
    case 'tether_browsing_display':
      return str(x.result) || str(x.summary);
    case 'tether_quote':
    case 'sonic_webpage':
      return [str(x.title), str(x.url), str(x.text)].filter(Boolean).join('\n');
    case 'user_editable_context':
      return [str(x.user_profile), str(x.user_instructions)].filter(Boolean).join('\n\n');
    case 'model_editable_context':
      return str(x.model_set_context);
  }
  if (c.parts) return c.parts.map(partText).filter(Boolean).join('\n');
  return c.text ?? '';
}

/** Pre-2024 exports keep custom instructions in the metadata of an otherwise empty system message. */
function customInstructions(meta: Record<string, unknown>): string {
  const data = meta.user_context_message_data as Record<string, unknown> | undefined;
  if (!data || typeof data !== 'object') return '';
  const about = str(data.about_user_message);
  const how = str(data.about_model_message);
  return [about && `About me: ${about}`, how && `How to respond: ${how}`].filter(Boolean).join('\n\n');
}

/** True when a code-interpreter run or a plugin/browser call says it failed. */
function failed(m: Message, meta: Record<string, unknown>): boolean {
  if (m.content.content_type === 'system_error') return true;
  if (meta.status === 'failed' || meta.is_error === true) return true;
  const run = meta.aggregate_result as Record<string, unknown> | undefined;
  if (!run || typeof run !== 'object') return false;
  if (run.in_kernel_exception || run.system_exception) return true;
  return typeof run.status === 'string' && run.status !== 'success';
}

/** An assistant message addressed to something other than `all` is a call to that tool. */
export function isToolCall(m: Message): boolean {
  return m.author.role === 'assistant' && !!m.recipient && m.recipient !== 'all';
}

/**
 * The normalised message for `m`, or null when it is not part of the visible conversation
 * (hidden, reasoning, or empty like the root system message). `nodeId` names a tool call
 * this message makes; `callId` is the tool call a tool message answers (its nearest
 * assistant ancestor, when that is a call).
 */
export function toParsed(m: Message, nodeId: string, callId: string | undefined): ParsedMessage | null {
  const meta = (m.metadata ?? {}) as Record<string, unknown>;
  if (m.weight === 0 || meta.is_visually_hidden_from_conversation === true) return null;
  const type = m.content.content_type;
  if (REASONING.has(type)) return null;
  const text = contentText(m.content);
  const model = typeof meta.model_slug === 'string' ? meta.model_slug : undefined;
  const base: Pick<ParsedMessage, 'timestamp'> = {};
  if (typeof m.create_time === 'number') base.timestamp = epochIso(m.create_time);

  if (m.author.role === 'tool') {
    const output = clipOutput(text);
    const name = m.author.name ?? undefined;
    return { ...base, role: 'tool', text: '', toolResults: [{ callId, name, output, isError: failed(m, meta) }] };
  }
  if (isToolCall(m)) {
    const call = { callId: nodeId, name: m.recipient as string, input: text };
    return { ...base, role: 'assistant', text: '', toolCalls: [call], model };
  }
  const injected = type === 'user_editable_context' || type === 'model_editable_context';
  if (m.author.role === 'system' || injected) {
    const sys = text.trim() ? text : customInstructions(meta);
    return sys.trim() ? { ...base, role: 'system', text: sys } : null;
  }
  if (!text.trim()) return null;
  if (m.author.role === 'user') return { ...base, role: 'user', text };
  if (m.author.role === 'assistant') return { ...base, role: 'assistant', text, model };
  // Unknown author roles are not the person's words: keep them as context.
  return { ...base, role: 'system', text };
}
