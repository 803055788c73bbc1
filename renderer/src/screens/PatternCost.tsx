import { useEffect, useState } from 'react';
import type { PatternCostView } from '../../../shared/api-scope.js';
import { formatTokens, formatUsd } from '../../../shared/cost-format.js';
import type { ApiClient } from '../api/client.js';

/** What a pattern's mistakes cost: the tokens of the turns from each failing call to the next success, by model. */
export function PatternCostLine({ api, clusterId }: { api: ApiClient; clusterId: number }) {
  const [cost, setCost] = useState<PatternCostView | null>(null);
  const [asOf, setAsOf] = useState('');
  useEffect(() => {
    let live = true;
    api.patternCosts({ clusterIds: [clusterId] }).then(
      (r) => {
        if (!live) return;
        setCost(r.patterns[0] ?? null);
        setAsOf(r.pricesAsOf);
      },
      () => live && setCost(null),
    );
    return () => {
      live = false;
    };
  }, [api, clusterId]);
  if (!cost) return null;
  if (cost.turnsWithUsage === 0) {
    return (
      <p className="muted small" data-testid="pattern-cost">
        Cost: no token usage in these logs (Claude Code and Codex record it).
      </p>
    );
  }
  const models = cost.byModel.map((m) => `${m.model ?? 'unknown model'} ${formatTokens(m.tokens.input + m.tokens.output + m.tokens.cacheRead + m.tokens.cacheWrite)}${m.usd === null ? ' (no price on file)' : ` ${formatUsd(m.usd)}`}`);
  return (
    <p className="muted small" data-testid="pattern-cost">
      Cost: {formatTokens(cost.totalTokens)} tokens, {formatUsd(cost.usd)} over {cost.turnsWithUsage} agent turns ({models.join('; ')}; list prices of {asOf}).
    </p>
  );
}
