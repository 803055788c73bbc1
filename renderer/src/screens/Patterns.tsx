import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { TREND_MEANING, TREND_WORDS, type ApiResult } from '../../../shared/api.js';
import type { ClusterDetail, Lesson, MapColumns, MomentKind } from '../../../shared/types.js';
import type { ApiClient } from '../api/client.js';
import { useJob } from '../api/use-job.js';
import { ClusterMap, type ColourBy, type MomentNote } from './ClusterMap.js';
import { plural } from '../../../shared/words.js';
import { arrowKeys, ErrorNote, RunningJob, when } from './common.js';
import { FilterBar, filterParams, NO_FILTER, type FilterValues } from './FilterBar.js';
import { TrendBadges } from './TrendBadges.js';
import { PatternCostLine } from './PatternCost.js';

const KIND_WORDS: Record<MomentKind, string> = {
  correction: 'You corrected the agent',
  failure: 'A tool call failed',
  task: 'A task you asked for',
  preference: 'A preference you stated',
};

type Sort = 'size' | 'recent' | 'trend';

/** Clusters listed at once; "Show more" lists the next ones (the 100k benchmark makes about 1,600). */
export const CLUSTER_PAGE = 1000;

/** A listed pattern, with its trend in the listed window. */
type ListedPattern = ApiResult<'listClusters'>[number];

const NO_POINTS: MapColumns = { momentIds: [], kinds: [], clusterIds: [], x: [], y: [] };

/** A tiny SVG line of the weekly counts, scaled to the cluster's own peak. */
export function Sparkline({ weekly, width = 90, height = 22 }: { weekly: { week: string; count: number }[]; width?: number; height?: number }) {
  if (weekly.length === 0) return null;
  const peak = Math.max(1, ...weekly.map((w) => w.count));
  const step = weekly.length > 1 ? width / (weekly.length - 1) : 0;
  const pts = weekly.map((w, i) => `${(i * step).toFixed(1)},${(height - 1 - ((height - 2) * w.count) / peak).toFixed(1)}`).join(' ');
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} aria-hidden="true" data-testid="sparkline">
      <polyline points={weekly.length > 1 ? pts : `0,${height / 2} ${width},${height / 2}`} fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}

/** Patterns: analysis, the map beside the cluster list, and the chosen cluster's detail. */
export function Patterns({
  api,
  onChanged,
  onOpenSession,
  initialCluster,
  onSelectCluster,
  analyseNow,
  onAnalyseTaken,
  onOpenLesson,
  onNext,
}: {
  api: ApiClient;
  onChanged: () => void;
  onOpenSession: (id: number, messageId?: number) => void;
  initialCluster?: number | null;
  /** A cluster chosen (the app keeps it in the URL). */
  onSelectCluster?: (id: number | null) => void;
  /** Non-zero: start an analysis now (asked for by the import's next step), then onAnalyseTaken. */
  analyseNow?: number;
  onAnalyseTaken?: () => void;
  onOpenLesson?: (id: number) => void;
  /** The call to action after an analysis: writing lessons. */
  onNext?: () => void;
}) {
  const [clusters, setClusters] = useState<ListedPattern[]>([]);
  // Whether clusters past the ones listed match the filters too.
  const [more, setMore] = useState(false);
  const [points, setPoints] = useState<MapColumns>(NO_POINTS);
  const [by, setBy] = useState<ColourBy>('cluster');
  const [selected, setSelectedHere] = useState<number | null>(initialCluster ?? null);
  useEffect(() => setSelectedHere(initialCluster ?? null), [initialCluster]);
  const setSelected = useCallback(
    (id: number | null) => {
      setSelectedHere(id);
      onSelectCluster?.(id);
    },
    [onSelectCluster],
  );
  const [error, setError] = useState<string | null>(null);
  const [sort, setSort] = useState<Sort>('size');
  const [filters, setFilters] = useState<FilterValues>(NO_FILTER);

  const load = useCallback(() => {
    const filter = filterParams(filters);
    // One more than a page is asked for: it tells whether there is a next page.
    Promise.all([api.listClusters({ ...filter, sort, limit: CLUSTER_PAGE + 1 }), api.mapPoints(filter)]).then(
      ([c, p]) => {
        setClusters(c.slice(0, CLUSTER_PAGE));
        setMore(c.length > CLUSTER_PAGE);
        setPoints(p);
        setError(null);
      },
      (e: Error) => setError(e.message),
    );
  }, [api, filters, sort]);
  const showMore = () => {
    const offset = clusters.length;
    api.listClusters({ ...filterParams(filters), sort, limit: CLUSTER_PAGE + 1, offset }).then(
      (c) => {
        setClusters((shown) => (shown.length === offset ? [...shown, ...c.slice(0, CLUSTER_PAGE)] : shown));
        setMore(c.length > CLUSTER_PAGE);
      },
      (e: Error) => setError(e.message),
    );
  };
  const describe = useCallback(
    (id: number): Promise<MomentNote> => api.getMoment({ id }).then((m) => ({ text: `${m.kind}: ${m.text}`, variant: m.variant?.label ?? null })),
    [api],
  );
  const names = useMemo(() => new Map(clusters.map((c) => [c.id, c.label])), [clusters]);
  // A variant pointed at in the detail: its moments, highlighted on the map instead of the whole pattern's.
  const [variantMoments, setVariantMoments] = useState<number[] | null>(null);
  const pointedVariant = useRef<number | null>(null);
  const showVariant = useCallback(
    (variantId: number | null) => {
      pointedVariant.current = variantId;
      if (variantId === null) return setVariantMoments(null);
      api.variantMembers({ id: variantId }).then(
        (ids) => pointedVariant.current === variantId && setVariantMoments(ids),
        (e: Error) => setError(e.message),
      );
    },
    [api],
  );
  useEffect(() => showVariant(null), [selected, showVariant]);
  // The list follows the selection (made on the map, a label's pattern or the legend): its row is scrolled
  // into the list's own view, never the page's, so the map and the side panel stay where they are.
  const list = useRef<HTMLUListElement>(null);
  useEffect(() => {
    const ul = list.current;
    const row = selected === null ? null : ul?.querySelector<HTMLElement>(`li[data-cluster="${selected}"]`);
    if (!ul || !row) return;
    if (row.offsetTop < ul.scrollTop || row.offsetTop + row.offsetHeight > ul.scrollTop + ul.clientHeight) {
      ul.scrollTop = Math.max(0, row.offsetTop - (ul.clientHeight - row.offsetHeight) / 2);
    }
  }, [selected, clusters]);
  useEffect(load, [load]);
  const job = useJob(api, 'analyze', () => {
    load();
    onChanged();
  });
  const { follow } = job;
  useEffect(() => {
    if (!analyseNow) return;
    onAnalyseTaken?.();
    void follow(() => api.analyze({}));
  }, [analyseNow, onAnalyseTaken, follow, api]);

  return (
    <div>
      <div className="toolbar">
        <button type="button" className="primary" disabled={job.view.state === 'running'} onClick={() => void job.follow(() => api.analyze({}))}>
          {clusters.length ? 'Analyse again' : 'Analyse sessions'}
        </button>
        <RunningJob job={job} label="Analysing" />
        {job.view.state === 'done' && (
          <span role="status">
            Analysis finished: {plural(clusters.length, 'pattern')}.{' '}
            {onNext && clusters.length > 0 && (
              <button type="button" className="primary" data-testid="next-step" onClick={onNext}>
                Next: write drafts →
              </button>
            )}
          </span>
        )}
        {job.view.state === 'cancelled' && <span role="status">Analysis cancelled.</span>}
        <FilterBar api={api} value={filters} onChange={setFilters} onError={setError} withKind />
        <label>
          Sort by{' '}
          <select value={sort} onChange={(e) => setSort(e.target.value as Sort)} aria-label="Sort clusters by">
            <option value="size">size</option>
            <option value="recent">recency</option>
            <option value="trend">trend</option>
          </select>
        </label>
        <label>
          Colour by{' '}
          <select value={by} onChange={(e) => setBy(e.target.value as ColourBy)}>
            <option value="cluster">pattern</option>
            <option value="kind">kind</option>
          </select>
        </label>
      </div>
      <ErrorNote error={job.view.error ?? error} />
      {clusters.length === 0 && job.view.state !== 'running' && (
        <p className="muted">No patterns yet. Analyse your sessions: moments are found, embedded and clustered on this machine.</p>
      )}
      <div className="patterns">
        <div className="patterns-main">
          <ClusterMap points={points} by={by} selected={selected} onPick={setSelected} describe={describe} names={names} highlight={variantMoments} />
          <ul ref={list} className="cluster-list" data-testid="cluster-list" aria-label="Clusters (arrow keys move)" onKeyDown={arrowKeys}>
            {clusters.map((c) => (
              <li key={c.id} data-cluster={c.id}>
                <button
                  type="button"
                  data-testid="cluster-item"
                  data-nav
                  className={`cluster-item${selected === c.id ? ' selected' : ''}`}
                  aria-pressed={selected === c.id}
                  onClick={() => setSelected(c.id)}
                >
                  <span className={`kind kind-${c.kind}`}>{c.kind}</span> <span className="title">{c.label}</span> <TrendBadges trend={c.trend} />
                  <span className="cluster-facts">
                    <span className="muted small">
                      {c.size} moments · {c.sessions} sessions · last {when(c.lastSeen).slice(0, 10)} ·{' '}
                      {c.trend && (
                        <span data-testid="trend" data-direction={c.trend.direction} title={TREND_MEANING[c.trend.direction]}>
                          {TREND_WORDS[c.trend.direction]}
                        </span>
                      )}
                    </span>
                    <Sparkline weekly={c.weekly} />
                  </span>
                </button>
              </li>
            ))}
          </ul>
          {more && (
            <p className="muted small">
              The first {clusters.length.toLocaleString()} clusters are listed.{' '}
              <button type="button" className="link" data-testid="more-clusters" onClick={showMore}>
                Show more
              </button>
            </p>
          )}
        </div>
        {/* Beside the map, kept in view while the page scrolls to the list. */}
        <aside className="side-panel" data-testid="side-panel" aria-label="Chosen pattern">
          {selected !== null ? (
            <ClusterDetailView api={api} id={selected} onOpenSession={onOpenSession} onOpenLesson={onOpenLesson} onVariant={showVariant} />
          ) : (
            clusters.length > 0 && <p className="muted">Choose a pattern on the map, in its legend or in the list: its moments, variants and lesson show here.</p>
          )}
        </aside>
      </div>
    </div>
  );
}

function ClusterDetailView({
  api,
  id,
  onOpenSession,
  onOpenLesson,
  onVariant,
}: {
  api: ApiClient;
  id: number;
  onOpenSession: (id: number, messageId?: number) => void;
  onOpenLesson?: (id: number) => void;
  /** A variant pointed at (null: none any more), for the map's highlight. */
  onVariant?: (variantId: number | null) => void;
}) {
  const [detail, setDetail] = useState<ClusterDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [lessons, setLessons] = useState<Lesson[]>([]);
  const [writing, setWriting] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.getCluster({ id }).then(
      (d) => live && (setDetail(d), setError(null)),
      (e: Error) => live && setError(e.message),
    );
    api.listLessons({ includeRetired: true }).then(
      (all) => live && setLessons(all.filter((l) => l.clusterId === id)),
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [api, id]);
  // A local draft for this pattern only, then its card.
  const writeLesson = async () => {
    setWriting('Writing…');
    try {
      const r = await api.writeOfflineLessons({ clusterIds: [id] });
      const mine = (await api.listLessons({ includeRetired: true })).filter((l) => l.clusterId === id);
      setLessons(mine);
      if (mine[0] && onOpenLesson) onOpenLesson(mine[0].id);
      else setWriting(r.skipped[0]?.reason ?? 'No lesson was written.');
    } catch (e) {
      setWriting((e as Error).message);
    }
  };
  if (error) return <ErrorNote error={error} />;
  if (!detail) return null;
  const peak = Math.max(1, ...detail.weekly.map((w) => w.count));
  return (
    <section className="card" data-testid="cluster-detail" aria-label={`Cluster ${detail.label}`}>
      <h3>{detail.label}</h3>
      <p>
        {KIND_WORDS[detail.kind]} — {plural(detail.size, 'time')} in {plural(detail.sessions, 'session')} across {plural(detail.projects, 'project')}, from{' '}
        {when(detail.firstSeen).slice(0, 10)} to {when(detail.lastSeen).slice(0, 10)}.
      </p>
      <p className="muted">Keywords: {detail.keywords.join(', ')}</p>
      <PatternCostLine api={api} clusterId={detail.id} />
      {detail.variants && detail.variants.length > 1 && (
        <details data-testid="pattern-variants" open>
          <summary>
            {detail.variants.length} ways it showed up ({Object.entries(detail.kinds ?? {})
              .map(([k, n]) => `${n} ${k}${n === 1 ? '' : 's'}`)
              .join(', ')})
          </summary>
          <ul>
            {detail.variants.map((v) => (
              <li key={v.id}>
                {/* Pointing at a variant (or focusing it) shows just its moments on the map. */}
                <button
                  type="button"
                  className="variant"
                  data-testid="variant"
                  data-variant={v.id}
                  title="Shows its moments on the map"
                  onMouseEnter={() => onVariant?.(v.id)}
                  onFocus={() => onVariant?.(v.id)}
                  onMouseLeave={() => onVariant?.(null)}
                  onBlur={() => onVariant?.(null)}
                >
                  <span className="muted">{v.kind}, {v.size}×</span> {v.label}
                </button>
              </li>
            ))}
          </ul>
        </details>
      )}
      <p className="row" data-testid="cluster-lesson">
        {lessons.map((l) => (
          <button key={l.id} type="button" className="link" data-testid="open-lesson" onClick={() => onOpenLesson?.(l.id)}>
            Lesson ({l.status}): {l.title} →
          </button>
        ))}
        {lessons.length === 0 && (
          <button type="button" data-testid="write-lesson" disabled={writing === 'Writing…'} onClick={() => void writeLesson()}>
            Write a lesson for this pattern
          </button>
        )}
        {writing && writing !== 'Writing…' && <span className="muted small">{writing}</span>}
      </p>
      <div className="weekly" aria-label="Moments per week">
        {detail.weekly.map((w) => (
          <span key={w.week} title={`${w.week}: ${w.count}`} style={{ height: `${(100 * w.count) / peak}%` }} />
        ))}
      </div>
      <ol className="members">
        {detail.members.slice(0, 30).map((m) => (
          <li key={m.id}>
            <q>{m.text.slice(0, 300)}</q>{' '}
            <button type="button" className="link" onClick={() => onOpenSession(m.sessionId, m.messageId)}>
              {m.sessionTitle ?? `session ${m.sessionId}`} →
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}
