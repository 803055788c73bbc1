import type { Db } from '../store/db.js';

/*
 * What every dream report reads: sessions with their start times, narrowed by a time window
 * and a project, and how many moments of a cluster each session holds. Every stored session
 * in the window counts — nothing is sampled. Sessions without a start time cannot be placed
 * in time and are left out of rates (and counted, so reports can say so).
 */

export interface ReportFilter {
  /** Only sessions of this project (as stored in sessions.project). */
  project?: string;
  /** Inclusive lower bound: an ISO date or date-time. */
  since?: string;
  /** Exclusive upper bound; default: now. */
  until?: string;
}

export interface TimedSession {
  id: number;
  /** Start, in ms since the epoch. */
  t: number;
}

export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;

/** Parses a report bound; a bad date is an error, never silently "no bound". */
export function parseTime(value: string, what = 'date'): number {
  const t = Date.parse(value);
  if (!Number.isFinite(t)) throw new Error(`${what} "${value}" is not a date (use YYYY-MM-DD or an ISO date-time)`);
  return t;
}

export interface WindowBounds {
  from: number;
  to: number;
}

export function filterBounds(filter: ReportFilter, now: number): WindowBounds {
  const from = filter.since ? parseTime(filter.since, 'since') : -Infinity;
  const to = filter.until ? parseTime(filter.until, 'until') : now;
  if (from >= to) throw new Error('the time window is empty: since must come before until');
  return { from, to };
}

/** Sessions of the project (all projects when none is given) with a start time, oldest first, all of time. */
export function loadSessions(db: Db, project?: string): { sessions: TimedSession[]; undated: number } {
  const rows = db
    .prepare<[string | null, string | null], { id: number; started_at: string | null }>(
      'SELECT id, started_at FROM sessions WHERE (? IS NULL OR project = ?)',
    )
    .all(project ?? null, project ?? null);
  const sessions: TimedSession[] = [];
  let undated = 0;
  for (const r of rows) {
    const t = r.started_at ? Date.parse(r.started_at) : NaN;
    if (Number.isFinite(t)) sessions.push({ id: r.id, t });
    else undated++;
  }
  sessions.sort((a, b) => a.t - b.t || a.id - b.id);
  return { sessions, undated };
}

/** Moments of each cluster per session: cluster id → (session id → count). */
export function clusterSessionCounts(db: Db, clusterIds: number[]): Map<number, Map<number, number>> {
  const out = new Map<number, Map<number, number>>(clusterIds.map((id) => [id, new Map()]));
  if (clusterIds.length === 0) return out;
  const stmt = db.prepare<[number], { session_id: number; n: number }>(
    `SELECT mo.session_id, count(*) AS n FROM cluster_members cm JOIN moments mo ON mo.id = cm.moment_id
     WHERE cm.cluster_id = ? GROUP BY mo.session_id`,
  );
  for (const id of clusterIds) {
    const perSession = out.get(id)!;
    for (const r of stmt.all(id)) perSession.set(r.session_id, r.n);
  }
  return out;
}

/** Sessions and moments of one cluster within [from, to). */
export function countWindow(
  sessions: TimedSession[],
  perSession: Map<number, number>,
  from: number,
  to: number,
): { sessions: number; moments: number } {
  let s = 0;
  let k = 0;
  for (const x of sessions) {
    if (x.t < from || x.t >= to) continue;
    s++;
    k += perSession.get(x.id) ?? 0;
  }
  return { sessions: s, moments: k };
}
