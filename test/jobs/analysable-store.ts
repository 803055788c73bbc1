import { storeVectors } from '../../electron/engine/store/embeddings.js';
import type { Db } from '../../electron/engine/store/db.js';
import { syntheticMoments } from '../../bench/sections/cluster-scale.js';
import { topicMoment, writeSyntheticMoments } from '../helpers/seed-store.js';

/*
 * A store an analysis can run on without a model: seed-store's synthetic sessions and moments,
 * with cluster-scale's embedding-like vectors already in the embedding cache under `model`, so
 * the analysis embeds nothing and spends its time where the app's does at scale (the HNSW index,
 * the clustering, the map).
 */

export const SYNTHETIC_MODEL = 'synthetic/analysable';

export function seedAnalysableStore(db: Db, n: number, options: { model?: string; dim?: number; seed?: number } = {}): void {
  const { vectors, topics } = syntheticMoments(n, options.dim ?? 384, options.seed ?? 3);
  const written = writeSyntheticMoments(db, { from: 0, to: n, total: n, moment: (i) => topicMoment(i, topics[i]) });
  storeVectors(db, options.model ?? SYNTHETIC_MODEL, written.map((w, i): [string, Float32Array] => [w.textHash, vectors[i]]));
}
