import type { MomentKind } from '../../../shared/types.js';
import { patternName } from '../store/clusters.js';
import type { Db } from '../store/db.js';
import { judgeTrend, recentFrom } from '../figures/trend.js';
import type { TrendDirection, TrendFlag } from '../../../shared/api.js';
import { clusterSessionCounts, filterBounds, loadSessions, WEEK_MS, type ReportFilter } from './report-data.js';

/*
 * Trends per cluster: moments per session in each calendar week (weeks start Monday 00:00
 * UTC), so a busy week of many sessions does not look like a surge of the pattern. Whether a
 * cluster is new, growing, steady, fading or quiet is judged by the one definition in
 * figures/trend.ts, relative to the end of the window (today unless "until" is given).
 */

export interface WeekRate {
  /** Monday of the week, YYYY-MM-DD. */
  week: string;
  sessions: number;
  moments: number;
  rate: number | null;
}

export type { TrendFlag } from '../../../shared/api.js';

export interface ClusterTrend {
  clusterId: number;
  kind: MomentKind;
  label: string;
  weeks: WeekRate[];
  moments: number;
  firstSeen: string | null;
  recentRate: number | null;
  earlierRate: number | null;
  /** One-sided p-value that the recent rate is higher. */
  pGrowing: number;
  flags: TrendFlag[];
  direction: TrendDirection;
}

export interface TrendOptions extends ReportFilter {
  model: string;
  recentWeeks?: number;
  newWeeks?: number;
  now?: number;
}

export interface TrendReport {
  from: string | null;
  to: string;
  sessions: number;
  /** Sessions left out because they have no start time. */
  undated: number;
  clusters: ClusterTrend[];
}

/** Monday 00:00 UTC of the week holding t. */
export function weekStart(t: number): number {
  const d = new Date(t);
  const day = (d.getUTCDay() + 6) % 7;
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day);
}

export function clusterTrends(db: Db, options: TrendOptions): TrendReport {
  const { from, to } = filterBounds(options, options.now ?? Date.now());
  const { sessions: all, undated } = loadSessions(db, options.project);
  const sessions = all.filter((s) => s.t >= from && s.t < to);
  const clusters = db
    .prepare<[string], { id: number; kind: MomentKind; label: string }>(`SELECT id, kind, ${patternName()} AS label FROM clusters WHERE model = ? ORDER BY id`)
    .all(options.model);
  const counts = clusterSessionCounts(db, clusters.map((c) => c.id));

  // Sessions per week, every week from the first session (or `since`) to the end.
  const firstWeek = weekStart(Number.isFinite(from) ? from : (sessions[0]?.t ?? to));
  const weekKeys: number[] = [];
  for (let w = firstWeek; w < to; w += WEEK_MS) weekKeys.push(w);
  const weekOf = (t: number) => Math.round((weekStart(t) - firstWeek) / WEEK_MS);
  const sessionsPerWeek = new Array<number>(weekKeys.length).fill(0);
  for (const s of sessions) sessionsPerWeek[weekOf(s.t)]++;

  const recentStart = recentFrom(to, options.recentWeeks);
  const startOf = new Map(all.map((s) => [s.id, s.t]));
  // Each session in the window once: its week and side. A cluster then walks only its own sessions
  // (clusters x sessions would be about 10^7 steps at 100k moments, seconds that hold up the UI).
  const inWindow = new Map(sessions.map((s) => [s.id, { week: weekOf(s.t), recent: s.t >= recentStart }]));
  const recentSessions = sessions.filter((s) => s.t >= recentStart).length;

  const trends = clusters.map((c): ClusterTrend => {
    const perSession = counts.get(c.id)!;
    const momentsPerWeek = new Array<number>(weekKeys.length).fill(0);
    const recent = { sessions: recentSessions, moments: 0 };
    const earlier = { sessions: sessions.length - recentSessions, moments: 0 };
    for (const [id, k] of perSession) {
      const at = inWindow.get(id);
      if (!at) continue;
      momentsPerWeek[at.week] += k;
      (at.recent ? recent : earlier).moments += k;
    }
    let first = Infinity;
    for (const id of perSession.keys()) {
      const t = startOf.get(id);
      if (t !== undefined && t < to && t < first) first = t;
    }
    const judged = judgeTrend({ earlier, recent, firstSeen: Number.isFinite(first) ? first : null, to, newWeeks: options.newWeeks });
    return {
      clusterId: c.id,
      kind: c.kind,
      label: c.label,
      weeks: weekKeys.map((w, i) => ({
        week: new Date(w).toISOString().slice(0, 10),
        sessions: sessionsPerWeek[i],
        moments: momentsPerWeek[i],
        rate: sessionsPerWeek[i] > 0 ? momentsPerWeek[i] / sessionsPerWeek[i] : null,
      })),
      moments: momentsPerWeek.reduce((a, b) => a + b, 0),
      firstSeen: Number.isFinite(first) ? new Date(first).toISOString() : null,
      recentRate: judged.recentRate,
      earlierRate: judged.earlierRate,
      pGrowing: judged.pGrowing,
      flags: judged.flags,
      direction: judged.direction,
    };
  });
  return {
    from: Number.isFinite(from) ? new Date(from).toISOString() : null,
    to: new Date(to).toISOString(),
    sessions: sessions.length,
    undated,
    clusters: trends,
  };
}
