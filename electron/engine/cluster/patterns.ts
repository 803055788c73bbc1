import type { SimilarityBackground } from './noise.js';

/*
 * The pattern level: one recurring problem, however it was worded and whichever kinds of moment
 * it showed up as. The fine clusters (a pattern's variants) are grouped, in this order:
 *
 *  1. Same failure. Failures whose cause line reads the same once paths, names, numbers and
 *     times are taken out (failure-signature.ts) are one failure, whatever command failed: the
 *     variants they fill are joined, and unclustered failures join them (or, three or more
 *     alike, make a variant of their own).
 *  2. Same meaning. Variants of the person's own words merge by centroid linkage, run greedily
 *     from the most alike pair down: two groups merge while the centres of the whole groups
 *     stay alike, so a chain of pairwise-alike variants cannot drag unrelated ones together
 *     (Clio's and Kura's meta-clusters, BERTopic's reduce_topics). Failures are left out of
 *     this step: their texts are mostly a command and the shape of a tool's output, so two
 *     different failures of one tool read more alike than two wordings of one correction.
 *  3. Answers. A variant of the person's words whose moments mostly come right after failures
 *     of one pattern ("run deployctl login first") joins that pattern.
 *  4. Stragglers. A point of the person's words left as noise joins the pattern whose centre
 *     it sits as close to as the pattern's own members do.
 *
 * Thresholds are relative to the background (the similarity of random pairs of moments), so
 * nothing depends on one embedding model's scale.
 */

export interface PatternOptions {
  /** Two groups merge when their centres are at least background mean + mergeZ × sd alike. */
  mergeZ: number;
  /** A straggler joins a pattern when at least background mean + attachZ × sd alike to its centre (and above its floor). */
  attachZ: number;
  /** Unclustered failures with one signature make a variant of their own from this many. */
  minSignatureGroup: number;
  /** Share of a variant's moments that must answer one pattern's failures for it to join that pattern. */
  answerShare: number;
}

export const DEFAULT_PATTERN_OPTIONS: PatternOptions = { mergeZ: 2, attachZ: 2, minSignatureGroup: 3, answerShare: 0.5 };

export interface PatternInput {
  /** Unit vectors, one per point (moment). */
  vectors: readonly ArrayLike<number>[];
  /** Point → variant (-1: noise); variants numbered 0..variants-1. */
  variantOf: ArrayLike<number>;
  variants: number;
  background: SimilarityBackground | null;
  /** Per point: whether it is a failure (a tool call that failed) rather than the person's words. */
  failure: readonly boolean[];
  /** Per point: its failure signature (failure-signature.ts), or null (not a failure, or nothing to tell by). */
  signatures: readonly (string | null)[];
  /** Per point: the failure point it answers (the person's words right after a failed call), or -1. */
  answers?: ArrayLike<number>;
}

export interface PatternGrouping {
  /** Pattern per point (-1: noise), numbered 0..count-1 by decreasing size. */
  labels: Int32Array;
  /** The variants after step 1 (unclustered failures that joined one or made one): point → variant. */
  variantOf: Int32Array;
  /** Pattern per variant. */
  ofVariant: Int32Array;
  variants: number;
  count: number;
}

function unit(v: Float64Array): Float64Array {
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  const out = new Float64Array(v.length);
  for (let d = 0; d < v.length; d++) out[d] = v[d]! / norm;
  return out;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let d = 0; d < a.length; d++) s += a[d]! * b[d]!;
  return s;
}

/** The most common value of a list and how often it occurs. */
function mode<T>(items: readonly T[]): { value: T | undefined; count: number } {
  const counts = new Map<T, number>();
  let best: { value: T | undefined; count: number } = { value: undefined, count: 0 };
  for (const x of items) {
    const c = (counts.get(x) ?? 0) + 1;
    counts.set(x, c);
    if (c > best.count) best = { value: x, count: c };
  }
  return best;
}

export function groupPatterns(input: PatternInput, options: Partial<PatternOptions> = {}): PatternGrouping {
  const o = { ...DEFAULT_PATTERN_OPTIONS, ...options };
  const { vectors, signatures } = input;
  const n = vectors.length;
  const dim = n > 0 ? vectors[0]!.length : 0;
  const bg = input.background ?? { mean: 0, sd: 0.1 };
  const variantOf = Int32Array.from(input.variantOf);
  let variants = input.variants;

  // ---- 1. Same failure: a variant's signature is the one most of its members share.
  const membersOf = (): number[][] => {
    const lists: number[][] = Array.from({ length: variants }, () => []);
    for (let i = 0; i < n; i++) if (variantOf[i]! >= 0) lists[variantOf[i]!]!.push(i);
    return lists;
  };
  const signatureOf = new Map<string, number>();
  membersOf().forEach((list, v) => {
    const { value, count } = mode(list.map((i) => signatures[i]).filter((s): s is string => s !== null));
    if (value !== undefined && count * 2 >= list.length && !signatureOf.has(value)) signatureOf.set(value, v);
  });
  const loose = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const s = signatures[i];
    if (variantOf[i]! >= 0 || !s) continue;
    const v = signatureOf.get(s);
    if (v !== undefined) variantOf[i] = v;
    else {
      const list = loose.get(s);
      if (list) list.push(i);
      else loose.set(s, [i]);
    }
  }
  for (const [s, points] of loose) {
    if (points.length < o.minSignatureGroup) continue;
    for (const i of points) variantOf[i] = variants;
    signatureOf.set(s, variants++);
  }
  const members = membersOf();
  const isFailureVariant = members.map((list) => list.filter((i) => input.failure[i]).length * 2 > list.length);

  const parent = Int32Array.from({ length: variants }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  const sums = members.map((list) => {
    const s = new Float64Array(dim);
    for (const i of list) for (let d = 0; d < dim; d++) s[d] += vectors[i]![d]!;
    return s;
  });
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) return;
    parent[rb] = ra;
    for (let d = 0; d < dim; d++) sums[ra]![d] += sums[rb]![d]!;
  };
  // Variants (found per kind) that share a dominant signature.
  const bySignature = new Map<string, number>();
  members.forEach((list, v) => {
    const { value, count } = mode(list.map((i) => signatures[i]).filter((s): s is string => s !== null));
    if (value === undefined || count * 2 < list.length) return;
    const first = bySignature.get(value);
    if (first === undefined) bySignature.set(value, v);
    else union(first, v);
  });

  // ---- 2. Same meaning, for the person's words.
  const mergeAt = bg.mean + o.mergeZ * bg.sd;
  const centres = sums.map(unit);
  const pairs: { a: number; b: number; sim: number }[] = [];
  for (let a = 0; a < variants; a++) {
    if (isFailureVariant[a] || members[a]!.length === 0) continue;
    for (let b = a + 1; b < variants; b++) {
      if (isFailureVariant[b] || members[b]!.length === 0) continue;
      const sim = dot(centres[a]!, centres[b]!);
      if (sim >= mergeAt) pairs.push({ a, b, sim });
    }
  }
  pairs.sort((x, y) => y.sim - x.sim || x.a - y.a || x.b - y.b);
  for (const { a, b } of pairs) {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) continue;
    if (dot(unit(sums[ra]!), unit(sums[rb]!)) >= mergeAt) union(ra, rb);
  }

  // ---- 3. Answers: the person's words that follow one pattern's failures.
  if (input.answers) {
    for (let v = 0; v < variants; v++) {
      if (isFailureVariant[v] || members[v]!.length === 0) continue;
      const answered = members[v]!.map((i) => input.answers![i]!).filter((f) => f >= 0 && variantOf[f]! >= 0).map((f) => find(variantOf[f]!));
      const { value, count } = mode(answered);
      if (value !== undefined && count >= 2 && count >= o.answerShare * members[v]!.length) union(value, v);
    }
  }

  // ---- Number the patterns by decreasing size.
  const labels = new Int32Array(n).fill(-1);
  const size = new Map<number, number>();
  for (let i = 0; i < n; i++) if (variantOf[i]! >= 0) size.set(find(variantOf[i]!), (size.get(find(variantOf[i]!)) ?? 0) + 1);
  const roots = [...size.keys()].sort((x, y) => size.get(y)! - size.get(x)! || x - y);
  const number = new Map(roots.map((r, k) => [r, k]));
  const ofVariant = Int32Array.from({ length: variants }, (_, v) => number.get(find(v)) ?? -1);
  for (let i = 0; i < n; i++) if (variantOf[i]! >= 0) labels[i] = ofVariant[variantOf[i]!]!;

  // ---- 4. Stragglers of the person's words join the nearest pattern if they sit as close as its members.
  const attachAt = bg.mean + o.attachZ * bg.sd;
  const patternCentres = roots.map((r) => unit(sums[r]!));
  const floors = patternCentres.map(() => Infinity);
  for (let i = 0; i < n; i++) {
    const p = labels[i]!;
    if (p >= 0) floors[p] = Math.min(floors[p]!, dot(vectors[i]!, patternCentres[p]!));
  }
  for (let i = 0; i < n; i++) {
    if (labels[i]! >= 0 || input.failure[i]) continue;
    let best = -1;
    let bestSim = -Infinity;
    patternCentres.forEach((c, p) => {
      const sim = dot(vectors[i]!, c);
      if (sim > bestSim) {
        bestSim = sim;
        best = p;
      }
    });
    if (best >= 0 && bestSim >= attachAt && bestSim >= floors[best]!) labels[i] = best;
  }
  return { labels, variantOf, ofVariant, variants, count: roots.length };
}
