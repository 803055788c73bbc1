import { describe, expect, it } from 'vitest';
import { clusterTrend, TREND_RECENT_WEEKS } from '../../shared/api.js';

const weeks = (counts: number[]) => counts.map((count, i) => ({ week: `2026-W${String(i + 1).padStart(2, '0')}`, count }));

describe('clusterTrend', () => {
  it('is positive when the recent weeks outnumber the earlier ones, negative when they fade, zero when steady', () => {
    expect(clusterTrend(weeks([1, 1, 1, 1, 5, 5, 5, 5]))).toBe(4);
    expect(clusterTrend(weeks([6, 6, 6, 6, 0, 0, 2, 0]))).toBe(0.5 - 6);
    expect(clusterTrend(weeks([3, 3, 3, 3, 3, 3]))).toBe(0);
  });

  it('counts a cluster younger than the window as rising by its recent mean; no weeks is no trend', () => {
    expect(clusterTrend(weeks([2, 4]))).toBe(3);
    expect(weeks([2, 4]).length).toBeLessThan(TREND_RECENT_WEEKS);
    expect(clusterTrend([])).toBe(0);
  });
});
