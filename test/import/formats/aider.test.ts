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

/** Lines as Aider writes them: `#### ` input and `> ` tool lines end with two spaces. */
const u = (s: string) => `#### ${s}  `;
const t = (s: string) => `> ${s}  `;
const header = (time: string) => ['', `# aider chat started at 2025-01-02 ${time}`, ''];

async function parseText(lines: string[], name = 'fixture'): Promise<ParsedSession[]> {
  return parseAll(aiderImporter, textInput(lines.join('\n') + '\n', name));
}

describe.runIf(haveShared())('aider: real chat histories', () => {
  it('detects the chat histories, not the input history, and no other sample', async () => {
    for (const f of ['metadata-aider_.aider.chat.history.md', 'mozgoslav_.aider.chat.history.md']) {
      const s = await sniffOf(fileInput(sample('aider', f)));
      expect(aiderImporter.detect(s)).toBe(0.95);
      expect(detectFormat(s, MINE)?.id).toBe('aider');
    }
    // `.aider.input.history` holds `# <timestamp>` / `+input` lines: not a chat.
    const input = await sniffOf(fileInput(sample('aider', 'metadata-aider_.aider.input.history')));
    expect(aiderImporter.detect(input)).toBe(0);
    expect(detectFormat(input, MINE)).toBeNull();
    for (const dir of readdirSync(SAMPLES_DIR, { withFileTypes: true })) {
      if (!dir.isDirectory() || dir.name === 'aider') continue;
      for (const f of readdirSync(path.join(SAMPLES_DIR, dir.name))) {
        const s = await sniffOf(fileInput(path.join(SAMPLES_DIR, dir.name, f)));
        expect(aiderImporter.detect(s), `${dir.name}/${f}`).toBe(0);
      }
    }
  });

  it('reads the gpt-4o-mini session: inputs, replies, tool runs and the one error', async () => {
    const sessions = await parseAll(aiderImporter, fileInput(sample('aider', 'metadata-aider_.aider.chat.history.md')));
    expect(sessions).toHaveLength(1);
    const [s] = sessions;
    expect(s).toMatchObject({
      format: 'aider',
      startedAt: '2025-12-03T14:43:45',
      model: 'openrouter/openai/gpt-4o-mini',
    });
    expect(s.externalId).toMatch(/^2025-12-03T14:43:45-[0-9a-f]{8}$/);
    // The renamed sample is not `.aider.chat.history.md`, so no project is guessed.
    expect(s.project).toBeUndefined();
    // Counted independently: 12 runs of `#### ` lines, 14 runs of `> ` lines (the first is the banner).
    const count = (role: string) => s.messages.filter((m) => m.role === role).length;
    expect([count('system'), count('user'), count('assistant'), count('tool')]).toEqual([1, 12, 12, 13]);
    expect(s.messages[0].role).toBe('system');
    expect(s.messages[0].text).toContain('Aider v0.86.1');
    expect(s.messages[1]).toEqual({
      role: 'user',
      text: 'Please create an .aidar.json file in the root directory of the project to track the entire project directory',
    });
    // A 16-line input is one message, without the `#### ` prefixes.
    const multi = s.messages[4];
    expect(multi.role).toBe('user');
    expect(multi.text.split('\n')).toHaveLength(16);
    expect(multi.text).toContain('\n-a src/ folder which has:\n\t-dataset.py\n');
    expect(multi.text.endsWith('Don’t write any code yet')).toBe(true);
    expect(s.messages.some((m) => m.role === 'user' && m.text.includes('####'))).toBe(false);
    expect(s.messages[2].role).toBe('assistant');
    expect(s.messages[2].text).toContain('<<<<<<< SEARCH');
    expect(s.messages[2].text).toContain('>>>>>>> REPLACE');
    expect(s.messages[3].toolResults?.[0].output).toMatch(/^Tokens: 2\.4k sent.*\n\.aidar\.json\nCreate new file\? .*\nApplied edit to \.aidar\.json\nCommit 1b2614a/);
    const results = s.messages.flatMap((m) => m.toolResults ?? []);
    const errors = results.filter((r) => r.isError);
    expect(errors).toHaveLength(1);
    expect(errors[0].output).toMatch(/^\/Users\/abdulalkawasmeh\/metadata-aider\/frontend\/display\.ts: file not found error/);
    // "Commit dbb3868 feat: enhance UI with error handling" is a commit message, not a failure.
    const commit = results.find((r) => r.output.includes('enhance UI with error handling'));
    expect(commit?.isError).toBe(false);
  });

  it('splits the mozgoslav history into 3 sessions and drops the reasoning blocks', async () => {
    const sessions = await parseAll(aiderImporter, fileInput(sample('aider', 'mozgoslav_.aider.chat.history.md')));
    expect(sessions.map((s) => s.startedAt)).toEqual(['2026-04-22T22:40:12', '2026-04-22T22:40:47', '2026-04-22T23:13:03']);
    expect(new Set(sessions.map((s) => s.externalId)).size).toBe(3);
    expect(sessions.every((s) => s.model === 'lm_studio/qwen3.6-35b-a3b-uncensored-hauhaucs-aggressive')).toBe(true);
    const all = sessions.flatMap((s) => s.messages);
    // 21 runs of `#### ` lines; 31 runs of `> ` lines, 3 of them banners.
    expect(all.filter((m) => m.role === 'user')).toHaveLength(21);
    expect(all.filter((m) => m.role === 'system')).toHaveLength(3);
    expect(all.filter((m) => m.role === 'tool')).toHaveLength(28);
    // Session 1: "hi" then the litellm authentication failure.
    expect(sessions[0].messages.map((m) => m.role)).toEqual(['system', 'user', 'tool']);
    expect(sessions[0].messages[2].toolResults?.[0]).toMatchObject({
      isError: true,
      output: expect.stringMatching(/^litellm\.AuthenticationError: AuthenticationError: Lm_studioException/),
    });
    expect(all.flatMap((m) => m.toolResults ?? []).filter((r) => r.isError)).toHaveLength(1);
    expect(sessions[1].messages[2]).toMatchObject({ role: 'assistant', text: expect.stringMatching(/^Привет! Готов к работе\./) });
    for (const m of all) {
      expect(m.text).not.toContain('thinking-content-');
      expect(m.text).not.toContain("Here's a thinking process");
    }
  });
});

describe('aider: edge cases', () => {
  it("keeps the model's `#### ` headings and `> ` quotes in its reply when the file has Aider's line breaks", async () => {
    const [s] = await parseText([
      ...header('10:00:00'),
      t('Aider v0.80.0'),
      t('Main model: claude-3-5-sonnet-20241022 with diff edit format, infinite output'),
      '',
      u('explain the plan'),
      '',
      'Here is the plan.',
      '',
      '#### Step 1',
      '> note: this is a quote',
      '',
      '```md',
      '#### inside code  ',
      '```',
      '',
      t('Tokens: 1k sent, 200 received.'),
    ]);
    expect(s.model).toBe('claude-3-5-sonnet-20241022');
    expect(s.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool']);
    expect(s.messages[2].text).toBe('Here is the plan.\n\n#### Step 1\n> note: this is a quote\n\n```md\n#### inside code  \n```');
    expect(s.messages[2].model).toBe('claude-3-5-sonnet-20241022');
  });

  it('ends a reply cut off inside a code fence at the next input', async () => {
    const [s] = await parseText([...header('10:00:00'), u('write it'), '', 'a.py', '```python', 'def f():', '', u('stop'), t('^C again to exit')]);
    expect(s.messages.map((m) => [m.role, m.text])).toEqual([
      ['user', 'write it'],
      ['assistant', 'a.py\n```python\ndef f():'],
      ['user', 'stop'],
      ['tool', ''],
    ]);
  });

  it('falls back to the prefixes when trailing spaces were stripped, but not inside code fences', async () => {
    const [s] = await parseText([
      '# aider chat started at 2025-01-02 10:00:00',
      '> Aider v0.50.0',
      '',
      '#### first line',
      '#### second line',
      '',
      '```',
      '> not a tool line',
      '#### not input',
      '```',
      '',
      '> Applied edit to a.py',
    ]);
    expect(s.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool']);
    expect(s.messages[1].text).toBe('first line\nsecond line');
    expect(s.messages[2].text).toBe('```\n> not a tool line\n#### not input\n```');
  });

  it('flags failures by the documented rule and nothing else', async () => {
    const sessions = await parseText([
      ...header('10:00:00'),
      u('go'),
      t('Traceback (most recent call last):'),
      t('  File "x.py", line 1'),
      '',
      u('again'),
      t('Applied edit to src/error_utils.py'),
      t('Commit abc1234 fix: better error messages'),
      t('Found 0 errors'),
      '',
      u('run tests'),
      t('Tests failed: 2'),
      '',
      u('lint'),
      t('ValueError: bad input'),
    ]);
    const flags = sessions[0].messages.flatMap((m) => m.toolResults ?? []).map((r) => r.isError);
    expect(flags).toEqual([true, false, true, true]);
  });

  it('skips started-and-quit sessions, keeps ids distinct and stable when Aider appends', async () => {
    const lines = [
      ...header('09:00:00'),
      t('Aider v0.80.0'),
      ...header('10:00:00'),
      t('Aider v0.80.0'),
      '',
      u('hello'),
      '',
      'Hi!',
      ...header('10:00:00'),
      t('Aider v0.80.0'),
      '',
      u('hello again'),
    ];
    const before = await parseText(lines);
    expect(before.map((s) => s.startedAt)).toEqual(['2025-01-02T10:00:00', '2025-01-02T10:00:00']);
    expect(before[0].externalId).not.toBe(before[1].externalId);
    expect(before[1].externalId).toBe(`${before[0].externalId}-2`);
    const after = await parseText([...lines, '', 'Hello again!', '', t('Tokens: 1k sent')]);
    expect(after.map((s) => s.externalId)).toEqual(before.map((s) => s.externalId));
    expect(after[1].messages.at(-1)?.role).toBe('tool');
  });

  it('takes the project from a file named .aider.chat.history.md, and text before any header', async () => {
    const named = await parseText([...header('10:00:00'), u('hi'), '', 'Hello'], '/home/me/repo/.aider.chat.history.md');
    expect(named[0].project).toBe('/home/me/repo');
    const cut = await parseText(['', 'end of a reply whose start was cut off', '', u('next'), ...header('11:00:00'), u('hi')]);
    expect(cut).toHaveLength(2);
    expect(cut[0]).toMatchObject({ externalId: undefined, startedAt: undefined });
    expect(cut[0].messages.map((m) => m.role)).toEqual(['assistant', 'user']);
  });

  it('drops reasoning even when a reply was cut off inside it', async () => {
    const [s] = await parseText([
      ...header('10:00:00'),
      u('hi'),
      '',
      '<thinking-content-7bbeb8e1441453ad999a0bbba8a46d4b>',
      'secret reasoning',
      '</thinking-content-7bbeb8e1441453ad999a0bbba8a46d4b>',
      '',
      'Visible answer.',
      '',
      u('more'),
      '',
      '<thinking-content-7bbeb8e1441453ad999a0bbba8a46d4b>',
      'reasoning that never closed',
      '',
      t('^C KeyboardInterrupt'),
    ]);
    expect(s.messages.map((m) => [m.role, m.text])).toEqual([
      ['user', 'hi'],
      ['assistant', 'Visible answer.'],
      ['user', 'more'],
      ['tool', ''],
    ]);
    expect(s.messages[3].toolResults?.[0]).toEqual({ output: '^C KeyboardInterrupt', isError: false });
  });

  it('scores by content and rejects invalid UTF-8 with its line number', async () => {
    expect(aiderImporter.detect({ name: 'x', head: '\n# aider chat started at 2025-01-02 10:00:00\n' })).toBe(0.95);
    expect(aiderImporter.detect({ name: 'x', head: 'notes\n\n# aider chat started at 2025-01-02 10:00:00\n' })).toBe(0.7);
    expect(aiderImporter.detect({ name: '.aider.chat.history.md', head: '# 2025-12-03 14:44:06.503685\n+y\n' })).toBe(0);
    const bad = Buffer.concat([Buffer.from('# aider chat started at 2025-01-02 10:00:00\n\n#### hi  \n'), Buffer.from([0xff, 0x0a])]);
    const err = await parseAll(aiderImporter, textInput(bad)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as Error).message).toBe('line 4: invalid UTF-8');
  });
});
