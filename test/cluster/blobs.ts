import { seededRandom } from '../../electron/engine/base/random.js';

/**
 * Well-separated Gaussian blobs of unit vectors (pairwise cosine about 0.5 inside a blob, about 0
 * between blobs) plus scattered points that belong to none. `truth[i]` is the blob, -1 scattered.
 */
export function blobs(sizes: number[], scattered: number, dim = 64, seed = 1): { vectors: Float32Array[]; truth: number[] } {
  const rand = seededRandom(seed);
  const gauss = (): number => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const unit = (v: Float32Array): Float32Array => {
    const s = Math.hypot(...v);
    return v.map((x) => x / s);
  };
  const centres = sizes.map(() => unit(Float32Array.from({ length: dim }, gauss)));
  const spread = 1 / Math.sqrt(dim);
  const vectors: Float32Array[] = [];
  const truth: number[] = [];
  sizes.forEach((size, b) => {
    for (let i = 0; i < size; i++) {
      vectors.push(unit(centres[b].map((x) => x + spread * gauss())));
      truth.push(b);
    }
  });
  for (let i = 0; i < scattered; i++) {
    vectors.push(unit(Float32Array.from({ length: dim }, gauss)));
    truth.push(-1);
  }
  // Interleave so nothing depends on input order matching the blobs.
  const order = vectors.map((_, i) => i).sort((a, b) => ((a * 7919) % vectors.length) - ((b * 7919) % vectors.length) || a - b);
  return { vectors: order.map((i) => vectors[i]), truth: order.map((i) => truth[i]) };
}
