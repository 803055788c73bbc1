import { describe, expect, it } from 'vitest';
import { normalise } from '../../renderer/src/screens/ClusterMap.js';

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
