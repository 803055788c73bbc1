import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../store/db.js';
import { deleteRows, type DeletePlan, type DeleteTarget } from '../store/delete.js';
import { HnswIndex } from './hnsw-index.js';

/*
 * Deleting data: the rows first, in one transaction (store/delete.ts), then the deleted moments
 * leave every HNSW index under <dataDir>/index. The transaction is committed first: an index that
 * missed a removal is corrected by the next analysis, which drops ids it does not know.
 */

export interface DeleteResult extends DeletePlan {
  /** Moment ids actually removed from index files (or index files removed, with `all`). */
  indexRemoved: number;
}

export function deleteData(db: Db, dataDir: string | null, target: DeleteTarget): DeleteResult {
  const { momentIds, ...plan } = deleteRows(db, target);
  return { ...plan, indexRemoved: dataDir ? removeFromIndexes(dataDir, momentIds, 'all' in target) : 0 };
}

/** Takes moment ids out of every saved HNSW index (or, with `all`, removes the files); returns the entries removed. */
function removeFromIndexes(dataDir: string, ids: readonly number[], all: boolean): number {
  const dir = path.join(dataDir, 'index');
  if (!existsSync(dir)) return 0;
  let removed = 0;
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.hnsw.json')) continue;
    const sidecar = JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as { model: string; dim: number; count: number; deleted: number[] };
    if (all) {
      removed += sidecar.count - sidecar.deleted.length;
      for (const f of [name, name.replace(/\.json$/, '')]) rmSync(path.join(dir, f), { force: true });
      continue;
    }
    if (ids.length === 0) continue;
    removed += removeIds(dataDir, sidecar.model, sidecar.dim, ids);
  }
  return removed;
}

function removeIds(dataDir: string, model: string, dim: number, ids: readonly number[]): number {
  const index = HnswIndex.open(dataDir, model, dim);
  if (index.rebuiltBecause) return 0; // unreadable: the next analysis rebuilds it from the store
  let n = 0;
  for (const id of ids) if (index.remove(id)) n++;
  index.save();
  return n;
}
