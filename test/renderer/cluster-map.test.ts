import { describe, expect, it } from 'vitest';
import { MOMENT_KINDS } from '../../shared/types.js';
import { bulkBox, categories, fullBox, normalise, patternAnchors, placeLabels, shortLabel, type LabelCandidate } from '../../renderer/src/screens/map-geometry.js';

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

  it('by pattern: one colour per pattern, the largest first (ties by id), noise last and grey', () => {
    const { values, colours, patternColours } = categories({ ...points, clusterIds: [40, -1, 9, 40, 40] }, 'cluster');
    // Pattern 40 (3 points) before pattern 9 (1 point).
    expect(values).toEqual([0, 2, 1, 0, 0]);
    expect(colours).toHaveLength(3);
    expect(new Set(colours).size).toBe(3);
    expect([...patternColours]).toEqual([
      [40, colours[0]],
      [9, colours[1]],
    ]);
    expect(categories(points, 'cluster').values).toEqual([1, 2, 0, 1, 0]);
  });
});

/** n points of a blob around (cx, cy), spread on a small grid. */
const blob = (n: number, cx: number, cy: number, r: number) =>
  Array.from({ length: n }, (_, i) => [cx + r * (((i * 37) % 101) / 50 - 1), cy + r * (((i * 61) % 103) / 51 - 1)] as const);

describe('the fitted view', () => {
  it('holds the bulk of the points, not the outliers around them', () => {
    const pts = [...blob(970, 0, 0, 0.1), ...blob(30, 0, 0, 0).map((_, i) => [0.9 * Math.cos(i), 0.9 * Math.sin(i)] as const)];
    const xs = pts.map((p) => p[0]);
    const ys = pts.map((p) => p[1]);
    const bulk = bulkBox(xs, ys);
    // The bulk spans about 0.2 (plus padding); the outliers reach 0.9 from the centre.
    expect(bulk.width).toBeGreaterThan(0.18);
    expect(bulk.width).toBeLessThan(0.3);
    expect(bulk.height).toBeLessThan(0.3);
    const inside = pts.filter(([x, y]) => x >= bulk.x && x <= bulk.x + bulk.width && y >= bulk.y && y <= bulk.y + bulk.height).length;
    expect(inside / pts.length).toBeGreaterThan(0.95);
    // Show all: every point.
    const all = fullBox(xs, ys);
    for (const [x, y] of pts) {
      expect(x).toBeGreaterThanOrEqual(all.x);
      expect(y).toBeLessThanOrEqual(all.y + all.height);
    }
    expect(all.width).toBeGreaterThan(1.7);
  });

  it('never collapses to nothing when the points share one place', () => {
    const box = bulkBox([0.2, 0.2, 0.2], [-0.1, -0.1, -0.1]);
    expect(box.width).toBeGreaterThan(0);
    expect(box.x + box.width / 2).toBeCloseTo(0.2, 9);
    expect(box.y + box.height / 2).toBeCloseTo(-0.1, 9);
  });
});

describe('pattern labels', () => {
  it('anchor each pattern at a member near its middle, largest pattern first', () => {
    // Pattern 7: a crescent whose mean lies off the data; pattern 3: a small blob; noise ignored.
    const crescent = Array.from({ length: 21 }, (_, i) => [Math.cos((Math.PI * i) / 20), Math.sin((Math.PI * i) / 20)] as const);
    const small = blob(5, 3, 3, 0.1);
    const pts = [...crescent, ...small, [9, 9] as const];
    const ids = [...crescent.map(() => 7), ...small.map(() => 3), -1];
    const anchors = patternAnchors(ids, pts.map((p) => p[0]), pts.map((p) => p[1]));
    expect(anchors.map((a) => [a.clusterId, a.size])).toEqual([
      [7, 21],
      [3, 5],
    ]);
    // The crescent's anchor is a member at its top, not its empty mean (0, 0.6).
    expect(ids[anchors[0].index]).toBe(7);
    expect(pts[anchors[0].index][1]).toBeGreaterThan(0.9);
    expect(ids[anchors[1].index]).toBe(3);
  });

  const label = (clusterId: number, x: number, y: number, width = 80): LabelCandidate => ({ clusterId, text: `p${clusterId}`, x, y, width, height: 20 });

  it('are placed in order of importance, never overlapping, inside the canvas, at most `max`', () => {
    const canvas = { width: 400, height: 300 };
    const placed = placeLabels([label(1, 100, 100), label(2, 120, 105), label(3, 300, 100), label(4, 500, 100), label(5, 395, 295), label(6, 100, 200)], canvas, 4);
    // 1 sits above its anchor; 2 (anchored beside it) goes below its own; 4's anchor is off the canvas;
    // 5 is nudged inside; the fifth fit (6) is past max.
    expect(placed.map((p) => p.clusterId)).toEqual([1, 2, 3, 5]);
    expect(placed[0].top + placed[0].height).toBeLessThan(100);
    expect(placed[1].top).toBeGreaterThan(105);
    for (const p of placed) {
      expect(p.left).toBeGreaterThanOrEqual(0);
      expect(p.top).toBeGreaterThanOrEqual(0);
      expect(p.left + p.width).toBeLessThanOrEqual(canvas.width);
      expect(p.top + p.height).toBeLessThanOrEqual(canvas.height);
    }
    for (const a of placed)
      for (const b of placed)
        if (a !== b) expect(a.left + a.width <= b.left || b.left + b.width <= a.left || a.top + a.height <= b.top || b.top + b.height <= a.top).toBe(true);
    // A third label at the same spot: above, below and centred all collide with the first two, so it is left out.
    expect(placeLabels([label(1, 100, 100), label(2, 100, 101), label(3, 100, 100)], canvas, 5).map((p) => p.clusterId)).toEqual([1, 2]);
  });

  it('are shortened with an ellipsis past their length', () => {
    expect(shortLabel('short')).toBe('short');
    const long = shortLabel('Run the linter before committing because the CI rejects unlinted code');
    expect(long.length).toBeLessThanOrEqual(32);
    expect(long.endsWith('…')).toBe(true);
  });
});
