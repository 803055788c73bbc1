import type { TokenUsage } from '../../../shared/types.js';
import { clusterLabel } from '../store/clusters.js';
import type { Db } from '../store/db.js';
import { modelPrice, usageCost } from './prices.js';

/*
 * What a pattern costs: the tokens of the model calls spent on its moments, priced by model.
 *
 * The turns a moment involves run from the agent's turn that went wrong (the last assistant
 * message at or before the moment: the failing call, or the turn a correction answers) to the
 * next tool result that succeeded after it, or the end of the session when none did. Every
 * assistant message in that stretch (sub-agents included: they are paid for too) counts once
 * per pattern, however many of its moments share the stretch. Tokens come from the usage the
 * import kept per message (Claude Code, Codex); messages without usage count as turns only.
 */

export interface ModelCost {
  /** The model the messages name (null when the log does not say). */
  model: string | null;
  tokens: TokenUsage;
  /** USD at the list price (prices.ts), or null when the model's price is not on file. */
  usd: number | null;
}

export interface PatternCost {
  clusterId: number;
  /** The pattern's name ('' for an unknown id). */
  name: string;
  /** Moments of the pattern whose sessions are stored. */
  moments: number;
  /** Assistant messages in the involved stretches, and how many of them carry token usage. */
  turns: number;
  turnsWithUsage: number;
  tokens: TokenUsage;
  /** input + output + cache reads + cache writes. */
  totalTokens: number;
  /** USD of the priced models' tokens (null when no token is priced). */
  usd: number | null;
  /** Tokens of models without a price: shown, never guessed at. */
  unpricedTokens: number;
  /** Largest cost first (unpriced last, by tokens). */
  byModel: ModelCost[];
}

const ZERO: TokenUsage = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
const add = (a: TokenUsage, b: TokenUsage): TokenUsage => ({
  input: a.input + b.input,
  output: a.output + b.output,
  cacheRead: a.cacheRead + b.cacheRead,
  cacheWrite: a.cacheWrite + b.cacheWrite,
});
export const tokenTotal = (u: TokenUsage): number => u.input + u.output + u.cacheRead + u.cacheWrite;

interface TurnRow {
  id: number;
  model: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cache_read_tokens: number | null;
  cache_write_tokens: number | null;
}

/** The cost of each of `clusterIds` (in that order; a cluster without members gets zeros). */
export function patternCosts(db: Db, clusterIds: readonly number[]): PatternCost[] {
  const places = db.prepare<[number], { sessionId: number; seq: number }>(
    `SELECT m.session_id AS sessionId, msg.seq FROM cluster_members cm
     JOIN moments m ON m.id = cm.moment_id JOIN messages msg ON msg.id = m.message_id
     WHERE cm.cluster_id = ?`,
  );
  const start = db.prepare<[number, number], { seq: number | null }>(
    `SELECT MAX(seq) AS seq FROM messages WHERE session_id = ? AND seq <= ? AND role = 'assistant'`,
  );
  const nextSuccess = db.prepare<[number, number], { seq: number | null }>(
    `SELECT MIN(rm.seq) AS seq FROM messages rm JOIN tool_results r ON r.message_id = rm.id
     WHERE rm.session_id = ? AND rm.seq > ? AND r.is_error = 0`,
  );
  const turns = db.prepare<[number, number, number], TurnRow>(
    `SELECT id, model, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens FROM messages
     WHERE session_id = ? AND seq BETWEEN ? AND ? AND role = 'assistant'`,
  );

  return clusterIds.map((clusterId) => {
    const seen = new Set<number>();
    const byModel = new Map<string | null, TokenUsage>();
    let turnsWithUsage = 0;
    const moments = places.all(clusterId);
    for (const { sessionId, seq } of moments) {
      const from = start.get(sessionId, seq)?.seq ?? seq;
      const to = nextSuccess.get(sessionId, seq)?.seq ?? Number.MAX_SAFE_INTEGER;
      for (const t of turns.all(sessionId, from, to)) {
        if (seen.has(t.id)) continue;
        seen.add(t.id);
        if (t.input_tokens === null && t.output_tokens === null) continue;
        turnsWithUsage++;
        const usage = { input: t.input_tokens ?? 0, output: t.output_tokens ?? 0, cacheRead: t.cache_read_tokens ?? 0, cacheWrite: t.cache_write_tokens ?? 0 };
        byModel.set(t.model, add(byModel.get(t.model) ?? ZERO, usage));
      }
    }
    const models: ModelCost[] = [...byModel].map(([model, tokens]) => {
      const price = modelPrice(model);
      return { model, tokens, usd: price ? usageCost(tokens, price) : null };
    });
    models.sort((a, b) => (b.usd ?? -1) - (a.usd ?? -1) || tokenTotal(b.tokens) - tokenTotal(a.tokens));
    const tokens = models.reduce((acc, m) => add(acc, m.tokens), ZERO);
    const priced = models.filter((m) => m.usd !== null);
    return {
      clusterId,
      name: clusterLabel(db, clusterId) ?? '',
      moments: moments.length,
      turns: seen.size,
      turnsWithUsage,
      tokens,
      totalTokens: tokenTotal(tokens),
      usd: priced.length ? priced.reduce((s, m) => s + m.usd!, 0) : null,
      unpricedTokens: models.filter((m) => m.usd === null).reduce((s, m) => s + tokenTotal(m.tokens), 0),
      byModel: models,
    };
  });
}
