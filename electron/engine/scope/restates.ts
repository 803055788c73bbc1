/*
 * Does a lesson restate a rule already written? Three ways to say yes:
 *
 *  - meaning: the cosine similarity of the local embeddings of the lesson (title and rule) and
 *    the rule is at least the model's threshold T (RESTATE_SIMILARITY);
 *  - words: the normalised content words (lower case, no stop words, plural/-ing/-ed endings
 *    cut, code kept) of the shorter text are mostly in the other: shared / size of the smaller
 *    set ≥ WORD_OVERLAP with at least MIN_SHARED words in common;
 *  - both, each a little short: similarity ≥ T − NEAR and overlap ≥ NEAR_OVERLAP (with
 *    MIN_SHARED words).
 * Without a model, or with a model whose threshold was never measured, words decide alone.
 *
 * Measured with energetic-ai/use-lite-en on test/scope/restates-set.ts (10 paraphrases, 10
 * same-topic rules that ask for something else; the set the thresholds were chosen on, so the
 * figures are optimistic): 9 of 10 paraphrases found, 1 of 10 non-matches taken for one ("never
 * use emoji in commit messages" against "... in UI text": cosine 0.84). Words alone: 6 of 10, 0 of 10.
 */

import { cosine } from '../base/vectors.js';

export const WORD_OVERLAP = 0.6;
export const MIN_SHARED = 3;
export const NEAR = 0.07;
export const NEAR_OVERLAP = 0.5;

/** Cosine threshold per embedding model, measured on the restates set; other models use words alone. */
export const RESTATE_SIMILARITY: Readonly<Record<string, number>> = { 'energetic-ai/use-lite-en': 0.79 };

export function similarityThreshold(model: string | undefined): number | null {
  return (model && RESTATE_SIMILARITY[model]) || null;
}

const STOP = new Set(
  `a an the and or but if then else when whenever while of to in on at by for with from into onto over under
  is are was were be been being am do does did done doing have has had having this that these those it its
  i you we they he she me us them my your our their there here so such as than too very can could should
  would will shall may might must not no never always dont don't do't any all each every some more most
  only just also use using used please make sure first before after again instead rather one`.split(/\s+/),
);

/** A word's stem: enough to make "runs", "running" and "run" one word. */
function stem(w: string): string {
  if (w.length > 5 && w.endsWith('ing')) return w.slice(0, -3);
  if (w.length > 4 && w.endsWith('ed')) return w.slice(0, -2);
  if (w.length > 4 && w.endsWith('es')) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  return w;
}

/** The content words of a text, normalised (see above). */
export function contentWords(text: string): Set<string> {
  const words = text
    .toLowerCase()
    .replace(/[`*_~"'()[\]{}<>,;:!?]/g, ' ')
    .split(/[\s/]+/)
    .map((w) => w.replace(/^[.-]+|[.-]+$/g, ''))
    .filter((w) => w.length > 1 && !STOP.has(w));
  return new Set(words.map(stem));
}

export function wordOverlap(a: string, b: string): { shared: number; overlap: number } {
  const wa = contentWords(a);
  const wb = contentWords(b);
  let shared = 0;
  for (const w of wa) if (wb.has(w)) shared++;
  const smaller = Math.min(wa.size, wb.size);
  return { shared, overlap: smaller === 0 ? 0 : shared / smaller };
}

export interface RestateMatch {
  /** Index of the rule in the list given. */
  rule: number;
  /** Which judge decided (see above). */
  by: 'meaning' | 'words' | 'meaning and words';
  /** Cosine similarity (null without vectors) and word overlap. */
  similarity: number | null;
  overlap: number;
}

export interface RestateJudge {
  /** Vectors for texts; absent without a model. */
  embed?: (texts: string[]) => Promise<Float32Array[]>;
  /** The model's similarity threshold (similarityThreshold); without one, words decide alone. */
  threshold?: number | null;
}

/** Whether one lesson restates one rule, and by which judge; null when it does not. */
export function judgeRestates(lesson: string, rule: string, similarity: number | null, threshold: number | null): Omit<RestateMatch, 'rule'> | null {
  const { shared, overlap } = wordOverlap(lesson, rule);
  const sim = threshold === null ? null : similarity;
  if (sim !== null && sim >= threshold!) return { by: 'meaning', similarity: sim, overlap };
  if (shared >= MIN_SHARED && overlap >= WORD_OVERLAP) return { by: 'words', similarity: sim, overlap };
  if (sim !== null && sim >= threshold! - NEAR && shared >= MIN_SHARED && overlap >= NEAR_OVERLAP) return { by: 'meaning and words', similarity: sim, overlap };
  return null;
}

/**
 * For each lesson text, the existing rule it restates best (highest similarity, else highest
 * overlap), or null. One embedding call for all texts.
 */
export async function findRestated(lessons: readonly string[], rules: readonly string[], judge: RestateJudge = {}): Promise<(RestateMatch | null)[]> {
  if (lessons.length === 0) return [];
  if (rules.length === 0) return lessons.map(() => null);
  const threshold = judge.threshold ?? null;
  const vectors = judge.embed && threshold !== null ? await judge.embed([...lessons, ...rules]) : null;
  return lessons.map((lesson, i) => {
    let best: RestateMatch | null = null;
    rules.forEach((rule, j) => {
      const sim = vectors ? cosine(vectors[i]!, vectors[lessons.length + j]!) : null;
      const found = judgeRestates(lesson, rule, sim, threshold);
      if (!found) return;
      const better = !best || (found.similarity ?? found.overlap) > (best.similarity ?? best.overlap);
      if (better) best = { rule: j, ...found };
    });
    return best;
  });
}
