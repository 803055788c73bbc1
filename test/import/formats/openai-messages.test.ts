import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ParsedSession } from '../../../shared/types.js';
import { detectFormat } from '../../../electron/engine/import/detect.js';
import { aiderImporter } from '../../../electron/engine/import/formats/aider.js';
import { anthropicMessagesImporter } from '../../../electron/engine/import/formats/anthropic-messages.js';
import { copilotChatImporter } from '../../../electron/engine/import/formats/copilot-chat.js';
import { openaiMessagesImporter } from '../../../electron/engine/import/formats/openai-messages.js';
import { sharegptImporter } from '../../../electron/engine/import/formats/sharegpt.js';
import { ImportError } from '../../../electron/engine/import/types.js';
import { fileInput, parseAll, sniffOf, textInput } from '../../helpers/parse.js';
import { SAMPLES_DIR, haveShared, sample } from '../../helpers/samples.js';

const MINE = [aiderImporter, copilotChatImporter, openaiMessagesImporter, sharegptImporter, anthropicMessagesImporter];
const DIR = 'openai-messages-jsonl';

const parse = (text: string | Buffer) => parseAll(openaiMessagesImporter, textInput(text));
const roles = (sessions: ParsedSession[]) => {
  const out: Record<string, number> = {};
  for (const m of sessions.flatMap((s) => s.messages)) out[m.role] = (out[m.role] ?? 0) + 1;
  return out;
};
async function failure(text: string | Buffer): Promise<Error> {
  const err = await parse(text).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ImportError);
  return err as Error;
}
const detect = (head: string) => openaiMessagesImporter.detect({ name: 'x', head });

describe.runIf(haveShared())('openai-messages: real fine-tuning data', () => {
  it('detects the four samples and no other sample', async () => {
    for (const f of readdirSync(sample(DIR))) {
      const s = await sniffOf(fileInput(sample(DIR, f)));
      expect(openaiMessagesImporter.detect(s), f).toBe(0.8);
      expect(detectFormat(s, MINE)?.id, f).toBe('openai-messages');
    }
    for (const dir of readdirSync(SAMPLES_DIR, { withFileTypes: true })) {
      if (!dir.isDirectory() || dir.name === DIR) continue;
      for (const f of readdirSync(path.join(SAMPLES_DIR, dir.name))) {
        const s = await sniffOf(fileInput(path.join(SAMPLES_DIR, dir.name, f)));
        expect(openaiMessagesImporter.detect(s), `${dir.name}/${f}`).toBe(0);
      }
    }
  });

  it('reads each line of the toy and mistral JSONL as a session', async () => {
    const toy = await parseAll(openaiMessagesImporter, fileInput(sample(DIR, 'toy_chat_fine_tuning.jsonl')));
    expect(toy).toHaveLength(10);
    expect(roles(toy)).toEqual({ system: 8, user: 13, assistant: 16 });
    expect(toy[0]).toEqual({
      format: 'openai-messages',
      model: undefined,
      messages: [
        { role: 'system', text: 'You are a happy assistant that puts a positive spin on everything.' },
        { role: 'user', text: 'I fell off my bike today.' },
        { role: 'assistant', text: "It's great that you're getting exercise outdoors!" },
      ],
    });
    expect(toy.every((s) => s.externalId === undefined)).toBe(true);
    const mistral = await parseAll(openaiMessagesImporter, fileInput(sample(DIR, 'mistral_finetune_test_data.jsonl')));
    expect(mistral).toHaveLength(3);
    expect(roles(mistral)).toEqual({ user: 3, assistant: 3 });
    expect(mistral[0].messages[0].text).toBe('What is Python?');
  });

  it('pairs the weather tool calls with their results', async () => {
    const sessions = await parseAll(openaiMessagesImporter, fileInput(sample(DIR, 'weather_chat_fine_tuning.jsonl')));
    expect(sessions).toHaveLength(10);
    expect(roles(sessions)).toEqual({ user: 10, assistant: 20, tool: 30 });
    const calls = sessions.flatMap((s) => s.messages.flatMap((m) => m.toolCalls ?? []));
    const results = sessions.flatMap((s) => s.messages.flatMap((m) => m.toolResults ?? []));
    expect(calls).toHaveLength(30);
    expect(results.map((r) => r.callId)).toEqual(calls.map((c) => c.callId));
    expect(calls[0]).toEqual({
      callId: 'call_rEJCsN62dJMJXkdnZ4eBexmo',
      name: 'get_current_weather',
      input: '{"location": "San Francisco, CA", "unit": "celsius"}',
    });
    expect(results[0]).toEqual({
      callId: 'call_rEJCsN62dJMJXkdnZ4eBexmo',
      name: 'get_current_weather',
      output: '{"location": "San Francisco", "temperature": "72", "unit": "celsius"}',
      isError: false,
    });
    // The call message has `content: null`: text is empty, not "null".
    expect(sessions[0].messages[1].text).toBe('');
  });

  it('reads the LLaMA-Factory array of {messages, images}', async () => {
    const sessions = await parseAll(openaiMessagesImporter, fileInput(sample(DIR, 'llamafactory_mllm_demo.json')));
    expect(sessions).toHaveLength(6);
    expect(roles(sessions)).toEqual({ user: 12, assistant: 12 });
    expect(sessions[0].messages[0]).toEqual({ role: 'user', text: '<image>Who are they?' });
    expect(sessions.flatMap((s) => s.messages).filter((m) => m.text.includes('<image>'))).toHaveLength(8);
  });
});

describe('openai-messages: shapes and content parts', () => {
  it('reads content parts, developer prompts, legacy function calls and a bare messages array', async () => {
    const record = {
      model: 'gpt-4o',
      messages: [
        { role: 'developer', content: [{ type: 'text', text: 'Be brief.' }] },
        { role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: 'data:...' } }] },
        { role: 'assistant', content: null, function_call: { name: 'lookup', arguments: '{"q":"x"}' } },
        { role: 'function', name: 'lookup', content: 'found' },
        { role: 'assistant', content: [{ type: 'refusal', refusal: 'I cannot help with that.' }] },
      ],
    };
    const [s] = await parse(JSON.stringify(record, null, 2));
    expect(s.model).toBe('gpt-4o');
    expect(s.messages).toEqual([
      { role: 'system', text: 'Be brief.' },
      { role: 'user', text: 'What is this?\n[image]' },
      { role: 'assistant', text: '', toolCalls: [{ callId: undefined, name: 'lookup', input: '{"q":"x"}' }] },
      { role: 'tool', text: '', toolResults: [{ callId: undefined, name: 'lookup', output: 'found', isError: false }] },
      { role: 'assistant', text: 'I cannot help with that.' },
    ]);
    const bare = await parse(JSON.stringify(record.messages));
    expect(bare).toHaveLength(1);
    expect(bare[0].messages).toHaveLength(5);
  });

  it('takes tool names from the calls when results omit them', async () => {
    const line = {
      messages: [
        { role: 'assistant', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'sh', arguments: { cmd: 'ls' } } }] },
        { role: 'tool', tool_call_id: 'c1', content: 'a.txt' },
      ],
    };
    // Leading blank lines do not hide that the file is JSON Lines.
    const [s, again] = await parse(`\n\n${JSON.stringify(line)}\n${JSON.stringify(line)}\n`);
    expect(again.messages).toHaveLength(2);
    expect(s.messages[0].toolCalls).toEqual([{ callId: 'c1', name: 'sh', input: '{"cmd":"ls"}' }]);
    expect(s.messages[1].toolResults).toEqual([{ callId: 'c1', name: 'sh', output: 'a.txt', isError: false }]);
  });
});

describe('openai-messages: detection', () => {
  it('claims messages records, not other tools’ files', () => {
    expect(detect('{"messages": [{"role": "user", "content": "hi"}]}\n')).toBe(0.8);
    expect(detect('[{"messages": [{"role": "user", "content": "hi"}], "images": []}]')).toBe(0.8);
    expect(detect('{"model": "gpt-4o", "messages": [{"role": "system", "content": "x"}]}')).toBe(0.7);
    expect(detect('{"model": "gpt-4o", "messages": [{"role": "user", "content": "x"}]}')).toBe(0.4);
    // An Anthropic request body: top-level `system` and tool_use blocks.
    expect(detect('{"model": "claude", "system": "x", "max_tokens": 9, "messages": [{"role": "user", "content": "x"}]}')).toBe(0);
    // Gemini CLI messages have `type`, not `role`.
    expect(detect('{"sessionId": "s", "messages": [{"id": "1", "type": "user", "content": "x"}]}')).toBe(0);
    // Bare arrays: only with OpenAI-only markers, and never Cline's (`ts`).
    expect(detect('[{"role": "user", "content": "x"}, {"role": "assistant", "tool_calls": []}]')).toBe(0.3);
    expect(detect('[{"role": "user", "content": "x"}, {"role": "assistant", "content": "y"}]')).toBe(0);
    expect(detect('[{"role": "user", "content": "x", "ts": 1}, {"role": "tool", "content": "y"}]')).toBe(0);
    expect(detect('# aider chat started at 2025-01-01 10:00:00')).toBe(0);
  });
});

describe('openai-messages: malformed input', () => {
  it('names the line of broken or wrongly typed JSONL records', async () => {
    const ok = JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] });
    expect((await failure(`${ok}\n{"messages": [\n`)).message).toMatch(/^line 2: not valid JSON/);
    expect((await failure(`${ok}\n${ok}\n{"messages": [{"role": "human", "content": "x"}]}\n`)).message).toMatch(
      /^line 3 field messages\[0\]\.role: /,
    );
    expect((await failure(`${ok}\n{"messages": {"role": "user"}}\n`)).message).toMatch(/^line 2 field messages: /);
    expect((await failure(`${ok}\n{"messages": [{"role": "user", "content": 5}]}\n`)).message).toMatch(/^line 2 field messages\[0\]\.content: /);
  });

  it('names the array element or JSON position in whole-JSON files', async () => {
    const err = await failure('[{"messages": []}, {"messages": [{"role": "user", "tool_calls": [{"id": 1}]}]}]');
    expect(err.message).toMatch(/^\$\[1\] field messages\[0\]\.tool_calls\[0\]\.id: /);
    expect((await failure('[\n{"messages": []},\n{"messages": [')).message).toMatch(/^not valid JSON after \$\[0\]: /);
    expect((await failure('{\n"messages": [\n{"role": "user", "content": "x"}')).message).toMatch(/^not valid JSON at .*end of file/);
  });

  it('rejects invalid UTF-8 with its line number', async () => {
    const bad = Buffer.concat([Buffer.from('{"messages": []}\n{"messages": [{"role": "user", "content": "'), Buffer.from([0xff]), Buffer.from('"}]}\n')]);
    expect((await failure(bad)).message).toBe('line 2: invalid UTF-8');
    const badArray = Buffer.concat([Buffer.from('[\n{"messages": []},\n{"x": "'), Buffer.from([0xff]), Buffer.from('"}]')]);
    expect((await failure(badArray)).message).toMatch(/^line 3: invalid UTF-8/);
  });
});
