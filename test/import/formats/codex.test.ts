import { readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ParsedMessage, ParsedSession } from '../../../shared/types.js';
import { detectFormat } from '../../../electron/engine/import/detect.js';
import { clineImporter, clineUiImporter } from '../../../electron/engine/import/formats/cline.js';
import { codexImporter } from '../../../electron/engine/import/formats/codex.js';
import { geminiCliImporter } from '../../../electron/engine/import/formats/gemini-cli.js';
import { CancelledError } from '../../../electron/engine/base/cancel.js';
import { ImportError } from '../../../electron/engine/import/types.js';
import { fileInput, parseAll, sniffOf, textInput } from '../../helpers/parse.js';
import { SAMPLES_DIR, haveShared, sample } from '../../helpers/samples.js';

const MINE = [codexImporter, geminiCliImporter, clineImporter, clineUiImporter];

function count(messages: ParsedMessage[]) {
  const roles: Record<string, number> = {};
  for (const m of messages) roles[m.role] = (roles[m.role] ?? 0) + 1;
  const calls = messages.flatMap((m) => m.toolCalls ?? []);
  const results = messages.flatMap((m) => m.toolResults ?? []);
  return { roles, calls, results, errors: results.filter((r) => r.isError) };
}

const jsonl = (...lines: unknown[]): string => lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
const meta = { timestamp: '2025-10-01T10:00:00.000Z', type: 'session_meta', payload: { id: 'sess-1', cwd: '/repo', git: { branch: 'dev' } } };
const ri = (payload: unknown, timestamp = '2025-10-01T10:00:01.000Z') => ({ timestamp, type: 'response_item', payload });
const ev = (payload: unknown, timestamp = '2025-10-01T10:00:01.000Z') => ({ timestamp, type: 'event_msg', payload });
const userItem = (text: string) => ri({ type: 'message', role: 'user', content: [{ type: 'input_text', text }] });

async function one(text: string | Buffer): Promise<ParsedSession> {
  const sessions = await parseAll(codexImporter, textInput(text));
  expect(sessions).toHaveLength(1);
  return sessions[0];
}

describe.runIf(haveShared())('codex: real rollouts', () => {
  // A skipped describe's body still runs at collection: without the samples there is nothing to list.
  const files = haveShared() ? readdirSync(sample('codex')).map((f) => sample('codex', f)) : [];

  it('detects every sample as codex, and only codex among these importers', async () => {
    expect(files).toHaveLength(3);
    for (const f of files) {
      const s = await sniffOf(fileInput(f));
      expect(codexImporter.detect(s), f).toBeGreaterThanOrEqual(0.9);
      expect(detectFormat(s, MINE)?.id, f).toBe('codex');
    }
  });

  it('gives 0 on every other format sample', async () => {
    for (const dir of readdirSync(SAMPLES_DIR, { withFileTypes: true })) {
      if (!dir.isDirectory() || dir.name === 'codex') continue;
      for (const f of readdirSync(path.join(SAMPLES_DIR, dir.name))) {
        const s = await sniffOf(fileInput(path.join(SAMPLES_DIR, dir.name, f)));
        expect(codexImporter.detect(s), `${dir.name}/${f}`).toBe(0);
      }
    }
  });

  describe('VS Code rollout with interruptions (0.40.0)', () => {
    let s: ParsedSession;
    beforeAll(async () => {
      [s] = await parseAll(codexImporter, fileInput(sample('codex', 'rollout-2025-09-24T19-22-20-01997e76.jsonl')));
    });

    it('reads the session metadata', () => {
      expect(s.externalId).toBe('01997e76-d124-7592-9cac-2ec05abbca08');
      expect(s.project).toBe('/Users/jnarowski/Dev/spectora/src/spectora-labs-monorepo-v2');
      expect(s.gitBranch).toBe('fix/team-optimization-v2');
      expect(s.model).toBe('gpt-5-codex');
      expect(s.startedAt).toBe('2025-09-25T01:22:20.068Z');
      expect(s.title).toMatch(/^Updating a team to assign a lead/);
    });

    it('keeps one copy of each prompt and marks interruptions', () => {
      // Counted with a script: 13 user_message events (each also a response item), 4 turn_aborted,
      // 2 environment contexts + 13 IDE-context prefixes, 9 answers + 123 call groups, 123 outputs.
      const { roles } = count(s.messages);
      expect(s.messages).toHaveLength(287);
      expect(roles).toEqual({ user: 17, system: 15, assistant: 132, tool: 123 });
      const users = s.messages.filter((m) => m.role === 'user').map((m) => m.text);
      expect(users.filter((t) => t === '[Request interrupted by user]')).toHaveLength(4);
      expect(users.filter((t) => t === 'Why do we need stats for the team?')).toHaveLength(1);
      expect(users.some((t) => t.includes('<environment_context>') || t.includes('# Context from my IDE setup'))).toBe(false);
      const system = s.messages.filter((m) => m.role === 'system');
      expect(system.filter((m) => m.text.startsWith('# Context from my IDE setup'))).toHaveLength(13);
    });

    it('pairs calls with outputs and flags failures', () => {
      const { calls, results, errors } = count(s.messages);
      expect(calls).toHaveLength(123);
      expect(results).toHaveLength(123);
      const ids = new Set(calls.map((c) => c.callId));
      expect(results.every((r) => r.callId && ids.has(r.callId) && r.name)).toBe(true);
      // 8 non-zero exit codes, 2 sandbox failures, 2 "patch rejected by user".
      expect(errors).toHaveLength(12);
      expect(errors.filter((r) => r.output.startsWith('patch rejected'))).toHaveLength(2);
      expect(JSON.parse(calls[0].input)).toHaveProperty('command');
    });

    it('timestamps every message and leaves reasoning out', () => {
      expect(s.messages.every((m) => /^\d{4}-\d\d-\d\dT/.test(m.timestamp ?? ''))).toBe(true);
      expect(s.messages.some((m) => m.text.includes('**Analyzing'))).toBe(false);
      expect(s.messages.filter((m) => m.role === 'assistant').every((m) => m.model === 'gpt-5-codex')).toBe(true);
    });
  });

  it('reads the short rollout, keeping one copy of a prompt sent with an image', async () => {
    const [s] = await parseAll(codexImporter, fileInput(sample('codex', 'rollout-2025-09-24T20-12-23-01997ea4.jsonl')));
    const { roles, calls, errors } = count(s.messages);
    expect(s.messages).toHaveLength(39);
    expect(roles).toEqual({ system: 3, user: 2, assistant: 18, tool: 16 });
    expect(calls).toHaveLength(16);
    expect(errors).toHaveLength(3);
    const first = s.messages.filter((m) => m.role === 'user')[0];
    expect(first.text).toMatch(/^When I load the dashboard, I see 4 queries/);
    expect(first.text).toContain('[image]');
    expect(s.gitBranch).toBe('feat/dashboard-refactor');
  });

  it('reads the legacy layout (header line, state lines, bare items)', async () => {
    const [s] = await parseAll(codexImporter, fileInput(sample('codex', 'acidicsoil_legacy_rollout_2025-09-10.jsonl')));
    const { roles, calls, results, errors } = count(s.messages);
    expect(s.externalId).toBe('cf4def41-21e0-4b91-adb4-5397c1492084');
    expect(s.startedAt).toBe('2025-09-10T18:58:38.331Z');
    expect(s.gitBranch).toBe('main');
    expect(s.project).toBe('/home/user/projects/codex-session-viewer');
    expect(s.title).toBe("What's the next task I should work on? Please consider dependencies and priorities.");
    // 47 user items of which 2 injected (<user_instructions>, <environment_context>); 246 calls.
    expect(roles).toEqual({ system: 2, user: 45, assistant: 291, tool: 246 });
    expect(calls).toHaveLength(246);
    expect(results).toHaveLength(246);
    expect(calls.filter((c) => c.name === 'memory__add_observations')).toHaveLength(10);
    // 7 "tool call error", 8 apply_patch "error: Failed to find", 5 sandbox denials, 1 exit code 2.
    expect(errors).toHaveLength(21);
    expect(s.messages[0].text).toMatch(/^<user_instructions>/);
    expect(s.messages[0].role).toBe('system');
    expect(s.messages.every((m) => m.timestamp === undefined)).toBe(true);
  });
});

describe('codex: fixtures', () => {
  it('keeps the response item and drops its event copy, in either order', async () => {
    const s = await one(
      jsonl(
        meta,
        ev({ type: 'user_message', message: 'fix the bug', kind: 'plain' }),
        userItem('fix the bug'),
        ri({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'done' }] }),
        ev({ type: 'agent_message', message: 'done' }),
      ),
    );
    expect(s.messages.map((m) => [m.role, m.text])).toEqual([
      ['user', 'fix the bug'],
      ['assistant', 'done'],
    ]);
    expect(s).toMatchObject({ externalId: 'sess-1', project: '/repo', gitBranch: 'dev', title: 'fix the bug' });
  });

  it('falls back to events when a file only has events', async () => {
    const s = await one(
      jsonl(
        meta,
        ev({ type: 'user_message', message: 'hello', images: ['data:x'] }),
        ev({ type: 'agent_message', message: 'hi there' }),
      ),
    );
    expect(s.messages.map((m) => [m.role, m.text])).toEqual([
      ['user', 'hello\n[image]'],
      ['assistant', 'hi there'],
    ]);
  });

  it('splits IDE context from the request and marks injected blocks as system', async () => {
    const s = await one(
      jsonl(
        meta,
        userItem('<environment_context>\n  <cwd>/x</cwd>\n</environment_context>'),
        userItem('# Context from my IDE setup:\n\n## Open tabs:\n- a.ts\n\n## My request for Codex:\nrename foo\n'),
        ri({ type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'be careful' }] }),
      ),
    );
    expect(s.messages.map((m) => [m.role, m.text])).toEqual([
      ['system', '<environment_context>\n  <cwd>/x</cwd>\n</environment_context>'],
      ['system', '# Context from my IDE setup:\n\n## Open tabs:\n- a.ts'],
      ['user', 'rename foo'],
      ['system', 'be careful'],
    ]);
  });

  it('attaches calls to the answer before them and reads every output shape', async () => {
    const s = await one(
      jsonl(
        meta,
        { timestamp: 't', type: 'turn_context', payload: { model: 'gpt-5', cwd: '/repo' } },
        userItem('go'),
        ri({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Looking.' }] }),
        ri({ type: 'reasoning', summary: [{ type: 'summary_text', text: 'secret' }] }),
        ri({ type: 'function_call', name: 'shell', arguments: '{"command":["ls"]}', call_id: 'c1' }),
        ri({ type: 'function_call', name: 'shell', arguments: '{"command":["false"]}', call_id: 'c2' }),
        ri({ type: 'function_call_output', call_id: 'c1', output: '{"output":"a\\nb","metadata":{"exit_code":0}}' }),
        ri({ type: 'function_call_output', call_id: 'c2', output: '{"output":"","metadata":{"exit_code":1}}' }),
        ri({ type: 'custom_tool_call', name: 'apply_patch', input: '*** Begin Patch', call_id: 'c3' }),
        ri({ type: 'custom_tool_call_output', call_id: 'c3', output: 'error: Failed to find expected lines' }),
        ri({ type: 'local_shell_call', call_id: 'c4', status: 'completed', action: { type: 'exec', command: ['pwd'] } }),
        ri({ type: 'function_call_output', call_id: 'c4', output: 'Exit code: 0\nWall time: 0 seconds\nOutput:\n/repo' }),
        ri({ type: 'function_call', name: 'docs__search', arguments: '{}', call_id: 'c5' }),
        ri({ type: 'function_call_output', call_id: 'c5', output: '[{"type":"text","text":"found it"}]' }),
      ),
    );
    expect(s.model).toBe('gpt-5');
    const [, answer, out1, patch, out2, shell, out3, mcp, out4] = s.messages;
    expect(answer).toMatchObject({ role: 'assistant', text: 'Looking.', model: 'gpt-5' });
    expect(answer.toolCalls?.map((c) => c.callId)).toEqual(['c1', 'c2']);
    expect(out1.toolResults).toEqual([
      { callId: 'c1', name: 'shell', output: 'a\nb', isError: false },
      { callId: 'c2', name: 'shell', output: '', isError: true },
    ]);
    expect(patch.toolCalls).toEqual([{ callId: 'c3', name: 'apply_patch', input: '*** Begin Patch' }]);
    expect(out2.toolResults?.[0].isError).toBe(true);
    expect(shell.toolCalls?.[0]).toMatchObject({ callId: 'c4', name: 'local_shell' });
    expect(out3.toolResults?.[0].isError).toBe(false);
    expect(mcp.toolCalls?.[0].name).toBe('docs__search');
    expect(out4.toolResults?.[0]).toMatchObject({ output: 'found it', isError: false });
    expect(s.messages.some((m) => m.text.includes('secret'))).toBe(false);
  });

  it('records interruptions and other aborted turns', async () => {
    const s = await one(
      jsonl(
        meta,
        userItem('long job'),
        ev({ type: 'turn_aborted', reason: 'interrupted' }),
        ev({ type: 'turn_aborted', reason: 'replaced' }),
        ev({ type: 'error', message: 'stream disconnected' }),
      ),
    );
    expect(s.messages.map((m) => [m.role, m.text])).toEqual([
      ['user', 'long job'],
      ['user', '[Request interrupted by user]'],
      ['system', '[turn aborted: replaced]'],
      ['system', '[error] stream disconnected'],
    ]);
  });

  it('reads a small legacy file', async () => {
    const s = await one(
      jsonl(
        { id: '11111111-2222-3333-4444-555555555555', timestamp: '2025-09-01T00:00:00Z', instructions: null, git: { branch: 'main' } },
        { record_type: 'state' },
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'hello' }] },
      ),
    );
    expect(s).toMatchObject({ externalId: '11111111-2222-3333-4444-555555555555', gitBranch: 'main', startedAt: '2025-09-01T00:00:00Z' });
    expect(s.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
  });

  it('yields nothing for a rollout with no conversation', async () => {
    expect(await parseAll(codexImporter, textInput(jsonl(meta)))).toEqual([]);
  });

  it('detects by content and refuses look-alikes', () => {
    const sniff = (head: string) => ({ name: 'x.jsonl', head });
    expect(codexImporter.detect(sniff(jsonl(meta)))).toBe(0.95);
    expect(codexImporter.detect(sniff(jsonl(userItem('x'))))).toBe(0.9);
    expect(codexImporter.detect(sniff('{"id":"11111111-2222-3333-4444-555555555555","timestamp":"t","instructions":"x'))).toBe(0.9);
    expect(codexImporter.detect(sniff(jsonl({ type: 'user', uuid: 'u', parentUuid: null, sessionId: 's', message: {} })))).toBe(0);
    expect(codexImporter.detect(sniff(jsonl({ messages: [{ role: 'user', content: 'hi' }] })))).toBe(0);
    expect(codexImporter.detect(sniff('[{"role":"user"}]'))).toBe(0);
  });
});

describe('codex: malformed input', () => {
  const fails = (text: string | Buffer) => parseAll(codexImporter, textInput(text));

  it('names the line of truncated JSON', async () => {
    const text = jsonl(meta, userItem('a')) + '{"timestamp":"t","type":"response_item","payl';
    await expect(fails(text)).rejects.toThrow(ImportError);
    await expect(fails(text)).rejects.toThrow(/^line 3: not valid JSON/);
  });

  it('names the line and field of a wrong type', async () => {
    const text = jsonl(meta, ri({ type: 'message', role: 'user', content: 'not a list' }));
    await expect(fails(text)).rejects.toThrow(/^line 2 field payload\.content: /);
    const call = jsonl(meta, ri({ type: 'function_call', name: 42, arguments: '{}' }));
    await expect(fails(call)).rejects.toThrow(/^line 2 field payload\.name: /);
    await expect(fails(jsonl(meta, ri({ role: 'user' })))).rejects.toThrow(/^line 2 field payload\.type/);
    await expect(fails(jsonl(meta, [1, 2]))).rejects.toThrow(/^line 2: expected a JSON object/);
    await expect(fails(jsonl(meta, { type: 'message', role: 'user', content: {} }))).rejects.toThrow(/^line 2 field content/);
  });

  it('names the line of invalid UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from(jsonl(meta)), Buffer.from([0x7b, 0xff, 0x7d, 0x0a])]);
    await expect(fails(bytes)).rejects.toThrow(/^line 2: invalid UTF-8/);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const run = async () => {
      for await (const _ of codexImporter.parse(textInput(jsonl(meta, userItem('a'))), controller.signal)) void _;
    };
    await expect(run()).rejects.toThrow(CancelledError);
  });
});
