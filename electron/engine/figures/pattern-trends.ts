import type { PatternTrendView } from '../../../shared/api.js';
import type { ClusterSummary } from '../../../shared/types.js';
import type { ReportFilter } from '../dream/report-data.js';
import { clusterTrends } from '../dream/trends.js';
import type { Db } from '../store/db.js';
import { compareTrends } from './trend.js';

/*
 * Each pattern's trend (figures/trend.ts) in a window, for lists: the Patterns screen (through
 * listClusters), `reverie clusters`. The same computation as the Dreaming report, so a pattern
 * growing in one is growing in the other.
 */

export function patternTrends(db: Db, model: string, filter: ReportFilter & { now?: number }): Map<number, PatternTrendView> {
  const report = clusterTrends(db, { model, ...filter });
  return new Map(
    report.clusters.map((c) => [
      c.clusterId,
      { direction: c.direction, flags: c.flags, firstSeen: c.firstSeen, recentRate: c.recentRate, earlierRate: c.earlierRate, pGrowing: c.pGrowing },
    ]),
  );
}

/** The clusters with their trends; `byTrend` also orders them by it (stable: the given order breaks ties). */
export function withTrends<C extends ClusterSummary>(
  clusters: C[],
  trends: Map<number, PatternTrendView>,
  byTrend = false,
): (C & { trend?: PatternTrendView })[] {
  const out = clusters.map((c) => ({ ...c, trend: trends.get(c.id) }));
  if (!byTrend) return out;
  return out
    .map((c, i) => [c, i] as const)
    .sort(([a, i], [b, j]) => (a.trend && b.trend ? compareTrends(a.trend, b.trend) : 0) || i - j)
    .map(([c]) => c);
}
