import type { MapPoint, MomentKind } from '../../../shared/types.js';
import type { Db } from '../store/db.js';

/*
 * The Patterns filters (kind, project, date range) for the cluster list and the map. A moment
 * matches when its kind is the one asked for, its session's project is the one asked for, and
 * its time falls within [from, to] (whole days, inclusive; a moment without a time never
 * matches a date filter). A cluster matches when one of its members does.
 */

export interface MomentFilter {
  kind?: MomentKind;
  project?: string;
  /** YYYY-MM-DD, inclusive. */
  from?: string;
  to?: string;
}

/** The day after a YYYY-MM-DD date, so `to` includes the whole day. */
export function dayAfter(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function conditions(filter: MomentFilter): { sql: string; args: (string | null)[] } {
  const to = filter.to ? dayAfter(filter.to) : null;
  return {
    sql: `(? IS NULL OR mo.kind = ?) AND (? IS NULL OR s.project = ?) AND (? IS NULL OR mo.at >= ?) AND (? IS NULL OR mo.at < ?)`,
    args: [filter.kind ?? null, filter.kind ?? null, filter.project ?? null, filter.project ?? null, filter.from ?? null, filter.from ?? null, to, to],
  };
}

const narrows = (f: MomentFilter) => f.project !== undefined || f.from !== undefined || f.to !== undefined;

/** Ids of the clusters with at least one matching member; null when project and dates are not filtered (kind alone is a column of the cluster). */
export function clustersMatching(db: Db, model: string, filter: MomentFilter): Set<number> | null {
  if (!narrows(filter)) return null;
  const { sql, args } = conditions(filter);
  const rows = db
    .prepare<(string | null)[], { id: number }>(
      `SELECT DISTINCT cm.cluster_id AS id FROM cluster_members cm JOIN clusters c ON c.id = cm.cluster_id
       JOIN moments mo ON mo.id = cm.moment_id JOIN sessions s ON s.id = mo.session_id
       WHERE c.model = ? AND ${sql}`,
    )
    .all(model, ...args);
  return new Set(rows.map((r) => r.id));
}

/** The map points whose moments match. */
export function filterMapPoints(db: Db, points: MapPoint[], filter: MomentFilter): MapPoint[] {
  if (!narrows(filter)) return filter.kind ? points.filter((p) => p.kind === filter.kind) : points;
  const { sql, args } = conditions(filter);
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
