/*
 * Map coordinates for moments that arrive between full clusterings. Running UMAP again would move
 * every point; instead a new point goes where the full map's landmark placement (map.ts) puts the
 * points it does not lay out itself: the inverse-squared-distance weighted mean of its nearest
 * already-mapped neighbours (only those of its own cluster when it has some among them), plus a
 * seeded jitter within half the distance from its nearest neighbour to the next one, so points of
 * one place do not stack. The old points never move; the result stays inside the map's [-1, 1].
 */

export interface MappedNeighbour {
  x: number;
  y: number;
  /** Cosine similarity to the new point. */
  similarity: number;
  /** Whether this neighbour is in the cluster the new point joined. */
  sameCluster: boolean;
}

/** Jitter radius when a point has a single neighbour to go by (the map spans [-1, 1]). */
const LONE_JITTER = 0.005;

export function placeNear(neighbours: readonly MappedNeighbour[], rand: () => number): { x: number; y: number } {
  const own = neighbours.filter((n) => n.sameCluster);
  const used = own.length > 0 ? own : neighbours;
  if (used.length === 0) return { x: 0, y: 0 };
  let wx = 0;
  let wy = 0;
  let wsum = 0;
  let anchor = used[0];
  let best = -1;
  for (const n of used) {
    const d = Math.max(1e-4, 1 - n.similarity);
    const w = 1 / (d * d);
    wx += w * n.x;
    wy += w * n.y;
    wsum += w;
    if (w > best) [best, anchor] = [w, n];
  }
  let spacing = Infinity;
  for (const n of used) if (n !== anchor) spacing = Math.min(spacing, Math.hypot(n.x - anchor.x, n.y - anchor.y));
  const radius = 0.5 * (Number.isFinite(spacing) && spacing > 0 ? spacing : LONE_JITTER) * Math.sqrt(rand());
  const angle = 2 * Math.PI * rand();
  const clamp = (v: number) => Math.max(-1, Math.min(1, v));
  return { x: clamp(wx / wsum + radius * Math.cos(angle)), y: clamp(wy / wsum + radius * Math.sin(angle)) };
}
