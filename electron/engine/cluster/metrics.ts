/*
 * Agreement between a clustering and reference labels: normalised mutual information
 * (arithmetic-mean normalisation, as scikit-learn's default) and the adjusted Rand index.
 * Labels are compared as opaque values, so noise (-1) counts as one more cluster: the
 * honest reading for a clustering that leaves points unclustered.
 */

/** Contingency counts between two labelings of the same items. */
function contingency<A, B>(a: readonly A[], b: readonly B[]): { table: Map<string, number>; rows: number[]; cols: number[] } {
  if (a.length !== b.length) throw new Error(`label arrays differ in length: ${a.length} vs ${b.length}`);
  const ai = new Map<A, number>();
  const bi = new Map<B, number>();
  const table = new Map<string, number>();
  const rows: number[] = [];
  const cols: number[] = [];
  for (let i = 0; i < a.length; i++) {
    let r = ai.get(a[i]);
    if (r === undefined) ai.set(a[i], (r = rows.push(0) - 1));
    let c = bi.get(b[i]);
    if (c === undefined) bi.set(b[i], (c = cols.push(0) - 1));
    rows[r]++;
    cols[c]++;
    const key = `${r},${c}`;
    table.set(key, (table.get(key) ?? 0) + 1);
  }
  return { table, rows, cols };
}

function entropy(counts: number[], n: number): number {
  let h = 0;
  for (const c of counts) if (c > 0) h -= (c / n) * Math.log(c / n);
  return h;
}

/** NMI in [0, 1]; 1 when both labelings are the same partition. Two single-cluster labelings count as 1. */
export function nmi<A, B>(a: readonly A[], b: readonly B[]): number {
  const n = a.length;
  if (n === 0) return 1;
  const { table, rows, cols } = contingency(a, b);
  const ha = entropy(rows, n);
  const hb = entropy(cols, n);
  if (ha === 0 && hb === 0) return 1;
  let mi = 0;
  for (const [key, nij] of table) {
    const [r, c] = key.split(',').map(Number);
    mi += (nij / n) * Math.log((n * nij) / (rows[r] * cols[c]));
  }
  const denom = (ha + hb) / 2;
  return denom === 0 ? 0 : Math.max(0, Math.min(1, mi / denom));
}

const pairs = (x: number): number => (x * (x - 1)) / 2;

/** Adjusted Rand index: 1 for identical partitions, about 0 for chance agreement (can be negative). */
export function ari<A, B>(a: readonly A[], b: readonly B[]): number {
  const n = a.length;
  const { table, rows, cols } = contingency(a, b);
  let sumIj = 0;
  for (const nij of table.values()) sumIj += pairs(nij);
  const sumA = rows.reduce((s, x) => s + pairs(x), 0);
  const sumB = cols.reduce((s, x) => s + pairs(x), 0);
  const expected = (sumA * sumB) / pairs(n);
  const max = (sumA + sumB) / 2;
  if (max === expected) return 1;
  return (sumIj - expected) / (max - expected);
}
