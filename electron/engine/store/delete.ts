import path from 'node:path';
import type { Db } from './db.js';

/*
 * Deleting what was imported: one session, everything one import source brought, a project, the
 * built-in sample data, or all data. What goes is counted first (planDelete, shown before anyone
 * confirms), then removed in one transaction (deleteData): sessions with their messages, tool
 * traffic, full-text rows and moments; the moments' map points and cluster memberships; embeddings
 * no remaining moment uses; clusters left empty (shrunk ones keep their id and get their counts
 * again); the deleted moments in lessons' evidence; the import log rows that only they referred to.
 * The moments then leave the HNSW index files (index/delete-data.ts `deleteData`), which are not
 * the store's.
 */

export type DeleteTarget = { session: number } | { source: number } | { project: string } | { sample: true } | { all: true };

export interface DeletePlan {
  /** The target in words. */
  what: string;
  sessions: number;
  messages: number;
  moments: number;
  /** Cached vectors no remaining moment uses. */
  embeddings: number;
  /** Clusters left with no member (removed) / with fewer members (kept). */
  clustersRemoved: number;
  clustersShrunk: number;
  /** Moment ids to take out of the HNSW indexes. */
  indexEntries: number;
  /** Lessons that lose evidence / lose all of it (kept: the words are the person's) / whose pattern goes. */
  lessonsTouched: number;
  lessonsWithoutEvidence: number;
  lessonsUnlinked: number;
  /** Import log rows removed (the files can then be imported again). */
  sources: number;
  /** With `all`: lessons, outbox entries, dream runs and watched folders, which go too. */
  lessons?: number;
  outbox?: number;
  dreamRuns?: number;
  watched?: number;
}

export interface DeletedRows extends DeletePlan {
  /** The ids of the moments deleted, for the index files. */
  momentIds: number[];
}

export class DeleteTargetMissing extends Error {}

/** Marks the import sources of the built-in sample data (files under `<dataDir>/sample-data`). */
export function markSampleSources(db: Db, dataDir: string): number {
  const dir = path.join(dataDir, 'sample-data') + path.sep;
  return db.prepare('UPDATE import_sources SET sample = 1 WHERE sample = 0 AND substr(path, 1, ?) = ?').run(dir.length, dir).changes;
}

function describe(db: Db, target: DeleteTarget): string {
  if ('all' in target) return 'all data';
  if ('sample' in target) return 'the sample data';
  if ('project' in target) return `project ${target.project}`;
  if ('source' in target) {
    const row = db.prepare<[number], { path: string }>('SELECT path FROM import_sources WHERE id = ?').get(target.source);
    if (!row) throw new DeleteTargetMissing(`no import source ${target.source}`);
    return `import ${target.source} (${row.path})`;
  }
  const row = db.prepare<[number], { title: string | null }>('SELECT title FROM sessions WHERE id = ?').get(target.session);
  if (!row) throw new DeleteTargetMissing(`no session ${target.session}`);
  return `session ${target.session}${row.title ? ` “${row.title}”` : ''}`;
}

/** Fills temp.doomed with the target's session ids and temp.doomed_moments with their moments. */
function collect(db: Db, target: DeleteTarget): void {
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS doomed (id INTEGER PRIMARY KEY);
           CREATE TEMP TABLE IF NOT EXISTS doomed_moments (id INTEGER PRIMARY KEY, text_hash TEXT NOT NULL);
           DELETE FROM temp.doomed; DELETE FROM temp.doomed_moments;`);
  const into = 'INSERT INTO temp.doomed (id)';
  if ('all' in target) db.prepare(`${into} SELECT id FROM sessions`).run();
  else if ('sample' in target)
    db.prepare(`${into} SELECT s.id FROM sessions s JOIN import_sources i ON i.id = s.source_id WHERE i.sample = 1`).run();
  else if ('project' in target) db.prepare(`${into} SELECT id FROM sessions WHERE project = ?`).run(target.project);
  else if ('source' in target) db.prepare(`${into} SELECT id FROM sessions WHERE source_id = ?`).run(target.source);
  else db.prepare(`${into} SELECT id FROM sessions WHERE id = ?`).run(target.session);
  db.prepare('INSERT INTO temp.doomed_moments (id, text_hash) SELECT id, text_hash FROM moments WHERE session_id IN (SELECT id FROM temp.doomed)').run();
}

/** Import log rows that go: the target source itself, and those only deleted sessions referred to. */
function doomedSources(db: Db, target: DeleteTarget): number[] {
  if ('all' in target) return db.prepare('SELECT id FROM import_sources').pluck().all() as number[];
  const ids = new Set(
    db
      .prepare(
        `SELECT DISTINCT s.source_id FROM sessions s WHERE s.id IN (SELECT id FROM temp.doomed) AND s.source_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM sessions o WHERE o.source_id = s.source_id AND o.id NOT IN (SELECT id FROM temp.doomed))`,
      )
      .pluck()
      .all() as number[],
  );
  if ('source' in target) ids.add(target.source);
  if ('sample' in target) for (const id of db.prepare('SELECT id FROM import_sources WHERE sample = 1').pluck().all() as number[]) ids.add(id);
  return [...ids];
}

function lessonsHit(db: Db): { id: number; evidence: number[]; left: number[] }[] {
  const rows = db.prepare<[], { id: number; evidence: string }>("SELECT id, evidence FROM lessons WHERE evidence != '[]'").all();
  const doomed = db.prepare<[string], { id: number }>('SELECT value AS id FROM json_each(?) WHERE value IN (SELECT id FROM temp.doomed_moments)');
  const out: { id: number; evidence: number[]; left: number[] }[] = [];
  for (const r of rows) {
    const hit = new Set(doomed.all(r.evidence).map((x) => x.id));
    if (hit.size === 0) continue;
    const evidence = JSON.parse(r.evidence) as number[];
    out.push({ id: r.id, evidence, left: evidence.filter((m) => !hit.has(m)) });
  }
  return out;
}

function count(db: Db, sql: string): number {
  return (db.prepare(sql).pluck().get() as number) ?? 0;
}

function measure(db: Db, target: DeleteTarget): DeletePlan {
  const what = describe(db, target);
  collect(db, target);
  const emptied = `SELECT cm.cluster_id FROM cluster_members cm GROUP BY cm.cluster_id
                   HAVING sum(cm.moment_id NOT IN (SELECT id FROM temp.doomed_moments)) = 0`;
  const touchedClusters = 'SELECT DISTINCT cluster_id FROM cluster_members WHERE moment_id IN (SELECT id FROM temp.doomed_moments)';
  const lessons = lessonsHit(db);
  const plan: DeletePlan = {
    what,
    sessions: count(db, 'SELECT count(*) FROM temp.doomed'),
    messages: count(db, 'SELECT count(*) FROM messages WHERE session_id IN (SELECT id FROM temp.doomed)'),
    moments: count(db, 'SELECT count(*) FROM temp.doomed_moments'),
    embeddings: count(
      db,
      `SELECT count(*) FROM embeddings WHERE text_hash IN (SELECT text_hash FROM temp.doomed_moments)
         AND text_hash NOT IN (SELECT text_hash FROM moments WHERE id NOT IN (SELECT id FROM temp.doomed_moments))`,
    ),
    clustersRemoved: count(db, `SELECT count(*) FROM (${touchedClusters}) WHERE cluster_id IN (${emptied})`),
    clustersShrunk: count(db, `SELECT count(*) FROM (${touchedClusters}) WHERE cluster_id NOT IN (${emptied})`),
    indexEntries: count(db, 'SELECT count(*) FROM temp.doomed_moments'),
    lessonsTouched: lessons.length,
    lessonsWithoutEvidence: lessons.filter((l) => l.left.length === 0).length,
    lessonsUnlinked: count(db, `SELECT count(*) FROM lessons WHERE cluster_id IN (SELECT cluster_id FROM (${touchedClusters}) WHERE cluster_id IN (${emptied}))`),
    sources: doomedSources(db, target).length,
  };
  if ('all' in target) {
    plan.embeddings = count(db, 'SELECT count(*) FROM embeddings');
    plan.clustersRemoved = count(db, 'SELECT count(*) FROM clusters');
    plan.clustersShrunk = 0;
    plan.lessons = count(db, 'SELECT count(*) FROM lessons');
    plan.lessonsUnlinked = 0;
    plan.outbox = count(db, 'SELECT count(*) FROM outbox');
    plan.dreamRuns = count(db, 'SELECT count(*) FROM dream_runs');
    plan.watched = count(db, 'SELECT count(*) FROM watched_sources');
  }
  return plan;
}

/** What deleting `target` would remove; nothing is changed. */
export function planDelete(db: Db, target: DeleteTarget): DeletePlan {
  return db.transaction(() => measure(db, target))();
}

/**
 * Deletes the target's rows in one transaction (all of it or, on any error, nothing); the HNSW
 * index entries and files are index/delete-data.ts's part.
 */
export function deleteRows(db: Db, target: DeleteTarget): DeletedRows {
  let doomedMoments: number[] = [];
  const plan = db
    .transaction(() => {
      const plan = measure(db, target);
      doomedMoments = db.prepare('SELECT id FROM temp.doomed_moments').pluck().all() as number[];
      const sources = doomedSources(db, target);
      if ('all' in target) {
        db.exec(`DELETE FROM sessions; DELETE FROM clusters; DELETE FROM lessons; DELETE FROM embeddings; DELETE FROM analysis_runs;
                 DELETE FROM outbox; DELETE FROM dream_runs; DELETE FROM watched_sources; DELETE FROM account_identities;
                 DELETE FROM agent_calls; DELETE FROM agent_scrubbed; DELETE FROM import_sources;`);
        return plan;
      }
      const setEvidence = db.prepare('UPDATE lessons SET evidence = ?, updated_at = ? WHERE id = ?');
      const now = new Date().toISOString();
      for (const l of lessonsHit(db)) setEvidence.run(JSON.stringify(l.left), now, l.id);
      db.exec(`CREATE TEMP TABLE IF NOT EXISTS touched (id INTEGER PRIMARY KEY); DELETE FROM temp.touched;
               INSERT INTO temp.touched SELECT DISTINCT cluster_id FROM cluster_members WHERE moment_id IN (SELECT id FROM temp.doomed_moments);`);
      db.prepare(
        `DELETE FROM embeddings WHERE text_hash IN (SELECT text_hash FROM temp.doomed_moments)
           AND text_hash NOT IN (SELECT text_hash FROM moments WHERE id NOT IN (SELECT id FROM temp.doomed_moments))`,
      ).run();
      // Cascades: messages (and their full-text rows), tool calls and results, moments, scans, memberships, map points.
      db.prepare('DELETE FROM sessions WHERE id IN (SELECT id FROM temp.doomed)').run();
      db.prepare('DELETE FROM clusters WHERE id IN (SELECT id FROM temp.touched) AND NOT EXISTS (SELECT 1 FROM cluster_members WHERE cluster_id = clusters.id)').run();
      db.prepare(
        `UPDATE clusters SET
           size = (SELECT count(*) FROM cluster_members WHERE cluster_id = clusters.id),
           sessions = (SELECT count(DISTINCT mo.session_id) FROM cluster_members cm JOIN moments mo ON mo.id = cm.moment_id WHERE cm.cluster_id = clusters.id),
           projects = (SELECT count(DISTINCT s.project) FROM cluster_members cm JOIN moments mo ON mo.id = cm.moment_id
                       JOIN sessions s ON s.id = mo.session_id WHERE cm.cluster_id = clusters.id),
           first_seen = (SELECT min(mo.at) FROM cluster_members cm JOIN moments mo ON mo.id = cm.moment_id WHERE cm.cluster_id = clusters.id),
           last_seen = (SELECT max(mo.at) FROM cluster_members cm JOIN moments mo ON mo.id = cm.moment_id WHERE cm.cluster_id = clusters.id)
         WHERE id IN (SELECT id FROM temp.touched)`,
      ).run();
      const dropSource = db.prepare('DELETE FROM import_sources WHERE id = ?');
      for (const id of sources) dropSource.run(id);
      return plan;
    })
    .immediate();
  db.exec('DELETE FROM temp.doomed; DELETE FROM temp.doomed_moments;');
  return { ...plan, momentIds: doomedMoments };
}
