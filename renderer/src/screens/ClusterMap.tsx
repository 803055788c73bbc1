import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import createScatterplot from 'regl-scatterplot';
import { MOMENT_KINDS, type MapColumns } from '../../../shared/types.js';
import { bulkBox, categories, fullBox, normalise, patternAnchors, pointSizeFor, type ColourBy } from './map-geometry.js';
import { MapLabels, useMapLabels } from './MapLabels.js';
import { MapLegend } from './MapLegend.js';

export type { ColourBy } from './map-geometry.js';

/** Point index by moment id, made once per set of points (only when a variant is first pointed at). */
const indexByMoment = new WeakMap<MapColumns, Map<number, number>>();

/** Indices of the points of these moments (those on the map), for a variant's highlight. */
function indicesOf(points: MapColumns, momentIds: readonly number[]): number[] {
  let index = indexByMoment.get(points);
  if (!index) {
    index = new Map(points.momentIds.map((id, i) => [id, i]));
    indexByMoment.set(points, index);
  }
  return momentIds.flatMap((id) => index.get(id) ?? []);
}

/** Indices of the points in a cluster (none for no cluster), for the highlight. */
function membersOf(points: MapColumns, clusterId: number | null): number[] {
  if (clusterId === null) return [];
  const out: number[] = [];
  points.clusterIds.forEach((c, i) => c === clusterId && out.push(i));
  return out;
}

export type Direction = 'left' | 'right' | 'up' | 'down';
const ARROWS: Record<string, Direction> = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' };
const STEP: Record<Direction, [number, number]> = { right: [1, 0], left: [-1, 0], up: [0, 1], down: [0, -1] };

/**
 * The keyboard cursor's next point from `from` in a direction, on the normalised coordinates
 * (y grows upwards, as drawn): the nearest point ahead, where sideways distance counts twice
 * so the cursor keeps to the arrow's line. `from` = -1 starts at the point nearest `centre` (the
 * middle of the view). Returns `from` when nothing lies that way.
 */
export function nextPoint(xs: readonly number[], ys: readonly number[], from: number, direction: Direction, centre: readonly [number, number] = [0, 0]): number {
  let best = from;
  let bestCost = Infinity;
  if (from < 0) {
    for (let i = 0; i < xs.length; i++) {
      const cost = (xs[i] - centre[0]) ** 2 + (ys[i] - centre[1]) ** 2;
      if (cost < bestCost) [best, bestCost] = [i, cost];
    }
    return best;
  }
  const [dx, dy] = STEP[direction];
  for (let i = 0; i < xs.length; i++) {
    const vx = xs[i] - xs[from];
    const vy = ys[i] - ys[from];
    const ahead = vx * dx + vy * dy;
    if (ahead <= 0) continue;
    const cost = ahead + 2 * Math.abs(vx * dy - vy * dx);
    if (cost < bestCost) [best, bestCost] = [i, cost];
  }
  return best;
}

/** A moment's words for the hover tip, with the variant of its pattern it belongs to. */
export interface MomentNote {
  text: string;
  variant: string | null;
}

/**
 * The WebGL map of moments, fitted to the bulk of the points (2nd to 98th percentile on each axis:
 * a few outliers no longer squeeze the rest into a blob; zoom, pan or "Show all points" reach them),
 * with the names of the largest patterns in view at their centres and a legend of the colours.
 * Hovering a point shows its words, its pattern and variant (`describe`); clicking it opens its
 * pattern. From the keyboard, the focused map moves a cursor from point to point with the arrow
 * keys (the tip shows its words and a live region reads them out with the pattern's name),
 * Enter opens its pattern, Escape clears it.
 */
export function ClusterMap({
  points,
  by,
  selected,
  onPick,
  describe,
  names,
  highlight = null,
}: {
  /** The points as the API sends them: parallel columns, drawn without making an object per point. */
  points: MapColumns;
  by: ColourBy;
  selected: number | null;
  onPick: (clusterId: number) => void;
  describe?: (momentId: number) => Promise<MomentNote>;
  /** Pattern names by id, for the labels, the legend and the announcement. */
  names: ReadonlyMap<number, string>;
  /** Moments to highlight instead of the chosen pattern's (a variant pointed at in the detail). */
  highlight?: readonly number[] | null;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const plot = useRef<ReturnType<typeof createScatterplot> | null>(null);
  const pointsRef = useRef(points);
  pointsRef.current = points;
  const onPickRef = useRef(onPick);
  onPickRef.current = onPick;
  const selectedRef = useRef(selected);
  selectedRef.current = selected;
  const [failed, setFailed] = useState<string | null>(null);
  // Points on screen after the last finished draw and fit (tests wait for it before pointing or pressing keys).
  const [drawn, setDrawn] = useState(0);
  // The columns of that draw: labels are placed on those points only.
  const [drawnColumns, setDrawnColumns] = useState<MapColumns | null>(null);
  const [hover, setHover] = useState<{ note: MomentNote; clusterId: number; x: number; y: number } | null>(null);
  const describeRef = useRef(describe);
  describeRef.current = describe;
  const namesRef = useRef(names);
  namesRef.current = names;
  // The keyboard cursor (a point index, -1 for none) and what the live region says about it.
  const cursor = useRef(-1);
  // The hover handlers, so the keyboard cursor shows a point the way the pointer does.
  const pointer = useRef<{ show: (index: number) => void; hide: () => void } | null>(null);
  const [announce, setAnnounce] = useState<{ text: string; momentId: number | null }>({ text: '', momentId: null });
  // The moment under the keyboard cursor, on the canvas as data-cursor (the announcement catches up when its words arrive).
  const [cursorMoment, setCursorMoment] = useState<number | null>(null);
  const count = points.momentIds.length;
  const coords = useMemo(() => ({ x: normalise(points.x), y: normalise(points.y) }), [points]);
  const cats = useMemo(() => categories(points, by), [points, by]);
  const boxes = useMemo(() => (count ? { bulk: bulkBox(coords.x, coords.y), all: fullBox(coords.x, coords.y) } : null), [coords, count]);
  // Which fit the view shows: set by a fit, cleared when the person zooms or pans.
  const [view, setView] = useState<'bulk' | 'all' | null>(null);
  const kindCounts = useMemo(() => {
    const n = new Array<number>(MOMENT_KINDS.length).fill(0);
    for (const k of points.kinds) n[k]++;
    return n;
  }, [points]);
  const noise = useMemo(() => points.clusterIds.reduce((n, c) => (c < 0 ? n + 1 : n), 0), [points]);
  useEffect(() => {
    cursor.current = -1;
    setCursorMoment(null);
    setAnnounce({ text: '', momentId: null });
  }, [points]);

  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    try {
      // Sized by its box in width ('auto': regl-scatterplot follows it with a ResizeObserver), so the map and
      // its pointer picking stay right when the window or the list beside it changes width. The height is
      // the stylesheet's, fixed: 'auto' makes the canvas 100% of a frame whose height comes from the canvas,
      // and when a resize lands mid-frame (slow frames at 100k points) the two grow each other without end.
      // Points keep their size on zoom ('constant'): the fitted view zooms in, and zooming in is for telling points apart.
      const sp = createScatterplot({ canvas: el, width: 'auto', height: el.clientHeight || 420, pointSize: 5, pointScaleMode: 'constant', lassoOnLongPress: false });
      sp.subscribe('select', ({ points: idx }: { points: number[] }) => {
        const clusterId = pointsRef.current.clusterIds[idx[0]];
        if (clusterId === undefined || clusterId < 0) return;
        // A point of the cluster already chosen: the click selected just that point, so the whole cluster is highlighted again.
        if (clusterId === selectedRef.current) sp.select(membersOf(pointsRef.current, clusterId), { preventEvent: true });
        onPickRef.current(clusterId);
      });
      // Hover: the moment's words beside the cursor (fetched on demand: 100k texts stay on the server).
      let hovered = -1;
      const show = (index: number) => {
        hovered = index;
        const momentId = pointsRef.current.momentIds[index];
        const clusterId = pointsRef.current.clusterIds[index];
        // Anchored to the point itself, not the cursor: the words arrive asynchronously, after the cursor may have moved on.
        let at: [number, number] | undefined;
        try {
          at = sp.getScreenPosition(index);
        } catch {
          return; // not drawn yet
        }
        if (momentId === undefined || !at || !describeRef.current) return;
        void describeRef.current(momentId).then((note) => {
          if (hovered !== index) return;
          setHover({ note, clusterId, x: at[0], y: at[1] });
          if (cursor.current === index) {
            const where = clusterId >= 0 ? `pattern ${namesRef.current.get(clusterId) ?? clusterId}` : 'not in a pattern';
            setAnnounce({ text: `${note.text.slice(0, 200)} — ${where}${note.variant ? `, variant ${note.variant}` : ''}`, momentId });
          }
        });
      };
      const hide = () => {
        hovered = -1;
        setHover(null);
      };
      sp.subscribe('pointOver', show);
      sp.subscribe('pointOut', hide);
      pointer.current = { show, hide };
      plot.current = sp;
    } catch (err) {
      setFailed((err as Error).message);
    }
    return () => {
      plot.current?.destroy();
      plot.current = null;
      pointer.current = null;
    };
  }, []);

  const anchors = useMemo(() => (count ? patternAnchors(points.clusterIds, coords.x, coords.y) : null), [points, coords, count]);
  const { labels } = useMapLabels(plot, canvas, drawnColumns === points ? anchors : null, names);
  // A zoom or a drag by the person: the view is no longer one of the fits.
  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    const moved = () => setView(null);
    const dragged = (e: PointerEvent) => e.buttons !== 0 && moved();
    el.addEventListener('wheel', moved, { passive: true });
    el.addEventListener('pointermove', dragged);
    return () => {
      el.removeEventListener('wheel', moved);
      el.removeEventListener('pointermove', dragged);
    };
  }, []);
  const fit = useCallback(
    async (which: 'bulk' | 'all') => {
      const sp = plot.current;
      if (!sp || !boxes) return;
      await sp.zoomToArea(boxes[which]);
      setView(which);
    },
    [boxes],
  );

  // regl-scatterplot refuses a draw while one is running, so draws are queued and coalesced:
  // quick filter changes end on the latest points instead of a dropped draw and a stale map.
  // A draw uploads every point and rebuilds the picking index (hundreds of ms at 100k points), so
  // only new points or colours draw; choosing a cluster only changes the highlight (below).
  // New points are fitted to their bulk; new colours keep the view the person chose.
  const nextDraw = useRef<(() => Promise<void>) | null>(null);
  const drawing = useRef(false);
  // The points the plot holds after its last finished draw (the highlight's indices refer to them).
  const drawnPoints = useRef<MapColumns | null>(null);
  useEffect(() => {
    const sp = plot.current;
    if (!sp || count === 0 || !boxes) return;
    nextDraw.current = async () => {
      const { values, colours } = cats;
      sp.set({ pointColor: colours, colorBy: 'valueA', pointSize: pointSizeFor(points.momentIds.length) });
      const fresh = drawnPoints.current !== points;
      drawnPoints.current = null;
      await sp.draw({ x: coords.x, y: coords.y, valueA: values });
      if (fresh) {
        await sp.zoomToArea(boxes.bulk);
        setView('bulk');
      }
      drawnPoints.current = points;
      sp.select(membersOf(points, selectedRef.current), { preventEvent: true });
      setDrawn(points.momentIds.length);
      setDrawnColumns(points);
    };
    if (drawing.current) return;
    drawing.current = true;
    void (async () => {
      while (nextDraw.current && plot.current === sp) {
        const draw = nextDraw.current;
        nextDraw.current = null;
        try {
          await draw();
        } catch (err) {
          if (plot.current === sp) setFailed((err as Error).message); // else the map was closed mid-draw
        }
      }
      drawing.current = false;
    })();
  }, [points, count, coords, cats, boxes]);

  // A new choice of cluster highlights its members on the points already drawn (a draw under way applies it when done);
  // a variant pointed at highlights just its own.
  const [highlighted, setHighlighted] = useState(0);
  useEffect(() => {
    const sp = plot.current;
    if (!sp || drawnPoints.current !== points) return;
    const chosen = highlight ? indicesOf(points, highlight) : membersOf(points, selected);
    sp.select(chosen, { preventEvent: true });
    setHighlighted(chosen.length);
  }, [points, selected, highlight, drawn]);

  const onKeyDown = (e: KeyboardEvent<HTMLCanvasElement>) => {
    const sp = plot.current;
    if (!sp || count === 0) return;
    const direction = ARROWS[e.key];
    if (direction) {
      e.preventDefault(); // not a page scroll
      // The first point is the one nearest the middle of the fitted bulk, where the view opens.
      const middle = boxes ? ([boxes.bulk.x + boxes.bulk.width / 2, boxes.bulk.y + boxes.bulk.height / 2] as const) : undefined;
      const next = nextPoint(coords.x, coords.y, cursor.current, direction, middle);
      if (next === cursor.current) return;
      cursor.current = next;
      setCursorMoment(points.momentIds[next]);
      // As if the pointer were on it: highlighted, with its tip (and, being the cursor, its announcement).
      sp.hover(next, { showReticleOnce: true, preventEvent: true });
      pointer.current?.show(next);
    } else if (e.key === 'Enter' && cursor.current >= 0) {
      const clusterId = points.clusterIds[cursor.current];
      if (clusterId >= 0) onPick(clusterId);
      else setAnnounce({ text: 'This moment is not in a pattern.', momentId: points.momentIds[cursor.current] ?? null });
    } else if (e.key === 'Escape' && cursor.current >= 0) {
      cursor.current = -1;
      sp.hover(-1, { preventEvent: true });
      pointer.current?.hide();
      setCursorMoment(null);
      setAnnounce({ text: '', momentId: null });
    }
  };

  return (
    <div className="map-column">
      <div className="map-wrap">
        <canvas
          ref={canvas}
          className="cluster-map"
          data-testid="cluster-map"
          data-drawn={drawn}
          data-view={view ?? 'moved'}
          data-highlighted={highlighted}
          data-cursor={cursorMoment ?? undefined}
          tabIndex={0}
          // The focus ring inside the canvas: the frame around the map clips anything outside it.
          style={{ outlineOffset: -3 }}
          onKeyDown={onKeyDown}
          aria-label={`Map of ${count} moments: arrow keys move between points, Enter opens a point's pattern, Escape clears`}
        />
        <MapLabels labels={labels} colours={cats.patternColours} selected={selected} />
        <div className="visually-hidden" aria-live="polite" data-testid="map-announce" data-moment={announce.momentId ?? undefined}>
          {announce.text}
        </div>
        {hover && (
          <div
            className="map-tip"
            role="tooltip"
            data-testid="map-tip"
            data-cluster={hover.clusterId}
            data-variant={hover.note.variant ?? undefined}
            data-x={hover.x}
            data-y={hover.y}
            style={{ left: hover.x + 12, top: hover.y + 12 }}
          >
            <span data-testid="tip-text">{hover.note.text.slice(0, 240)}</span>
            {hover.clusterId >= 0 && (
              <span className="tip-pattern" data-testid="tip-pattern">
                {' '}
                Pattern: {names.get(hover.clusterId) ?? hover.clusterId}
                {hover.note.variant && <> · variant: {hover.note.variant}</>}
              </span>
            )}
          </div>
        )}
        {failed && <p className="error">The map needs WebGL, which is not available here ({failed}). The pattern list works without it.</p>}
      </div>
      {count > 0 && (
        <div className="map-under">
          <MapLegend by={by} colours={cats.colours} patternColours={cats.patternColours} kindCounts={kindCounts} names={names} noise={noise} onPick={onPick} />
          <span className="row map-fit">
            <button type="button" data-testid="map-fit" aria-pressed={view === 'bulk'} onClick={() => void fit('bulk')}>
              Fit to most points
            </button>
            <button type="button" data-testid="map-show-all" aria-pressed={view === 'all'} onClick={() => void fit('all')}>
              Show all points
            </button>
          </span>
        </div>
      )}
    </div>
  );
}
