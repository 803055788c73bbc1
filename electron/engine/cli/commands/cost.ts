import { formatTokens, formatUsd } from '../../../../shared/cost-format.js';
import { patternCosts, type PatternCost } from '../../cost/pattern-cost.js';
import { PRICES_AS_OF } from '../../cost/prices.js';
import { allClusterIds, clusterLabel } from '../../store/clusters.js';
import { CliError, type CliContext } from '../context.js';
import { embedConfig } from '../embed-config.js';

/** One line of what a pattern's mistakes cost, by model. */
export function costLine(c: PatternCost): string {
  if (c.turnsWithUsage === 0) return `no token usage recorded (${c.turns} turns; only Claude Code and Codex logs carry it)`;
  const models = c.byModel.map((m) => `${m.model ?? 'unknown model'} ${formatTokens(m.tokens.input + m.tokens.output + m.tokens.cacheRead + m.tokens.cacheWrite)}${m.usd === null ? ' (no price on file)' : ` ${formatUsd(m.usd)}`}`);
  return `${formatTokens(c.totalTokens)} tokens, ${formatUsd(c.usd)}${c.unpricedTokens ? ` + ${formatTokens(c.unpricedTokens)} unpriced` : ''} over ${c.turnsWithUsage} turns: ${models.join('; ')}`;
}

/** `reverie cost [--cluster ID] [--limit N]`: tokens and estimated cost per pattern, most expensive first. */
export function costCommand(ctx: CliContext, opts: { cluster?: string; limit?: string }): number {
  const limit = opts.limit === undefined ? undefined : Number(opts.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new CliError(`--limit takes a positive whole number, got "${opts.limit}"`);
  let ids: number[];
  if (opts.cluster !== undefined) {
    const id = Number(opts.cluster);
    if (!Number.isInteger(id) || clusterLabel(ctx.db, id) === null) throw new CliError(`no cluster ${opts.cluster} (see \`reverie clusters\`)`);
    ids = [id];
  } else {
    ids = allClusterIds(ctx.db, embedConfig(ctx).model);
  }
  const costs = patternCosts(ctx.db, ids)
    .sort((a, b) => (b.usd ?? 0) - (a.usd ?? 0) || b.totalTokens - a.totalTokens || a.clusterId - b.clusterId)
    .slice(0, limit);
  if (ctx.json) {
    ctx.out(JSON.stringify({ pricesAsOf: PRICES_AS_OF, patterns: costs }, null, 2));
    return 0;
  }
  if (costs.length === 0) {
    ctx.out('No patterns yet. Run `reverie analyze` after importing sessions.');
    return 0;
  }
  for (const c of costs) ctx.out(`${String(c.clusterId).padStart(5)}  ${c.name}\n       ${costLine(c)}`);
  ctx.out(`(list prices as of ${PRICES_AS_OF}; turns from each failing call to the next success)`);
  return 0;
}
