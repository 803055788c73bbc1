import { describe, expect, it } from 'vitest';
import { MOMENT_KINDS } from '../../shared/types.js';
import { categories, normalise } from '../../renderer/src/screens/ClusterMap.js';

describe('the map coordinates', () => {
  it('scale into the square the map draws, however many points there are', () => {
    // Spreading 200k values into Math.min's arguments overflows the stack: the bounds must come from a loop.
    const values = Array.from({ length: 200_000 }, (_, i) => 3 + ((i * 7919) % 200_000) / 1000);
    const scaled = normalise(values);
    expect(scaled).toHaveLength(values.length);
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of scaled) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    expect(lo).toBeCloseTo(-0.9, 9);
    expect(hi).toBeCloseTo(0.9, 9);
    // Order is kept: the smallest value maps to the lowest place.
    expect(scaled[values.indexOf(3)]).toBeCloseTo(-0.9, 9);
  });

  it('keeps points that all share one place on the map (no division by zero)', () => {
    expect(normalise([5, 5, 5])).toEqual([-0.9, -0.9, -0.9]);
  });
});

describe('the map colours, from the columns mapPoints sends', () => {
  const points = { momentIds: [11, 12, 13, 14, 15], kinds: [3, 0, 1, 0, 2], clusterIds: [40, -1, 9, 40, 9], x: [0, 1, 2, 3, 4], y: [0, 1, 2, 3, 4] };

  it('by kind: one colour per moment kind, taken straight from the kinds column', () => {
    const { values, colours } = categories(points, 'kind');
    expect(values).toEqual([3, 0, 1, 0, 2]);
    expect(colours).toHaveLength(MOMENT_KINDS.length);
  });

  it('by cluster: one colour per cluster in id order, noise last and grey', () => {
    const { values, colours } = categories(points, 'cluster');
    expect(values).toEqual([1, 2, 0, 1, 0]);
    expect(colours).toHaveLength(3);
    expect(colours[2]).not.toBe(colours[0]);
    expect(new Set(colours.slice(0, 2)).has(colours[2])).toBe(false);
  });
});
