import type { PreparedRequest } from './request.js';

/*
 * Token and cost estimate shown before anything is sent.
 *
 * Tokens: there is no offline tokenizer for current Claude models (the SDK's countTokens is an
 * API call, which would itself send the data), so input tokens are estimated as characters / 3.5,
 * rounded up: a little above the usual 4 characters per token of English, because JSON and code
 * tokenise denser. Output is bounded by max_tokens, so the cost shown is an upper bound.
 *
 * Prices: USD per million tokens, input / output, from Anthropic's published price list
 * (platform.claude.com, models and pricing pages) as of November 2026. A model not listed has
 * no estimate rather than a guess.
 */
export const PRICES_PER_MTOK: Readonly<Record<string, { input: number; output: number }>> = {
  'claude-fable-5-1': { input: 10, output: 50 },
  'claude-opus-5-5': { input: 4, output: 20 },
  'claude-opus-5': { input: 5, output: 25 },
  'claude-sonnet-5-5': { input: 2, output: 10 },
  'claude-sonnet-5': { input: 2, output: 10 },
  // Haiku 5.5 is priced in two bands; this is the band for prompts up to 100k tokens.
  'claude-haiku-5-5': { input: 0.1, output: 0.5 },
  'claude-opus-4-6': { input: 5, output: 25 },
  'claude-opus-4-5': { input: 5, output: 25 },
  'claude-sonnet-4-6': { input: 3, output: 15 },
  'claude-sonnet-4-5': { input: 3, output: 15 },
  'claude-haiku-4-5': { input: 1, output: 5 },
};

const CHARS_PER_TOKEN = 3.5;

export interface CostEstimate {
  inputTokens: number;
  /** max_tokens: the reply (thinking included) cannot be longer. */
  outputTokensMax: number;
  /** Upper bound in USD, or null when the model's price is not on file. */
  usdMax: number | null;
}

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** The price entry for a model id; dated snapshots (`claude-haiku-4-5-20251001`) use their family's. */
export function priceOf(model: string): { input: number; output: number } | null {
  return PRICES_PER_MTOK[model] ?? PRICES_PER_MTOK[model.replace(/-\d{8}$/, '')] ?? null;
}

export function estimateRequest(request: Pick<PreparedRequest, 'bytes' | 'model' | 'body'>): CostEstimate {
  const inputTokens = estimateTokens(request.bytes);
  const outputTokensMax = request.body.max_tokens;
  const price = priceOf(request.model);
  const usdMax = price ? (inputTokens * price.input + outputTokensMax * price.output) / 1e6 : null;
  return { inputTokens, outputTokensMax, usdMax };
}

/** Sums estimates; the total has no price when any part has none. */
export function sumEstimates(parts: CostEstimate[]): CostEstimate {
  return parts.reduce<CostEstimate>(
    (acc, e) => ({
      inputTokens: acc.inputTokens + e.inputTokens,
      outputTokensMax: acc.outputTokensMax + e.outputTokensMax,
      usdMax: acc.usdMax === null || e.usdMax === null ? null : acc.usdMax + e.usdMax,
    }),
    { inputTokens: 0, outputTokensMax: 0, usdMax: 0 },
  );
}
