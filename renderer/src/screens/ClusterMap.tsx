import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import createScatterplot from 'regl-scatterplot';
import { MOMENT_KINDS, type MapColumns } from '../../../shared/types.js';

export type ColourBy = 'cluster' | 'kind';

const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#3b9ab2'];
const NOISE = '#9aa0a6';

/** Colour categories for the points: one per cluster (noise last, grey) or one per moment kind (the kinds column is already that index). */
export function categories(points: MapColumns, by: ColourBy): { values: number[]; colours: string[] } {
  if (by === 'kind') return { values: points.kinds, colours: PALETTE.slice(0, MOMENT_KINDS.length) };
  const ids = [...new Set(points.clusterIds.filter((c) => c >= 0))].sort((a, b) => a - b);
  const index = new Map(ids.map((id, i) => [id, i]));
  const colours = ids.map((_, i) => PALETTE[i % PALETTE.length]).concat(NOISE);
  return { values: points.clusterIds.map((c) => index.get(c) ?? ids.length), colours };
}

/**
 * Coordinates scaled into the [-1, 1] square regl-scatterplot draws. The bounds come from a loop:
 * Math.min(...values) passes every value as an argument and overflows the stack beyond ~120k points.
 */
export function normalise(values: number[]): number[] {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const span = max - min || 1;
  return values.map((v) => ((v - min) / span) * 1.8 - 0.9);
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
 * so the cursor keeps to the arrow's line. `from` = -1 starts at the point nearest the centre.
 * Returns `from` when nothing lies that way.
 */
export function nextPoint(xs: readonly number[], ys: readonly number[], from: number, direction: Direction): number {
  let best = from;
  let bestCost = Infinity;
  if (from < 0) {
    for (let i = 0; i < xs.length; i++) {
      const cost = xs[i] * xs[i] + ys[i] * ys[i];
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

/**
 * The WebGL map of moments: hovering a point shows its words (`describe`), clicking it opens its
 * cluster. From the keyboard, the focused map moves a cursor from point to point with the arrow
 * keys (the tip shows its words and a live region reads them out with the cluster's `label`),
 * Enter opens its cluster, Escape clears it.
 */
export function ClusterMap({
  points,
  by,
  selected,
  onPick,
  describe,
  label,
}: {
  /** The points as the API sends them: parallel columns, drawn without making an object per point. */
  points: MapColumns;
  by: ColourBy;
  selected: number | null;
  onPick: (clusterId: number) => void;
  describe?: (momentId: number) => Promise<string>;
  /** A cluster's label, for the announcement. */
  label?: (clusterId: number) => string | undefined;
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
  // Points on screen after the last finished draw (tests wait for it before pointing or pressing keys).
  const [drawn, setDrawn] = useState(0);
  const [hover, setHover] = useState<{ text: string; clusterId: number; x: number; y: number } | null>(null);
  const describeRef = useRef(describe);
  describeRef.current = describe;
  const labelRef = useRef(label);
  labelRef.current = label;
  // The keyboard cursor (a point index, -1 for none) and what the live region says about it.
  const cursor = useRef(-1);
  // The hover handlers, so the keyboard cursor shows a point the way the pointer does.
  const pointer = useRef<{ show: (index: number) => void; hide: () => void } | null>(null);
  const [announce, setAnnounce] = useState<{ text: string; momentId: number | null }>({ text: '', momentId: null });
  // The moment under the keyboard cursor, on the canvas as data-cursor (the announcement catches up when its words arrive).
  const [cursorMoment, setCursorMoment] = useState<number | null>(null);
  const count = points.momentIds.length;
  const coords = useMemo(() => ({ x: normalise(points.x), y: normalise(points.y) }), [points]);
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
      const sp = createScatterplot({ canvas: el, width: 'auto', height: el.clientHeight || 420, pointSize: 5, lassoOnLongPress: false });
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
        void describeRef.current(momentId).then((text) => {
          if (hovered !== index) return;
          setHover({ text, clusterId, x: at[0], y: at[1] });
          if (cursor.current === index) {
            const where = clusterId >= 0 ? `cluster ${labelRef.current?.(clusterId) ?? clusterId}` : 'not in a cluster';
            setAnnounce({ text: `${text.slice(0, 200)} — ${where}`, momentId });
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

  // regl-scatterplot refuses a draw while one is running, so draws are queued and coalesced:
  // quick filter changes end on the latest points instead of a dropped draw and a stale map.
  // A draw uploads every point and rebuilds the picking index (hundreds of ms at 100k points), so
  // only new points or colours draw; choosing a cluster only changes the highlight (below).
  const nextDraw = useRef<(() => Promise<void>) | null>(null);
  const drawing = useRef(false);
  // The points the plot holds after its last finished draw (the highlight's indices refer to them).
  const drawnPoints = useRef<MapColumns | null>(null);
  useEffect(() => {
    const sp = plot.current;
    if (!sp || count === 0) return;
    nextDraw.current = async () => {
      const { values, colours } = categories(points, by);
      sp.set({ pointColor: colours, colorBy: 'valueA' });
      drawnPoints.current = null;
      await sp.draw({ x: coords.x, y: coords.y, valueA: values });
      drawnPoints.current = points;
      sp.select(membersOf(points, selectedRef.current), { preventEvent: true });
      setDrawn(points.momentIds.length);
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
  }, [points, count, coords, by]);

  // A new choice of cluster highlights its members on the points already drawn (a draw under way applies it when done).
  useEffect(() => {
    const sp = plot.current;
    if (!sp || drawnPoints.current !== points) return;
    sp.select(membersOf(points, selected), { preventEvent: true });
  }, [points, selected]);

  const onKeyDown = (e: KeyboardEvent<HTMLCanvasElement>) => {
    const sp = plot.current;
    if (!sp || count === 0) return;
    const direction = ARROWS[e.key];
    if (direction) {
      e.preventDefault(); // not a page scroll
      const next = nextPoint(coords.x, coords.y, cursor.current, direction);
      if (next === cursor.current) return;
      cursor.current = next;
      setCursorMoment(points.momentIds[next]);
      // As if the pointer were on it: highlighted, with its tip (and, being the cursor, its announcement).
      sp.hover(next, { showReticleOnce: true, preventEvent: true });
      pointer.current?.show(next);
    } else if (e.key === 'Enter' && cursor.current >= 0) {
      const clusterId = points.clusterIds[cursor.current];
      if (clusterId >= 0) onPick(clusterId);
      else setAnnounce({ text: 'This moment is not in a cluster.', momentId: points.momentIds[cursor.current] ?? null });
    } else if (e.key === 'Escape' && cursor.current >= 0) {
      cursor.current = -1;
      sp.hover(-1, { preventEvent: true });
      pointer.current?.hide();
      setCursorMoment(null);
      setAnnounce({ text: '', momentId: null });
    }
  };

  return (
    <div className="map-wrap">
      <canvas
        ref={canvas}
        className="cluster-map"
        data-testid="cluster-map"
        data-drawn={drawn}
        data-cursor={cursorMoment ?? undefined}
        tabIndex={0}
        // The focus ring inside the canvas: the frame around the map clips anything outside it.
        style={{ outlineOffset: -3 }}
        onKeyDown={onKeyDown}
        aria-label={`Map of ${count} moments: arrow keys move between points, Enter opens a point's cluster, Escape clears`}
      />
      <div className="visually-hidden" aria-live="polite" data-testid="map-announce" data-moment={announce.momentId ?? undefined}>
        {announce.text}
      </div>
      {hover && (
        <div className="map-tip" role="tooltip" data-testid="map-tip" data-cluster={hover.clusterId} data-x={hover.x} data-y={hover.y} style={{ left: hover.x + 12, top: hover.y + 12 }}>
          {hover.text.slice(0, 240)}
        </div>
      )}
      {failed && <p className="error">The map needs WebGL, which is not available here ({failed}). The cluster list works without it.</p>}
    </div>
  );
}
