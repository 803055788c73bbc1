/* How token counts and costs read, in the CLI and the app alike. */

/** "$0.42", "<$0.01", "—" (no price). */
export function formatUsd(usd: number | null): string {
  if (usd === null) return '—';
  if (usd > 0 && usd < 0.01) return '<$0.01';
  return `$${usd.toFixed(2)}`;
}

/** 1234567 → "1.2M", 12345 → "12.3k". */
export function formatTokens(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return String(n);
}
