import type { Db } from '../store/db.js';
import { compareRates, ONE_SIDED_LEVEL } from './count-test.js';
import {
  clusterSessionCounts,
  countWindow,
  DAY_MS,
  filterBounds,
  loadSessions,
  parseTime,
  type ReportFilter,
} from './report-data.js';

/*
 * Does an adopted lesson work? Its date is when it reached an agent: the earlier of its
 * adoption (`reverie lesson <id> adopt [--at DATE]`) and the first export that wrote it into an
 * instructions file (a draft exported with --include-drafts counts from then too). Its cluster's moments per session are compared in two windows
 * of the same length either side of the adoption date:
 *   after  = [adopted, adopted + L),  before = [adopted − L, adopted),
 * where L is as long as the data allow: up to the end of the report window (default now),
 * no earlier than its start (`since`), and at most `maxDays` when given. Equal lengths keep
 * seasonal drift and the growth of the store from favouring either side.
 *
 * Verdict rules (in this order):
 *   'too little data'      either window has fewer than MIN_SESSIONS sessions, or there are so
 *                          few moments that even none at all after adoption could not be
 *                          significant (P(all before) > the level);
 *   'fewer since adopted'  the later rate is lower, one-sided p < 0.025 (conditional binomial);
 *   'more since adopted'   the later rate is higher, one-sided p < 0.025;
 *   'no change yet'        otherwise.
 * The helpful/harmful counters the person bumps are reported alongside, never mixed in.
 */

export type EffectVerdict = 'fewer since adopted' | 'more since adopted' | 'no change yet' | 'too little data';

export const MIN_SESSIONS = 5;

export interface WindowCounts {
  from: string;
  to: string;
  sessions: number;
  moments: number;
  /** Moments per session (null without sessions). */
  rate: number | null;
}

export interface LessonEffect {
  lessonId: number;
  title: string;
  clusterId: number;
  adoptedAt: string;
  windowDays: number;
  before: WindowCounts;
  after: WindowCounts;
  /** One-sided p-values: the rate fell / rose since adoption. */
  pFewer: number;
  pMore: number;
  verdict: EffectVerdict;
  helpful: number;
  harmful: number;
}

export interface EffectOptions extends ReportFilter {
  /** Longest window either side, in days. */
  maxDays?: number;
  /** "Now", for tests; default the clock. */
  now?: number;
}

/** The verdict from the counts of both windows (rules above). */
export function effectVerdict(
  before: { sessions: number; moments: number },
  after: { sessions: number; moments: number },
): { verdict: EffectVerdict; pFewer: number; pMore: number } {
  const cmp = compareRates(before.moments, before.sessions, after.moments, after.sessions);
  const k = before.moments + after.moments;
  const shareAfter = after.sessions / Math.max(1, before.sessions + after.sessions);
  const canShowDrop = Math.pow(1 - shareAfter, k) <= ONE_SIDED_LEVEL;
  let verdict: EffectVerdict = 'no change yet';
  if (before.sessions < MIN_SESSIONS || after.sessions < MIN_SESSIONS || !canShowDrop) verdict = 'too little data';
  else if (cmp.pLower < ONE_SIDED_LEVEL) verdict = 'fewer since adopted';
  else if (cmp.pHigher < ONE_SIDED_LEVEL) verdict = 'more since adopted';
  return { verdict, pFewer: cmp.pLower, pMore: cmp.pHigher };
}

/** The effect of every adopted lesson linked to a cluster, oldest lesson first. */
export function lessonEffects(db: Db, options: EffectOptions = {}): LessonEffect[] {
  const lessons = db
    .prepare<[], { id: number; title: string; cluster_id: number; adopted_at: string; helpful: number; harmful: number }>(
      `SELECT id, title, cluster_id, helpful, harmful,
         CASE WHEN adopted_at IS NULL OR (exported_at IS NOT NULL AND exported_at < adopted_at) THEN exported_at ELSE adopted_at END AS adopted_at
       FROM lessons
       WHERE status IN ('adopted', 'draft') AND cluster_id IS NOT NULL
         AND (adopted_at IS NOT NULL AND status = 'adopted' OR exported_at IS NOT NULL) ORDER BY id`,
    )
    .all();
  if (lessons.length === 0) return [];
  const bounds = filterBounds(options, options.now ?? Date.now());
  const { sessions } = loadSessions(db, options.project);
  const counts = clusterSessionCounts(db, [...new Set(lessons.map((l) => l.cluster_id))]);
  const iso = (t: number) => new Date(t).toISOString();

  return lessons.map((l) => {
    const adopted = parseTime(l.adopted_at, `adoption date of lesson ${l.id}`);
    let length = Math.min(bounds.to - adopted, adopted - bounds.from);
    if (options.maxDays !== undefined) length = Math.min(length, options.maxDays * DAY_MS);
    length = Math.max(0, length);
    const perSession = counts.get(l.cluster_id)!;
    const b = countWindow(sessions, perSession, adopted - length, adopted);
    const a = countWindow(sessions, perSession, adopted, adopted + length);
    const window = (from: number, to: number, c: { sessions: number; moments: number }): WindowCounts => ({
      from: iso(from),
      to: iso(to),
      ...c,
      rate: c.sessions > 0 ? c.moments / c.sessions : null,
    });
    return {
      lessonId: l.id,
      title: l.title,
      clusterId: l.cluster_id,
      adoptedAt: l.adopted_at,
      windowDays: length / DAY_MS,
      before: window(adopted - length, adopted, b),
      after: window(adopted, adopted + length, a),
      ...effectVerdict(b, a),
      helpful: l.helpful,
      harmful: l.harmful,
    };
  });
}
