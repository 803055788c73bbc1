import { describe, expect, it } from 'vitest';
import { ari, nmi } from '../../electron/engine/cluster/metrics.js';

// Reference values computed by hand and matching scikit-learn's normalized_mutual_info_score
// (arithmetic normalisation) and adjusted_rand_score.
describe('clustering metrics', () => {
  it('scores identical partitions 1 whatever the cluster names', () => {
    expect(nmi([0, 0, 1, 1, 2], ['a', 'a', 'b', 'b', 'c'])).toBeCloseTo(1, 12);
    expect(ari([0, 0, 1, 1, 2], [5, 5, 9, 9, 7])).toBeCloseTo(1, 12);
  });

  it('scores independent partitions 0 (NMI) and below chance (ARI) where they are anti-correlated', () => {
    expect(nmi([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(0, 12);
    expect(ari([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(-0.5, 12);
  });

  it('matches known values for a partial agreement', () => {
    // MI = ln 2; H(a) = 1.5 ln 2, H(b) = ln 2 -> NMI = ln2 / (1.25 ln2) = 0.8.
    expect(nmi([0, 0, 1, 2], [0, 0, 1, 1])).toBeCloseTo(0.8, 12);
    // scikit-learn documentation example: adjusted_rand_score([0, 0, 1, 2], [0, 0, 1, 1]) = 0.5714...
    expect(ari([0, 0, 1, 2], [0, 0, 1, 1])).toBeCloseTo(4 / 7, 12);
    expect(ari([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(4 / 7, 12);
  });

  it('treats noise (-1) as one more cluster', () => {
    const truth = [0, 0, 0, 1, 1, 1];
    expect(nmi([0, 0, -1, 1, 1, -1], truth)).toBeLessThan(1);
    expect(nmi([0, 0, -1, 1, 1, -1], truth)).toBeCloseTo(nmi([0, 0, 2, 1, 1, 2], truth), 12);
  });

  it('is near 0 for a random labeling of many points', () => {
    let s = 1;
    const rand = () => (s = (s * 16807) % 2147483647) / 2147483647;
    const a = Array.from({ length: 5000 }, () => Math.floor(rand() * 10));
    const b = Array.from({ length: 5000 }, () => Math.floor(rand() * 10));
    expect(Math.abs(ari(a, b))).toBeLessThan(0.01);
    expect(nmi(a, b)).toBeLessThan(0.02);
  });

  it('rejects labelings of different lengths', () => {
    expect(() => nmi([0, 1], [0])).toThrow(/differ in length/);
  });
});
