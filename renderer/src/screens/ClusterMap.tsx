import { useEffect, useRef, useState } from 'react';
import createScatterplot from 'regl-scatterplot';
import { MOMENT_KINDS, type MapPoint } from '../../../shared/types.js';

export type ColourBy = 'cluster' | 'kind';

const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#3b9ab2'];
const NOISE = '#9aa0a6';

/** Colour categories for the points: one per cluster (noise last, grey) or one per moment kind. */
export function categories(points: MapPoint[], by: ColourBy): { values: number[]; colours: string[] } {
  if (by === 'kind') return { values: points.map((p) => MOMENT_KINDS.indexOf(p.kind)), colours: PALETTE.slice(0, MOMENT_KINDS.length) };
  const ids = [...new Set(points.map((p) => p.clusterId).filter((c) => c >= 0))].sort((a, b) => a - b);
  const index = new Map(ids.map((id, i) => [id, i]));
  const colours = ids.map((_, i) => PALETTE[i % PALETTE.length]).concat(NOISE);
  return { values: points.map((p) => index.get(p.clusterId) ?? ids.length), colours };
}

/** Coordinates scaled into the [-1, 1] square regl-scatterplot draws. */
function normalise(values: number[]): number[] {
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  return values.map((v) => ((v - min) / span) * 1.8 - 0.9);
}

/** The WebGL map of moments: hovering a point shows its words (`describe`), clicking it opens its cluster. */
export function ClusterMap({
  points,
  by,
  selected,
  onPick,
  describe,
}: {
  points: MapPoint[];
  by: ColourBy;
  selected: number | null;
  onPick: (clusterId: number) => void;
  describe?: (momentId: number) => Promise<string>;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const plot = useRef<ReturnType<typeof createScatterplot> | null>(null);
  const pointsRef = useRef(points);
  pointsRef.current = points;
  const onPickRef = useRef(onPick);
  onPickRef.current = onPick;
  const [failed, setFailed] = useState<string | null>(null);
  const [hover, setHover] = useState<{ text: string; clusterId: number; x: number; y: number } | null>(null);
  const describeRef = useRef(describe);
  describeRef.current = describe;

  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    try {
      const { width, height } = el.getBoundingClientRect();
      const sp = createScatterplot({ canvas: el, width: Math.max(1, width), height: Math.max(1, height), pointSize: 5, lassoOnLongPress: false });
      sp.subscribe('select', ({ points: idx }: { points: number[] }) => {
        const p = pointsRef.current[idx[0]];
        if (p && p.clusterId >= 0) onPickRef.current(p.clusterId);
      });
      // Hover: the moment's words beside the cursor (fetched on demand: 100k texts stay on the server).
      let hovered = -1;
      sp.subscribe('pointOver', (index: number) => {
        hovered = index;
        const p = pointsRef.current[index];
        // Anchored to the point itself, not the cursor: the words arrive asynchronously, after the cursor may have moved on.
        const at = sp.getScreenPosition(index);
        if (!p || !at || !describeRef.current) return;
        void describeRef.current(p.momentId).then((text) => {
          if (hovered === index) setHover({ text, clusterId: p.clusterId, x: at[0], y: at[1] });
        });
      });
      sp.subscribe('pointOut', () => {
        hovered = -1;
        setHover(null);
      });
      plot.current = sp;
    } catch (err) {
      setFailed((err as Error).message);
    }
    return () => {
      plot.current?.destroy();
      plot.current = null;
    };
  }, []);

  // regl-scatterplot refuses a draw while one is running, so draws are queued and coalesced:
  // quick filter changes end on the latest points instead of a dropped draw and a stale map.
  const nextDraw = useRef<(() => Promise<void>) | null>(null);
  const drawing = useRef(false);
  useEffect(() => {
    const sp = plot.current;
    if (!sp || points.length === 0) return;
    nextDraw.current = async () => {
      const { values, colours } = categories(points, by);
      sp.set({ pointColor: colours, colorBy: 'valueA' });
      const highlight = selected === null ? [] : points.flatMap((p, i) => (p.clusterId === selected ? [i] : []));
      await sp.draw({ x: normalise(points.map((p) => p.x)), y: normalise(points.map((p) => p.y)), valueA: values });
      sp.select(highlight, { preventEvent: true });
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
  }, [points, by, selected]);

  return (
    <div className="map-wrap">
      <canvas ref={canvas} className="cluster-map" data-testid="cluster-map" aria-label={`Map of ${points.length} moments; choose clusters from the list`} />
      {hover && (
        <div className="map-tip" role="tooltip" data-testid="map-tip" data-cluster={hover.clusterId} data-x={hover.x} data-y={hover.y} style={{ left: hover.x + 12, top: hover.y + 12 }}>
          {hover.text.slice(0, 240)}
        </div>
      )}
      {failed && <p className="error">The map needs WebGL, which is not available here ({failed}). The cluster list works without it.</p>}
    </div>
  );
}
