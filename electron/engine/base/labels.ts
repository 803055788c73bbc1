/**
 * Renumbers cluster labels by decreasing size (ties: the cluster whose first point comes first);
 * clusters smaller than `minSize`, and negative labels (noise), become -1.
 */
export function renumberBySize(raw: Int32Array, minSize: number): { labels: Int32Array; count: number };
export function renumberBySize(raw: number[], minSize: number): { labels: number[]; count: number };
export function renumberBySize(raw: Int32Array | number[], minSize: number): { labels: Int32Array | number[]; count: number } {
  const size = new Map<number, number>();
  const first = new Map<number, number>();
  raw.forEach((c: number, i: number) => {
    if (c < 0) return;
    size.set(c, (size.get(c) ?? 0) + 1);
    if (!first.has(c)) first.set(c, i);
  });
  const kept = [...size.keys()]
    .filter((c) => size.get(c)! >= minSize)
    .sort((a, b) => size.get(b)! - size.get(a)! || first.get(a)! - first.get(b)!);
  const id = new Map(kept.map((c, i) => [c, i]));
  const relabel = (c: number) => id.get(c) ?? -1;
  return { labels: raw instanceof Int32Array ? raw.map(relabel) : raw.map(relabel), count: kept.length };
}
