import { TREND_WORDS } from '../../../../shared/api.js';
import { patternCosts } from '../../cost/pattern-cost.js';
import { costLine } from './cost.js';
import { MOMENT_KINDS, type MomentKind } from '../../../../shared/types.js';
import { runAnalysis } from '../../analyze/run-analysis.js';
import { clusterVectors } from '../../cluster/cluster-texts.js';
import { clusterKeywords, labelFromKeywords } from '../../cluster/keywords.js';
import { readTexts } from '../../cluster/read-texts.js';
import { closeEmbedPools, embedTexts } from '../../embed/embed-texts.js';
import { patternTrends } from '../../figures/pattern-trends.js';
import { getCluster, listClusters, patternFacts, type ClusterSort } from '../../store/clusters.js';
import { CliError, type CliContext } from '../context.js';
import { embedConfig } from '../embed-config.js';
import { progressBar } from '../progress.js';

function withCancel<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  return run(controller.signal).finally(() => process.off('SIGINT', onSigint));
}

/** `reverie analyze`: moments, embeddings, index, clusters and map, incrementally. */
export async function analyzeCommand(ctx: CliContext): Promise<number> {
  const { model, modelsDir } = embedConfig(ctx);
  const bar = progressBar(!ctx.json);
  try {
    const stats = await withCancel((signal) =>
      runAnalysis(ctx.db, { dataDir: ctx.dataDir, model, modelsDir, signal, onProgress: bar.update }),
    );
    bar.stop();
    if (ctx.json) ctx.out(JSON.stringify(stats, null, 2));
    else {
      ctx.out(
        `Scanned ${stats.sessionsScanned} new or changed sessions: ${stats.momentsAdded} moments added, ${stats.momentsRemoved} removed.`,
      );
      ctx.out(`Moments found by ${stats.detectors}.`);
      ctx.out(`Embedded ${stats.embedded} new texts with ${model}; the index gained ${stats.indexAdded} and lost ${stats.indexRemoved}.`);
      ctx.out(
        `${stats.moments} moments, ${stats.clustered} in clusters: ` +
          MOMENT_KINDS.map((k) => `${stats.clusters[k]} ${k}`).join(', ') +
          ` (${stats.seconds.toFixed(1)} s). See \`reverie clusters\`.`,
      );
    }
    return 0;
  } finally {
    bar.stop();
    await closeEmbedPools();
  }
}

function parseKind(kind?: string): MomentKind | undefined {
  if (kind === undefined) return undefined;
  if (!(MOMENT_KINDS as readonly string[]).includes(kind)) throw new CliError(`--kind must be one of ${MOMENT_KINDS.join(', ')}`);
  return kind as MomentKind;
}

export function clustersCommand(ctx: CliContext, opts: { kind?: string; sort?: string; limit?: string }): number {
  const { model } = embedConfig(ctx);
  const sort = (opts.sort ?? 'size') as ClusterSort;
  if (!['size', 'recent', 'sessions'].includes(sort)) throw new CliError('--sort must be size, recent or sessions');
  const rows = listClusters(ctx.db, model, { kind: parseKind(opts.kind), sort, limit: opts.limit ? Number(opts.limit) : undefined });
  const facts = patternFacts(ctx.db, rows.map((r) => r.id));
  // The trend as every screen judges it: up to now, the last four weeks against the time before.
  const trends: ReturnType<typeof patternTrends> = rows.length ? patternTrends(ctx.db, model, { now: Date.now() }) : new Map();
  if (ctx.json) {
    // A pattern: `kind` is its most common kind, `kinds` how many of each, `variants` the fine clusters it is made of.
    const patterns = rows.map((r) => ({
      ...r,
      name: r.label,
      kinds: facts.get(r.id)?.kinds ?? {},
      variants: facts.get(r.id)?.variants.length ?? 0,
      trend: trends.get(r.id)?.direction ?? null,
    }));
    ctx.out(JSON.stringify(patterns, null, 2));
    return 0;
  }
  if (rows.length === 0) {
    ctx.out('No clusters yet. Run `reverie analyze` after importing sessions.');
    return 0;
  }
  for (const c of rows) {
    const span = c.firstSeen && c.lastSeen ? `${c.firstSeen.slice(0, 10)}..${c.lastSeen.slice(0, 10)}` : '';
    const kinds = Object.keys(facts.get(c.id)?.kinds ?? {});
    const also = kinds.filter((k) => k !== c.kind);
    const trend = trends.get(c.id);
    ctx.out(
      `${String(c.id).padStart(5)}  ${c.kind.padEnd(10)} ${String(c.size).padStart(5)} moments ${String(c.sessions).padStart(4)} sessions ${String(c.projects).padStart(3)} projects  ${span}  ${(trend ? TREND_WORDS[trend.direction] : '').padEnd(14)}  ${c.label}${also.length ? `  (also ${also.join(', ')})` : ''}`,
    );
  }
  return 0;
}

export function clusterCommand(ctx: CliContext, id: string): number {
  const n = Number(id);
  if (!Number.isInteger(n)) throw new CliError(`cluster id must be a number (see \`reverie clusters\`), got "${id}"`);
  const c = getCluster(ctx.db, n);
  if (!c) throw new CliError(`no cluster ${n}`);
  const facts = patternFacts(ctx.db, [n]).get(n);
  const [cost] = patternCosts(ctx.db, [n]);
  if (ctx.json) {
    ctx.out(JSON.stringify({ ...c, name: c.label, kinds: facts?.kinds ?? {}, variants: facts?.variants ?? [], cost }, null, 2));
    return 0;
  }
  ctx.out(`Pattern ${c.id} [${Object.keys(facts?.kinds ?? { [c.kind]: 1 }).join(', ')}]: ${c.label}`);
  ctx.out(`${c.size} moments in ${c.sessions} sessions, ${c.projects} projects, ${c.firstSeen ?? '?'} to ${c.lastSeen ?? '?'}`);
  ctx.out(`keywords: ${c.keywords.join(', ')}`);
  ctx.out(`per week: ${c.weekly.map((w) => w.count).join(' ')}`);
  ctx.out(`cost: ${costLine(cost!)}`);
  if (facts && facts.variants.length > 1) {
    ctx.out('variants:');
    for (const v of facts.variants) ctx.out(`  ${String(v.size).padStart(4)}  [${v.kind}] ${v.label}`);
  }
  ctx.out('');
  for (const m of c.members) {
    ctx.out(`  ${m.score.toFixed(2)}  ${m.text.replace(/\s+/g, ' ').slice(0, 160)}`);
    ctx.out(`        session ${m.sessionId}, message ${m.messageId}${m.sessionTitle ? ` (${m.sessionTitle.slice(0, 60)})` : ''} → reverie show ${m.sessionId}`);
  }
  return 0;
}

/** `reverie cluster-texts FILE`: clusters arbitrary texts; one cluster id per input line (-1 noise). */
export async function clusterTextsCommand(ctx: CliContext, file: string, opts: { textColumn?: string }): Promise<number> {
  let texts: string[];
  try {
    texts = readTexts(file, opts.textColumn);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  const { model, modelsDir } = embedConfig(ctx);
  const bar = progressBar(!ctx.json);
  try {
    const vectors = await withCancel((signal) =>
      embedTexts(texts, { model, modelsDir, signal, onProgress: (done, total) => bar.update({ phase: 'embed', done, total }) }),
    );
    bar.stop();
    const { labels, count, scores } = clusterVectors(vectors);
    if (ctx.json) {
      const keywords = clusterKeywords(texts, labels, count);
      ctx.out(
        JSON.stringify(
          {
            model,
            labels,
            clusters: keywords.map((k, id) => ({ id, size: labels.filter((l) => l === id).length, label: labelFromKeywords(k), keywords: k })),
            scores,
          },
          null,
          2,
        ),
      );
    } else {
      ctx.out(labels.join('\n'));
    }
    return 0;
  } finally {
    bar.stop();
    await closeEmbedPools();
  }
}
