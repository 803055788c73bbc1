import type { TokenUsage } from '../../../shared/types.js';
import { PRICES_PER_MTOK } from '../lesson/estimate.js';

/*
 * What tokens cost, per model, to estimate what a pattern costs (pattern-cost.ts). USD per
 * million tokens, list prices (no batch or priority tiers), as of November 2026:
 *  - Claude: input and output from Anthropic's price list (lesson/estimate.ts, the one table for
 *    Claude); prompt-cache reads cost 0.1× input and 5-minute cache writes 1.25× input, as
 *    Anthropic prices them. Older models still seen in logs are listed below.
 *  - OpenAI (Codex): input, cached input and output from OpenAI's price list; OpenAI has no
 *    cache-write charge.
 * A model not listed is shown with its tokens and no cost, never a guess.
 */
export const PRICES_AS_OF = '2026-11';

export interface ModelPrice {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

const claude = (input: number, output: number): ModelPrice => ({ input, output, cacheRead: input * 0.1, cacheWrite: input * 1.25 });

const OLDER_CLAUDE: Record<string, ModelPrice> = {
  'claude-opus-4-1': claude(15, 75),
  'claude-opus-4': claude(15, 75),
  'claude-sonnet-4': claude(3, 15),
  'claude-3-7-sonnet': claude(3, 15),
  'claude-3-5-haiku': claude(0.8, 4),
};

const OPENAI: Record<string, ModelPrice> = {
  'gpt-5-codex': { input: 1.25, output: 10, cacheRead: 0.125, cacheWrite: 0 },
  'gpt-5': { input: 1.25, output: 10, cacheRead: 0.125, cacheWrite: 0 },
  'gpt-5-mini': { input: 0.25, output: 2, cacheRead: 0.025, cacheWrite: 0 },
  'gpt-4.1': { input: 2, output: 8, cacheRead: 0.5, cacheWrite: 0 },
  'o4-mini': { input: 1.1, output: 4.4, cacheRead: 0.275, cacheWrite: 0 },
};

const TABLE: Record<string, ModelPrice> = {
  ...Object.fromEntries(Object.entries(PRICES_PER_MTOK).map(([m, p]) => [m, claude(p.input, p.output)])),
  ...OLDER_CLAUDE,
  ...OPENAI,
};

/** The price of a model id; dated snapshots (`claude-sonnet-4-20250514`, `-2025-08-07`) use their family's. */
export function modelPrice(model: string | null): ModelPrice | null {
  if (!model) return null;
  const id = model.toLowerCase().trim();
  return TABLE[id] ?? TABLE[id.replace(/-\d{8}$/, '')] ?? TABLE[id.replace(/-\d{4}-\d\d-\d\d$/, '')] ?? null;
}

/** USD for `usage` at `price`. */
export function usageCost(usage: TokenUsage, price: ModelPrice): number {
  return (usage.input * price.input + usage.output * price.output + usage.cacheRead * price.cacheRead + usage.cacheWrite * price.cacheWrite) / 1e6;
}
