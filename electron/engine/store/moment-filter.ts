import type { MapPoint } from '../../../shared/types.js';
import { dayAfter, filtersMembers, momentConditions, type ClusterFilter } from './clusters.js';
import type { Db } from './db.js';

/*
 * The Patterns filters (kind, project, date range) for the cluster list and the map. A moment
 * matches when its kind is the one asked for, its session's project is the one asked for, and
 * its time falls within [from, to] (whole days, inclusive; a moment without a time never
 * matches a date filter). A cluster matches when one of its members does (clusters.ts
 * listClusters, in SQL).
 */

export type MomentFilter = ClusterFilter;
export { dayAfter };

/** The map points whose moments match. */
export function filterMapPoints(db: Db, points: MapPoint[], filter: MomentFilter): MapPoint[] {
  if (!filtersMembers(filter)) return filter.kind ? points.filter((p) => p.kind === filter.kind) : points;
  const { sql, args } = momentConditions(filter);
  const ids = new Set(
    db
      .prepare<(string | null)[], { id: number }>(`SELECT mo.id FROM moments mo JOIN sessions s ON s.id = mo.session_id WHERE ${sql}`)
      .all(...args)
      .map((r) => r.id),
  );
  return points.filter((p) => ids.has(p.momentId));
}

/** Projects with their session counts, most sessions first. */
export function listProjects(db: Db): { project: string; sessions: number }[] {
  return db
    .prepare<[], { project: string; sessions: number }>(
      `SELECT project, COUNT(*) AS sessions FROM sessions WHERE project IS NOT NULL AND project != '' GROUP BY project ORDER BY sessions DESC, project`,
    )
    .all();
}
