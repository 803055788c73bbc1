import { MOMENT_KINDS, type MomentKind, type Progress } from '../../../shared/types.js';
import { clusterGraph } from '../cluster/cluster-texts.js';
import { knnGraphFromIndex } from '../cluster/knn-graph.js';
import { layoutMap } from '../cluster/map.js';
import { similarityBackground } from '../cluster/noise.js';
import { summariseClusters, type MomentFacts } from '../cluster/summary.js';
import { embedWithCache } from '../embed/cache.js';
import type { EmbedOptions } from '../embed/embed-texts.js';
import { HnswIndex } from '../index/hnsw-index.js';
import { throwIfAborted } from '../import/types.js';
import { extractMoments } from '../moments/extract.js';
import { replaceClusters, replaceMapPoints } from '../store/clusters.js';
import type { Db } from '../store/db.js';

/*
 * `reverie analyze`: every step after import, each incremental where it can be.
 *   moments  — only sessions that are new or changed are scanned (moments/extract);
 *   embed    — only texts not in the cache for this model are embedded (embed/cache);
 *   index    — the model's persisted HNSW index gains new moments, loses deleted ones;
 *   cluster  — per kind, on the neighbour graph of the index; identities kept across runs;
 *   map      — 2-D coordinates for every moment on the neighbours of all kinds together.
 * Every stored session is analysed: nothing is sampled.
 */

export interface AnalyzeOptions {
  dataDir: string;
  model: string;
  modelsDir: string;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** Replaces the embedder (tests); see embed/cache. */
  embed?: (texts: string[], options: EmbedOptions) => Promise<Float32Array[]>;
}

export interface AnalysisStats {
  runId: number;
  sessionsScanned: number;
  momentsAdded: number;
  momentsRemoved: number;
  moments: number;
  embedded: number;
  indexAdded: number;
  indexRemoved: number;
  clusters: Record<MomentKind, number>;
  clustered: number;
  seconds: number;
}

interface MomentRow extends MomentFacts {
  kind: MomentKind;
  textHash: string;
}

/** Neighbours per moment in the graph the clusters and the map are built on. */
const K = 10;

export async function runAnalysis(db: Db, options: AnalyzeOptions): Promise<AnalysisStats> {
  const started = Date.now();
  const progress = (phase: string, done: number, total: number) => options.onProgress?.({ phase, done, total });
  const runId = Number(
    db
      .prepare('INSERT INTO analysis_runs (model, started_at) VALUES (?, ?)')
      .run(options.model, new Date().toISOString()).lastInsertRowid,
  );

  const extracted = extractMoments(db, { signal: options.signal, onProgress: options.onProgress });
  throwIfAborted(options.signal);

  const moments = db
    .prepare<[], { id: number; session_id: number; kind: MomentKind; text: string; text_hash: string; at: string | null; project: string | null }>(
      `SELECT mo.id, mo.session_id, mo.kind, mo.text, mo.text_hash, mo.at, s.project
       FROM moments mo JOIN sessions s ON s.id = mo.session_id ORDER BY mo.id`,
    )
    .all()
    .map((r): MomentRow => ({ id: r.id, sessionId: r.session_id, kind: r.kind, text: r.text, textHash: r.text_hash, at: r.at, project: r.project }));

  const cachedBefore = countCached(db, options.model);
  const vectors = await embedWithCache(
    db,
    moments.map((m) => ({ textHash: m.textHash, text: m.text })),
    {
      model: options.model,
      modelsDir: options.modelsDir,
      signal: options.signal,
      onProgress: (done, total) => progress('embed', done, total),
      embed: options.embed,
    },
  );
  const embedded = countCached(db, options.model) - cachedBefore;
  throwIfAborted(options.signal);

  const clusters = Object.fromEntries(MOMENT_KINDS.map((k) => [k, 0])) as Record<MomentKind, number>;
  let clustered = 0;
  let indexAdded = 0;
  let indexRemoved = 0;
  if (moments.length > 0) {
    const dim = vectors.get(moments[0].textHash)!.length;
    const index = HnswIndex.open(options.dataDir, options.model, dim);
    const live = new Set(moments.map((m) => m.id));
    for (const id of index.ids()) if (!live.has(id) && index.remove(id)) indexRemoved++;
    moments.forEach((m, i) => {
      if (index.add(m.id, vectors.get(m.textHash)!)) indexAdded++;
      if (i % 1000 === 0) progress('index', i, moments.length);
    });
    index.save();
    throwIfAborted(options.signal);

    // How alike two random moments of any kind are: a "cluster" no tighter than that (a few
    // unrelated preferences, say) is noise, not a pattern.
    const allVectors = moments.map((m) => vectors.get(m.textHash)!);
    const background = similarityBackground(allVectors);
    const groups = new Int32Array(moments.length).fill(-1);
    const position = new Map(moments.map((m, i) => [m.id, i]));
    let offset = 0;
    for (const kind of MOMENT_KINDS) {
      progress('cluster', MOMENT_KINDS.indexOf(kind), MOMENT_KINDS.length);
      const ofKind = moments.filter((m) => m.kind === kind);
      const kindVectors = ofKind.map((m) => vectors.get(m.textHash)!);
      const result =
        ofKind.length > 0
          ? clusterGraph(knnGraphFromIndex(index, ofKind.map((m) => m.id), K, kindVectors), kindVectors, { background })
          : null;
      const facts = result ? summariseClusters(ofKind, result.labels, result.scores, result.count) : [];
      replaceClusters(
        db,
        options.model,
        kind,
        facts.map((f) => ({ ...f, kind })),
        runId,
      );
      clusters[kind] = facts.length;
      result?.labels.forEach((c, i) => {
        if (c >= 0) {
          groups[position.get(ofKind[i].id)!] = offset + c;
          clustered++;
        }
      });
      offset += facts.length;
      throwIfAborted(options.signal);
    }

    progress('map', 0, 1);
    const graph = knnGraphFromIndex(index, moments.map((m) => m.id), K, allVectors);
    const layout = layoutMap(graph, allVectors, groups);
    replaceMapPoints(
      db,
      options.model,
      moments.map((m, i) => ({ momentId: m.id, x: layout.x[i], y: layout.y[i] })),
    );
    progress('map', 1, 1);
  } else {
    for (const kind of MOMENT_KINDS) replaceClusters(db, options.model, kind, [], runId);
    replaceMapPoints(db, options.model, []);
  }

  const stats: AnalysisStats = {
    runId,
    sessionsScanned: extracted.scanned,
    momentsAdded: extracted.added,
    momentsRemoved: extracted.removed,
    moments: moments.length,
    embedded,
    indexAdded,
    indexRemoved,
    clusters,
    clustered,
    seconds: (Date.now() - started) / 1000,
  };
  db.prepare('UPDATE analysis_runs SET finished_at = ?, stats = ? WHERE id = ?').run(
    new Date().toISOString(),
    JSON.stringify(stats),
    runId,
  );
  return stats;
}

function countCached(db: Db, model: string): number {
  return (db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM embeddings WHERE model = ?').get(model)?.n ?? 0);
}
