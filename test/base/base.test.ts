import { describe, expect, it } from 'vitest';
import { CancelledError, throwIfAborted } from '../../electron/engine/base/cancel.js';
import { asError, errorMessage } from '../../electron/engine/base/errors.js';
import { textHash } from '../../electron/engine/base/hash.js';
import { renumberBySize } from '../../electron/engine/base/labels.js';
import { Random, seededRandom } from '../../electron/engine/base/random.js';
import { median } from '../../electron/engine/base/stats.js';
import { blobToVector, cosine, vectorToBlob } from '../../electron/engine/base/vectors.js';

describe('engine/base', () => {
  it('cancellation: an aborted signal throws CancelledError, a live or missing one does not', () => {
    const c = new AbortController();
    expect(() => throwIfAborted(c.signal)).not.toThrow();
    expect(() => throwIfAborted(undefined)).not.toThrow();
    c.abort();
    expect(() => throwIfAborted(c.signal)).toThrow(CancelledError);
  });

  it('errors: the message and an Error of anything thrown', () => {
    expect(errorMessage(new Error('boom'))).toBe('boom');
    expect(errorMessage('plain')).toBe('plain');
    const e = new TypeError('kept');
    expect(asError(e)).toBe(e);
    expect(asError(42).message).toBe('42');
  });

  it('textHash is the hex sha256 of the UTF-8 text', () => {
    // sha256("use pnpm"), as `printf 'use pnpm' | sha256sum` prints it.
    expect(textHash('use pnpm')).toBe('962d19749afe5a8fb511ea7b17458065dbf11a89ee104a67d0e5cb89d16485c7');
    expect(textHash('é')).not.toBe(textHash('e'));
  });

  it('seeded random is mulberry32: the same seed gives the same published sequence', () => {
    const r = seededRandom(42);
    expect(r()).toBe(0.6011037519201636);
    expect([r(), r()]).toEqual([0.44829055899754167, 0.8524657934904099]);
    const a = new Random(7);
    const b = new Random(7);
    const draws = Array.from({ length: 50 }, () => a.int(1, 6));
    expect(Array.from({ length: 50 }, () => b.int(1, 6))).toEqual(draws);
    expect(new Set(draws)).toEqual(new Set([1, 2, 3, 4, 5, 6]));
    expect(new Random(7).uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('cosine: angle only, zero for a zero vector, refuses different dimensions', () => {
    expect(cosine([1, 0], [0, 1])).toBe(0);
    expect(cosine([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(cosine([1, 0], [-3, 0])).toBe(-1);
    expect(cosine([0, 0], [1, 1])).toBe(0);
    expect(() => cosine([1, 2], [1, 2, 3])).toThrow(/different dimensions/);
  });

  it('vector blobs round-trip as little-endian float32, also from an unaligned offset', () => {
    const v = new Float32Array([1.5, -2.25, 3e-7]);
    const blob = vectorToBlob(v);
    expect(blob.length).toBe(12);
    expect(blob.readFloatLE(4)).toBe(-2.25);
    const unaligned = Buffer.concat([Buffer.from([9]), blob]).subarray(1);
    expect(blobToVector(unaligned)).toEqual(v);
  });

  it('median of odd and even lists, without reordering the input; NaN when empty', () => {
    const xs = [5, 1, 3];
    expect(median(xs)).toBe(3);
    expect(xs).toEqual([5, 1, 3]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('renumberBySize: biggest first, ties by first point, small clusters and noise become -1', () => {
    // Sizes: 7 → 3 points, 5 → 2 and 2 → 2 (5's first point comes first), 9 → 1.
    const raw = [5, 2, 7, 7, 2, 5, -1, 7, 9];
    expect(renumberBySize(raw, 2)).toEqual({ labels: [1, 2, 0, 0, 2, 1, -1, 0, -1], count: 3 });
    const typed = renumberBySize(Int32Array.from(raw), 3);
    expect(typed.labels).toBeInstanceOf(Int32Array);
    expect([...typed.labels]).toEqual([-1, -1, 0, 0, -1, -1, -1, 0, -1]);
    expect(typed.count).toBe(1);
  });
});
