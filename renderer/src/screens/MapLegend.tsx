import { MOMENT_KINDS } from '../../../shared/types.js';
import { NOISE, PALETTE, type ColourBy } from './map-geometry.js';

/** Patterns named in the legend (the largest); the others are in the list and on the map's labels. */
const LEGEND_PATTERNS = 6;

/**
 * What the map's colours mean, for whichever colouring is on: by pattern, the largest patterns'
 * colours (a click chooses one) and how many others share the palette; by kind, the four kinds
 * with their counts. By pattern, grey is "in no pattern".
 */
export function MapLegend({
  by,
  colours,
  patternColours,
  kindCounts,
  names,
  noise,
  onPick,
}: {
  by: ColourBy;
  /** By kind: the colour of each kind, in MOMENT_KINDS order. */
  colours: readonly string[];
  /** By pattern: each pattern's colour, largest first. */
  patternColours: ReadonlyMap<number, string>;
  kindCounts: readonly number[];
  names: ReadonlyMap<number, string>;
  /** Points in no pattern. */
  noise: number;
  onPick: (clusterId: number) => void;
}) {
  const shown = [...patternColours].slice(0, LEGEND_PATTERNS);
  const others = patternColours.size - shown.length;
  return (
    <ul className="map-legend" data-testid="map-legend" data-by={by} aria-label={by === 'kind' ? 'Colours: kind of moment' : 'Colours: pattern'}>
      {by === 'kind'
        ? MOMENT_KINDS.map((k, i) => (
            <li key={k} data-testid="legend-item">
              <span className="swatch" style={{ background: colours[i] }} /> {k} <span className="muted">{kindCounts[i].toLocaleString()}</span>
            </li>
          ))
        : shown.map(([id, colour]) => (
            <li key={id} data-testid="legend-item" data-cluster={id}>
              <button type="button" className="link legend-pick" onClick={() => onPick(id)} title={names.get(id)}>
                <span className="swatch" style={{ background: colour }} /> {names.get(id) ?? `pattern ${id}`}
              </button>
            </li>
          ))}
      {by === 'cluster' && others > 0 && (
        <li className="muted">
          and {others.toLocaleString()} more pattern{others === 1 ? '' : 's'}
          {patternColours.size > PALETTE.length ? ' (colours repeat)' : ''}
        </li>
      )}
      {by === 'cluster' && noise > 0 && (
        <li data-testid="legend-noise">
          <span className="swatch" style={{ background: NOISE }} /> in no pattern <span className="muted">{noise.toLocaleString()}</span>
        </li>
      )}
    </ul>
  );
}
