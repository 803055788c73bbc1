import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { claudeCodeImporter } from '../../electron/engine/import/formats/claude-code.js';
import { ccLine } from '../helpers/fixtures.js';
import { fileInput, parseAll, sniffOf, textInput } from '../helpers/parse.js';
import { haveShared, sample } from '../helpers/samples.js';

const parse = async (lines: string[]) => parseAll(claudeCodeImporter, textInput(lines.join('\n')));

describe.runIf(haveShared())('Claude Code importer on real transcripts', () => {
  const dir = sample('claude-code');
  const files = haveShared() ? readdirSync(dir) : [];

  it.each(files)('detects and parses %s', async (name) => {
    const input = fileInput(`${dir}/${name}`);
    expect(claudeCodeImporter.detect(await sniffOf(input))).toBeGreaterThan(0.5);
    const sessions = await parseAll(claudeCodeImporter, input);
    expect(sessions).toHaveLength(1);
    const [s] = sessions;
    // The session id is the one most lines carry, as the file name also says.
    const lines = readFileSync(`${dir}/${name}`, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    const ids = lines.map((l) => l.sessionId).filter(Boolean);
    expect(ids).toContain(s.externalId);
    expect(s.project).toMatch(/^\//);
    expect(s.messages.length).toBeGreaterThan(3);
    // Every tool result the file marks as an error is kept as one.
    const flagged = lines.flatMap((l) =>
      Array.isArray(l.message?.content) ? l.message.content.filter((b: { is_error?: boolean }) => b.is_error === true) : [],
    ).length;
    const errors = s.messages.flatMap((m) => m.toolResults ?? []).filter((r) => r.isError).length;
    expect(errors).toBeGreaterThanOrEqual(flagged);
    // Every tool_use block becomes a tool call with a name.
    const uses = lines.flatMap((l) =>
      Array.isArray(l.message?.content) ? l.message.content.filter((b: { type: string }) => b.type === 'tool_use') : [],
    ).length;
    expect(s.messages.flatMap((m) => m.toolCalls ?? [])).toHaveLength(uses);
    for (const m of s.messages) expect(m.timestamp).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('merges the lines of one API response and keeps sub-agent traffic flagged', async () => {
    const [s] = await parseAll(claudeCodeImporter, fileInput(sample('claude-code', 'ccviewer_5c0375b4.jsonl')));
    const raw = readFileSync(sample('claude-code', 'ccviewer_5c0375b4.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    const responseIds = new Set(raw.filter((l) => l.type === 'assistant').map((l) => l.message.id));
    expect(s.messages.filter((m) => m.role === 'assistant')).toHaveLength(responseIds.size);
    expect(s.messages.some((m) => m.sidechain && m.role === 'user')).toBe(true);
    // The slash command is what the person typed; the isMeta expansion is not theirs.
    expect(s.messages.find((m) => m.role === 'user')?.text).toMatch(/^\/orchestrator /);
    expect(s.messages.some((m) => m.role === 'system' && /Split complex tasks/.test(m.text))).toBe(true);
  });

  it('takes the title from a summary whose leaf is in the file, else the first prompt', async () => {
    const [five] = await parseAll(claudeCodeImporter, fileInput(sample('claude-code', 'agentcmd_full-session-five.jsonl')));
    expect(five.title).toBe('search the web for the claude code response types');
    const [four] = await parseAll(claudeCodeImporter, fileInput(sample('claude-code', 'agentcmd_full-session-four.jsonl')));
    expect(four.title).toBe('Can you add the first two initials of actual user who is logged into the NavUser');
  });
});

describe('Claude Code importer on fixtures', () => {
  it('pairs tool results with their call names and flags errors', async () => {
    const [s] = await parse([
      ccLine('user', 'u1', null, 'run the tests'),
      ccLine('assistant', 'a1', 'u1', [{ type: 'tool_use', id: 't1', name: 'Bash', input: { command: 'npm test' } }]),
      ccLine('user', 'u2', 'a1', [{ type: 'tool_result', tool_use_id: 't1', content: 'FAIL x.test.ts', is_error: true }]),
      ccLine('user', 'u3', 'u2', [{ type: 'tool_result', tool_use_id: 't1', content: 'boom' }], { toolUseResult: 'Error: boom' }),
    ]);
    expect(s.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'tool']);
    expect(s.messages[1].toolCalls).toEqual([{ callId: 't1', name: 'Bash', input: '{"command":"npm test"}' }]);
    expect(s.messages[2].toolResults).toEqual([{ callId: 't1', name: 'Bash', output: 'FAIL x.test.ts', isError: true }]);
    expect(s.messages[3].toolResults?.[0].isError).toBe(true);
    expect(s.externalId).toBe('sess-1');
    expect(s.gitBranch).toBe('main');
    expect(s.model).toBe('claude-sonnet-4-5');
  });

  it('marks an abandoned fork as off the main thread', async () => {
    const [s] = await parse([
      ccLine('user', 'u1', null, 'first question'),
      ccLine('assistant', 'a1', 'u1', [{ type: 'text', text: 'answer one' }]),
      ccLine('user', 'u2', 'a1', 'a follow-up I later edited away'),
      ccLine('user', 'u3', 'a1', 'the edited follow-up'),
      ccLine('assistant', 'a3', 'u3', [{ type: 'text', text: 'answer two' }]),
    ]);
    const byText = new Map(s.messages.map((m) => [m.text, m]));
    expect(byText.get('a follow-up I later edited away')?.onMainThread).toBe(false);
    expect(byText.get('the edited follow-up')?.onMainThread).toBe(true);
    expect(byText.get('answer two')?.parentExternalId).toBe('u3');
  });

  it('keeps injected caveats and command output out of the user role', async () => {
    const [s] = await parse([
      ccLine('user', 'u1', null, 'Caveat: The messages below were generated by the user while running local commands.', { isMeta: true }),
      ccLine('user', 'u2', 'u1', '<local-command-stdout>ok</local-command-stdout>'),
      ccLine('user', 'u3', 'u2', 'fix the bug'),
    ]);
    expect(s.messages.map((m) => m.role)).toEqual(['system', 'system', 'user']);
  });

  it('clips huge tool outputs but keeps their head and tail', async () => {
    const big = `HEAD${'x'.repeat(200_000)}TAIL`;
    const [s] = await parse([
      ccLine('user', 'u1', null, [{ type: 'tool_result', tool_use_id: 't', content: big }]),
    ]);
    const out = s.messages[0].toolResults![0].output;
    expect(out.length).toBeLessThan(40_000);
    expect(out.startsWith('HEAD')).toBe(true);
    expect(out.endsWith('TAIL')).toBe(true);
    expect(out).toMatch(/elided/);
  });

  it('names the line of malformed input', async () => {
    await expect(parse([ccLine('user', 'u1', null, 'hi'), '{"type":"user","message":'])).rejects.toThrow(/^line 2: not valid JSON/);
    await expect(parse([ccLine('user', 'u1', null, 'hi'), JSON.stringify({ type: 'user', message: { content: 5 } })])).rejects.toThrow(
      /line 2 field message\.content/,
    );
    const bad = Buffer.concat([Buffer.from(`${ccLine('user', 'u1', null, 'hi')}\n`), Buffer.from([0x7b, 0xff, 0x7d, 0x0a])]);
    await expect(parseAll(claudeCodeImporter, textInput(bad))).rejects.toThrow(/^line 2: invalid UTF-8/);
  });

  it('detects from content, not from the file name', async () => {
    const line = ccLine('user', 'u1', null, 'hi');
    expect(claudeCodeImporter.detect({ name: 'notes.txt', head: line })).toBeGreaterThan(0.5);
    expect(claudeCodeImporter.detect({ name: 'x.jsonl', head: '{"messages":[{"role":"user","content":"hi"}]}' })).toBe(0);
  });
});
