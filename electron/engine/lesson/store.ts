import type { Lesson, LessonStatus, MomentKind, OutboxEntry } from '../../../shared/types.js';
import type { Db } from '../store/db.js';

/*
 * Lessons and the outbox in the store.
 *
 * Life cycle: every lesson starts as a `draft`; a person `adopt`s it (adopted_at is set) and
 * only adopted lessons are exported by default; `retire` takes it out of use for good
 * (retired_at is set) but keeps it, with its evidence, for the record. A lesson whose words
 * change (edited by Claude, merged) is a draft again: adoption is consent to one wording.
 */

interface LessonRow {
  id: number;
  cluster_id: number | null;
  kind: MomentKind | null;
  title: string;
  rule: string;
  why: string | null;
  applies_when: string | null;
  confidence: number | null;
  source: 'claude' | 'local';
  model: string | null;
  status: LessonStatus;
  adopted_at: string | null;
  retired_at: string | null;
  exported_at: string | null;
  evidence: string;
  helpful: number;
  harmful: number;
  created_at: string;
  updated_at: string;
}

function toLesson(r: LessonRow): Lesson {
  return {
    id: r.id,
    clusterId: r.cluster_id,
    kind: r.kind,
    title: r.title,
    rule: r.rule,
    why: r.why,
    appliesWhen: r.applies_when,
    confidence: r.confidence,
    source: r.source,
    model: r.model,
    status: r.status,
    adoptedAt: r.adopted_at,
    retiredAt: r.retired_at,
    exportedAt: r.exported_at,
    evidence: JSON.parse(r.evidence) as number[],
    helpful: r.helpful,
    harmful: r.harmful,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The words of a lesson: what Claude or the local drafter writes and a person may edit. */
export interface LessonText {
  title: string;
  rule: string;
  why: string | null;
  appliesWhen: string | null;
  confidence: number | null;
}

export interface NewLesson extends LessonText {
  clusterId: number | null;
  kind: MomentKind | null;
  source: 'claude' | 'local';
  model: string | null;
  evidence: number[];
}

function now(): string {
  return new Date().toISOString();
}

/** Sorted, de-duplicated moment ids: evidence compares and unions cleanly. */
export function normaliseEvidence(ids: Iterable<number>): number[] {
  return [...new Set(ids)].sort((a, b) => a - b);
}

export function insertLesson(db: Db, lesson: NewLesson, at = now()): Lesson {
  const info = db
    .prepare(
      `INSERT INTO lessons (cluster_id, kind, title, rule, why, applies_when, confidence, source, model,
         status, evidence, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?)`,
    )
    .run(
      lesson.clusterId,
      lesson.kind,
      lesson.title,
      lesson.rule,
      lesson.why,
      lesson.appliesWhen,
      lesson.confidence,
      lesson.source,
      lesson.model,
      JSON.stringify(normaliseEvidence(lesson.evidence)),
      at,
      at,
    );
  return getLesson(db, Number(info.lastInsertRowid))!;
}

export function getLesson(db: Db, id: number): Lesson | null {
  const row = db.prepare<[number], LessonRow>('SELECT * FROM lessons WHERE id = ?').get(id);
  return row ? toLesson(row) : null;
}

export interface LessonFilter {
  /** Only these statuses; default: drafts and adopted (retired ones are history). */
  status?: LessonStatus[];
  clusterId?: number;
}

/** Lessons in id order (oldest first), so listings and exports are stable. */
export function listLessons(db: Db, filter: LessonFilter = {}): Lesson[] {
  const statuses = filter.status ?? ['draft', 'adopted'];
  if (statuses.length === 0) return [];
  const where = [`status IN (${statuses.map(() => '?').join(', ')})`];
  const params: (string | number)[] = [...statuses];
  if (filter.clusterId !== undefined) {
    where.push('cluster_id = ?');
    params.push(filter.clusterId);
  }
  return db
    .prepare<(string | number)[], LessonRow>(`SELECT * FROM lessons WHERE ${where.join(' AND ')} ORDER BY id`)
    .all(...params)
    .map(toLesson);
}

function mustGet(db: Db, id: number): Lesson {
  const lesson = getLesson(db, id);
  if (!lesson) throw new Error(`no lesson with id ${id}`);
  return lesson;
}

/**
 * Changes a lesson's words (and optionally its evidence). Text that really changes sends an
 * adopted lesson back to draft: adoption was consent to the old wording.
 */
export function updateLessonText(
  db: Db,
  id: number,
  changes: Partial<LessonText> & { evidence?: number[]; source?: 'claude' | 'local'; model?: string | null },
  at = now(),
): Lesson {
  const old = mustGet(db, id);
  if (old.status === 'retired') throw new Error(`lesson ${id} is retired; revive it before editing`);
  const next = { ...old, ...changes };
  const wordsChanged =
    next.title !== old.title ||
    next.rule !== old.rule ||
    next.why !== old.why ||
    next.appliesWhen !== old.appliesWhen;
  const status: LessonStatus = wordsChanged ? 'draft' : old.status;
  db.prepare(
    `UPDATE lessons SET title = ?, rule = ?, why = ?, applies_when = ?, confidence = ?, source = ?, model = ?,
       evidence = ?, status = ?, adopted_at = ?, exported_at = ?, updated_at = ? WHERE id = ?`,
  ).run(
    next.title,
    next.rule,
    next.why,
    next.appliesWhen,
    next.confidence,
    next.source,
    next.model,
    JSON.stringify(normaliseEvidence(next.evidence)),
    status,
    status === 'adopted' ? old.adoptedAt : null,
    // The file holds the old words: the new ones reach an agent at their next export.
    wordsChanged ? null : (old.exportedAt ?? null),
    at,
    id,
  );
  return mustGet(db, id);
}

/**
 * Adopts a draft (or re-adopts a retired lesson): it will be exported from now on. With `since`
 * (a person who put it in their instructions by hand earlier), that is its adoption date, for an
 * adopted lesson too.
 */
export function adoptLesson(db: Db, id: number, at = now(), since?: string): Lesson {
  const old = mustGet(db, id);
  if (since !== undefined) {
    db.prepare(`UPDATE lessons SET status = 'adopted', adopted_at = ?, retired_at = NULL, updated_at = ? WHERE id = ?`).run(since, at, id);
    return mustGet(db, id);
  }
  if (old.status === 'adopted') return old;
  db.prepare(`UPDATE lessons SET status = 'adopted', adopted_at = ?, retired_at = NULL, updated_at = ? WHERE id = ?`).run(
    at,
    at,
    id,
  );
  return mustGet(db, id);
}

/** Records that an export wrote these lessons into an instructions file (the first time counts). */
export function recordExported(db: Db, ids: readonly number[], at = now()): void {
  db.prepare(`UPDATE lessons SET exported_at = ? WHERE exported_at IS NULL AND id IN (SELECT value FROM json_each(?))`).run(at, JSON.stringify(ids));
}

/** Retires a lesson: kept with its evidence, never exported or offered to Claude again. */
export function retireLesson(db: Db, id: number, at = now()): Lesson {
  const old = mustGet(db, id);
  if (old.status === 'retired') return old;
  db.prepare(`UPDATE lessons SET status = 'retired', retired_at = ?, updated_at = ? WHERE id = ?`).run(at, at, id);
  return mustGet(db, id);
}

/** Brings a retired lesson back as a draft, to be reviewed again. */
export function reviveLesson(db: Db, id: number, at = now()): Lesson {
  mustGet(db, id);
  db.prepare(
    `UPDATE lessons SET status = 'draft', adopted_at = NULL, retired_at = NULL, updated_at = ? WHERE id = ?`,
  ).run(at, id);
  return mustGet(db, id);
}

/** Counts a person's verdict on a lesson in use (the ACE helpful/harmful counters). */
export function rateLesson(db: Db, id: number, verdict: 'helpful' | 'harmful'): Lesson {
  mustGet(db, id);
  const column = verdict === 'helpful' ? 'helpful' : 'harmful';
  db.prepare(`UPDATE lessons SET ${column} = ${column} + 1 WHERE id = ?`).run(id);
  return mustGet(db, id);
}

// ---- Outbox: every request that left the machine ----

interface OutboxRow {
  id: number;
  created_at: string;
  url: string;
  model: string | null;
  cluster_ids: string;
  request: string;
  status: number | null;
  response: string | null;
  error: string | null;
}

function toOutbox(r: OutboxRow): OutboxEntry {
  return {
    id: r.id,
    createdAt: r.created_at,
    url: r.url,
    model: r.model,
    clusterIds: JSON.parse(r.cluster_ids) as number[],
    request: r.request,
    status: r.status,
    response: r.response,
    error: r.error,
  };
}

/** Written just before the bytes leave, so even a crash mid-request leaves a record. */
export function insertOutbox(
  db: Db,
  entry: { url: string; model: string | null; clusterIds: number[]; request: string },
  at = now(),
): number {
  const info = db
    .prepare('INSERT INTO outbox (created_at, url, model, cluster_ids, request) VALUES (?, ?, ?, ?, ?)')
    .run(at, entry.url, entry.model, JSON.stringify(entry.clusterIds), entry.request);
  return Number(info.lastInsertRowid);
}

export function recordOutboxResult(
  db: Db,
  id: number,
  result: { status?: number | null; response?: string | null; error?: string | null },
): void {
  db.prepare('UPDATE outbox SET status = ?, response = ?, error = ? WHERE id = ?').run(
    result.status ?? null,
    result.response ?? null,
    result.error ?? null,
    id,
  );
}

/** Newest first. */
export function listOutbox(db: Db, options: { limit?: number; offset?: number } = {}): OutboxEntry[] {
  return db
    .prepare<[number, number], OutboxRow>('SELECT * FROM outbox ORDER BY id DESC LIMIT ? OFFSET ?')
    .all(options.limit ?? 50, options.offset ?? 0)
    .map(toOutbox);
}

export function getOutbox(db: Db, id: number): OutboxEntry | null {
  const row = db.prepare<[number], OutboxRow>('SELECT * FROM outbox WHERE id = ?').get(id);
  return row ? toOutbox(row) : null;
}

/** How many moment ids a lesson keeps as evidence: the most representative ones. */
export const EVIDENCE_LIMIT = 100;

/**
 * A cluster's most representative moment ids (highest similarity to its centre first), the
 * evidence a lesson written from it keeps across re-clustering.
 */
export function clusterEvidence(db: Db, clusterId: number, limit = EVIDENCE_LIMIT): number[] {
  return db
    .prepare<[number, number], { moment_id: number }>(
      'SELECT moment_id FROM cluster_members WHERE cluster_id = ? ORDER BY score DESC, moment_id LIMIT ?',
    )
    .all(clusterId, limit)
    .map((r) => r.moment_id);
}
