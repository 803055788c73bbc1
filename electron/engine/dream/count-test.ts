/*
 * The test for "did a pattern's rate per session change?", on counts.
 *
 * Moments of a pattern are treated as Poisson events whose mean is proportional to the number
 * of sessions. Given the total k = kBefore + kAfter, under "no change" kAfter is
 * Binomial(k, sAfter / (sBefore + sAfter)) (the conditional, or exact Poisson, rate test), so
 * the p-values are exact and need no large-sample approximation. Sessions that repeat one
 * pattern many times make the counts over-dispersed and these p-values optimistic; the
 * minimum-data rule and a two-sided level keep that in check.
 */

/** log Γ(x) for x > 0 (Lanczos, g = 7, n = 9): ~15 significant digits. */
export function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** P(X = i) for X ~ Binomial(n, p). */
export function binomialPmf(i: number, n: number, p: number): number {
  if (i < 0 || i > n) return 0;
  if (p <= 0) return i === 0 ? 1 : 0;
  if (p >= 1) return i === n ? 1 : 0;
  return Math.exp(logGamma(n + 1) - logGamma(i + 1) - logGamma(n - i + 1) + i * Math.log(p) + (n - i) * Math.log1p(-p));
}

/** P(X ≤ x) for X ~ Binomial(n, p), summed exactly (n is a count of moments: thousands at most). */
export function binomialCdf(x: number, n: number, p: number): number {
  if (x < 0) return 0;
  if (x >= n) return 1;
  let sum = 0;
  for (let i = 0; i <= x; i++) sum += binomialPmf(i, n, p);
  return Math.min(1, sum);
}

export interface RateComparison {
  /** Moments per session in the earlier / reference window (NaN without sessions). */
  rateBefore: number;
  rateAfter: number;
  /** rateAfter / rateBefore (Infinity when nothing happened before). */
  ratio: number;
  /** One-sided p-values: the later rate is lower / higher than the earlier one. */
  pLower: number;
  pHigher: number;
}

/** Compares two windows' moments-per-session rates with the conditional binomial test. */
export function compareRates(kBefore: number, sBefore: number, kAfter: number, sAfter: number): RateComparison {
  const k = kBefore + kAfter;
  const p = sBefore + sAfter > 0 ? sAfter / (sBefore + sAfter) : 0.5;
  const rateBefore = sBefore > 0 ? kBefore / sBefore : NaN;
  const rateAfter = sAfter > 0 ? kAfter / sAfter : NaN;
  return {
    rateBefore,
    rateAfter,
    ratio: rateBefore > 0 ? rateAfter / rateBefore : rateAfter > 0 ? Infinity : 1,
    pLower: binomialCdf(kAfter, k, p),
    pHigher: 1 - binomialCdf(kAfter - 1, k, p),
  };
}

/**
 * Each direction is tested at half the level of a two-sided 5 % test, so a pattern whose rate
 * did not change is called "fewer" (or "more") in at most 2.5 % of cases.
 */
export const ONE_SIDED_LEVEL = 0.025;
