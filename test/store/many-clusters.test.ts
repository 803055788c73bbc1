import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHandlers, typedCall, type ApiService } from '../../electron/engine/api/handlers.js';
import { listClusters } from "../../electron/engine/store/clusters.js"; const countClusters = (db: Db, m: string, f = {}) => listClusters(db, m, f as never).length; const allClusterIds = (db: Db, m: string) => listClusters(db, m).map((c) => c.id);
import { openStore, type Db } from '../../electron/engine/store/db.js';
import { DEFAULT_MODEL } from '../../electron/engine/embed/model-config.js';
import { reverie } from '../helpers/cli.js';
import { tempDir } from '../helpers/fixtures.js';

/*
 * More clusters than the 1,000 an old default LIMIT cut every list to (the 100k benchmark makes
 * about 1,600): counts, filters, paging and lesson writing must all see every one of them. The
 * store is seeded directly: one session and one moment per cluster, sizes falling with the id,
 * so the clusters past the 1,000 largest are the last ids. The last few sit alone in project
 * "rare" in 2020, which only a filter applied in SQL (before any limit) finds.
 */

const N = 1_200;
const RARE = 5;
const MODEL = DEFAULT_MODEL;

function seed(db: Db): number[] {
  const session = db.prepare(
    `INSERT INTO sessions (format, external_id, title, project, started_at, message_count, content_hash, imported_at, updated_at)
     VALUES ('claude-code', ?, ?, ?, ?, 1, ?, ?, ?)`,
  );
  const message = db.prepare(`INSERT INTO messages (session_id, seq, role, text) VALUES (?, 0, 'user', ?)`);
  const moment = db.prepare(`INSERT INTO moments (session_id, message_id, kind, text, text_hash, at) VALUES (?, ?, 'correction', ?, ?, ?)`);
  const cluster = db.prepare(
    `INSERT INTO clusters (model, kind, label, keywords, size, sessions, projects, first_seen, last_seen, weekly)
     VALUES (?, 'correction', ?, '[]', ?, 1, 1, ?, ?, '[]')`,
  );
  const member = db.prepare('INSERT INTO cluster_members (cluster_id, moment_id, score) VALUES (?, ?, 1)');
  const ids: number[] = [];
  db.transaction(() => {
    for (let i = 0; i < N; i++) {
      const rare = i >= N - RARE;
      const at = rare ? '2020-03-01T10:00:00.000Z' : '2025-03-01T10:00:00.000Z';
      const text = `no, use the other thing ${i}`;
      const s = Number(session.run(`s${i}`, `Session ${i}`, rare ? 'rare' : 'main', at, `hash-${i}`, at, at).lastInsertRowid);
      const m = Number(message.run(s, text).lastInsertRowid);
      const mo = Number(moment.run(s, m, text, `th-${i}`, at).lastInsertRowid);
      const c = Number(cluster.run(MODEL, `cluster ${i}`, N - i, at, at).lastInsertRowid);
      member.run(c, mo);
      ids.push(c);
    }
  })();
  return ids;
}

describe(`a store with ${N} clusters`, () => {
  const data = tempDir();
  let db: Db;
  let api: ApiService;
  let ids: number[];
  beforeAll(() => {
    db = openStore(data.dir);
    ids = seed(db);
    api = createApiHandlers({ db, dataDir: data.dir, model: MODEL, modelsDir: data.dir, jobsIn: 'process' });
  });
  afterAll(async () => {
    await api.close();
    db.close();
    data.cleanup();
  });

  it('counts and lists every cluster', async () => {
    expect(countClusters(db, MODEL)).toBe(N);
    expect(countClusters(db, MODEL, { project: 'rare' })).toBe(RARE);
    expect(listClusters(db, MODEL)).toHaveLength(N);
    expect(allClusterIds(db, MODEL)).toEqual(ids);
    expect((await typedCall(api, 'status', {})).clusters).toBe(N);
    expect(await typedCall(api, 'listClusters', {})).toHaveLength(N);
  });

  it('filters by project and date before paging, so the smallest clusters are found', async () => {
    const rareIds = ids.slice(-RARE);
    expect((await typedCall(api, 'listClusters', { project: 'rare' })).map((c) => c.id)).toEqual(rareIds);
    expect((await typedCall(api, 'listClusters', { to: '2020-12-31' })).map((c) => c.id)).toEqual(rareIds);
    expect((await typedCall(api, 'listClusters', { project: 'rare', limit: 2, offset: 2 })).map((c) => c.id)).toEqual(rareIds.slice(2, 4));
    expect(await typedCall(api, 'listClusters', { project: 'main', from: '2021-01-01', limit: 10_000 })).toHaveLength(N - RARE);
  });

  it('pages through all of them, in order, without overlap', async () => {
    for (const sort of ['size', 'recent', 'trend'] as const) {
      const first = await typedCall(api, 'listClusters', { sort, limit: 1000 });
      const rest = await typedCall(api, 'listClusters', { sort, limit: 1000, offset: 1000 });
      expect(first, sort).toHaveLength(1000);
      expect(rest, sort).toHaveLength(N - 1000);
      const all = (await typedCall(api, 'listClusters', { sort })).map((c) => c.id);
      expect([...first, ...rest].map((c) => c.id), sort).toEqual(all);
    }
    expect((await typedCall(api, 'listClusters', { limit: 1000, offset: 1000 })).map((c) => c.id)).toEqual(ids.slice(1000));
  });

  it('considers every cluster for lessons (here each is refused: one session is under the threshold)', async () => {
    const plan = await typedCall(api, 'planLessons', {});
    expect(plan.refused.map((r) => r.clusterId).sort((a, b) => a - b)).toEqual(ids);
    const offline = await typedCall(api, 'writeOfflineLessons', {});
    expect(offline.skipped.map((r) => r.clusterId).sort((a, b) => a - b)).toEqual(ids);
  });

  it('`reverie lessons --offline` goes through every cluster too', () => {
    const run = reverie(['--data-dir', data.dir, 'lessons', '--offline'], { REVERIE_MODEL: MODEL });
    const skipped = run.stderr.split('\n').filter((l) => l.startsWith('skipped'));
    expect(skipped, run.stderr.slice(-2000)).toHaveLength(N);
  });
});
