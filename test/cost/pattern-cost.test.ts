import { describe, expect, it } from 'vitest';
import { patternCosts } from '../../electron/engine/cost/pattern-cost.js';
import { modelPrice, usageCost } from '../../electron/engine/cost/prices.js';
import { openStore } from '../../electron/engine/store/db.js';
import { formatTokens, formatUsd } from '../../shared/cost-format.js';
import { seedAgentStore } from '../helpers/agent-store.js';

/*
 * The seeded sessions are: 0 assistant (failing call), 1 tool (the error: the moment), 2 user,
 * 3 assistant (the call that worked), 4 tool (ok). The stretch a failure involves is 0..4.
 */
function store() {
  const db = openStore(':memory:');
  const seeded = seedAgentStore(db);
  const setUsage = db.prepare(
    `UPDATE messages SET model = ?, input_tokens = ?, output_tokens = ?, cache_read_tokens = ?, cache_write_tokens = ?
     WHERE session_id = ? AND seq = ?`,
  );
  return { db, seeded, setUsage };
}

describe('pattern cost', () => {
  it('sums the turns from the failing call to the next success, priced by model', () => {
    const { db, seeded, setUsage } = store();
    const [s1, s2, s3] = seeded.sessions.a;
    setUsage.run('claude-sonnet-4-5-20250929', 1000, 200, 10_000, 500, s1, 0);
    setUsage.run('claude-sonnet-4-5-20250929', 800, 100, 12_000, 0, s1, 3);
    setUsage.run('gpt-5-codex', 2000, 300, 1000, 0, s2, 0);
    setUsage.run('some-local-model', 5000, 50, 0, 0, s3, 3);
    // After the success: not part of the mistake.
    db.prepare(`INSERT INTO messages (session_id, seq, role, text, model, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens)
      VALUES (?, 5, 'assistant', 'All done', 'claude-sonnet-4-5', 99999, 99999, 0, 0)`).run(s1);

    const [cost] = patternCosts(db, [seeded.clusters.npm]);
    expect(cost!.moments).toBe(3);
    expect(cost!.turns).toBe(6); // two assistant messages in each of three sessions
    expect(cost!.turnsWithUsage).toBe(4);
    expect(cost!.tokens).toEqual({ input: 1000 + 800 + 2000 + 5000, output: 200 + 100 + 300 + 50, cacheRead: 22_000 + 1000, cacheWrite: 500 });
    const sonnet = cost!.byModel.find((m) => m.model === 'claude-sonnet-4-5-20250929')!;
    // $3 / $15 per MTok, cache reads 0.1x and writes 1.25x input.
    expect(sonnet.usd).toBeCloseTo((1800 * 3 + 300 * 15 + 22_000 * 0.3 + 500 * 3.75) / 1e6, 10);
    const codex = cost!.byModel.find((m) => m.model === 'gpt-5-codex')!;
    expect(codex.usd).toBeCloseTo((2000 * 1.25 + 300 * 10 + 1000 * 0.125) / 1e6, 10);
    const unknown = cost!.byModel.find((m) => m.model === 'some-local-model')!;
    expect(unknown.usd).toBeNull();
    expect(cost!.unpricedTokens).toBe(5050);
    expect(cost!.usd).toBeCloseTo(sonnet.usd! + codex.usd!, 10);
    expect(cost!.byModel[cost!.byModel.length - 1]!.model).toBe('some-local-model');
  });

  it('counts a stretch once when two moments of the pattern share it, and runs to the session end without a success', () => {
    const { db, seeded, setUsage } = store();
    const s = seeded.sessions.b[0]!;
    setUsage.run('claude-opus-4-5', 100, 10, 0, 0, s, 0);
    setUsage.run('claude-opus-4-5', 100, 10, 0, 0, s, 3);
    // A second failure moment (the person's words) inside the same stretch, in the same pattern.
    const userMsg = db.prepare('SELECT id FROM messages WHERE session_id = ? AND seq = 2').get(s) as { id: number };
    const m = db.prepare(`INSERT INTO moments (session_id, message_id, kind, text, text_hash, at) VALUES (?, ?, 'correction', 'x', 'hx', NULL)`).run(s, userMsg.id);
    db.prepare('INSERT INTO cluster_members (cluster_id, moment_id, score) VALUES (?, ?, 0.5)').run(seeded.clusters.cargo, m.lastInsertRowid);
    let [cost] = patternCosts(db, [seeded.clusters.cargo]);
    expect(cost!.tokens.input).toBe(200);
    // Without the success the stretch runs on to the end of the session.
    db.prepare(`UPDATE tool_results SET is_error = 1 WHERE message_id IN (SELECT id FROM messages WHERE session_id = ?)`).run(s);
    db.prepare(`INSERT INTO messages (session_id, seq, role, text, model, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens)
      VALUES (?, 9, 'assistant', 'giving up', 'claude-opus-4-5', 7, 0, 0, 0)`).run(s);
    [cost] = patternCosts(db, [seeded.clusters.cargo]);
    expect(cost!.tokens.input).toBe(207);
  });

  it('gives zeros and no price to a pattern whose logs carry no usage', () => {
    const { db, seeded } = store();
    const [cost] = patternCosts(db, [seeded.clusters.cargo]);
    expect(cost).toMatchObject({ moments: 2, turnsWithUsage: 0, totalTokens: 0, usd: null, byModel: [] });
  });

  it('prices dated snapshots by their family and knows no price for unknown models', () => {
    expect(modelPrice('claude-sonnet-4-20250514')).toEqual(modelPrice('claude-sonnet-4'));
    expect(modelPrice('gpt-5-2025-08-07')).toEqual(modelPrice('gpt-5'));
    expect(modelPrice('llama3:8b')).toBeNull();
    expect(usageCost({ input: 1e6, output: 0, cacheRead: 0, cacheWrite: 0 }, modelPrice('claude-haiku-4-5')!)).toBe(1);
    expect(formatUsd(null)).toBe('—');
    expect(formatUsd(0.004)).toBe('<$0.01');
    expect(formatUsd(1.5)).toBe('$1.50');
    expect(formatTokens(1_234_567)).toBe('1.2M');
  });
});
