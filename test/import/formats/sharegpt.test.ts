import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
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
const SAMPLE = 'fastchat_dummy_conversation.json';

const parse = (text: string | Buffer) => parseAll(sharegptImporter, textInput(text));
async function failure(text: string | Buffer): Promise<Error> {
  const err = await parse(text).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ImportError);
  return err as Error;
}

describe.runIf(haveShared())('sharegpt: FastChat dummy conversations', () => {
  it('detects the sample and no other sample', async () => {
    const s = await sniffOf(fileInput(sample('sharegpt', SAMPLE)));
    expect(sharegptImporter.detect(s)).toBe(0.85);
    expect(detectFormat(s, MINE)?.id).toBe('sharegpt');
    for (const dir of readdirSync(SAMPLES_DIR, { withFileTypes: true })) {
      if (!dir.isDirectory() || dir.name === 'sharegpt') continue;
      for (const f of readdirSync(path.join(SAMPLES_DIR, dir.name))) {
        const other = await sniffOf(fileInput(path.join(SAMPLES_DIR, dir.name, f)));
        expect(sharegptImporter.detect(other), `${dir.name}/${f}`).toBe(0);
      }
    }
  });

  it('reads 500 conversations with their ids', async () => {
    const sessions = await parseAll(sharegptImporter, fileInput(sample('sharegpt', SAMPLE)));
    // Counted with jq: 500 items, 1000 human + 1000 gpt turns, unique ids.
    expect(sessions).toHaveLength(500);
    const messages = sessions.flatMap((s) => s.messages);
    expect(messages).toHaveLength(2000);
    expect(messages.filter((m) => m.role === 'user')).toHaveLength(1000);
    expect(messages.filter((m) => m.role === 'assistant')).toHaveLength(1000);
    expect(new Set(sessions.map((s) => s.title)).size).toBe(500);
    expect(sessions.every((s) => s.externalId === undefined)).toBe(true);
    expect(sessions[0]).toMatchObject({ format: 'sharegpt', title: 'identity_0' });
    expect(sessions[0].messages[0]).toEqual({ role: 'user', text: 'Who are you?' });
    expect(sessions[0].messages[1].text).toMatch(/^I am Vicuna, a language model trained by researchers from Large Model Systems Organization/);
  });
});

describe('sharegpt: variants', () => {
  it('reads JSONL with a system prompt and LLaMA-Factory function calls', async () => {
    const lines = [
      {
        id: 7,
        system: 'You can call tools.',
        conversations: [
          { from: 'human', value: 'Weather in Paris?' },
          { from: 'function_call', value: '{"name": "weather", "arguments": {"city": "Paris"}}' },
          { from: 'observation', value: '{"temp": 21}' },
          { from: 'gpt', value: 'It is 21°C.' },
        ],
      },
      { conversations: [{ from: 'user', value: 'hi' }, { from: 'assistant', value: 'hello' }, { from: 'function_call', value: 'not json' }] },
    ];
    const sessions = await parse(lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    expect(sessions).toHaveLength(2);
    expect(sessions[0].title).toBe('7');
    expect(sessions[0].messages).toEqual([
      { role: 'system', text: 'You can call tools.' },
      { role: 'user', text: 'Weather in Paris?' },
      { role: 'assistant', text: '', toolCalls: [{ name: 'weather', input: '{"city":"Paris"}' }] },
      { role: 'tool', text: '', toolResults: [{ name: 'weather', output: '{"temp": 21}', isError: false }] },
      { role: 'assistant', text: 'It is 21°C.' },
    ]);
    expect(sessions[1].title).toBeUndefined();
    expect(sessions[1].messages.map((m) => m.role)).toEqual(['user', 'assistant', 'assistant']);
    expect(sessions[1].messages[2].toolCalls).toEqual([{ name: 'function', input: 'not json' }]);
  });

  it('reads a single conversation object', async () => {
    const [s] = await parse(JSON.stringify({ id: 'c1', conversations: [{ from: 'human', value: 'a' }, { from: 'gpt', value: 'b' }] }, null, 2));
    expect(s.title).toBe('c1');
    expect(s.messages).toHaveLength(2);
  });

  it('scores only conversations of from/value turns', () => {
    const detect = (head: string) => sharegptImporter.detect({ name: 'x', head });
    expect(detect('[{"id": "a", "conversations": [{"from": "human", "value": "hi"}]}]')).toBe(0.85);
    expect(detect('{"conversations": [{"from": "human", "val')).toBe(0.85);
    expect(detect('[{"conversations": [{"role": "user", "content": "hi"}]}]')).toBe(0);
    expect(detect('[{"messages": [{"role": "user", "content": "hi"}]}]')).toBe(0);
    expect(detect('# notes')).toBe(0);
  });
});

describe('sharegpt: malformed input', () => {
  it('names the record and field at fault', async () => {
    const ok = { id: 'a', conversations: [{ from: 'human', value: 'hi' }] };
    expect((await failure(JSON.stringify([ok, { id: 'b', conversations: [{ from: 'human', value: 3 }] }]))).message).toMatch(
      /^\$\[1\] field conversations\[0\]\.value: /,
    );
    expect((await failure(JSON.stringify([ok, ok, { id: 'c', conversations: [{ from: 'narrator', value: 'x' }] }]))).message).toBe(
      '$[2] field conversations[0].from: unknown speaker "narrator"',
    );
    expect((await failure(`${JSON.stringify(ok)}\n{"conversations": "none"}\n`)).message).toMatch(/^line 2 field conversations: /);
  });

  it('reports truncated JSON and invalid UTF-8', async () => {
    expect((await failure('[\n{"id": "a", "conversations": [{"from": "human", "value": "hi"}]},\n{"id": "b", "conv')).message).toMatch(
      /^not valid JSON (after \$\[0\]|in \$)/,
    );
    const bad = Buffer.concat([Buffer.from('[\n{"id": "a", "conversations": [{"from": "human", "value": "'), Buffer.from([0xc3, 0x28]), Buffer.from('"}]}]')]);
    expect((await failure(bad)).message).toMatch(/^line 2: invalid UTF-8/);
  });
});
