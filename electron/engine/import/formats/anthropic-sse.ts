import { readLines } from '../read/lines.js';
import { throwIfAborted } from '../../base/cancel.js';
import { ImportError, type ImportInput } from '../types.js';
import { isObject } from './generic-json.js';

/*
 * A recorded Anthropic streaming response: server-sent events, either as raw SSE
 * (`event: ...` / `data: {...}`) or one event JSON per line. The events are folded back
 * into the response objects they describe, one per `message_start`.
 */

export interface StreamedResponse {
  message: Record<string, unknown>;
  content: Record<string, unknown>[];
  /** An `error` event that ended the stream early. */
  error?: string;
}

type Event = Record<string, unknown>;

/**
 * Is this head a recorded event stream? 'message' when it opens with `message_start`,
 * 'error' when the request failed before any message (an error event alone), else null.
 */
export function eventStreamKind(head: string): 'message' | 'error' | null {
  const first = head.trimStart().split('\n', 1)[0].trim();
  const m = /^event:\s*(message_start|error)\s*$/.exec(first) ?? /^(?:data:\s*)?\{\s*"type"\s*:\s*"(message_start|error)"/.exec(first);
  if (!m) return null;
  // A bare `{"type": "error", ...}` object is an error body, not a stream.
  if (m[1] === 'error' && !/^(event|data):/.test(first)) return null;
  return m[1] === 'message_start' ? 'message' : 'error';
}

export async function* readEventStream(input: ImportInput, signal?: AbortSignal): AsyncGenerator<StreamedResponse> {
  let current: StreamedResponse | null = null;
  // Tool inputs arrive as JSON fragments, joined and parsed when their block stops.
  const partialJson = new Map<number, string>();
  for await (const { line, text } of readLines(input, signal)) {
    throwIfAborted(signal);
    const trimmed = text.trim();
    if (trimmed === '' || trimmed.startsWith('event:') || trimmed.startsWith(':')) continue;
    const data = trimmed.replace(/^data:\s*/, '');
    let event: Event;
    try {
      const parsed: unknown = JSON.parse(data);
      if (!isObject(parsed) || typeof parsed.type !== 'string') throw new Error('not an event object');
      event = parsed;
    } catch (err) {
      throw new ImportError(`line ${line}: not a stream event (${(err as Error).message})`);
    }
    const index = typeof event.index === 'number' ? event.index : -1;
    const block = current?.content[index];
    switch (event.type) {
      case 'message_start':
        if (current) yield current;
        if (!isObject(event.message)) throw new ImportError(`line ${line} field message: expected an object`);
        current = { message: event.message, content: [] };
        partialJson.clear();
        break;
      case 'content_block_start':
        if (!current || !isObject(event.content_block)) throw new ImportError(`line ${line}: content block outside a message`);
        current.content[index] = { ...event.content_block };
        break;
      case 'content_block_delta': {
        const delta = event.delta;
        if (!block || !isObject(delta)) throw new ImportError(`line ${line}: delta for unknown content block ${index}`);
        if (delta.type === 'text_delta') block.text = String(block.text ?? '') + String(delta.text ?? '');
        else if (delta.type === 'input_json_delta') partialJson.set(index, (partialJson.get(index) ?? '') + String(delta.partial_json ?? ''));
        else if (delta.type === 'citations_delta') block.citations = [...((block.citations as unknown[]) ?? []), delta.citation];
        // thinking and signature deltas: hidden reasoning, not kept.
        break;
      }
      case 'content_block_stop': {
        const json = partialJson.get(index);
        if (block && json !== undefined && json !== '') {
          try {
            block.input = JSON.parse(json);
          } catch {
            block.input = json; // a stream cut mid-input: keep the fragment as text
          }
        }
        partialJson.delete(index);
        break;
      }
      case 'message_delta':
        if (current && isObject(event.delta)) Object.assign(current.message, event.delta);
        break;
      case 'error': {
        const e = isObject(event.error) ? event.error : {};
        const what = `${String(e.type ?? 'error')}: ${String(e.message ?? '')}`;
        if (!current) throw new ImportError(`line ${line}: an Anthropic API error (${what}), not a conversation`);
        current.error = what;
        break;
      }
      // ping, message_stop: nothing to keep.
    }
  }
  if (current) yield current;
}
