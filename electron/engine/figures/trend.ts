import { TREND_NEW_WEEKS, TREND_RECENT_WEEKS, type TrendDirection, type TrendFlag } from '../../../shared/api.js';
import { compareRates, ONE_SIDED_LEVEL } from '../dream/count-test.js';
import { WEEK_MS } from '../dream/report-data.js';

/*
 * The one definition of a pattern's trend, used by every screen (Patterns, Dreaming), the API and
 * the CLI (`reverie clusters`, `reverie trends`). It is always relative to the end of the window,
 * which is today unless the person chose an earlier "to": a pattern last seen two years ago is
 * quiet, never rising, however its own weeks looked back then.
 *
 *   recent    the last TREND_RECENT_WEEKS weeks before the end of the window;
 *   earlier   the rest of the window before that (all history when no "from" is given).
 *
 * Rates are moments per session on each side, so a busy week of many sessions is not a surge.
 *
 *   'growing'  the recent rate is above the earlier one by the conditional binomial test at
 *              one-sided p < 0.025, with at least MIN_SESSIONS sessions on each side and at
 *              least MIN_RECENT moments recently;
 *   'fading'   the recent rate is below the earlier one by the same test (and it still happened
 *              recently);
 *   'quiet'    not one moment in the recent weeks;
 *   'steady'   anything else: it happens recently, with no clear change.
 *
 * Besides the direction, the 'new' flag: the pattern's first moment (at any time before the end
 * of the window) falls in its last TREND_NEW_WEEKS weeks. 'growing' is also a flag, so the
 * badges, the Dreaming list and the Patterns word can never disagree.
 */

export const MIN_SESSIONS = 5;
export const MIN_RECENT = 3;

export interface WindowCounts {
  sessions: number;
  moments: number;
}

export interface TrendInput {
  earlier: WindowCounts;
  recent: WindowCounts;
  /** The pattern's first moment in ms (before the window's end), or null. */
  firstSeen: number | null;
  /** The window's end in ms (exclusive): now, or the chosen "to". */
  to: number;
  newWeeks?: number;
}

export interface TrendJudgement {
  direction: TrendDirection;
  flags: TrendFlag[];
  recentRate: number | null;
  earlierRate: number | null;
  /** One-sided p-value that the recent rate is higher. */
  pGrowing: number;
}

/** Where the recent part of a window ending at `to` begins. */
export function recentFrom(to: number, recentWeeks = TREND_RECENT_WEEKS): number {
  return to - recentWeeks * WEEK_MS;
}

export function judgeTrend(input: TrendInput): TrendJudgement {
  const { earlier, recent } = input;
  const cmp = compareRates(earlier.moments, earlier.sessions, recent.moments, recent.sessions);
  const enough = earlier.sessions >= MIN_SESSIONS && recent.sessions >= MIN_SESSIONS;
  const growing = enough && recent.moments >= MIN_RECENT && cmp.pHigher < ONE_SIDED_LEVEL;
  let direction: TrendDirection;
  if (recent.moments === 0) direction = 'quiet';
  else if (growing) direction = 'growing';
  else if (enough && cmp.pLower < ONE_SIDED_LEVEL) direction = 'fading';
  else direction = 'steady';
  const flags: TrendFlag[] = [];
  const newFrom = input.to - (input.newWeeks ?? TREND_NEW_WEEKS) * WEEK_MS;
  if (input.firstSeen !== null && input.firstSeen >= newFrom && input.firstSeen < input.to) flags.push('new');
  if (growing) flags.push('growing');
  return {
    direction,
    flags,
    recentRate: recent.sessions > 0 ? recent.moments / recent.sessions : null,
    earlierRate: earlier.sessions > 0 ? earlier.moments / earlier.sessions : null,
    pGrowing: cmp.pHigher,
  };
}

const RANK: Record<TrendDirection, number> = { growing: 3, steady: 2, fading: 1, quiet: 0 };

/** Order for "sort by trend": growing first, then steady, fading, quiet; within each, the larger rise first. */
export function compareTrends(a: TrendJudgement, b: TrendJudgement): number {
  const rise = (t: TrendJudgement) => (t.recentRate ?? 0) - (t.earlierRate ?? 0);
  return RANK[b.direction] - RANK[a.direction] || b.flags.length - a.flags.length || rise(b) - rise(a);
}
