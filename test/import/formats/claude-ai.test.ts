import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { ParsedSession } from '../../../shared/types.js';
import { detectFormat } from '../../../electron/engine/import/detect.js';
import { claudeAiImporter } from '../../../electron/engine/import/formats/claude-ai.js';
import { collectInputs } from '../../../electron/engine/import/sources.js';
import { ImportError, type ImportInput } from '../../../electron/engine/import/types.js';
import { fileInput, parseAll, sniffOf, textInput } from '../../helpers/parse.js';
import { haveShared, sample, SAMPLES_DIR } from '../../helpers/samples.js';

const EXPORT = (file: string): string => sample('claude-ai-export', file);

describe.runIf(haveShared())('claude-ai: real samples', () => {
  it('reads the official export conversations.json without the thinking the top-level text repeats', async () => {
    const input = fileInput(EXPORT('yaleman_conversations.json'));
    const s = await sniffOf(input);
    expect(claudeAiImporter.detect(s)).toBeGreaterThanOrEqual(0.9);
    expect(detectFormat(s)?.id).toBe('claude-ai');

    const sessions = await parseAll(claudeAiImporter, input);
    expect(sessions).toHaveLength(1);
    const [c] = sessions;
    expect(c).toMatchObject({
      format: 'claude-ai',
      externalId: 'b49c0fc0-85d8-475c-bd2d-ee89f31f592c',
      title: 'Bleep bloop',
      startedAt: '2025-07-06T03:10:13.076Z',
      endedAt: '2025-07-06T03:10:27.139Z',
    });
    expect(c.messages.map((m) => [m.role, m.externalId, m.timestamp])).toEqual([
      ['user', 'f5885afd-1881-4093-9616-c296a8d71fa6', '2025-07-06T03:10:13.609Z'],
      ['assistant', '0abf9869-20f7-4b45-99e3-4381e9d37317', '2025-07-06T03:10:24.798Z'],
    ]);
    expect(c.messages[0].text).toBe('Tell me about the facts behind the belief that dog saliva is anti bacterial etc');
    expect(c.messages[1].text).toMatch(/^Dog saliva does contain some antibacterial compounds/);
    expect(c.messages[1].text).toMatch(/It's mostly just spit full of germs\.$/);
    expect(c.messages[1].text).not.toContain('The user is asking');
    // The export has no parent links: the order as given is the thread.
    expect(c.messages.every((m) => m.onMainThread === undefined && m.parentExternalId === undefined)).toBe(true);
  });

  it('reads the web-API form: model, parent chain, image upload, no <antThinking>', async () => {
    const input = fileInput(EXPORT('osteele_claude-bakery-chat.json'));
    expect(detectFormat(await sniffOf(input))?.id).toBe('claude-ai');
    const [c, ...rest] = await parseAll(claudeAiImporter, input);
    expect(rest).toHaveLength(0);
    expect(c).toMatchObject({
      externalId: '8006a434-8b0b-43df-8e6d-c0a7aeb2e6b3',
      title: 'Interactive Bakery Comparison Visualization',
      model: 'claude-3-5-sonnet-20240620',
      startedAt: '2024-10-29T15:59:18.774Z',
    });
    expect(c.messages.map((m) => [m.role, m.externalId, m.parentExternalId, m.onMainThread])).toEqual([
      ['user', '667337e6-aede-4ba4-8ff8-1c04b37cfd98', undefined, true],
      ['assistant', '50eba0d1-d2a6-4db1-854e-f86810ff923d', '667337e6-aede-4ba4-8ff8-1c04b37cfd98', true],
      ['user', 'd13456d0-c7e8-4150-ac48-ed89327ec025', '50eba0d1-d2a6-4db1-854e-f86810ff923d', true],
      ['assistant', '47e6dd5f-0e09-4063-8ab3-f155765ac9a1', 'd13456d0-c7e8-4150-ac48-ed89327ec025', true],
    ]);
    expect(c.messages[0].text).toMatch(/^Make an interactive visualization .*\n\[image\]$/);
    expect(c.messages[1].text).toContain('<antArtifact identifier="bakery-comparison"');
    for (const m of c.messages) expect(m.text).not.toContain('antThinking');
  });

  it('leaves users.json, projects.json and memories.json alone', async () => {
    for (const file of ['yaleman_users.json', 'yaleman_projects.json', 'yaleman_memories.json']) {
      const s = await sniffOf(fileInput(EXPORT(file)));
      expect(claudeAiImporter.detect(s), file).toBe(0);
      expect(detectFormat(s), file).toBeNull();
    }
  });

  it('does not claim any other sample, zip members included', async () => {
    const files: string[] = [];
    for (const dir of readdirSync(SAMPLES_DIR, { withFileTypes: true })) {
      if (!dir.isDirectory() || dir.name === 'claude-ai-export') continue;
      const folder = path.join(SAMPLES_DIR, dir.name);
      for (const file of readdirSync(folder)) files.push(path.join(folder, file));
    }
    const sources = await collectInputs(files);
    try {
      expect(sources.inputs.length).toBeGreaterThan(files.length); // the ChatGPT zip was opened
      for (const input of sources.inputs) expect(claudeAiImporter.detect(await sniffOf(input)), input.name).toBe(0);
    } finally {
      sources.close();
    }
  });
});

// ---- inline fixtures -------------------------------------------------------------------

type Obj = Record<string, unknown>;
const human = (uuid: string, text: string, extra: Obj = {}): Obj => ({
  uuid,
  sender: 'human',
  text,
  content: [{ type: 'text', text }],
  created_at: '2025-01-01T10:00:00.000000Z',
  attachments: [],
  files: [],
  ...extra,
});
const assistant = (uuid: string, content: Obj[], extra: Obj = {}): Obj => ({
  uuid,
  sender: 'assistant',
  text: 'top-level text that repeats the thinking',
  content,
  created_at: '2025-01-01T10:00:05.000000+00:00',
  attachments: [],
  files: [],
  ...extra,
});
const conv = (messages: Obj[], extra: Obj = {}): Obj => ({
  uuid: 'conv-1',
  name: 'Chat',
  created_at: '2025-01-01T09:59:59.123456Z',
  updated_at: '2025-01-01T10:05:00Z',
  account: { uuid: 'acct' },
  chat_messages: messages,
  ...extra,
});

async function parseText(text: string | Buffer): Promise<ParsedSession[]> {
  return parseAll(claudeAiImporter, textInput(text));
}

async function errorOf(text: string | Buffer): Promise<ImportError> {
  const err = await parseText(text).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ImportError);
  return err as ImportError;
}

const messageOf = async (text: string | Buffer): Promise<string> => (await errorOf(text)).message;

describe('claude-ai: fixtures', () => {
  it('splits a tool-using turn into assistant, tool and assistant messages in order', async () => {
    const NO_RESULTS = [{ type: 'text', text: 'no results' }];
    const turn = assistant('a1', [
      { type: 'thinking', thinking: 'let me search' },
      { type: 'text', text: 'Searching.' },
      { type: 'tool_use', id: 'tu1', name: 'web_search', input: { query: 'bakeries' } },
      { type: 'tool_result', tool_use_id: 'tu1', name: 'web_search', content: NO_RESULTS, is_error: true },
      { type: 'tool_result', name: 'web_fetch', content: [{ type: 'knowledge', title: 'Page', url: 'https://x' }] },
      { type: 'text', text: 'Nothing found.', start_timestamp: '2025-01-01T10:00:09Z' },
    ]);
    const [s] = await parseText(JSON.stringify([conv([human('h1', 'find bakeries'), turn])]));
    expect(s.messages.map((m) => [m.role, m.text, m.externalId])).toEqual([
      ['user', 'find bakeries', 'h1'],
      ['assistant', 'Searching.', 'a1#0'],
      ['tool', '', 'a1#1'],
      ['assistant', 'Nothing found.', 'a1'],
    ]);
    expect(s.messages[1].toolCalls).toEqual([{ callId: 'tu1', name: 'web_search', input: '{"query":"bakeries"}' }]);
    expect(s.messages[2].toolResults).toEqual([
      { callId: 'tu1', name: 'web_search', output: 'no results', isError: true },
      // No text in the result blocks: their JSON stands in.
      { name: 'web_fetch', output: '[{"type":"knowledge","title":"Page","url":"https://x"}]', isError: false },
    ]);
    expect(s.messages.map((m) => m.timestamp)).toEqual([
      '2025-01-01T10:00:00.000Z',
      '2025-01-01T10:00:05.000Z',
      '2025-01-01T10:00:05.000Z',
      '2025-01-01T10:00:09.000Z',
    ]);
    expect(s).toMatchObject({ externalId: 'conv-1', title: 'Chat', startedAt: '2025-01-01T09:59:59.123Z' });
  });

  it('pairs id-less tool calls and results of the official export by tool name and order', async () => {
    const turn = assistant('a2', [
      { type: 'tool_use', name: 'artifacts', input: { command: 'create', id: 'x' } },
      { type: 'tool_use', name: 'web_search', input: { query: 'q' } },
      { type: 'tool_result', name: 'web_search', content: [{ type: 'text', text: 'found' }], is_error: false },
      { type: 'tool_result', name: 'artifacts', content: [{ type: 'text', text: 'OK' }], is_error: false },
    ]);
    const [s] = await parseText(JSON.stringify([conv([turn])]));
    expect(s.messages[0].toolCalls?.map((c) => c.callId)).toEqual(['a2:0', 'a2:1']);
    expect(s.messages[1].toolResults?.map((r) => [r.callId, r.output])).toEqual([
      ['a2:1', 'found'],
      ['a2:0', 'OK'],
    ]);
  });

  it('marks attachments and files, and falls back to the top-level text without content blocks', async () => {
    const h = human('h1', 'see attached', {
      attachments: [{ file_name: 'notes.txt', file_size: 10, extracted_content: 'long pasted text' }],
      files: [{ file_kind: 'image', file_name: 'photo.png' }],
    });
    const old = { uuid: 'a1', sender: 'assistant', text: 'Plain reply', created_at: '2024-03-01T00:00:00Z' };
    const [s] = await parseText(JSON.stringify([conv([h, old], { name: '' })]));
    expect(s.messages.map((m) => m.text)).toEqual(['see attached\n[image]\n[attachment: notes.txt]', 'Plain reply']);
    // Untitled chats take their first prompt as title.
    expect(s.title).toBe('see attached');
  });

  it('orders the web-API tree: current leaf thread first, retried branch after, empty turns bridged', async () => {
    const ROOT = '00000000-0000-4000-8000-000000000000';
    const web = {
      ...conv([
        human('h1', 'q1', { parent_message_uuid: ROOT }),
        assistant('a1', [{ type: 'text', text: 'first answer' }], { parent_message_uuid: 'h1' }),
        assistant('a1b', [{ type: 'text', text: 'retried answer' }], { parent_message_uuid: 'h1' }),
        human('h2', 'q2', { parent_message_uuid: 'a1b' }),
        assistant('a2', [{ type: 'thinking', thinking: 'only thoughts' }], { parent_message_uuid: 'h2' }),
        human('h3', 'q3', { parent_message_uuid: 'a2' }),
      ]),
      model: 'claude-sonnet-4',
      current_leaf_message_uuid: 'h3',
      project: { uuid: 'p', name: 'Bakery project' },
    };
    const [s] = await parseText(`\uFEFF\n${JSON.stringify(web)}`);
    expect(s).toMatchObject({ model: 'claude-sonnet-4', project: 'Bakery project' });
    expect(s.messages.map((m) => [m.externalId, m.parentExternalId, m.onMainThread])).toEqual([
      ['h1', undefined, true],
      ['a1b', 'h1', true],
      ['h2', 'a1b', true],
      ['h3', 'h2', true],
      ['a1', 'h1', false],
    ]);
  });

  it('skips conversations with no messages', async () => {
    expect(await parseText(JSON.stringify([conv([]), conv([human('h', 'x')], { uuid: 'c2' })]))).toHaveLength(1);
  });

  it('detects chats, not the other export files', () => {
    const head = JSON.stringify([conv([human('h', 'x')])], null, 2).slice(0, 400);
    expect(claudeAiImporter.detect({ name: 'conversations.json', head })).toBeGreaterThanOrEqual(0.9);
    const users = '[{"uuid": "a", "full_name": "x", "email_address": "x@y"}]';
    const projects = '[{"uuid": "p", "name": "How to use Claude", "docs": [{"uuid": "d", "content": "chat_messages"}]}]';
    const memories = '[{"conversations_memory": "x", "account_uuid": "a"}]';
    for (const h of [users, projects, memories]) expect(claudeAiImporter.detect({ name: 'x.json', head: h })).toBe(0);
  });

  it('names the JSON path of a wrong field', async () => {
    const robot = conv([human('h', 'x'), { ...human('r', 'y'), sender: 'robot' }]);
    expect(await messageOf(JSON.stringify([conv([]), robot]))).toMatch(/^\$\[1\] field chat_messages\[1\]\.sender: /);
    const noMessages = { uuid: 'c', name: 'x' };
    expect(await messageOf(JSON.stringify([noMessages]))).toMatch(/^\$\[0\] field chat_messages: /);
    expect(await messageOf(JSON.stringify({ ...conv([]), uuid: 12 }))).toMatch(/^\$ field uuid: /);
    const badContent = conv([{ ...human('h', 'x'), content: 'text' }]);
    expect(await messageOf(JSON.stringify([badContent]))).toMatch(/^\$\[0\] field chat_messages\[0\]\.content: /);
  });

  it('reports truncated JSON, invalid UTF-8 and non-JSON by line', async () => {
    const text = JSON.stringify([conv([human('h', 'x')]), conv([human('h', 'y')])], null, 1);
    expect(await messageOf(text.slice(0, -30))).toMatch(/^not valid JSON after \$\[0\]: /);
    const [head, tail] = ['[\n{"uuid": "c", "name": "', '", "chat_messages": []}\n]'].map((t) => Buffer.from(t));
    const bytes = Buffer.concat([head, Buffer.from([0xff]), tail]);
    expect(await messageOf(bytes)).toMatch(/^line 2: invalid UTF-8/);
    expect(await messageOf('{"uuid": "c",\n "chat_messages": [1 2]}')).toMatch(/line 2, column \d+/);
    expect(await messageOf('uuid,name\n')).toMatch(/^line 1: /);
  });

  it('opens the input once, even when the first chunks are only whitespace and a BOM', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const chunks = [bom, Buffer.from('  \n'), Buffer.from(JSON.stringify([conv([human('h', 'x')])]))];
    let opens = 0;
    const input: ImportInput = {
      name: 'chunked.json',
      size: chunks.reduce((n, c) => n + c.length, 0),
      open: async () => {
        opens++;
        return Readable.from(chunks);
      },
    };
    expect(await parseAll(claudeAiImporter, input)).toHaveLength(1);
    expect(opens).toBe(1);
  });
});
