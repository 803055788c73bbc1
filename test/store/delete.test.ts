import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ParsedSession } from '../../shared/types.js';
import { HnswIndex } from '../../electron/engine/index/hnsw-index.js';
import { openStore, type Db } from '../../electron/engine/store/db.js';
import { deleteData } from '../../electron/engine/index/delete-data.js';
import { markSampleSources, planDelete } from '../../electron/engine/store/delete.js';
import { SessionWriter } from '../../electron/engine/store/session-writer.js';
import { listSessions } from '../../electron/engine/store/sessions.js';
import { tempDir } from '../helpers/fixtures.js';

/*
 * A store with two import sources (one of them the sample data), three sessions in two projects,
 * a moment per session, two clusters (one spanning two sessions), a lesson resting on two moments,
 * the moments' embeddings and an HNSW index holding them.
 */
function seed(dataDir: string): Db {
  const db = openStore(dataDir);
  const source = (p: string) =>
    Number(db.prepare("INSERT INTO import_sources (path, sha256, format, bytes, imported_at) VALUES (?, 'x', 'claude-code', 1, '')").run(p).lastInsertRowid);
  const mine = source('/home/me/logs/a.jsonl');
  const sample = source(path.join(dataDir, 'sample-data', 'demo.jsonl'));
  markSampleSources(db, dataDir);
  const w = new SessionWriter(db);
  const session = (id: string, project: string, src: number, words: string): number =>
    w.write({ format: 'claude-code', externalId: id, project, messages: [{ role: 'user', text: words }, { role: 'assistant', text: 'ok' }] } as ParsedSession, src).sessionId;
  const s1 = session('s1', 'alpha', mine, 'please use pnpm not npm');
  const s2 = session('s2', 'alpha', mine, 'use pnpm again please');
  const s3 = session('s3', 'beta', sample, 'the sample words');
  const moment = (sid: number, text: string, hash: string) => {
    const mid = db.prepare('SELECT id FROM messages WHERE session_id = ? ORDER BY seq LIMIT 1').pluck().get(sid) as number;
    return Number(
      db.prepare("INSERT INTO moments (session_id, message_id, kind, text, text_hash, at) VALUES (?, ?, 'preference', ?, ?, '2026-01-01')").run(sid, mid, text, hash).lastInsertRowid,
    );
  };
  // s1 and s2 say the same words: one embedding serves both.
  const m1 = moment(s1, 'use pnpm', 'h-pnpm');
  const m2 = moment(s2, 'use pnpm', 'h-pnpm');
  const m3 = moment(s3, 'sample', 'h-sample');
  for (const h of ['h-pnpm', 'h-sample']) db.prepare("INSERT INTO embeddings (model, text_hash, dim, vector) VALUES ('m', ?, 4, x'00')").run(h);
  const cluster = (label: string, members: number[]) => {
    const id = Number(
      db.prepare(`INSERT INTO clusters (model, kind, label, keywords, size, sessions, projects, weekly) VALUES ('m', 'preference', ?, '[]', ?, ?, 1, '[]')`).run(label, members.length, members.length).lastInsertRowid,
    );
    for (const m of members) db.prepare('INSERT INTO cluster_members (cluster_id, moment_id, score) VALUES (?, ?, 1)').run(id, m);
    return id;
  };
  cluster('pnpm', [m1, m2]);
  const c2 = cluster('sample', [m3]);
  db.prepare(`INSERT INTO lessons (cluster_id, kind, title, rule, source, evidence, created_at, updated_at)
              VALUES (?, 'preference', 'Use pnpm', 'Use pnpm.', 'local', ?, '', '')`).run(1, JSON.stringify([m1, m2]));
  db.prepare(`INSERT INTO lessons (cluster_id, kind, title, rule, source, evidence, created_at, updated_at)
              VALUES (?, 'preference', 'Sample', 'Sample.', 'local', ?, '', '')`).run(c2, JSON.stringify([m3]));
  const index = HnswIndex.open(dataDir, 'm', 4);
  [m1, m2, m3].forEach((m, i) => index.add(m, [1, i, 0.5, 0.25]));
  index.save();
  return db;
}

const table = (db: Db, name: string) => db.prepare(`SELECT count(*) FROM ${name}`).pluck().get() as number;
const indexIds = (dataDir: string) => HnswIndex.open(dataDir, 'm', 4).ids();

describe('delete', () => {
  let cleanup: () => void = () => {};
  afterEach(() => cleanup());
  const store = () => {
    const t = tempDir();
    cleanup = t.cleanup;
    return { dataDir: t.dir, db: seed(t.dir) };
  };

  it('counts what a session takes with it, changes nothing until asked, then removes exactly that', () => {
    const { db, dataDir } = store();
    const s1 = listSessions(db).find((s) => s.externalId === 's1')!.id;
    const plan = planDelete(db, { session: s1 });
    expect(plan).toMatchObject({
      sessions: 1, messages: 2, moments: 1, indexEntries: 1,
      // The embedding is still used by s2's moment; the cluster keeps s2's member.
      embeddings: 0, clustersRemoved: 0, clustersShrunk: 1, lessonsTouched: 1, lessonsWithoutEvidence: 0, lessonsUnlinked: 0,
      // Source 1 still holds s2.
      sources: 0,
    });
    expect(plan.what).toMatch(/^session \d+ “please use pnpm not npm”$/);
    expect(table(db, 'sessions')).toBe(3);
    const done = deleteData(db, dataDir, { session: s1 });
    expect(done.indexRemoved).toBe(1);
    expect(table(db, 'sessions')).toBe(2);
    expect(table(db, 'moments')).toBe(2);
    expect(db.prepare("SELECT size, sessions FROM clusters WHERE label = 'pnpm'").get()).toEqual({ size: 1, sessions: 1 });
    const evidence = JSON.parse(db.prepare("SELECT evidence FROM lessons WHERE title = 'Use pnpm'").pluck().get() as string) as number[];
    expect(evidence).toHaveLength(1);
    expect(indexIds(dataDir)).toHaveLength(2);
    expect(listSessions(db, { search: 'npm' })).toEqual([]);
    expect(listSessions(db, { search: 'pnpm' }).map((s) => s.externalId)).toEqual(['s2']);
  });

  it('deletes a project: the last users of an embedding, a cluster and an import source take them along', () => {
    const { db, dataDir } = store();
    const plan = deleteData(db, dataDir, { project: 'alpha' });
    expect(plan).toMatchObject({ sessions: 2, moments: 2, embeddings: 1, clustersRemoved: 1, lessonsTouched: 1, lessonsWithoutEvidence: 1, lessonsUnlinked: 1, sources: 1, indexRemoved: 2 });
    expect(db.prepare('SELECT text_hash FROM embeddings').pluck().all()).toEqual(['h-sample']);
    expect(db.prepare('SELECT label FROM clusters').pluck().all()).toEqual(['sample']);
    // The lesson stays (its words are the person's), without its pattern and evidence.
    expect(db.prepare("SELECT cluster_id, evidence FROM lessons WHERE title = 'Use pnpm'").get()).toEqual({ cluster_id: null, evidence: '[]' });
    expect(db.prepare('SELECT path FROM import_sources').pluck().all()).toEqual([path.join(dataDir, 'sample-data', 'demo.jsonl')]);
    expect(indexIds(dataDir)).toHaveLength(1);
  });

  it('deletes the sample data by its tag, and by import source', () => {
    const { db, dataDir } = store();
    expect(listSessions(db).filter((s) => s.sample).map((s) => s.externalId)).toEqual(['s3']);
    expect(deleteData(db, dataDir, { sample: true })).toMatchObject({ sessions: 1, clustersRemoved: 1, sources: 1 });
    expect(listSessions(db).map((s) => s.externalId).sort()).toEqual(['s1', 's2']);
    const mine = db.prepare('SELECT id FROM import_sources').pluck().get() as number;
    expect(deleteData(db, dataDir, { source: mine })).toMatchObject({ sessions: 2, sources: 1 });
    expect(table(db, 'sessions')).toBe(0);
    expect(indexIds(dataDir)).toEqual([]);
    expect(() => planDelete(db, { source: mine })).toThrow(/no import source/);
  });

  it('deletes all data, index files included', () => {
    const { db, dataDir } = store();
    const plan = planDelete(db, { all: true });
    expect(plan).toMatchObject({ sessions: 3, moments: 3, embeddings: 2, clustersRemoved: 2, lessons: 2, sources: 2 });
    deleteData(db, dataDir, { all: true });
    for (const t of ['sessions', 'messages', 'messages_fts', 'moments', 'embeddings', 'clusters', 'lessons', 'import_sources']) expect(table(db, t)).toBe(0);
    expect(HnswIndex.open(dataDir, 'm', 4).rebuiltBecause).toBe('no saved index');
  });

  it('is all or nothing: a failure inside the transaction leaves everything in place', () => {
    const { db, dataDir } = store();
    db.exec("CREATE TRIGGER refuse BEFORE DELETE ON clusters BEGIN SELECT raise(ABORT, 'refused'); END;");
    expect(() => deleteData(db, dataDir, { project: 'alpha' })).toThrow(/refused/);
    expect(table(db, 'sessions')).toBe(3);
    expect(table(db, 'embeddings')).toBe(2);
    expect(db.prepare("SELECT evidence FROM lessons WHERE title = 'Use pnpm'").pluck().get()).not.toBe('[]');
    expect(indexIds(dataDir)).toHaveLength(3);
  });
});
