import type { Db } from '../../electron/engine/store/db.js';
import type { Corpus } from './corpus.js';

/*
 * Scoring the patterns a person would browse against the planted problems: each moment gets the
 * label of the text it came from (a planted problem, or 'noise'); for each problem, the group
 * (pattern, cluster, k-means class) with the best F1 is its best pattern.
 */

export interface LabelledMoment {
  id: number;
  kind: string;
  textHash: string;
  label: string;
}

/** Every moment with its label, traced through the stored message (what the person said) or tool output. */
export function labelMoments(db: Db, corpus: Corpus): LabelledMoment[] {
  const rows = db
    .prepare<[], { id: number; kind: string; text_hash: string; message: string; outputs: string | null }>(
      `SELECT mo.id, mo.kind, mo.text_hash, m.text AS message,
              (SELECT json_group_array(r.output) FROM tool_results r WHERE r.message_id = mo.message_id) AS outputs
       FROM moments mo JOIN messages m ON m.id = mo.message_id ORDER BY mo.id`,
    )
    .all();
  return rows.map((r) => {
    let label = corpus.said.get(r.message.trim()) ?? 'noise';
    if (r.kind === 'failure') {
      const outputs = JSON.parse(r.outputs ?? '[]') as string[];
      const hit = outputs.map((o) => corpus.outputs.get(o)).find((l) => l !== undefined);
      label = hit ?? 'noise';
    }
    return { id: r.id, kind: r.kind, textHash: r.text_hash, label };
  });
}

export interface ProblemScore {
  problem: string;
  /** Moments carrying the problem's label (the planted occurrences that became moments). */
  moments: number;
  precision: number;
  recall: number;
  f1: number;
  /** Groups holding at least one of its moments. */
  spread: number;
}

export interface GroupingScore {
  perProblem: ProblemScore[];
  meanF1: number;
  /** Problems whose best group has F1 >= 0.6. */
  recovered: number;
  groups: number;
}

/** Best-group precision, recall and F1 per problem, for groups given as moment id → group (absent: noise). */
export function scoreGrouping(moments: readonly LabelledMoment[], groupOf: Map<number, number>, problems: readonly string[]): GroupingScore {
  const groupSize = new Map<number, number>();
  for (const g of groupOf.values()) groupSize.set(g, (groupSize.get(g) ?? 0) + 1);
  const perProblem = problems.map((problem) => {
    const mine = moments.filter((m) => m.label === problem);
    const hits = new Map<number, number>();
    for (const m of mine) {
      const g = groupOf.get(m.id);
      if (g !== undefined) hits.set(g, (hits.get(g) ?? 0) + 1);
    }
    let best = { precision: 0, recall: 0, f1: 0 };
    for (const [g, n] of hits) {
      const precision = n / groupSize.get(g)!;
      const recall = n / (mine.length || 1);
      const f1 = (2 * precision * recall) / (precision + recall || 1);
      if (f1 > best.f1) best = { precision, recall, f1 };
    }
    return { problem, moments: mine.length, ...best, spread: hits.size };
  });
  const meanF1 = perProblem.reduce((s, p) => s + p.f1, 0) / (perProblem.length || 1);
  return { perProblem, meanF1, recovered: perProblem.filter((p) => p.f1 >= 0.6).length, groups: groupSize.size };
}

/** The majority label of each group (for counting lessons per problem). */
export function majorityLabels(moments: readonly LabelledMoment[], groupOf: Map<number, number>): Map<number, string> {
  const votes = new Map<number, Map<string, number>>();
  for (const m of moments) {
    const g = groupOf.get(m.id);
    if (g === undefined) continue;
    const v = votes.get(g) ?? new Map<string, number>();
    v.set(m.label, (v.get(m.label) ?? 0) + 1);
    votes.set(g, v);
  }
  return new Map([...votes].map(([g, v]) => [g, [...v].sort((a, b) => b[1] - a[1])[0]![0]]));
}
