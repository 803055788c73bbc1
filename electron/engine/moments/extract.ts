// Running the moment rules over the store, incrementally: a session is scanned again only when
// its content changed (it grew) or the rules changed (RULES_VERSION), and its moments are then
// reconciled in one transaction so unchanged moments keep their ids (and their clusters).
import { toMoment, type MomentRow } from '../store/moment-rows.js';
import type { Moment, MomentKind, Progress } from '../../../shared/types.js';
import { throwIfAborted } from '../base/cancel.js';
import type { Db } from '../store/db.js';
import { getSession } from '../store/sessions.js';
import { detectorTag, judgedTexts, vectorJudge, type ClassifierWeights } from './classifier.js';
import { RULES_VERSION, extractDrafts, type Detector, type MomentDraft } from './rules.js';
import type { SessionDetail } from '../../../shared/types.js';
import { textHash } from '../base/hash.js';

export interface ExtractOptions {
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** Rules version to record (tests bump it to check rescans); defaults to RULES_VERSION. */
  rulesVersion?: number;
}

export interface DetectOptions extends ExtractOptions {
  /** The classifier's weights; null: the rules alone. */
  weights: ClassifierWeights | null;
  /** Vectors of the classifier's embedding model for these turn texts (the analysis reads them through its cache). */
  vectorsFor: (texts: string[]) => Promise<Map<string, ArrayLike<number>>>;
  /** Sessions whose turns are embedded together (default 200). */
  chunk?: number;
}

export interface ExtractResult {
  /** Sessions scanned in this run. */
  scanned: number;
  /** Moments inserted. */
  added: number;
  /** Moments deleted (gone from the new scan, or changed and re-inserted). */
  removed: number;
}

interface StoredMomentRow {
  id: number;
  message_id: number;
  kind: MomentKind;
  text_hash: string;
  context: string | null;
  at: string | null;
  detector: Detector;
}

/** The sessions due for a scan and the transaction that replaces one session's moments. */
function scanner(db: Db, version: number, detectors: string) {
  const due = db
    .prepare<[number, string], { id: number; content_hash: string }>(
      `SELECT s.id, s.content_hash FROM sessions s
       LEFT JOIN moment_scans ms ON ms.session_id = s.id
       WHERE ms.session_id IS NULL OR ms.content_hash <> s.content_hash OR ms.rules_version <> ? OR ms.detectors <> ?
       ORDER BY s.id`,
    )
    .all(version, detectors);

  const existing = db.prepare<[number], StoredMomentRow>(
    'SELECT id, message_id, kind, text_hash, context, at, detector FROM moments WHERE session_id = ?',
  );
  const remove = db.prepare<[number]>('DELETE FROM moments WHERE id = ?');
  const relabel = db.prepare<[string, number]>('UPDATE moments SET detector = ? WHERE id = ?');
  const insert = db.prepare(
    `INSERT INTO moments (session_id, message_id, kind, text, context, text_hash, at, detector)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const record = db.prepare(
    `INSERT INTO moment_scans (session_id, content_hash, rules_version, scanned_at, detectors) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(session_id) DO UPDATE SET content_hash = excluded.content_hash,
       rules_version = excluded.rules_version, scanned_at = excluded.scanned_at, detectors = excluded.detectors`,
  );

  // Read, then written: BEGIN IMMEDIATE takes the write lock first, so a write from another
  // connection (the app while a job worker runs) makes it wait, not fail on a stale read.
  const replace = db.transaction((sessionId: number, contentHash: string, drafts: MomentDraft[]) => {
    const old = new Map(existing.all(sessionId).map((r) => [`${r.message_id}:${r.kind}`, r]));
    let added = 0;
    let removed = 0;
    for (const d of drafts) {
      const key = `${d.messageId}:${d.kind}`;
      const hash = textHash(d.text);
      const before = old.get(key);
      if (before) {
        old.delete(key);
        if (before.text_hash === hash && before.context === d.context && before.at === d.at) {
          // The same moment, now decided by the other detector: keep its id (and its cluster).
          if (before.detector !== d.detector) relabel.run(d.detector, before.id);
          continue;
        }
        remove.run(before.id);
        removed++;
      }
      insert.run(sessionId, d.messageId, d.kind, d.text, d.context, hash, d.at, d.detector);
      added++;
    }
    for (const gone of old.values()) {
      remove.run(gone.id);
      removed++;
    }
    record.run(sessionId, contentHash, version, new Date().toISOString(), detectors);
    return { added, removed };
  });
  return { due, replace };
}

/**
 * Scans with the rules alone the sessions whose moment_scans row is missing or out of date
 * (different content hash, rules version or detectors). Each session's moments are replaced in one
 * transaction together with its scan record, so an interrupted run leaves every session either
 * fully old or fully new.
 */
export function extractMoments(db: Db, options: ExtractOptions = {}): ExtractResult {
  const { due, replace } = scanner(db, options.rulesVersion ?? RULES_VERSION, detectorTag(null));
  const result: ExtractResult = { scanned: 0, added: 0, removed: 0 };
  for (const [i, s] of due.entries()) {
    options.onProgress?.({ phase: 'moments', done: i, total: due.length });
    throwIfAborted(options.signal);
    const session = getSession(db, s.id);
    if (!session) continue;
    const { added, removed } = replace.immediate(s.id, s.content_hash, extractDrafts(session));
    result.scanned++;
    result.added += added;
    result.removed += removed;
  }
  options.onProgress?.({ phase: 'moments', done: due.length, total: due.length });
  return result;
}

/**
 * Like extractMoments, with the classifier beside the rules when `weights` are given: the person's
 * turns of a chunk of due sessions are embedded together (`vectorsFor`), then each session is scanned
 * and written as above. Without weights it is extractMoments.
 */
export async function detectMoments(db: Db, options: DetectOptions): Promise<ExtractResult> {
  const { weights } = options;
  if (!weights) return extractMoments(db, options);
  const { due, replace } = scanner(db, options.rulesVersion ?? RULES_VERSION, detectorTag(weights));
  const result: ExtractResult = { scanned: 0, added: 0, removed: 0 };
  const chunk = options.chunk ?? 200;
  for (let start = 0; start < due.length; start += chunk) {
    options.onProgress?.({ phase: 'moments', done: start, total: due.length });
    throwIfAborted(options.signal);
    const part = due.slice(start, start + chunk);
    const sessions = new Map<number, SessionDetail>();
    for (const s of part) {
      const session = getSession(db, s.id);
      if (session) sessions.set(s.id, session);
    }
    const vectors = await options.vectorsFor(judgedTexts(sessions.values(), weights));
    throwIfAborted(options.signal);
    const judge = vectorJudge(weights, vectors);
    for (const s of part) {
      const session = sessions.get(s.id);
      if (!session) continue;
      const { added, removed } = replace.immediate(s.id, s.content_hash, extractDrafts(session, { judge }));
      result.scanned++;
      result.added += added;
      result.removed += removed;
    }
  }
  options.onProgress?.({ phase: 'moments', done: due.length, total: due.length });
  return result;
}

export interface ListMomentsOptions {
  kind?: MomentKind;
  sessionId?: number;
  limit?: number;
  offset?: number;
}

/** Stored moments in session and message order, optionally of one kind or one session. */
export function listMoments(db: Db, options: ListMomentsOptions = {}): Moment[] {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (options.kind) {
    where.push('m.kind = ?');
    params.push(options.kind);
  }
  if (options.sessionId !== undefined) {
    where.push('m.session_id = ?');
    params.push(options.sessionId);
  }
  params.push(options.limit ?? -1, options.offset ?? 0);
  return db
    .prepare<(string | number)[], MomentRow>(
      `SELECT m.id, m.session_id, m.message_id, m.kind, m.text, m.context, m.at
       FROM moments m JOIN messages msg ON msg.id = m.message_id
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY m.session_id, msg.seq, m.kind LIMIT ? OFFSET ?`,
    )
    .all(...params)
    .map(toMoment);
}

export interface DetectedMoment extends Moment {
  /** Which detector decided it: 'rules' or 'classifier'. */
  detector: Detector;
}

/** listMoments with the detector that decided each moment (for `reverie moments`). */
export function listDetectedMoments(db: Db, options: ListMomentsOptions = {}): DetectedMoment[] {
  const moments = listMoments(db, options);
  const get = db.prepare<[number], { detector: Detector }>('SELECT detector FROM moments WHERE id = ?');
  return moments.map((m) => ({ ...m, detector: get.get(m.id)?.detector ?? 'rules' }));
}

/** How many moments are stored, per kind (every kind present, zero when none). */
export function countMoments(db: Db): Record<MomentKind, number> {
  const counts: Record<MomentKind, number> = { correction: 0, failure: 0, task: 0, preference: 0 };
  for (const r of db.prepare<[], { kind: MomentKind; n: number }>('SELECT kind, count(*) AS n FROM moments GROUP BY kind').all()) {
    counts[r.kind] = r.n;
  }
  return counts;
}
