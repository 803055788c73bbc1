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
const SAMPLE = 'bunty1981_copilot-chat.json';

async function failure(text: string | Buffer): Promise<Error> {
  const err = await parseAll(copilotChatImporter, textInput(text)).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ImportError);
  return err as Error;
}

describe.runIf(haveShared())('copilot-chat: real VS Code export', () => {
  it('detects the export and no other sample', async () => {
    const s = await sniffOf(fileInput(sample('copilot-chat', SAMPLE)));
    expect(copilotChatImporter.detect(s)).toBe(0.95);
    expect(detectFormat(s, MINE)?.id).toBe('copilot-chat');
    for (const dir of readdirSync(SAMPLES_DIR, { withFileTypes: true })) {
      if (!dir.isDirectory() || dir.name === 'copilot-chat') continue;
      for (const f of readdirSync(path.join(SAMPLES_DIR, dir.name))) {
        const other = await sniffOf(fileInput(path.join(SAMPLES_DIR, dir.name, f)));
        expect(copilotChatImporter.detect(other), `${dir.name}/${f}`).toBe(0);
      }
    }
  });

  it('reads 9 requests with their tool rounds, results and errors', async () => {
    const sessions = await parseAll(copilotChatImporter, fileInput(sample('copilot-chat', SAMPLE)));
    expect(sessions).toHaveLength(1);
    const s: ParsedSession = sessions[0];
    expect(s).toMatchObject({
      format: 'copilot-chat',
      externalId: '87f36f1d-bde7-48d3-abac-5b5a3e687307',
      project: '/Users/BHAGARO1/code/AI-copilot-vibe-app',
      model: 'Grok Code Fast 1',
      startedAt: '2026-03-17T04:04:27.846Z',
      endedAt: '2026-03-17T04:33:12.388Z',
    });
    const users = s.messages.filter((m) => m.role === 'user');
    expect(users).toHaveLength(9);
    expect(users[2]).toEqual({ role: 'user', text: 'Create content to implement setp 1 of the build-plan', timestamp: '2026-03-17T04:19:24.121Z' });
    expect(users[4].text).toBe('stop');
    // Counted with jq: 39 tool calls across the toolCallRounds, each with a toolCallResults entry.
    const calls = s.messages.flatMap((m) => m.toolCalls ?? []);
    const results = s.messages.flatMap((m) => m.toolResults ?? []);
    expect(calls).toHaveLength(39);
    expect(results.map((r) => r.callId)).toEqual(calls.map((c) => c.callId));
    expect(calls[0]).toMatchObject({ callId: 'call_82160149__vscode-1773719751791', name: 'create_file' });
    expect(JSON.parse(calls[0].input)).toMatchObject({ filePath: 'User-journey.md' });
    expect(new Set(calls.map((c) => c.name))).toEqual(
      new Set(['create_file', 'create_new_workspace', 'run_in_terminal', 'list_dir', 'read_file', 'replace_string_in_file', 'create_directory']),
    );
    // 3 "ERROR while calling tool" results and one call the person cancelled.
    const errors = results.filter((r) => r.isError);
    expect(errors.map((r) => r.output.slice(0, 30))).toEqual([
      'ERROR while calling tool: Inva',
      'The user cancelled the tool ca',
      'ERROR while calling tool: Erro',
      'ERROR while calling tool: cann',
    ]);
    // prompt-tsx trees keep their line breaks.
    expect(results.find((r) => r.name === 'list_dir')?.output).toBe('.DS_Store\n.git/\nREADME.md\ndocs/\npackage.json\npublic/\nsrc/\ntsconfig.json');
    // The cancelled request ends with a system message; no other system messages.
    const system = s.messages.filter((m) => m.role === 'system');
    expect(system).toEqual([{ role: 'system', text: 'Copilot error (canceled): Canceled', timestamp: '2026-03-17T04:26:52.029Z' }]);
    const replies = s.messages.filter((m) => m.role === 'assistant' && m.text !== '');
    expect(replies).toHaveLength(7);
    expect(replies[0].text).toMatch(/^I've successfully created the three requested documents.*\n\n1\. \*\*\[User-journey\.md\]\(User-journey\.md\)\*\*/);
    expect(replies[0].model).toBe('Grok Code Fast 1');
    expect(replies[2].model).toBe('Raptor mini (Preview)');
    // Hidden reasoning ("thinking" parts and round.thinking) is left out.
    expect(s.messages.some((m) => m.text.includes('Creating development content'))).toBe(false);
    expect(s.messages.every((m) => m.timestamp === undefined || /^2026-03-17T04:\d\d:\d\d\.\d{3}Z$/.test(m.timestamp))).toBe(true);
  });
});

const part = (value: string) => ({ value, baseUri: { path: '/work/app/' } });
const exportOf = (requests: unknown[], extra: object = {}) =>
  JSON.stringify({ requesterUsername: 'me', responderUsername: 'GitHub Copilot', ...extra, requests });

describe('copilot-chat: response parts without the model-level record', () => {
  it('builds text, tool calls and terminal results from the rendered parts', async () => {
    const text = exportOf(
      [
        {
          requestId: 'request_1',
          message: { text: 'run the tests', parts: [] },
          timestamp: 1700000000000,
          modelId: 'gpt-4.1',
          response: [
            { kind: 'thinking', value: 'private plan' },
            part('I will run '),
            { kind: 'inlineReference', inlineReference: { path: '/work/app/test.sh' } },
            part(' now.'),
            {
              kind: 'toolInvocationSerialized',
              toolCallId: 't1',
              toolId: 'run_in_terminal',
              invocationMessage: 'Running',
              toolSpecificData: {
                kind: 'terminal',
                commandLine: { original: 'npm test' },
                terminalCommandState: { exitCode: 1 },
                terminalCommandOutput: { text: '1 failing' },
              },
            },
            { kind: 'toolInvocationSerialized', toolCallId: 't2', toolId: 'copilot_readFile', invocationMessage: { value: 'Reading a.ts' } },
            part('The tests fail.'),
          ],
          result: { errorDetails: { code: 'failed', message: 'Rate limited' } },
        },
      ],
      { sessionId: 'sess-9', customTitle: 'Testing' },
    );
    const [s] = await parseAll(copilotChatImporter, textInput(text));
    expect(s).toMatchObject({ externalId: 'sess-9', title: 'Testing', project: '/work/app', model: 'gpt-4.1', startedAt: '2023-11-14T22:13:20.000Z' });
    expect(s.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant', 'system']);
    expect(s.messages[1].text).toBe('I will run test.sh now.');
    expect(s.messages[1].toolCalls).toEqual([
      { callId: 't1', name: 'run_in_terminal', input: '{"command":"npm test"}' },
      { callId: 't2', name: 'copilot_readFile', input: '{"message":"Reading a.ts"}' },
    ]);
    expect(s.messages[2].toolResults).toEqual([{ callId: 't1', name: 'run_in_terminal', output: '1 failing', isError: true }]);
    expect(s.messages[3].text).toBe('The tests fail.');
    expect(s.messages[4].text).toBe('Copilot error (failed): Rate limited');
    expect(s.messages.some((m) => m.text.includes('private plan'))).toBe(false);
  });

  it('uses the rendered reply when the rounds carry no text', async () => {
    const text = exportOf([
      {
        message: { text: 'hi' },
        response: [part('Hello there.')],
        result: { metadata: { toolCallRounds: [{ response: '', toolCalls: [] }] } },
      },
    ]);
    const [s] = await parseAll(copilotChatImporter, textInput(text));
    expect(s.externalId).toBeUndefined();
    expect(s.messages.map((m) => [m.role, m.text])).toEqual([
      ['user', 'hi'],
      ['assistant', 'Hello there.'],
    ]);
  });
});

describe('copilot-chat: detection and malformed input', () => {
  it('scores exports by their keys', () => {
    expect(copilotChatImporter.detect({ name: 'x', head: exportOf([]) })).toBe(0.95);
    expect(copilotChatImporter.detect({ name: 'x', head: '{"requests": [{"requestId": "r1", "response": [' })).toBe(0.8);
    expect(copilotChatImporter.detect({ name: 'x', head: '{"requests": [{"id": 1}]}' })).toBe(0);
    expect(copilotChatImporter.detect({ name: 'x', head: '[{"requests": []}]' })).toBe(0);
  });

  it('names the JSON path of wrong fields', async () => {
    expect((await failure('{"requests": {}}')).message).toMatch(/^\$ field requests: /);
    expect((await failure(exportOf([{ message: { text: 'ok' } }, { message: { text: 42 } }]))).message).toMatch(
      /^\$ field requests\[1\]\.message\.text: /,
    );
    expect((await failure(exportOf([{ message: { text: 'a' }, timestamp: 'yesterday' }]))).message).toMatch(
      /^\$ field requests\[0\]\.timestamp: /,
    );
  });

  it('reports truncated JSON and invalid UTF-8 by line', async () => {
    expect((await failure('{\n  "requests": [\n    {"message": {"text": "hi"}')).message).toMatch(/^not valid JSON at .*(line|end of file)/);
    const bad = Buffer.concat([Buffer.from('{\n"requests": [\n{"message": {"text": "'), Buffer.from([0xff]), Buffer.from('"}}]}')]);
    expect((await failure(bad)).message).toBe('line 3: invalid UTF-8');
  });
});
