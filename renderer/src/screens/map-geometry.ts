import { MOMENT_KINDS, type MapColumns } from '../../../shared/types.js';

/*
 * The arithmetic behind a readable map, kept apart from the WebGL component so it can be tested:
 * colours by pattern size, the box holding the bulk of the points (the view is fitted to it, so a
 * few outliers do not shrink everything else into a blob), and pattern labels that never overlap.
 */

export type ColourBy = 'cluster' | 'kind';

/** Distinct mid-tone colours that read on the light and the dark background (Tableau 10, then Dark2). */
export const PALETTE = [
  '#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#3b9ab2',
  '#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#a6761d',
];
export const NOISE = '#9aa0a6';

export interface Categories {
  /** Per point: its colour's index in `colours`. */
  values: number[];
  colours: string[];
  /** By pattern colouring: pattern id -> its colour, largest patterns first (noise not included). */
  patternColours: Map<number, string>;
}

/**
 * Colour categories for the points: by pattern, one colour per pattern given in order of size, so
 * the largest patterns get distinct colours (colours repeat past the palette), noise last and grey;
 * by kind, one per moment kind (the kinds column is already that index).
 */
export function categories(points: MapColumns, by: ColourBy): Categories {
  if (by === 'kind') return { values: points.kinds, colours: PALETTE.slice(0, MOMENT_KINDS.length), patternColours: new Map() };
  const sizes = new Map<number, number>();
  for (const c of points.clusterIds) if (c >= 0) sizes.set(c, (sizes.get(c) ?? 0) + 1);
  const ids = [...sizes.keys()].sort((a, b) => sizes.get(b)! - sizes.get(a)! || a - b);
  const index = new Map(ids.map((id, i) => [id, i]));
  const colours = ids.map((_, i) => PALETTE[i % PALETTE.length]).concat(NOISE);
  return {
    values: points.clusterIds.map((c) => index.get(c) ?? ids.length),
    colours,
    patternColours: new Map(ids.map((id, i) => [id, colours[i]])),
  };
}

/**
 * Coordinates scaled into the [-0.9, 0.9] square of the full extent. The bounds come from a loop:
 * Math.min(...values) passes every value as an argument and overflows the stack beyond ~120k points.
 */
export function normalise(values: number[]): number[] {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const span = max - min || 1;
  return values.map((v) => ((v - min) / span) * 1.8 - 0.9);
}

/** A rectangle in map coordinates (y grows upwards) or on the screen (y grows downwards). */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The value below which a share `q` of the values lie (nearest rank, on a sorted copy: ~10 ms at 100k). */
export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))];
}

/** Sorted copy of a column. */
const sortedCopy = (values: readonly number[]): Float64Array => Float64Array.from(values).sort();

/**
 * The box holding the bulk of the points: on each axis from the `lo` to the `hi` quantile, padded
 * by `pad` of its size on each side (and never thinner than `minSize`, so one spot still shows).
 */
export function bulkBox(xs: readonly number[], ys: readonly number[], lo = 0.02, hi = 0.98, pad = 0.06, minSize = 0.05): Box {
  const sx = sortedCopy(xs);
  const sy = sortedCopy(ys);
  const side = (sorted: Float64Array): [number, number] => {
    let a = quantile(sorted, lo);
    let b = quantile(sorted, hi);
    if (b - a < minSize) [a, b] = [(a + b) / 2 - minSize / 2, (a + b) / 2 + minSize / 2];
    const margin = (b - a) * pad;
    return [a - margin, b + margin];
  };
  const [x0, x1] = side(sx);
  const [y0, y1] = side(sy);
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** The box of every point (padded as bulkBox pads): what "Show all" fits. From a loop, no sort. */
export function fullBox(xs: readonly number[], ys: readonly number[], pad = 0.06): Box {
  const side = (values: readonly number[]): [number, number] => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of values) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (values.length === 0) [lo, hi] = [-1, 1];
    const margin = Math.max(hi - lo, 0.05) * pad;
    return [lo - margin, hi + margin];
  };
  const [x0, x1] = side(xs);
  const [y0, y1] = side(ys);
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** A pattern's place for its label: the member nearest the median of its members (on the data, even for a crescent). */
export interface PatternAnchor {
  clusterId: number;
  size: number;
  /** Index of the anchor point. */
  index: number;
}

/**
 * One anchor per pattern, largest first (ties by id, so the order is stable). Members are grouped
 * by a counting sort and medians taken on typed arrays: at 100k points this stays a few tens of ms.
 */
export function patternAnchors(clusterIds: readonly number[], xs: readonly number[], ys: readonly number[]): PatternAnchor[] {
  const slotOf = new Map<number, number>();
  const ids: number[] = [];
  const counts: number[] = [];
  for (const c of clusterIds) {
    if (c < 0) continue;
    let slot = slotOf.get(c);
    if (slot === undefined) {
      slot = ids.length;
      slotOf.set(c, slot);
      ids.push(c);
      counts.push(0);
    }
    counts[slot]++;
  }
  const starts = new Int32Array(ids.length + 1);
  for (let s = 0; s < ids.length; s++) starts[s + 1] = starts[s] + counts[s];
  const next = starts.slice(0, ids.length);
  const order = new Int32Array(starts[ids.length]);
  clusterIds.forEach((c, i) => {
    if (c >= 0) order[next[slotOf.get(c)!]++] = i;
  });
  const most = Math.max(0, ...counts);
  const bx = new Float64Array(most);
  const by = new Float64Array(most);
  const out: PatternAnchor[] = [];
  for (let s = 0; s < ids.length; s++) {
    const n = counts[s];
    const members = order.subarray(starts[s], starts[s + 1]);
    for (let k = 0; k < n; k++) {
      bx[k] = xs[members[k]];
      by[k] = ys[members[k]];
    }
    const mx = bx.subarray(0, n).sort()[n >> 1];
    const my = by.subarray(0, n).sort()[n >> 1];
    let index = members[0];
    let best = Infinity;
    for (const i of members) {
      const d = (xs[i] - mx) ** 2 + (ys[i] - my) ** 2;
      if (d < best) {
        index = i;
        best = d;
      }
    }
    out.push({ clusterId: ids[s], size: n, index });
  }
  return out.sort((a, b) => b.size - a.size || a.clusterId - b.clusterId);
}

/** A label to place: centred on its anchor's place on the screen. */
export interface LabelCandidate {
  clusterId: number;
  text: string;
  /** The anchor on the canvas, in CSS pixels. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedLabel extends LabelCandidate {
  /** The label's box on the canvas (kept inside it). */
  left: number;
  top: number;
}

const overlaps = (a: PlacedLabel, b: { left: number; top: number; width: number; height: number }, gap: number): boolean =>
  a.left < b.left + b.width + gap && b.left < a.left + a.width + gap && a.top < b.top + b.height + gap && b.top < a.top + a.height + gap;

/** How far above or below its anchor a label sits, so the pattern's middle stays visible (CSS pixels). */
const LIFT = 8;

/**
 * Greedy label placement, as datamapplot does for its largest clusters: candidates in order of
 * importance, each just above its anchor, else just below, else centred on it, nudged inside the
 * canvas; one whose anchor is off the canvas or whose box would touch a label already placed in
 * each of these places is left out. At most `max` labels.
 */
export function placeLabels(candidates: readonly LabelCandidate[], canvas: { width: number; height: number }, max = 24, gap = 4): PlacedLabel[] {
  const placed: PlacedLabel[] = [];
  for (const c of candidates) {
    if (placed.length >= max) break;
    if (c.x < 0 || c.y < 0 || c.x > canvas.width || c.y > canvas.height) continue;
    if (c.width > canvas.width || c.height > canvas.height) continue;
    const left = Math.min(Math.max(0, c.x - c.width / 2), canvas.width - c.width);
    for (const top of [c.y - LIFT - c.height, c.y + LIFT, c.y - c.height / 2]) {
      const label = { ...c, left, top: Math.min(Math.max(0, top), canvas.height - c.height) };
      if (placed.some((p) => overlaps(p, label, gap))) continue;
      placed.push(label);
      break;
    }
  }
  return placed;
}

/** Point size in CSS pixels: larger when there are few points, so a small store's patterns are seen. */
export function pointSizeFor(count: number): number {
  return count < 2_000 ? 8 : count < 20_000 ? 6 : 5;
}

/** A label's words: short enough to sit on the map (the full name is in the list and the detail). */
export function shortLabel(text: string, max = 32): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
