import { readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ParsedMessage, ParsedSession } from '../../../shared/types.js';
import { detectFormat } from '../../../electron/engine/import/detect.js';
import { clineImporter, clineUiImporter } from '../../../electron/engine/import/formats/cline.js';
import { codexImporter } from '../../../electron/engine/import/formats/codex.js';
import { geminiCliImporter } from '../../../electron/engine/import/formats/gemini-cli.js';
import { ImportError } from '../../../electron/engine/import/types.js';
import { fileInput, parseAll, sniffOf, textInput } from '../../helpers/parse.js';
import { SAMPLES_DIR, haveShared, sample } from '../../helpers/samples.js';

const MINE = [codexImporter, geminiCliImporter, clineImporter, clineUiImporter];
const API = 'mra_api_conversation_history.json';
const UI = 'fineye_ui_messages.json';

function roles(messages: ParsedMessage[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of messages) out[m.role] = (out[m.role] ?? 0) + 1;
  return out;
}

async function one(importer: typeof clineImporter, value: unknown): Promise<ParsedSession> {
  const sessions = await parseAll(importer, textInput(JSON.stringify(value)));
  expect(sessions).toHaveLength(1);
  return sessions[0];
}

const ENV = '<environment_details>\n# Current Working Directory (/home/me/app) Files\nsrc/\n</environment_details>';
const text = (t: string) => ({ type: 'text', text: t });

describe.runIf(haveShared())('cline: real task files', () => {
  it('tells the two files apart and claims no other sample', async () => {
    const api = await sniffOf(fileInput(sample('cline-roo', API)));
    const ui = await sniffOf(fileInput(sample('cline-roo', UI)));
    expect(clineImporter.detect(api)).toBe(0.95);
    expect(clineUiImporter.detect(api)).toBe(0);
    expect(clineUiImporter.detect(ui)).toBe(0.95);
    expect(clineImporter.detect(ui)).toBe(0);
    expect(detectFormat(api, MINE)?.id).toBe('cline');
    expect(detectFormat(ui, MINE)?.id).toBe('cline-ui');
    for (const dir of readdirSync(SAMPLES_DIR, { withFileTypes: true })) {
      if (!dir.isDirectory() || dir.name === 'cline-roo') continue;
      for (const f of readdirSync(path.join(SAMPLES_DIR, dir.name))) {
        const s = await sniffOf(fileInput(path.join(SAMPLES_DIR, dir.name, f)));
        expect(clineImporter.detect(s), `${dir.name}/${f}`).toBe(0);
        expect(clineUiImporter.detect(s), `${dir.name}/${f}`).toBe(0);
      }
    }
  });

  describe('api_conversation_history.json', () => {
    let s: ParsedSession;
    beforeAll(async () => {
      [s] = await parseAll(clineImporter, fileInput(sample('cline-roo', API)));
    });

    it('reads the task metadata', () => {
      expect(s).toMatchObject({
        format: 'cline',
        externalId: 'cline-1777073160794',
        project: 'c:/Apps/MRA022626 - Copy/Marine-Response-Repo',
        model: 'claude_4_5_opus',
        title: 'The attached is a technical writeup for this application which describes the final version of this application.',
      });
      expect(s.messages[0].timestamp).toBe(new Date(1777073160794).toISOString());
    });

    it('splits user messages into tool results, the person and the extension', () => {
      // 443 entries: 221 assistant, 222 user; every user entry carries <environment_details>
      // (-> 222 system), 205 carry "[tool] Result:" blocks, 31 carry wrapped words or an image.
      expect(s.messages).toHaveLength(679);
      expect(roles(s.messages)).toEqual({ user: 31, system: 222, assistant: 221, tool: 205 });
      const users = s.messages.filter((m) => m.role === 'user');
      expect(users[0].text).toMatch(/^The attached is a technical writeup/);
      expect(users.some((m) => /<(task|feedback|user_message|environment_details)>/.test(m.text))).toBe(false);
      expect(users.map((m) => m.text)).toContain('continue with "Next Steps" no database migrations are necessary.');
      expect(users[users.length - 1].text).toMatch(/remnants of firebase\?\n\n\[image\]/);
      expect(s.messages.filter((m) => m.role === 'system').every((m) => m.text.includes('<environment_details>'))).toBe(true);
    });

    it('pairs every text result with its tool_use and flags failures', () => {
      const calls = s.messages.flatMap((m) => m.toolCalls ?? []);
      const results = s.messages.flatMap((m) => m.toolResults ?? []);
      expect(calls).toHaveLength(231);
      expect(results).toHaveLength(223);
      const byId = new Map(calls.map((c) => [c.callId, c.name]));
      expect(results.every((r) => r.callId && byId.get(r.callId) === r.name)).toBe(true);
      const denied = results.filter((r) => r.output.startsWith('The user denied this operation'));
      expect(denied).toHaveLength(2);
      expect(denied.every((r) => r.isError)).toBe(true);
      expect(results.filter((r) => r.isError && /^Command failed with exit code/.test(r.output)).length).toBeGreaterThan(20);
      expect(results.filter((r) => r.output.startsWith('Command executed successfully')).every((r) => !r.isError)).toBe(true);
    });

    it('shows what plan_mode_respond and ask_followup_question said', () => {
      const plan = s.messages.find((m) => m.toolCalls?.some((c) => c.name === 'plan_mode_respond'));
      expect(plan?.text).toMatch(/## West Coast Marine Mammal Report & Rescue Application - Code Analysis Summary/);
      expect(s.messages.filter((m) => m.role === 'assistant').every((m) => m.model === 'claude_4_5_opus')).toBe(true);
    });
  });

  describe('ui_messages.json', () => {
    let s: ParsedSession;
    beforeAll(async () => {
      [s] = await parseAll(clineUiImporter, fileInput(sample('cline-roo', UI)));
    });

    it('reads the panel as a conversation', () => {
      expect(s).toMatchObject({
        format: 'cline-ui',
        externalId: 'cline-1767644899093',
        project: 'c:/Users/Haram/Desktop/flutter_application_1',
        model: 'x-ai/grok-code-fast-1',
        title: 'yo wassup',
      });
      // 1 task + 14 user_feedback; 7 completion results + 2 followup questions (rows of one turn
      // joined); 6 api_req_failed; 15 tool rows.
      expect(roles(s.messages)).toEqual({ user: 15, assistant: 9, system: 6 });
      expect(s.messages.flatMap((m) => m.toolCalls ?? [])).toHaveLength(15);
      expect(s.messages.filter((m) => m.role === 'system').every((m) => m.text.startsWith('[API request failed] Failed to create stream'))).toBe(true);
      expect(s.messages.filter((m) => m.text.includes('[image]')).map((m) => m.text.split('[image]').length - 1)).toEqual([3, 1]);
      expect(s.messages.every((m) => m.timestamp)).toBe(true);
    });

    it('leaves reasoning out and keeps followup questions as prose', () => {
      expect(s.messages.some((m) => m.text.includes('The user said "yo wassup"'))).toBe(false);
      expect(s.messages.map((m) => m.text)).toContain("What's the other issue you're running into? Let me know what's happening.");
      const reads = s.messages.flatMap((m) => m.toolCalls ?? []).filter((c) => c.name === 'readFile');
      expect(JSON.parse(reads[0].input)).toMatchObject({ tool: 'readFile', path: 'pubspec.yaml' });
    });
  });
});

describe('cline: api_conversation_history fixtures', () => {
  it('reads XML tool calls and text results of older Cline', async () => {
    const s = await one(clineImporter, [
      { role: 'user', ts: 1700000000000, content: [text('<task>\nAdd a README\n</task>'), text(ENV)] },
      {
        role: 'assistant',
        ts: 1700000001000,
        content: [text('<thinking>Need to look first.</thinking>\nLet me check.\n<read_file>\n<path>src/index.ts</path>\n</read_file>')],
      },
      { role: 'user', ts: 1700000002000, content: [text("[read_file for 'src/index.ts'] Result:"), text('export {}'), text(ENV)] },
      {
        role: 'assistant',
        ts: 1700000003000,
        content: [text('<attempt_completion>\n<result>\nAdded README.md\n</result>\n</attempt_completion>')],
      },
      {
        role: 'user',
        ts: 1700000004000,
        content: [
          text('[attempt_completion] Result:'),
          text('The user has provided feedback on the results. Consider their input to continue the task, and then attempt completion again.'),
          text('<feedback>\nuse tabs, not spaces\n</feedback>'),
          text(ENV),
        ],
      },
    ]);
    expect(s).toMatchObject({ externalId: 'cline-1700000000000', project: '/home/me/app', title: 'Add a README' });
    expect(s.messages.map((m) => [m.role, m.text])).toEqual([
      ['user', 'Add a README'],
      ['system', ENV],
      ['assistant', 'Let me check.'],
      ['tool', ''],
      ['system', ENV],
      ['assistant', 'Added README.md'],
      ['tool', ''],
      // Split parts keep the order they first appear in: the notice precedes the feedback.
      ['system', expect.stringMatching(/^The user has provided feedback[\s\S]*<environment_details>/)],
      ['user', 'use tabs, not spaces'],
    ]);
    expect(s.messages[2].toolCalls).toEqual([{ name: 'read_file', input: '{"path":"src/index.ts"}' }]);
    expect(s.messages[3].toolResults).toEqual([{ name: 'read_file', output: 'export {}', isError: false }]);
    expect(s.messages[5].toolCalls?.[0]).toMatchObject({ name: 'attempt_completion', input: '{"result":"Added README.md"}' });
    expect(s.messages[6].toolResults?.[0]).toMatchObject({ name: 'attempt_completion', isError: false });
    expect(s.messages[0].timestamp).toBe('2023-11-14T22:13:20.000Z');
  });

  it('keeps a refusal as a failed result and the reason as the person’s words', async () => {
    const s = await one(clineImporter, [
      { role: 'user', ts: 1, content: [text('<task>clean up</task>')] },
      { role: 'assistant', ts: 2, content: [{ type: 'tool_use', id: 't1', name: 'execute_command', input: { command: 'rm -rf build' } }] },
      {
        role: 'user',
        ts: 3,
        content: [
          text("[execute_command for 'rm -rf build'] Result:\nThe user denied this operation and provided the following feedback:\n<feedback>\ndon't delete build\n</feedback>"),
        ],
      },
    ]);
    const [, call, result, said] = s.messages;
    expect(call.toolCalls).toEqual([{ callId: 't1', name: 'execute_command', input: '{"command":"rm -rf build"}' }]);
    expect(result.toolResults?.[0]).toMatchObject({ callId: 't1', name: 'execute_command', isError: true });
    expect(said).toMatchObject({ role: 'user', text: "don't delete build" });
  });

  it('reads tool_result blocks and a plain-string task', async () => {
    const s = await one(clineImporter, [
      { role: 'user', content: 'fix the tests' },
      { role: 'assistant', content: [{ type: 'thinking', thinking: 'hmm' }, { type: 'tool_use', id: 'a', name: 'read_file', input: { path: 'x' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'a', content: [text('ENOENT')], is_error: true }, text(ENV)] },
    ]);
    expect(s.externalId).toBeUndefined();
    expect(s.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'system']);
    expect(s.messages[0].text).toBe('fix the tests');
    expect(s.messages[1].text).toBe('');
    expect(s.messages[2].toolResults).toEqual([{ callId: 'a', name: 'read_file', output: 'ENOENT', isError: true }]);
  });

  it('takes the person’s words out of resumption wrappers', async () => {
    const s = await one(clineImporter, [
      { role: 'user', ts: 1, content: [text('<task>a</task>')] },
      { role: 'assistant', ts: 2, content: [text('ok')] },
      {
        role: 'user',
        ts: 3,
        content: [
          text('[TASK RESUMPTION] This task was interrupted 3 minutes ago.'),
          text('New instructions for task continuation:\n<user_message>\nnow add a license\n</user_message>'),
        ],
      },
    ]);
    expect(s.messages.slice(2).map((m) => [m.role, m.text])).toEqual([
      ['system', '[TASK RESUMPTION] This task was interrupted 3 minutes ago.\n\nNew instructions for task continuation:'],
      ['user', 'now add a license'],
    ]);
  });

  it('detects Cline arrays but not generic message arrays or API bodies', () => {
    const sniff = (head: string) => ({ name: 'x.json', head });
    expect(clineImporter.detect(sniff(JSON.stringify([{ role: 'user', content: [text('<task>x</task>')], ts: 1700000000000 }])))).toBe(0.95);
    expect(clineImporter.detect(sniff(JSON.stringify([{ role: 'user', content: [text('<task>x</task>')] }])))).toBe(0.75);
    expect(clineImporter.detect(sniff(JSON.stringify([{ role: 'user', content: 'hello' }, { role: 'assistant', content: 'hi' }])))).toBe(0);
    expect(clineImporter.detect(sniff(JSON.stringify({ model: 'claude-3', messages: [{ role: 'user', content: '<task>x</task>' }] })))).toBe(0);
    expect(clineImporter.detect(sniff(JSON.stringify({ type: 'message', role: 'assistant', content: [] })))).toBe(0);
    expect(clineImporter.detect(sniff(JSON.stringify([{ messages: [{ role: 'user', content: 'x' }] }])))).toBe(0);
    expect(clineUiImporter.detect(sniff(JSON.stringify([{ role: 'user', content: 'x', ts: 1700000000000 }])))).toBe(0);
  });
});

describe('cline: ui_messages fixtures', () => {
  it('pairs commands with their output and errors with pending calls', async () => {
    const s = await one(clineUiImporter, [
      { ts: 1700000000000, type: 'say', say: 'text', text: 'run the tests', images: ['data:x'] },
      { ts: 1700000000100, type: 'say', say: 'api_req_started', text: JSON.stringify({ request: `<task>run the tests</task>\n\n${ENV}` }) },
      { ts: 1700000000200, type: 'say', say: 'reasoning', text: 'secret plan' },
      { ts: 1700000000300, type: 'say', say: 'text', text: 'Running them.' },
      { ts: 1700000000400, type: 'ask', ask: 'command', text: 'npm test' },
      { ts: 1700000000500, type: 'ask', ask: 'command_output', text: 'FAIL a.test.ts' },
      { ts: 1700000000600, type: 'ask', ask: 'command_output', text: '1 failed' },
      { ts: 1700000000700, type: 'ask', ask: 'tool', text: JSON.stringify({ tool: 'editedExistingFile', path: 'a.ts' }) },
      { ts: 1700000000800, type: 'say', say: 'error', text: 'Cline tried to use replace_in_file without value for required parameter' },
      { ts: 1700000000900, type: 'say', say: 'error_retry', text: '{"attempt":1}' },
      { ts: 1700000001000, type: 'ask', ask: 'api_req_failed', text: JSON.stringify({ message: 'rate limited' }) },
      { ts: 1700000001100, type: 'ask', ask: 'followup', text: JSON.stringify({ question: 'Which file?', options: ['a', 'b'] }) },
      { ts: 1700000001200, type: 'say', say: 'user_feedback', text: 'a.ts' },
    ]);
    expect(s).toMatchObject({ externalId: 'cline-1700000000000', project: '/home/me/app', title: 'run the tests' });
    expect(s.messages.map((m) => [m.role, m.text])).toEqual([
      ['user', 'run the tests\n[image]'],
      ['assistant', 'Running them.'],
      ['tool', ''],
      ['assistant', ''],
      ['tool', ''],
      ['system', '[API request failed] rate limited'],
      ['assistant', 'Which file?'],
      ['user', 'a.ts'],
    ]);
    expect(s.messages[1].toolCalls).toEqual([{ callId: 'ui-1', name: 'execute_command', input: '{"command":"npm test"}' }]);
    expect(s.messages[2].toolResults).toEqual([{ callId: 'ui-1', name: 'execute_command', output: 'FAIL a.test.ts\n1 failed', isError: false }]);
    expect(s.messages[3].toolCalls?.[0].name).toBe('editedExistingFile');
    expect(s.messages[4].toolResults?.[0]).toMatchObject({ callId: 'ui-2', isError: true });
    expect(s.messages[0].timestamp).toBe('2023-11-14T22:13:20.000Z');
  });

  it('keeps an error with no call to answer as a system message', async () => {
    const s = await one(clineUiImporter, [
      { ts: 5, type: 'say', say: 'text', text: 'hi' },
      { ts: 6, type: 'say', say: 'error', text: 'boom' },
    ]);
    expect(s.messages.map((m) => [m.role, m.text])).toEqual([
      ['user', 'hi'],
      ['system', '[error] boom'],
    ]);
  });
});

describe('cline: malformed input', () => {
  const fails = (importer: typeof clineImporter, t: string | Buffer) => parseAll(importer, textInput(t));

  it('names the element of a wrong field type', async () => {
    const bad = JSON.stringify([{ role: 'user', content: 'x' }, { role: 'assistant', content: 'y' }, { role: 'user', content: 5 }]);
    await expect(fails(clineImporter, bad)).rejects.toThrow(ImportError);
    await expect(fails(clineImporter, bad)).rejects.toThrow(/^\$\[2\] field content: /);
    await expect(fails(clineImporter, JSON.stringify([{ role: 'user', content: 'x', ts: 'now' }]))).rejects.toThrow(/^\$\[0\] field ts: /);
    await expect(fails(clineUiImporter, JSON.stringify([{ ts: 1, type: 'say', say: 'text' }, { ts: 2, type: 'shout' }]))).rejects.toThrow(
      /^\$\[1\] field type: /,
    );
    await expect(fails(clineUiImporter, JSON.stringify([{ type: 'say', say: 'text' }]))).rejects.toThrow(/^\$\[0\] field ts: /);
  });

  it('reports truncated JSON after the last good element', async () => {
    const t = JSON.stringify([{ role: 'user', content: 'x' }, { role: 'assistant', content: 'y' }]).slice(0, -8);
    await expect(fails(clineImporter, t)).rejects.toThrow(/^not valid JSON after \$\[0\]: /);
    const u = JSON.stringify([{ ts: 1, type: 'say', say: 'text', text: 'x' }]).slice(0, -3);
    await expect(fails(clineUiImporter, u)).rejects.toThrow(/^not valid JSON/);
  });

  it('names the line of invalid UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from('[\n{"role": "user", "content": "'), Buffer.from([0xff]), Buffer.from('"}\n]')]);
    await expect(fails(clineImporter, bytes)).rejects.toThrow(/^line 2: invalid UTF-8/);
    await expect(fails(clineUiImporter, bytes)).rejects.toThrow(/^line 2: invalid UTF-8/);
  });
});
