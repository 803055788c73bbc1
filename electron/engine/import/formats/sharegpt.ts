import { z } from 'zod';
import type { ParsedMessage, ParsedSession, ToolCall } from '../../../../shared/types.js';
import { throwIfAborted } from '../../base/cancel.js';
import { ImportError, type FormatImporter, type Sniff } from '../types.js';
import { check, clipOutput, jsonText } from '../validate.js';
import { firstRecord, isObject, readRecords } from './generic-json.js';

/*
 * ShareGPT / Vicuna datasets: records `{id?, system?, conversations: [{from, value}]}`, as
 * a JSON array (FastChat, LLaMA-Factory) or JSON Lines. LLaMA-Factory's tool variant adds
 * `function_call` turns (JSON `{name, arguments}`) answered by `observation` turns.
 */

const Turn = z.looseObject({ from: z.string(), value: z.string() });
const Record = z.looseObject({
  id: z.union([z.string(), z.number()]).optional(),
  system: z.string().optional(),
  conversations: z.array(Turn),
});

const USER = new Set(['human', 'user']);
const ASSISTANT = new Set(['gpt', 'assistant', 'chatgpt', 'bard', 'bing', 'model']);
const TOOL_RESULT = new Set(['observation', 'tool', 'function_response', 'ipython']);

/** A `function_call` turn holds `{name, arguments}` (or a list of them) as JSON text. */
function toolCalls(value: string): ToolCall[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return [{ name: 'function', input: value }];
  }
  const calls = Array.isArray(parsed) ? parsed : [parsed];
  return calls.map((c) =>
    isObject(c) && typeof c.name === 'string'
      ? { name: c.name, input: jsonText(c.arguments ?? c.parameters) }
      : { name: 'function', input: jsonText(c) },
  );
}

function toSession(record: z.infer<typeof Record>, where: string): ParsedSession {
  const messages: ParsedMessage[] = [];
  if (record.system) messages.push({ role: 'system', text: record.system });
  let lastCalls: ToolCall[] = [];
  record.conversations.forEach((turn, i) => {
    const from = turn.from.toLowerCase();
    if (USER.has(from)) messages.push({ role: 'user', text: turn.value });
    else if (ASSISTANT.has(from)) messages.push({ role: 'assistant', text: turn.value });
    else if (from === 'system') messages.push({ role: 'system', text: turn.value });
    else if (from === 'function_call') {
      lastCalls = toolCalls(turn.value);
      messages.push({ role: 'assistant', text: '', toolCalls: lastCalls });
    } else if (TOOL_RESULT.has(from)) {
      // No call ids in this format: the name is known only when one call preceded.
      const name = lastCalls.length === 1 ? lastCalls[0].name : undefined;
      messages.push({ role: 'tool', text: '', toolResults: [{ name, output: clipOutput(turn.value), isError: false }] });
    } else {
      // Guessing would risk filing someone's words under the wrong speaker.
      throw new ImportError(`${where} field conversations[${i}].from: unknown speaker "${turn.from}"`);
    }
  });
  return {
    format: 'sharegpt',
    // Dataset row ids (`identity_0`) repeat across datasets: they name the session but do not
    // identify it, or a second dataset would overwrite the first. Sessions dedupe by content.
    title: record.id === undefined ? undefined : String(record.id),
    messages,
  };
}

export const sharegptImporter: FormatImporter = {
  id: 'sharegpt',
  detect(sniff: Sniff): number {
    const record = firstRecord(sniff.head)?.record;
    const turns = record?.conversations;
    if (!Array.isArray(turns)) return 0;
    const first = turns[0];
    return isObject(first) && typeof first.from === 'string' ? 0.85 : 0;
  },
  async *parse(input, signal) {
    for await (const { where, value } of readRecords(input, signal)) {
      throwIfAborted(signal);
      yield toSession(check(Record, value, where), where);
    }
  },
};
