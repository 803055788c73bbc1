import type { Lesson } from '../../../shared/types.js';
import type { Db } from '../store/db.js';
import { cosine } from '../base/vectors.js';
import { getLesson, listLessons, normaliseEvidence } from './store.js';

/*
 * Near-duplicate lessons merged locally by embedding similarity (no request leaves the machine).
 *
 * Grouping is greedy complete-linkage in id order: a lesson joins the group whose every member
 * is at least `threshold` similar to it (the most similar such group), so A~B and B~C never pull
 * an unrelated A and C together. The keeper of a group is its oldest adopted lesson, or its oldest
 * lesson when none is adopted: a person's adopted wording is never replaced by a draft's. The
 * keeper's words stay; it gains the others' evidence and helpful/harmful counts; the others retire.
 */

export const DEFAULT_MERGE_THRESHOLD = 0.9;

/** What is embedded to compare lessons. */
export function lessonEmbeddingText(lesson: Pick<Lesson, 'title' | 'rule'>): string {
  return `${lesson.title}. ${lesson.rule}`;
}

/** Groups (of two or more ids, ascending) of near-duplicates. Pure. */
export function findMergeGroups(items: { id: number; vector: Float32Array }[], threshold = DEFAULT_MERGE_THRESHOLD): number[][] {
  const sorted = [...items].sort((a, b) => a.id - b.id);
  const groups: { ids: number[]; vectors: Float32Array[] }[] = [];
  for (const item of sorted) {
    let best: { group: (typeof groups)[number]; min: number } | null = null;
    for (const group of groups) {
      const min = Math.min(...group.vectors.map((v) => cosine(v, item.vector)));
      if (min >= threshold && (!best || min > best.min)) best = { group, min };
    }
    if (best) {
      best.group.ids.push(item.id);
      best.group.vectors.push(item.vector);
    } else {
      groups.push({ ids: [item.id], vectors: [item.vector] });
    }
  }
  return groups.filter((g) => g.ids.length > 1).map((g) => g.ids);
}

/** The lesson a group is merged into (see the rule above). */
export function chooseKeeper(lessons: Lesson[]): Lesson {
  const byAge = [...lessons].sort((a, b) => a.id - b.id);
  return byAge.find((l) => l.status === 'adopted') ?? byAge[0];
}

export interface MergeResult {
  keeperId: number;
  retired: number[];
}

/**
 * Merges `otherIds` into `keeperId`: evidence united, counters summed, the others retired.
 * The keeper's words and status are not touched here.
 */
export function mergeInto(db: Db, keeperId: number, otherIds: number[], at = new Date().toISOString()): MergeResult {
  const keeper = getLesson(db, keeperId);
  if (!keeper) throw new Error(`no lesson with id ${keeperId}`);
  const others = otherIds.filter((id) => id !== keeperId).map((id) => {
    const l = getLesson(db, id);
    if (!l) throw new Error(`no lesson with id ${id}`);
    return l;
  });
  const evidence = normaliseEvidence([keeper, ...others].flatMap((l) => l.evidence));
  const helpful = others.reduce((n, l) => n + l.helpful, keeper.helpful);
  const harmful = others.reduce((n, l) => n + l.harmful, keeper.harmful);
  db.transaction(() => {
    db.prepare('UPDATE lessons SET evidence = ?, helpful = ?, harmful = ?, updated_at = ? WHERE id = ?').run(
      JSON.stringify(evidence),
      helpful,
      harmful,
      at,
      keeperId,
    );
    const retire = db.prepare(`UPDATE lessons SET status = 'retired', retired_at = ?, updated_at = ? WHERE id = ?`);
    for (const l of others) retire.run(at, at, l.id);
  }).immediate();
  return { keeperId, retired: others.map((l) => l.id) };
}

/** Merges a group of lesson ids into its keeper. */
export function mergeGroup(db: Db, ids: number[]): MergeResult {
  const lessons = ids.map((id) => {
    const l = getLesson(db, id);
    if (!l) throw new Error(`no lesson with id ${id}`);
    return l;
  });
  const keeper = chooseKeeper(lessons);
  return mergeInto(db, keeper.id, ids);
}

/**
 * Embeds every live lesson (title and rule) and merges the near-duplicates. `embed` is the local
 * embedding model (L2-normalised vectors, as embedTexts returns).
 */
export async function mergeNearDuplicates(
  db: Db,
  embed: (texts: string[]) => Promise<Float32Array[]>,
  threshold = DEFAULT_MERGE_THRESHOLD,
): Promise<MergeResult[]> {
  const lessons = listLessons(db);
  if (lessons.length < 2) return [];
  const vectors = await embed(lessons.map(lessonEmbeddingText));
  const groups = findMergeGroups(
    lessons.map((l, i) => ({ id: l.id, vector: vectors[i] })),
    threshold,
  );
  return groups.map((ids) => mergeGroup(db, ids));
}
