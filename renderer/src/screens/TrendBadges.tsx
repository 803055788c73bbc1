import type { PatternTrendView } from '../../../shared/api.js';

const rate = (r: number | null) => (r === null ? '–' : r.toFixed(2));

/**
 * "new" and "↑ growing" beside a cluster, with the reason in the tooltip and for screen
 * readers. Nothing when the cluster is not flagged (or its trend is not known yet).
 */
export function TrendBadges({ trend }: { trend: PatternTrendView | undefined }) {
  if (!trend || trend.flags.length === 0) return null;
  return (
    <span className="trend-badges">
      {trend.flags.includes('new') && (
        <span
          className="badge trend-new"
          data-testid="trend-badge"
          data-flag="new"
          title={`New: first seen ${trend.firstSeen?.slice(0, 10) ?? 'recently'}, in the last two weeks of the window`}
        >
          new
        </span>
      )}
      {trend.flags.includes('growing') && (
        <span
          className="badge trend-growing"
          data-testid="trend-badge"
          data-flag="growing"
          title={`Growing: ${rate(trend.recentRate)} per session in the last four weeks against ${rate(trend.earlierRate)} before (p = ${trend.pGrowing.toPrecision(2)})`}
        >
          ↑ growing
        </span>
      )}
    </span>
  );
}
