import type { ClusterSummary } from '../../../shared/types.js';
import { clusterKeywords, labelFromKeywords, type KeywordOptions } from './keywords.js';

/*
 * What a cluster says about itself: size, reach (sessions, projects), time span, weekly counts,
 * keywords and its most representative moments. Pure functions over arrays: the caller reads
 * moments from the store and writes the result back.
 */

/** The moment fields a summary needs, in the same order as the clustering's labels. */
export interface MomentFacts {
  id: number;
  sessionId: number;
  project: string | null;
  /** ISO 8601 timestamp, when known. */
  at: string | null;
  text: string;
}

/** A cluster summary without the store's id and the kind (the caller knows both). */
export type ClusterFacts = Omit<ClusterSummary, 'id' | 'kind'> & {
  /** Cluster number in the clustering (0..count-1). */
  cluster: number;
  /** Every member with its similarity to the cluster's centre, most representative first. */
  members: { momentId: number; score: number }[];
  /** The most representative members with distinct texts (a repeated text counts once). */
  representatives: number[];
};

export interface SummaryOptions {
  representatives: number;
  keywords?: Partial<KeywordOptions>;
}

/** ISO 8601 week of a date, in UTC: `2026-W01` (the week with the year's first Thursday). */
export function isoWeek(date: Date): string {
  const thursday = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  thursday.setUTCDate(thursday.getUTCDate() + 4 - (thursday.getUTCDay() || 7));
  const year = thursday.getUTCFullYear();
  const week = Math.ceil(((thursday.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Counts per ISO week from the first to the last, weeks without any included as 0. */
export function weeklyCounts(dates: readonly Date[]): { week: string; count: number }[] {
  if (dates.length === 0) return [];
  const counts = new Map<string, number>();
  let first = Infinity;
  let last = -Infinity;
  for (const d of dates) {
    const w = isoWeek(d);
    counts.set(w, (counts.get(w) ?? 0) + 1);
    first = Math.min(first, d.getTime());
    last = Math.max(last, d.getTime());
  }
  const out: { week: string; count: number }[] = [];
  // Step a week at a time from the first date; the last date's week closes the range.
  const end = isoWeek(new Date(last));
  for (let t = first; ; t += 7 * 86_400_000) {
    const w = isoWeek(new Date(t));
    out.push({ week: w, count: counts.get(w) ?? 0 });
    if (w === end) break;
  }
  return out;
}

function parseDate(at: string | null): Date | null {
  if (!at) return null;
  const t = Date.parse(at);
  return Number.isNaN(t) ? null : new Date(t);
}

/**
 * Facts for clusters 0..count-1. `labels[i]` and `scores[i]` (similarity to the cluster centre)
 * belong to `moments[i]`; noise (-1) only serves as background for the keywords.
 */
export function summariseClusters(
  moments: readonly MomentFacts[],
  labels: readonly number[],
  scores: readonly number[],
  count: number,
  options: Partial<SummaryOptions> = {},
): ClusterFacts[] {
  const want = options.representatives ?? 5;
  const keywords = clusterKeywords(
    moments.map((m) => m.text),
    labels,
    count,
    options.keywords,
  );
  const members: number[][] = Array.from({ length: count }, () => []);
  labels.forEach((c, i) => c >= 0 && members[c].push(i));
  return members.map((list, c) => {
    // Most representative first; equal scores in moment order so the result is stable.
    list.sort((a, b) => scores[b] - scores[a] || moments[a].id - moments[b].id);
    const dated = list.map((i) => ({ i, d: parseDate(moments[i].at) })).filter((x): x is { i: number; d: Date } => x.d !== null);
    let first: { i: number; d: Date } | null = null;
    let last: { i: number; d: Date } | null = null;
    for (const x of dated) {
      if (!first || x.d < first.d) first = x;
      if (!last || x.d > last.d) last = x;
    }
    const representatives: number[] = [];
    const seenTexts = new Set<string>();
    for (const i of list) {
      if (representatives.length >= want) break;
      const key = moments[i].text.trim().toLowerCase().replace(/\s+/g, ' ');
      if (seenTexts.has(key)) continue;
      seenTexts.add(key);
      representatives.push(moments[i].id);
    }
    return {
      cluster: c,
      label: labelFromKeywords(keywords[c]),
      keywords: keywords[c],
      size: list.length,
      sessions: new Set(list.map((i) => moments[i].sessionId)).size,
      projects: new Set(list.map((i) => moments[i].project).filter((p) => p !== null)).size,
      firstSeen: first ? moments[first.i].at : null,
      lastSeen: last ? moments[last.i].at : null,
      weekly: weeklyCounts(dated.map((x) => x.d)),
      members: list.map((i) => ({ momentId: moments[i].id, score: scores[i] })),
      representatives,
    };
  });
}
