import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { claudeCodeImporter } from '../../electron/engine/import/formats/claude-code.js';
import { codexImporter } from '../../electron/engine/import/formats/codex.js';
import { openStore } from '../../electron/engine/store/db.js';
import { SessionWriter } from '../../electron/engine/store/session-writer.js';
import { fileInput, parseAll, textInput } from '../helpers/parse.js';
import { haveShared, sample } from '../helpers/samples.js';

/* Token usage per message, as Claude Code and Codex log it, survives import into the store. */

const sumOf = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe.runIf(haveShared())('token usage from real transcripts', () => {
  it('Claude Code: one usage per API response (message.id), the largest of its repeated lines', async () => {
    const file = sample('claude-code', 'agentcmd_full-session-four.jsonl');
    const [s] = await parseAll(claudeCodeImporter, fileInput(file));
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    // Expected: per message.id the largest output_tokens among its lines, summed.
    const byId = new Map<string, number>();
    for (const l of lines) {
      const u = l.message?.usage;
      if (l.type !== 'assistant' || !u || !l.message.id) continue;
      byId.set(l.message.id, Math.max(byId.get(l.message.id) ?? 0, u.output_tokens));
    }
    expect(byId.size).toBeGreaterThan(2);
    const withUsage = s!.messages.filter((m) => m.usage);
    expect(withUsage.every((m) => m.role === 'assistant')).toBe(true);
    expect(sumOf(withUsage.map((m) => m.usage!.output))).toBe(sumOf([...byId.values()]));
    expect(sumOf(withUsage.map((m) => m.usage!.cacheRead))).toBeGreaterThan(0);
  });

  it('Codex: token_count last_token_usage, cached input moved out of input', async () => {
    const file = sample('codex', 'rollout-2025-09-24T20-12-23-01997ea4.jsonl');
    const [s] = await parseAll(codexImporter, fileInput(file));
    const events = readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
      .filter((l) => l.payload?.type === 'token_count' && l.payload.info?.last_token_usage)
      .map((l) => l.payload.info.last_token_usage);
    const usages = s!.messages.filter((m) => m.usage).map((m) => m.usage!);
    expect(usages.length).toBeGreaterThan(0);
    expect(sumOf(usages.map((u) => u.output))).toBe(sumOf(events.map((e) => e.output_tokens)));
    expect(sumOf(usages.map((u) => u.cacheRead))).toBe(sumOf(events.map((e) => e.cached_input_tokens)));
    expect(sumOf(usages.map((u) => u.input + u.cacheRead))).toBe(sumOf(events.map((e) => e.input_tokens)));
  });
});

describe('token usage in the store', () => {
  const line = (o: object) => JSON.stringify(o);
  const transcript = (withUsage: boolean) =>
    [
      line({ type: 'user', uuid: 'u1', parentUuid: null, sessionId: 'S', timestamp: '2026-01-01T00:00:00Z', cwd: '/p', message: { role: 'user', content: 'hi' } }),
      line({
        type: 'assistant', uuid: 'a1', parentUuid: 'u1', sessionId: 'S', timestamp: '2026-01-01T00:00:01Z',
        message: { id: 'm1', role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'text', text: 'hello' }],
          ...(withUsage ? { usage: { input_tokens: 10, output_tokens: 20, cache_read_input_tokens: 300, cache_creation_input_tokens: 40 } } : {}) },
      }),
    ].join('\n');

  it('is written per message, and a forced re-import of the same session fills it in where it was missing', async () => {
    const db = openStore(':memory:');
    const writer = new SessionWriter(db);
    const [bare] = await parseAll(claudeCodeImporter, textInput(transcript(false)));
    writer.write(bare!, null);
    const read = () => db.prepare('SELECT input_tokens, output_tokens, cache_read_tokens, cache_write_tokens FROM messages WHERE role = ?').get('assistant');
    expect(read()).toEqual({ input_tokens: null, output_tokens: null, cache_read_tokens: null, cache_write_tokens: null });
    const [full] = await parseAll(claudeCodeImporter, textInput(transcript(true)));
    expect(writer.write(full!, null)).toMatchObject({ action: 'skipped', reason: 'same' });
    expect(read()).toEqual({ input_tokens: 10, output_tokens: 20, cache_read_tokens: 300, cache_write_tokens: 40 });
  });

  it('Codex: usage before the first assistant message goes to it; two calls before one message add up', async () => {
    const meta = line({ timestamp: '2026-01-01T00:00:00Z', type: 'session_meta', payload: { id: 'x', cwd: '/p' } });
    const tc = (i: number, c: number, o: number) =>
      line({ timestamp: '2026-01-01T00:00:02Z', type: 'event_msg', payload: { type: 'token_count', info: { last_token_usage: { input_tokens: i, cached_input_tokens: c, output_tokens: o } } } });
    const msg = (role: string, text: string) =>
      line({ timestamp: '2026-01-01T00:00:01Z', type: 'response_item', payload: { type: 'message', role, content: [{ type: role === 'user' ? 'input_text' : 'output_text', text }] } });
    const text = [meta, msg('user', 'do it'), tc(100, 60, 5), msg('assistant', 'done'), tc(50, 0, 7), tc(10, 10, 1)].join('\n');
    const [s] = await parseAll(codexImporter, textInput(text));
    const a = s!.messages.find((m) => m.role === 'assistant')!;
    expect(a.usage).toEqual({ input: 40 + 50, output: 5 + 7 + 1, cacheRead: 60 + 10, cacheWrite: 0 });
  });
});
