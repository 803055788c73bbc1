import { statSync } from 'node:fs';
import path from 'node:path';
import {
  ApiValidationError,
  type ClusterTrendView,
  type DetectedSourceView,
  type DreamRunView,
  type LessonEffectView,
  type TrendReportView,
} from '../../../shared/api.js';
import type { MomentKind } from '../../../shared/types.js';
import type { DreamRun } from '../dream/dream-run.js';
import { lessonEffects } from '../dream/effect.js';
import type { ReportFilter } from '../dream/report-data.js';
import { clusterTrends } from '../dream/trends.js';
import { detectSources } from '../dream/watched.js';
import type { Db } from '../store/db.js';
import { NotFoundError } from './errors.js';
import { dayAfter } from '../store/moment-filter.js';

/*
 * The dream engine as the app's API sees it: watched paths as a person types them, the
 * reports' time windows in the UI's terms (whole days, inclusive), and the engine's records
 * mapped field by field onto the shared contract, so an engine-side addition never leaks
 * into the renderer unannounced.
 */

/** Weeks of per-week rates a trend carries to the UI: a sparkline's worth, not the whole history. */
export const TREND_WEEKS_SHOWN = 12;

/** A watched path from the UI: `~` means the home folder; anything else must be absolute and exist. */
export function watchedPath(input: string, home: string): string {
  const raw = input.trim();
  const expanded = raw === '~' ? home : raw.startsWith('~/') || raw.startsWith('~\\') ? path.join(home, raw.slice(2)) : raw;
  // A relative path would be resolved against the server's working folder, which the person cannot see.
  if (!path.isAbsolute(expanded)) throw new ApiValidationError(`addWatched: path: give the full path of the folder (or start it with ~), not "${raw}"`);
  const full = path.resolve(expanded);
  try {
    statSync(full);
  } catch {
    throw new NotFoundError(`no folder or file at ${full}`);
  }
  return full;
}

/** `full` with the home folder shown as ~ (for the words "We found … in ~/.claude/projects"). */
export function homeLabel(full: string, home: string): string {
  const rel = path.relative(home, full);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? `~/${rel.split(path.sep).join('/')}` : full;
}

/** Known agent folders on this machine that are not watched yet: the one-click suggestions. */
export function unwatchedSources(db: Db, home: string): DetectedSourceView[] {
  return detectSources(db, home)
    .filter((s) => !s.watched)
    .map((s) => ({ tool: s.tool, path: s.path, label: homeLabel(s.path, home) }));
}

export function dreamRunView(r: DreamRun): DreamRunView {
  return {
    id: r.id,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    trigger: r.trigger,
    filesSeen: r.stats?.filesSeen ?? r.filesRead,
    filesRead: r.filesRead,
    filesFailed: r.stats?.filesFailed ?? 0,
    sessionsAdded: r.sessionsAdded,
    sessionsUpdated: r.sessionsUpdated,
    momentsAdded: r.momentsAdded,
    clustersNew: r.stats?.clustersNew ?? 0,
    clustersGone: r.stats?.clustersGone ?? 0,
    clustersRegrouped: r.stats?.clustersRegrouped ?? 0,
    analysisSkipped: r.stats?.analysisSkipped ?? null,
    mode: r.analysisRunId === null ? null : (r.stats?.mode ?? null),
    reclusterReason: r.stats?.reclusterReason ?? null,
    assigned: r.stats?.mode === 'incremental' ? (r.stats.assigned ?? 0) : null,
    unassigned: r.stats?.mode === 'incremental' ? (r.stats.unassigned ?? 0) : null,
    missing: r.stats?.missing ?? [],
    seconds: r.seconds,
    error: r.error,
  };
}

export interface ReportParams {
  project?: string;
  /** YYYY-MM-DD, inclusive. */
  from?: string;
  to?: string;
}

/**
 * The engine's report filter for a UI window. `to` includes its whole day; a window reaching
 * past now ends now (there are no sessions from the future, and "the last weeks" of a report
 * must be weeks that happened). An empty window is the caller's mistake: a validation error.
 */
export function reportFilter(method: string, p: ReportParams, now: number): ReportFilter {
  const until = p.to ? Math.min(Date.parse(`${dayAfter(p.to)}T00:00:00Z`), now) : undefined;
  const since = p.from ? Date.parse(`${p.from}T00:00:00Z`) : undefined;
  if (since !== undefined && since >= (until ?? now)) {
    throw new ApiValidationError(`${method}: from: the time window is empty (from must be before to, and not in the future)`);
  }
  return {
    ...(p.project !== undefined ? { project: p.project } : {}),
    ...(since !== undefined ? { since: new Date(since).toISOString() } : {}),
    ...(until !== undefined ? { until: new Date(until).toISOString() } : {}),
  };
}

/** Flagged clusters first (both flags before one), then by moments in the window. */
function byInterest(a: ClusterTrendView, b: ClusterTrendView): number {
  return b.flags.length - a.flags.length || b.moments - a.moments || a.clusterId - b.clusterId;
}

export function trendReport(
  db: Db,
  model: string,
  p: ReportParams & { kind?: MomentKind; flagged?: boolean },
  now = Date.now(),
): TrendReportView {
  const report = clusterTrends(db, { model, ...reportFilter('trends', p, now), now });
  const clusters = report.clusters
    .filter((c) => (p.kind === undefined || c.kind === p.kind) && (!p.flagged || c.flags.length > 0))
    .map(
      (c): ClusterTrendView => ({
        clusterId: c.clusterId,
        kind: c.kind,
        label: c.label,
        weeks: c.weeks.slice(-TREND_WEEKS_SHOWN),
        moments: c.moments,
        firstSeen: c.firstSeen,
        recentRate: c.recentRate,
        earlierRate: c.earlierRate,
        pGrowing: c.pGrowing,
        flags: c.flags,
        direction: c.direction,
      }),
    )
    .sort(byInterest);
  return { from: report.from, to: report.to, sessions: report.sessions, undated: report.undated, clusters };
}

export function effectReport(db: Db, p: ReportParams, now = Date.now()): LessonEffectView[] {
  return lessonEffects(db, { ...reportFilter('lessonEffects', p, now), now }).map((e) => ({
    lessonId: e.lessonId,
    clusterId: e.clusterId,
    adoptedAt: e.adoptedAt,
    windowDays: e.windowDays,
    before: e.before,
    after: e.after,
    pFewer: e.pFewer,
    pMore: e.pMore,
    verdict: e.verdict,
    helpful: e.helpful,
    harmful: e.harmful,
  }));
}
