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
const DIR = 'anthropic-messages-api';

async function one(file: string): Promise<ParsedSession> {
  const sessions = await parseAll(anthropicMessagesImporter, fileInput(sample(DIR, file)));
  expect(sessions).toHaveLength(1);
  return sessions[0];
}
const parse = (text: string | Buffer) => parseAll(anthropicMessagesImporter, textInput(text));
async function failure(text: string | Buffer): Promise<Error> {
  const err = await parse(text).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ImportError);
  return err as Error;
}
const detect = (head: string) => anthropicMessagesImporter.detect({ name: 'x', head });

describe.runIf(haveShared())('anthropic-messages: recorded API responses', () => {
  it('detects every fixture, the event stream included, and no other sample', async () => {
    for (const f of readdirSync(sample(DIR))) {
      const s = await sniffOf(fileInput(sample(DIR, f)));
      expect(anthropicMessagesImporter.detect(s), f).toBe(0.9);
      expect(detectFormat(s, MINE)?.id, f).toBe('anthropic-messages');
    }
    for (const dir of readdirSync(SAMPLES_DIR, { withFileTypes: true })) {
      if (!dir.isDirectory() || dir.name === DIR) continue;
      for (const f of readdirSync(path.join(SAMPLES_DIR, dir.name))) {
        const s = await sniffOf(fileInput(path.join(SAMPLES_DIR, dir.name, f)));
        // Includes Cline's api_conversation_history.json, a bare messages array with `ts`.
        expect(anthropicMessagesImporter.detect(s), `${dir.name}/${f}`).toBe(0);
      }
    }
  });

  it('splits the web search response into calls, results and the cited answer', async () => {
    const s = await one('vercel-ai_anthropic-web-search-tool.1.json');
    expect(s).toMatchObject({ format: 'anthropic-messages', externalId: 'msg_01PHHrjzLH4teUMhgkGgqYYc', model: 'claude-sonnet-4-20250514' });
    // Blocks: server_tool_use, result, text, server_tool_use, result, then 7 text blocks (3 with citations).
    expect(s.messages.map((m) => m.role)).toEqual(['assistant', 'tool', 'assistant', 'tool', 'assistant']);
    expect(s.messages[0].toolCalls).toEqual([
      { callId: 'srvtoolu_01Qxbje4duKBes3Nj42MkZug', name: 'web_search', input: '{"query":"tech news today September 26 2024"}' },
    ]);
    const first = s.messages[1].toolResults?.[0];
    expect(first).toMatchObject({ callId: 'srvtoolu_01Qxbje4duKBes3Nj42MkZug', name: 'web_search', isError: false });
    expect(first?.output.split('\n')).toHaveLength(10);
    expect(first?.output.split('\n')[0]).toBe('Latest News - Apple Developer <https://developer.apple.com/news/>');
    expect(s.messages[3].toolResults?.[0].output).toBe('');
    // Cited fragments join without separators: they are pieces of one sentence.
    expect(s.messages[4].text).toContain('**FTX Case Update:**\nCaroline Ellison');
    expect(s.messages[4].text).not.toContain('encrypted');
  });

  it('flags the unavailable web_fetch result as an error', async () => {
    const s = await one('vercel-ai_anthropic-web-fetch-tool.error.json');
    expect(s.messages.map((m) => m.role)).toEqual(['assistant', 'tool', 'assistant']);
    expect(s.messages[1].toolResults).toEqual([
      { callId: 'srvtoolu_013gia34XNKyTfwHxaPCKEVd', name: 'web_fetch', output: 'unavailable', isError: true },
    ]);
  });

  it('keeps programmatic tool calls and the code execution output', async () => {
    const s = await one('vercel-ai_anthropic-programmatic-tool-calling.1.json');
    expect(s.messages.map((m) => m.role)).toEqual(['assistant', 'tool', 'assistant']);
    expect(s.messages[0].toolCalls?.map((c) => c.name)).toEqual(['code_execution', 'rollDie', 'rollDie', 'rollDie', 'rollDie']);
    expect(s.messages[1].toolResults?.[0]).toMatchObject({ name: 'code_execution', isError: false, output: expect.stringContaining('DICE GAME') });
    expect(s.messages[2].text).toMatch(/^\*\*Game Over!\*\*/);
  });

  it('leaves thinking out and files the compaction summary as system', async () => {
    const thinking = await one('vercel-ai_anthropic-clear-thinking.1.json');
    expect(thinking.messages).toEqual([{ role: 'assistant', text: '925 ÷ 5 = 185', model: 'claude-sonnet-4-5-20250929' }]);
    const compaction = await one('vercel-ai_anthropic-compaction.1.json');
    expect(compaction.messages.map((m) => m.role)).toEqual(['system', 'assistant']);
    expect(compaction.messages[0].text).toMatch(/^## Summary of Conversation/);
  });

  it('rebuilds the streamed tool_use response from its events', async () => {
    const s = await one('vercel-ai_anthropic-json-tool.1.chunks.txt');
    expect(s).toMatchObject({ externalId: 'msg_01K2JbSUMYhez5RHoK9ZCj9U', model: 'claude-haiku-4-5-20251001' });
    expect(s.messages).toHaveLength(1);
    expect(s.messages[0].toolCalls).toEqual([
      {
        callId: 'toolu_01KFbKqPYSuAKujiL6mTfzYA',
        name: 'json',
        input: '{"elements":[{"location":"San Francisco","temperature":58,"condition":"sunny"}]}',
      },
    ]);
  });
});

describe('anthropic-messages: requests, pairs and bare arrays', () => {
  const request = {
    model: 'claude-sonnet-4-5',
    max_tokens: 1024,
    system: [{ type: 'text', text: 'You are terse.' }],
    messages: [
      { role: 'user', content: 'List files' },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'hidden' },
          { type: 'text', text: 'Running ls.' },
          { type: 'tool_use', id: 'tu1', name: 'bash', input: { cmd: 'ls' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'tu1', is_error: true, content: [{ type: 'text', text: 'ls: denied' }] },
          { type: 'text', text: 'Use sudo.' },
          { type: 'image', source: { type: 'base64', data: '...' } },
        ],
      },
    ],
  };

  it('reads a request body: system prompt, tool calls and failed results', async () => {
    const [s] = await parse(JSON.stringify(request, null, 2));
    expect(s).toMatchObject({ format: 'anthropic-messages', model: 'claude-sonnet-4-5' });
    expect(s.externalId).toBeUndefined();
    expect(s.messages).toEqual([
      { role: 'system', text: 'You are terse.' },
      { role: 'user', text: 'List files' },
      { role: 'assistant', text: 'Running ls.', model: undefined, toolCalls: [{ callId: 'tu1', name: 'bash', input: '{"cmd":"ls"}' }] },
      { role: 'tool', text: '', toolResults: [{ callId: 'tu1', name: 'bash', output: 'ls: denied', isError: true }] },
      { role: 'user', text: 'Use sudo.\n[image]' },
    ]);
  });

  it('reads a request/response pair and a bare messages array', async () => {
    const response = { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-x', content: [{ type: 'text', text: 'Done.' }] };
    const [pair] = await parse(JSON.stringify({ request, response }));
    expect(pair).toMatchObject({ externalId: 'msg_1', model: 'claude-x' });
    expect(pair.messages.at(-1)).toEqual({ role: 'assistant', text: 'Done.', model: 'claude-x' });
    expect(pair.messages).toHaveLength(6);
    const [bare] = await parse(JSON.stringify(request.messages));
    expect(bare.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'user']);
  });

  it('reads raw SSE and notes a stream that ended in an error event', async () => {
    const events = [
      'event: message_start',
      'data: {"type":"message_start","message":{"id":"msg_9","type":"message","role":"assistant","model":"claude-y","content":[]}}',
      '',
      'event: content_block_start',
      'data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}',
      'data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}}',
      'data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"lo"}}',
      'data: {"type":"content_block_stop","index":0}',
      'event: error',
      'data: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
    ];
    const [s] = await parse(events.join('\n'));
    expect(s.externalId).toBe('msg_9');
    expect(s.messages).toEqual([
      { role: 'assistant', text: 'Hello', model: 'claude-y' },
      { role: 'system', text: 'API error: overloaded_error: Overloaded' },
    ]);
  });
});

describe('anthropic-messages: detection', () => {
  it('scores by shape and stays out of OpenAI and Cline files', () => {
    expect(detect('{"id": "msg_1", "type": "message", "role": "assistant", "content": [')).toBe(0.9);
    expect(detect('{"type":"message_start","message":{}}\n')).toBe(0.9);
    expect(detect('event: message_start\ndata: {"type":"message_start"}')).toBe(0.9);
    expect(detect('event: error\ndata: {"type":"error","error":{}}')).toBe(0.5);
    expect(detect('{"request": {"messages": []}, "response": {"type": "message"}}')).toBe(0.85);
    expect(detect('{"model": "c", "max_tokens": 5, "system": "s", "messages": [{"role": "user", "content": "x"}]}')).toBe(0.7);
    expect(detect('{"model": "c", "messages": [{"role": "user", "content": "x"}]}')).toBe(0.35);
    expect(detect('{"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}')).toBe(0.5);
    // Fine-tuning lines and OpenAI requests are the OpenAI importer's.
    expect(detect('{"messages": [{"role": "user", "content": "x"}]}\n')).toBe(0);
    expect(detect('{"model": "gpt", "messages": [{"role": "system", "content": "x"}]}')).toBe(0);
    // A bare messages array is claimed weakly, and never with Cline's `ts`.
    expect(detect('[{"role": "user", "content": [{"type": "text", "text": "x"}]}]')).toBe(0.3);
    expect(detect('[{"role": "user", "content": [{"type": "text", "text": "x"}], "ts": 1700000000000}]')).toBe(0);
    expect(detect('[{"role": "user", "content": "' + 'x'.repeat(70_000))).toBe(0.3);
    expect(detect('[{"ts": 1, "type": "say", "say": "text"}]')).toBe(0);
  });
});

describe('anthropic-messages: errors and malformed input', () => {
  it('refuses an API error body, saying what it is', async () => {
    const err = await failure('{"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}');
    expect(err.message).toBe('$: this is an Anthropic API error response (overloaded_error: Overloaded), not a conversation');
    const streamErr = await failure('event: error\ndata: {"type":"error","error":{"type":"api_error","message":"boom"}}\n');
    expect(streamErr.message).toBe('line 2: an Anthropic API error (api_error: boom), not a conversation');
  });

  it('names the JSON path or line at fault', async () => {
    expect((await failure('{"model": "c", "messages": [{"role": "user", "content": "a"}, {"role": "system", "content": "b"}]}')).message).toMatch(
      /^\$ field messages\[1\]\.role: /,
    );
    expect((await failure('{"type": "message", "role": "assistant", "content": "text"}')).message).toMatch(/^\$ field content: /);
    expect((await failure('{"id": "x"}')).message).toMatch(/^\$: neither an Anthropic Messages request/);
    expect((await failure('[{"role": "user", "content": "a"}, {"role": "assistant", "content": 7}]')).message).toMatch(
      /^\$\[1\] field content: /,
    );
    expect((await failure('{"type":"message_start","message":{"id":"m","type":"message","role":"assistant","content":[]}}\n{"type":"content_bl')).message).toMatch(
      /^line 2: not a stream event/,
    );
    expect((await failure('{\n"type": "message",\n"role": "assistant",\n"content": [')).message).toMatch(/^not valid JSON at /);
  });

  it('rejects invalid UTF-8 with its line number', async () => {
    const bad = Buffer.concat([Buffer.from('{\n"type": "message",\n"role": "assistant",\n"content": [{"type": "text", "text": "'), Buffer.from([0xff]), Buffer.from('"}]}')]);
    expect((await failure(bad)).message).toBe('line 4: invalid UTF-8');
  });
});
