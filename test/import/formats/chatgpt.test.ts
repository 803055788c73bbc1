import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { ParsedSession } from '../../../shared/types.js';
import { detectFormat } from '../../../electron/engine/import/detect.js';
import { chatgptImporter } from '../../../electron/engine/import/formats/chatgpt.js';
import { collectInputs, type CollectedSources } from '../../../electron/engine/import/sources.js';
import { ImportError, type ImportInput } from '../../../electron/engine/import/types.js';
import { fileInput, parseAll, sniffOf, textInput } from '../../helpers/parse.js';
import { haveShared, sample, SAMPLES_DIR } from '../../helpers/samples.js';

const ZIP = sample('chatgpt-export', 'bobbytango_chatgpt_export_2023-09-27.zip');

describe.runIf(haveShared())('chatgpt: real export zip', () => {
  let sources: CollectedSources;
  let sessions: ParsedSession[];
  const byId = (id: string): ParsedSession => {
    const s = sessions.find((x) => x.externalId === id);
    if (!s) throw new Error(`no session ${id}`);
    return s;
  };

  beforeAll(async () => {
    sources = await collectInputs([ZIP]);
    const conv = sources.inputs.find((i) => i.name.endsWith('!/conversations.json'));
    if (!conv) throw new Error('conversations.json not found in the zip');
    sessions = await parseAll(chatgptImporter, conv);
  });
  afterAll(() => sources?.close());

  it('detects conversations.json and none of the other members', async () => {
    expect(sources.inputs.map((i) => path.basename(i.name)).sort()).toEqual([
      'chat.html',
      'conversations.json',
      'message_feedback.json',
      'model_comparisons.json',
      'shared_conversations.json',
      'user.json',
    ]);
    for (const input of sources.inputs) {
      const s = await sniffOf(input);
      if (input.name.endsWith('!/conversations.json')) {
        expect(chatgptImporter.detect(s)).toBeGreaterThanOrEqual(0.9);
        expect(detectFormat(s)?.id).toBe('chatgpt');
      } else {
        expect(chatgptImporter.detect(s), input.name).toBe(0);
        expect(detectFormat(s)?.id, input.name).not.toBe('chatgpt');
      }
    }
  });

  it('yields every conversation with the message counts counted independently (python)', () => {
    expect(sessions).toHaveLength(288);
    expect(new Set(sessions.map((s) => s.externalId)).size).toBe(288);
    const all = sessions.flatMap((s) => s.messages);
    expect(all).toHaveLength(3185);
    const roles: Record<string, number> = {};
    for (const m of all) roles[m.role] = (roles[m.role] ?? 0) + 1;
    expect(roles).toEqual({ user: 1517, assistant: 1574, system: 51, tool: 43 });
    expect(all.filter((m) => m.onMainThread === false)).toHaveLength(7);
    expect(sessions[0]).toMatchObject({ externalId: '589a051f-9d34-4dca-a66b-2ffa485aa46c', title: 'New chat' });
  });

  it('drops hidden and empty nodes: no empty prose, custom instructions become system text', () => {
    const all = sessions.flatMap((s) => s.messages);
    for (const m of all) if (m.role === 'user' || m.role === 'system') expect(m.text.trim()).not.toBe('');
    // The 51 visible system messages are the person's custom instructions, stored in metadata.
    for (const m of all.filter((x) => x.role === 'system')) expect(m.text).toMatch(/^(About me|How to respond): /);
    expect(all.some((m) => m.role === 'user' && m.text.startsWith('About me:'))).toBe(false);
  });

  it('pairs plugin, browser and code-interpreter calls with their results and flags the failure', () => {
    const all = sessions.flatMap((s) => s.messages);
    const calls = all.flatMap((m) => m.toolCalls ?? []);
    const results = all.flatMap((m) => m.toolResults ?? []);
    expect(calls).toHaveLength(43);
    expect(results).toHaveLength(43);
    const callIds = new Set(calls.map((c) => c.callId));
    for (const r of results) expect(callIds.has(r.callId)).toBe(true);
    expect(results.filter((r) => r.isError)).toHaveLength(1);

    const browse = byId('c34373a7-3959-4a1e-a612-9cf02550d83b');
    expect(browse.title).toBe('Website Review and Recommendations');
    expect(browse.model).toBe('gpt-4-browsing');
    expect(browse.startedAt).toBe('2023-05-23T17:29:25.435Z');
    const failed = browse.messages.find((m) => m.toolResults?.[0]?.isError);
    expect(failed).toMatchObject({ role: 'tool', text: '' });
    expect(failed?.toolResults?.[0]).toMatchObject({ name: 'browser', isError: true });
    expect(failed?.toolResults?.[0].output).toContain('Failed to fetch page');

    const pdf = byId('c5ef15cd-175f-4327-b8f1-792cf8973ad3');
    const python = pdf.messages.filter((m) => m.toolCalls?.[0]?.name === 'python');
    expect(python).toHaveLength(5);
    expect(python[0].toolCalls?.[0]).toMatchObject({ callId: 'b91fed26-fedd-4b11-b563-1f07f311efb6' });
    expect(python[0].toolCalls?.[0].input).toContain('from PyPDF2 import PdfFileReader');
    const out = pdf.messages.find((m) => m.externalId === '8db1a0fb-711b-49fb-ba0a-d1c1dbd3bd44');
    expect(out?.toolResults?.[0]).toMatchObject({ callId: python[0].externalId, name: 'python', isError: false });
    expect(out?.toolResults?.[0].output).toContain("'image_format': 'png'");
  });

  it('puts the edited-away branch after the main thread, linked to where it forked', () => {
    const s = byId('5a6ed55f-1448-4d5c-9592-c4291e039567');
    expect(s.messages.filter((m) => m.onMainThread !== false)).toHaveLength(26);
    const off = s.messages.filter((m) => m.onMainThread === false);
    expect(off.map((m) => [m.role, m.externalId, m.parentExternalId])).toEqual([
      ['user', 'fbe2afe0-68f0-44e0-861b-672d7e75cb8e', 'dd3b774d-e87c-4deb-84d4-84a9b43cd485'],
      ['assistant', 'd856fb6e-5f35-4e56-92ab-b4541a1427e7', 'fbe2afe0-68f0-44e0-861b-672d7e75cb8e'],
    ]);
    expect(s.messages.slice(-2)).toEqual(off);
    // The fork point is on the main thread.
    expect(s.messages.find((m) => m.externalId === 'dd3b774d-e87c-4deb-84d4-84a9b43cd485')?.onMainThread).toBe(true);
  });

  it('converts epoch seconds to ISO timestamps', () => {
    for (const s of sessions) {
      expect(s.startedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      for (const m of s.messages) if (m.timestamp) expect(Date.parse(m.timestamp)).not.toBeNaN();
    }
  });

  it('does not claim any other sample', async () => {
    for (const dir of readdirSync(SAMPLES_DIR, { withFileTypes: true })) {
      if (!dir.isDirectory() || dir.name === 'chatgpt-export') continue;
      for (const file of readdirSync(path.join(SAMPLES_DIR, dir.name))) {
        const s = await sniffOf(fileInput(path.join(SAMPLES_DIR, dir.name, file)));
        expect(chatgptImporter.detect(s), `${dir.name}/${file}`).toBe(0);
      }
    }
  });
});

// ---- inline fixtures -------------------------------------------------------------------

type Msg = Record<string, unknown>;
const msg = (role: string, parts: unknown[], extra: Msg = {}): Msg => ({
  id: 'x',
  author: { role, name: null, metadata: {} },
  create_time: 1700000000,
  content: { content_type: 'text', parts },
  weight: 1,
  metadata: {},
  recipient: 'all',
  ...extra,
});

/** A conversation from [id, parent, message] triples; children are derived in the given order. */
function conversation(nodes: [string, string | null, Msg | null][], extra: Msg = {}): Msg {
  const mapping: Record<string, Msg> = {};
  for (const [id, parent, message] of nodes) {
    mapping[id] = { id, parent, message: message && { ...message, id }, children: [] };
  }
  for (const [id, parent] of nodes) if (parent) (mapping[parent].children as string[]).push(id);
  return { title: 'T', create_time: 1700000000.5, update_time: 1700000100, mapping, id: 'conv-1', ...extra };
}

async function parseText(text: string | Buffer): Promise<ParsedSession[]> {
  return parseAll(chatgptImporter, textInput(text));
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

describe('chatgpt: fixtures', () => {
  const tree = conversation(
    [
      ['root', null, null],
      ['sys', 'root', msg('system', [''], { weight: 0 })],
      ['gone', 'sys', msg('user', ['weighted out'], { weight: 0 })],
      ['u1', 'gone', msg('user', ['hello'])],
      ['a1', 'u1', msg('assistant', ['hi'], { metadata: { model_slug: 'gpt-4o' } })],
      ['a1b', 'u1', msg('assistant', ['regenerated'], { metadata: { model_slug: 'gpt-4o' } })],
      ['u2b', 'a1b', msg('user', ['follow-up on the other branch'])],
    ],
    { current_node: 'a1', conversation_id: 'c-42' },
  );

  it('orders the main thread first and bridges parent links over skipped nodes', async () => {
    const [s] = await parseText(JSON.stringify([tree]));
    expect(s).toMatchObject({
      format: 'chatgpt',
      externalId: 'c-42',
      title: 'T',
      model: 'gpt-4o',
      startedAt: '2023-11-14T22:13:20.500Z',
      endedAt: '2023-11-14T22:15:00.000Z',
    });
    expect(s.messages.map((m) => [m.externalId, m.parentExternalId, m.onMainThread, m.role])).toEqual([
      ['u1', undefined, true, 'user'],
      ['a1', 'u1', true, 'assistant'],
      ['a1b', 'u1', false, 'assistant'],
      ['u2b', 'a1b', false, 'user'],
    ]);
    expect(s.messages[1]).toMatchObject({ text: 'hi', model: 'gpt-4o', timestamp: '2023-11-14T22:13:20.000Z' });
  });

  it('takes millisecond epochs and ignores absurd ones instead of crashing', async () => {
    const [s] = await parseText(JSON.stringify([{ ...tree, create_time: 1700000000500, update_time: 1e300 }]));
    expect(s.startedAt).toBe('2023-11-14T22:13:20.500Z');
    expect(s.endedAt).toBeUndefined();
  });

  it('follows the newest child when current_node is missing', async () => {
    const [s] = await parseText(JSON.stringify([{ ...tree, current_node: undefined }]));
    expect(s.messages.filter((m) => m.onMainThread).map((m) => m.externalId)).toEqual(['u1', 'a1b', 'u2b']);
  });

  it('maps tool calls, failed code runs, hidden and reasoning nodes, images and injected context', async () => {
    const CONTEXT = { content_type: 'user_editable_context', user_profile: 'I am a gardener.', user_instructions: 'Be brief.' };
    const HIDDEN = { is_visually_hidden_from_conversation: true };
    const IMAGE = { content_type: 'image_asset_pointer', asset_pointer: 'file-service://f' };
    const CODE = { content_type: 'code', language: 'python', text: '1/0' };
    const c = conversation(
      [
        ['ctx', null, msg('user', [], { content: { ...CONTEXT } })],
        ['hid', 'ctx', msg('system', ['secret system prompt'], { metadata: HIDDEN })],
        ['u', 'hid', msg('user', [], { content: { content_type: 'multimodal_text', parts: ['plot this', IMAGE] } })],
        ['think', 'u', msg('assistant', [], { content: { content_type: 'thoughts', thoughts: [{ content: 'hmm' }] } })],
        ['call', 'think', msg('assistant', [], { recipient: 'python', content: CODE })],
        ['out', 'call', msg('tool', [], {
          author: { role: 'tool', name: 'python' },
          content: { content_type: 'execution_output', text: 'ZeroDivisionError: division by zero' },
          metadata: { aggregate_result: { status: 'failed', in_kernel_exception: { name: 'ZeroDivisionError' } } },
        })],
        ['ok', 'out', msg('assistant', ['Division by zero, sorry.'])],
      ],
      { current_node: 'ok' },
    );
    const [s] = await parseText(JSON.stringify([c]));
    expect(s.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool', 'assistant']);
    expect(s.messages[0].text).toBe('I am a gardener.\n\nBe brief.');
    expect(s.messages[1].text).toBe('plot this\n[image]');
    expect(s.messages[1].parentExternalId).toBe('ctx');
    expect(s.messages[2]).toMatchObject({ text: '', toolCalls: [{ callId: 'call', name: 'python', input: '1/0' }] });
    expect(s.messages[2].parentExternalId).toBe('u');
    expect(s.messages[3].toolResults).toEqual([
      { callId: 'call', name: 'python', output: 'ZeroDivisionError: division by zero', isError: true },
    ]);
    expect(s.messages.some((m) => m.text.includes('secret') || m.text.includes('hmm'))).toBe(false);
  });

  it('reads a single conversation object and skips conversations with nothing visible', async () => {
    const one = await parseText(`  ${JSON.stringify(tree)}\n`);
    expect(one).toHaveLength(1);
    const empty = conversation([['root', null, null], ['sys', 'root', msg('system', [''])]]);
    expect(await parseText(JSON.stringify([empty, tree]))).toHaveLength(1);
  });

  it('survives a parent cycle', async () => {
    const nodes: [string, string, Msg][] = [
      ['a', 'b', msg('user', ['a'])],
      ['b', 'a', msg('assistant', ['b'])],
    ];
    const c = conversation(nodes, { current_node: 'a' });
    const [s] = await parseText(JSON.stringify([c]));
    expect(s.messages.map((m) => m.externalId)).toEqual(['b', 'a']);
  });

  it('detects only bare JSON with a mapping tree', () => {
    const head = JSON.stringify([tree]).slice(0, 300);
    expect(chatgptImporter.detect({ name: 'x.json', head })).toBeGreaterThanOrEqual(0.9);
    expect(chatgptImporter.detect({ name: 'chat.html', head: `<html><script>var jsonData = ${head}` })).toBe(0);
    const openai = '[{"messages":[{"role":"user","content":"hi"}]}]';
    const feedback = '[{"id": "1", "conversation_id": "2", "rating": "thumbsDown"}]';
    for (const h of [openai, feedback]) expect(chatgptImporter.detect({ name: 'x.json', head: h })).toBe(0);
  });

  it('names the JSON path of a wrong field type', async () => {
    const badRole = conversation([['n1', null, msg('user', ['x'], { author: { role: 7 } })]]);
    expect(await messageOf(JSON.stringify([tree, badRole]))).toMatch(/^\$\[1\] field mapping\.n1\.message\.author\.role: /);
    expect(await messageOf(JSON.stringify([{ ...tree, mapping: [] }]))).toMatch(/^\$\[0\] field mapping: /);
    expect(await messageOf(JSON.stringify({ ...tree, title: 5 }))).toMatch(/^\$ field title: /);
  });

  it('reports truncated JSON, invalid UTF-8 and non-JSON by line', async () => {
    const text = JSON.stringify([tree, tree], null, 1);
    expect(await messageOf(text.slice(0, text.length - 40))).toMatch(/^not valid JSON after \$\[0\]: /);
    const lines = text.split('\n');
    const before = Buffer.from(`${lines.slice(0, 5).join('\n')}\n`);
    const bytes = Buffer.concat([before, Buffer.from([0xff]), Buffer.from(lines.slice(5).join('\n'))]);
    expect(await messageOf(bytes)).toMatch(/^line 6: invalid UTF-8/);
    expect(await messageOf('title,mapping\n')).toMatch(/^line 1: /);
  });

  it('stops when the import is cancelled', async () => {
    const ac = new AbortController();
    ac.abort();
    const run = async (): Promise<void> => {
      for await (const _ of chatgptImporter.parse(textInput(JSON.stringify([tree])), ac.signal)) void _;
    };
    await expect(run()).rejects.toMatchObject({ name: 'CancelledError' });
  });

  it('opens the input once, even when the first chunks are only whitespace and a BOM', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const chunks = [bom, Buffer.from('  \n'), Buffer.from(JSON.stringify([tree]))];
    let opens = 0;
    const input: ImportInput = {
      name: 'chunked.json',
      size: chunks.reduce((n, c) => n + c.length, 0),
      open: async () => {
        opens++;
        return Readable.from(chunks);
      },
    };
    expect(await parseAll(chatgptImporter, input)).toHaveLength(1);
    expect(opens).toBe(1);
  });
});
