import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type createScatterplot from 'regl-scatterplot';
import { placeLabels, shortLabel, type LabelCandidate, type PatternAnchor, type PlacedLabel } from './map-geometry.js';

type Plot = ReturnType<typeof createScatterplot>;

/** The labels' font (styles.css .map-label), for measuring their widths before they are drawn. */
const LABEL_FONT = '600 12px system-ui, -apple-system, "Segoe UI", sans-serif';
const LABEL_HEIGHT = 20;
const LABEL_PADDING = 12;

/** Measures label widths with a 2-D canvas (cached: a label's words change only with a new analysis). */
function textMeasurer(): (text: string) => number {
  const cache = new Map<string, number>();
  const ctx = document.createElement('canvas').getContext('2d');
  if (ctx) ctx.font = LABEL_FONT;
  return (text) => {
    let w = cache.get(text);
    if (w === undefined) {
      w = Math.ceil(ctx ? ctx.measureText(text).width : text.length * 7) + LABEL_PADDING;
      cache.set(text, w);
    }
    return w;
  };
}

/**
 * Pattern names placed at their patterns' centres, largest patterns first, none overlapping another,
 * re-placed (once a frame at most) whenever the view moves, the canvas resizes or the names change:
 * zoomed in, the smaller patterns in view get the room the large ones off screen left.
 * `anchors` is null until the points they index are drawn.
 */
export function useMapLabels(
  plot: RefObject<Plot | null>,
  canvas: RefObject<HTMLCanvasElement | null>,
  anchors: readonly PatternAnchor[] | null,
  names: ReadonlyMap<number, string>,
): { labels: PlacedLabel[] } {
  const [labels, setLabels] = useState<PlacedLabel[]>([]);
  const measure = useRef<((text: string) => number) | null>(null);
  const relabel = useCallback(() => {
    const sp = plot.current;
    const el = canvas.current;
    if (!sp || !el || !anchors) return setLabels([]);
    measure.current ??= textMeasurer();
    const candidates: LabelCandidate[] = [];
    for (const a of anchors) {
      const name = names.get(a.clusterId);
      if (!name) continue;
      let at: [number, number] | undefined;
      try {
        at = sp.getScreenPosition(a.index);
      } catch {
        return; // not drawn yet
      }
      if (!at) continue;
      const text = shortLabel(name);
      candidates.push({ clusterId: a.clusterId, text, x: at[0], y: at[1], width: measure.current(text), height: LABEL_HEIGHT });
    }
    setLabels(placeLabels(candidates, { width: el.clientWidth, height: el.clientHeight }));
  }, [plot, canvas, anchors, names]);

  const relabelRef = useRef(relabel);
  relabelRef.current = relabel;
  useEffect(() => relabel(), [relabel]);
  useEffect(() => {
    const sp = plot.current;
    const el = canvas.current;
    if (!sp || !el) return;
    let frame = 0;
    const soon = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        relabelRef.current();
      });
    };
    sp.subscribe('view', soon);
    const resize = new ResizeObserver(soon);
    resize.observe(el);
    return () => {
      cancelAnimationFrame(frame);
      resize.disconnect();
      sp.unsubscribe('view', soon);
    };
    // The plot is made once, on mount (ClusterMap), before this runs.
  }, [plot, canvas]);
  return { labels };
}

/** The placed labels over the map: they let the pointer through to the points under them. */
export function MapLabels({ labels, colours, selected }: { labels: readonly PlacedLabel[]; colours: ReadonlyMap<number, string>; selected: number | null }) {
  return (
    <div className="map-labels" aria-hidden="true">
      {labels.map((l) => (
        <span
          key={l.clusterId}
          className={`map-label${l.clusterId === selected ? ' selected' : ''}`}
          data-testid="map-label"
          data-cluster={l.clusterId}
          data-x={Math.round(l.x)}
          data-y={Math.round(l.y)}
          style={{ left: l.left, top: l.top, width: l.width, borderColor: colours.get(l.clusterId) }}
        >
          {l.text}
        </span>
      ))}
    </div>
  );
}
