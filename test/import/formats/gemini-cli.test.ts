import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ParsedSession } from '../../../shared/types.js';
import { detectFormat } from '../../../electron/engine/import/detect.js';
import { clineImporter, clineUiImporter } from '../../../electron/engine/import/formats/cline.js';
import { codexImporter } from '../../../electron/engine/import/formats/codex.js';
import { geminiCliImporter } from '../../../electron/engine/import/formats/gemini-cli.js';
import { ImportError } from '../../../electron/engine/import/types.js';
import { fileInput, parseAll, sniffOf, textInput } from '../../helpers/parse.js';
import { SAMPLES_DIR, haveShared, sample } from '../../helpers/samples.js';

const MINE = [codexImporter, geminiCliImporter, clineImporter, clineUiImporter];

const chat = (messages: unknown[]) =>
  JSON.stringify({ sessionId: 's-1', projectHash: 'abc', startTime: '2025-10-29T10:00:00.000Z', lastUpdated: '2025-10-29T10:05:00.000Z', messages });

async function one(text: string): Promise<ParsedSession> {
  const sessions = await parseAll(geminiCliImporter, textInput(text));
  expect(sessions).toHaveLength(1);
  return sessions[0];
}

describe.runIf(haveShared())('gemini-cli: real saved chats', () => {
  it('detects both samples as gemini-cli and nothing else as it', async () => {
    for (const f of readdirSync(sample('gemini-cli'))) {
      const s = await sniffOf(fileInput(sample('gemini-cli', f)));
      expect(geminiCliImporter.detect(s)).toBe(0.95);
      expect(detectFormat(s, MINE)?.id).toBe('gemini-cli');
    }
    for (const dir of readdirSync(SAMPLES_DIR, { withFileTypes: true })) {
      if (!dir.isDirectory() || dir.name === 'gemini-cli') continue;
      for (const f of readdirSync(path.join(SAMPLES_DIR, dir.name))) {
        const s = await sniffOf(fileInput(path.join(SAMPLES_DIR, dir.name, f)));
        expect(geminiCliImporter.detect(s), `${dir.name}/${f}`).toBe(0);
      }
    }
  });

  it('reads the read_file + replace session', async () => {
    const [s] = await parseAll(geminiCliImporter, fileInput(sample('gemini-cli', 'session-2025-10-29T10-36-453aa339.json')));
    expect(s).toMatchObject({
      format: 'gemini-cli',
      externalId: '453aa339-7d2b-4709-a41a-b0b73beaff85',
      model: 'gemini-2.5-pro',
      startedAt: '2025-10-29T10:37:00.099Z',
      endedAt: '2025-10-29T10:37:13.195Z',
      title: "Change 'Hello' to 'Goodbye' in /tmp/gemini-test/created.txt",
    });
    // 5 log messages: 1 user, 4 gemini of which 3 carry one tool call each -> 3 tool messages.
    expect(s.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant', 'tool', 'assistant', 'tool', 'assistant']);
    const calls = s.messages.flatMap((m) => m.toolCalls ?? []);
    expect(calls.map((c) => c.name)).toEqual(['read_file', 'replace', 'read_file']);
    expect(JSON.parse(calls[1].input)).toMatchObject({ new_string: 'Goodbye from Gemini CLI' });
    const results = s.messages.flatMap((m) => m.toolResults ?? []);
    expect(results.map((r) => r.callId)).toEqual(calls.map((c) => c.callId));
    expect(results.map((r) => r.output)).toEqual([
      'Hello from Gemini CLI',
      'Successfully modified file: /private/tmp/gemini-test/created.txt (1 replacements).',
      'Goodbye from Gemini CLI',
    ]);
    expect(results.every((r) => !r.isError)).toBe(true);
    expect(s.messages[7].text).toBe('Done.');
    expect(s.messages.every((m) => m.timestamp?.startsWith('2025-10-29T10:37'))).toBe(true);
    // Thoughts are hidden reasoning.
    expect(s.messages.some((m) => m.text.includes('Initiating File Operations'))).toBe(false);
  });

  it('flags the failed write_file call', async () => {
    const [s] = await parseAll(geminiCliImporter, fileInput(sample('gemini-cli', 'session-2025-10-29T10-39-a63242d9.json')));
    expect(s.externalId).toBe('a63242d9-4431-4eee-926d-beb795e7989d');
    expect(s.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool']);
    expect(s.messages[2].toolResults).toEqual([
      {
        callId: 'write_file-1761734387890-c8c35a4b54873',
        name: 'write_file',
        isError: true,
        output: expect.stringContaining('not found in registry'),
      },
    ]);
  });
});

describe('gemini-cli: fixtures', () => {
  it('marks a cancelled call as a rejected, failed result', async () => {
    const s = await one(
      chat([
        { id: 'm1', type: 'user', content: 'delete it', timestamp: '2025-10-29T10:00:01Z' },
        {
          id: 'm2',
          type: 'gemini',
          content: 'Deleting.',
          model: 'gemini-2.5-flash',
          toolCalls: [{ id: 'c1', name: 'run_shell_command', args: { command: 'rm x' }, status: 'cancelled', resultDisplay: 'Tool call cancelled' }],
        },
      ]),
    );
    expect(s.messages[1]).toMatchObject({ role: 'assistant', text: 'Deleting.', model: 'gemini-2.5-flash', externalId: 'm2' });
    expect(s.messages[1].toolCalls).toEqual([{ callId: 'c1', name: 'run_shell_command', input: '{"command":"rm x"}' }]);
    expect(s.messages[2].toolResults?.[0]).toEqual({
      callId: 'c1',
      name: 'run_shell_command',
      output: '[cancelled by user]\nTool call cancelled',
      isError: true,
    });
  });

  it('keeps CLI notices as system messages and reads part lists', async () => {
    const s = await one(
      chat([
        { type: 'user', content: [{ text: 'hi' }, { text: 'there' }] },
        { type: 'info', content: 'Switched model' },
        { type: 'error', content: 'Quota exceeded' },
        { type: 'gemini', content: 'ok', toolCalls: [{ name: 'ls', args: {}, status: 'success', result: [{ functionResponse: { response: { output: 'a b' } } }] }] },
      ]),
    );
    expect(s.messages.map((m) => [m.role, m.text])).toEqual([
      ['user', 'hi\nthere'],
      ['system', '[info] Switched model'],
      ['system', '[error] Quota exceeded'],
      ['assistant', 'ok'],
      ['tool', ''],
    ]);
    expect(s.messages[4].toolResults?.[0]).toMatchObject({ name: 'ls', output: 'a b', isError: false });
    expect(s.project).toBeUndefined();
  });

  it('detects by content', () => {
    const sniff = (head: string) => ({ name: 'x.json', head });
    expect(geminiCliImporter.detect(sniff(chat([{ type: 'user', content: 'x' }])))).toBe(0.95);
    expect(geminiCliImporter.detect(sniff('{"sessionId":"x","messages":[{"type":"gemini"'))).toBe(0.85);
    expect(geminiCliImporter.detect(sniff('{"model":"claude","messages":[{"role":"user","content":"x"}]}'))).toBe(0);
    expect(geminiCliImporter.detect(sniff('[{"sessionId":"x","messages":[]}]'))).toBe(0);
  });
});

describe('gemini-cli: malformed input', () => {
  const fails = (text: string | Buffer) => parseAll(geminiCliImporter, textInput(text));

  it('names where truncated JSON ends', async () => {
    const text = chat([{ type: 'user', content: 'x' }]).slice(0, -10);
    await expect(fails(text)).rejects.toThrow(ImportError);
    await expect(fails(text)).rejects.toThrow(/not valid JSON/);
  });

  it('names the JSON path of a wrong field type', async () => {
    await expect(fails(chat([{ type: 'user', content: 'x' }, { type: 7 }]))).rejects.toThrow(/^\$ field messages\[1\]\.type: /);
    await expect(fails(chat([{ type: 'gemini', toolCalls: [{ name: null }] }]))).rejects.toThrow(/^\$ field messages\[0\]\.toolCalls\[0\]\.name: /);
    await expect(fails('{"messages":[]}')).rejects.toThrow(/^\$ field sessionId: /);
  });

  it('names the line of invalid UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from('{\n"sessionId": "'), Buffer.from([0xff]), Buffer.from('",\n"messages": []}')]);
    await expect(fails(bytes)).rejects.toThrow(/^line 2: invalid UTF-8/);
  });
});
