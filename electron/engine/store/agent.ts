import type { ClusterSummary, MomentKind } from '../../../shared/types.js';
import { patternName } from './clusters.js';
import type { Db } from './db.js';

/*
 * What the agent's side (agent/: MCP tools and Claude Code hooks) reads from the store, and the
 * two tables it writes: its call log and the cache of scrubbed session-start answers.
 * Project filters are bound as one JSON array (`json_each`), so any number of projects is one query.
 */

/** Every distinct project the stored sessions name (a working directory for Claude Code and Codex). */
export function storedProjects(db: Db): string[] {
  return db
    .prepare<[], { project: string }>('SELECT DISTINCT project FROM sessions WHERE project IS NOT NULL ORDER BY project')
    .all()
    .map((r) => r.project);
}

/** Adopted lessons with the projects of the sessions their evidence came from. */
export function adoptedLessonProjects(db: Db): { id: number; projects: string[] }[] {
  const rows = db
    .prepare<[], { id: number; project: string | null }>(
      `SELECT l.id, s.project FROM lessons l
       LEFT JOIN json_each(l.evidence) e
       LEFT JOIN moments m ON m.id = e.value
       LEFT JOIN sessions s ON s.id = m.session_id
       WHERE l.status = 'adopted'
       GROUP BY l.id, s.project
       ORDER BY l.id`,
    )
    .all();
  const byId = new Map<number, string[]>();
  for (const r of rows) {
    const list = byId.get(r.id) ?? [];
    if (r.project !== null) list.push(r.project);
    byId.set(r.id, list);
  }
  return [...byId].map(([id, projects]) => ({ id, projects }));
}

/** A pattern as an agent sees it: its summary, and how often it occurred in the asked scope. */
export interface PatternRow extends Pick<ClusterSummary, 'id' | 'kind' | 'label' | 'keywords' | 'size' | 'sessions' | 'projects' | 'firstSeen' | 'lastSeen'> {
  /** Moments of this pattern inside the asked scope (all of them without a project filter). */
  inScope: number;
}

export interface PatternQuery {
  model: string;
  projects?: readonly string[];
  kind?: MomentKind;
  /** ISO date: only moments from then on count. */
  since?: string;
  limit: number;
}

/** Patterns (clusters) that have moments in the scope, most moments in scope first. */
export function patternsInScope(db: Db, q: PatternQuery): PatternRow[] {
  const rows = db
    .prepare<(string | number | null)[], Omit<PatternRow, 'keywords'> & { keywords: string }>(
      `SELECT c.id, c.kind, ${patternName('c.')} AS label, c.keywords, c.size, c.sessions, c.projects,
              c.first_seen AS firstSeen, c.last_seen AS lastSeen, count(*) AS inScope
       FROM clusters c
       JOIN cluster_members cm ON cm.cluster_id = c.id
       JOIN moments m ON m.id = cm.moment_id
       JOIN sessions s ON s.id = m.session_id
       WHERE c.model = ? AND (? IS NULL OR c.kind = ?) AND (? IS NULL OR m.at >= ?)
         AND (? IS NULL OR s.project IN (SELECT value FROM json_each(?)))
       GROUP BY c.id
       ORDER BY inScope DESC, c.id
       LIMIT ?`,
    )
    .all(
      q.model,
      q.kind ?? null,
      q.kind ?? null,
      q.since ?? null,
      q.since ?? null,
      q.projects ? 1 : null,
      JSON.stringify(q.projects ?? []),
      q.limit,
    );
  return rows.map((r) => ({ ...r, keywords: JSON.parse(r.keywords) as string[] }));
}

export interface FailureMoment {
  momentId: number;
  text: string;
  at: string | null;
  sessionId: number;
  project: string | null;
  messageSeq: number;
}

/** Failure moments by id, with their session (in the order of `ids`, unknown ids dropped). */
export function failureMoments(db: Db, ids: readonly number[]): FailureMoment[] {
  const rows = db
    .prepare<[string], FailureMoment>(
      `SELECT m.id AS momentId, m.text, m.at, m.session_id AS sessionId, s.project, msg.seq AS messageSeq
       FROM moments m JOIN sessions s ON s.id = m.session_id JOIN messages msg ON msg.id = m.message_id
       WHERE m.kind = 'failure' AND m.id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(ids));
  const byId = new Map(rows.map((r) => [r.momentId, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Failure moment ids whose text matches a full-text query, in scope (the fallback without a model). */
export function failureIdsByText(db: Db, ftsQuery: string, projects: readonly string[] | undefined, limit: number): number[] {
  return db
    .prepare<(string | number | null)[], { id: number }>(
      `SELECT DISTINCT m.id FROM messages_fts f
       JOIN moments m ON m.message_id = f.rowid AND m.kind = 'failure'
       JOIN sessions s ON s.id = m.session_id
       WHERE messages_fts MATCH ? AND (? IS NULL OR s.project IN (SELECT value FROM json_each(?)))
       ORDER BY f.rank LIMIT ?`,
    )
    .all(ftsQuery, projects ? 1 : null, JSON.stringify(projects ?? []), limit)
    .map((r) => r.id);
}

export interface NextSteps {
  /** The person's next words on the main thread after the failure. */
  nextUserText: string | null;
  /** The next tool call that did not fail, with what it was given. */
  nextSuccess: { tool: string; input: string } | null;
}

/** What happened after message `seq` of a session: the person's next words and the next successful call. */
export function nextSteps(db: Db, sessionId: number, seq: number): NextSteps {
  const user = db
    .prepare<[number, number], { text: string }>(
      `SELECT text FROM messages WHERE session_id = ? AND seq > ? AND role = 'user' AND on_main_thread = 1
       AND trim(text) <> '' ORDER BY seq LIMIT 1`,
    )
    .get(sessionId, seq);
  // A call succeeded when a result answers it (by call id) without the error flag.
  const success = db
    .prepare<[number, number], { tool: string; input: string }>(
      `SELECT c.name AS tool, c.input FROM tool_calls c JOIN messages cm ON cm.id = c.message_id
       WHERE cm.session_id = ? AND cm.seq > ? AND EXISTS (
         SELECT 1 FROM tool_results r JOIN messages rm ON rm.id = r.message_id
         WHERE rm.session_id = cm.session_id AND r.call_id = c.call_id AND r.is_error = 0)
       ORDER BY cm.seq, c.seq LIMIT 1`,
    )
    .get(sessionId, seq);
  return { nextUserText: user?.text ?? null, nextSuccess: success ?? null };
}

/** Ids of the moments of one kind in the given projects (all projects when absent). */
export function momentIdsInScope(db: Db, kind: MomentKind, projects: readonly string[] | undefined): Set<number> {
  return new Set(
    db
      .prepare<(string | number | null)[], { id: number }>(
        `SELECT m.id FROM moments m JOIN sessions s ON s.id = m.session_id
         WHERE m.kind = ? AND (? IS NULL OR s.project IN (SELECT value FROM json_each(?)))`,
      )
      .all(kind, projects ? 1 : null, JSON.stringify(projects ?? []))
      .map((r) => r.id),
  );
}

/** A scrubbed text cached under its key, or undefined. */
export function cachedScrubbed(db: Db, key: string): string | undefined {
  return db.prepare<[string], { text: string }>('SELECT text FROM agent_scrubbed WHERE key = ?').get(key)?.text;
}

/** Keeps a scrubbed text under its key; the cache holds the newest 200 answers. */
export function cacheScrubbed(db: Db, key: string, text: string, at = new Date().toISOString()): void {
  db.transaction(() => {
    db.prepare('INSERT OR REPLACE INTO agent_scrubbed (key, text, at) VALUES (?, ?, ?)').run(key, text, at);
    db.prepare('DELETE FROM agent_scrubbed WHERE key NOT IN (SELECT key FROM agent_scrubbed ORDER BY at DESC LIMIT 200)').run();
  }).immediate();
}

/** What changes the scrubber beside the text: the owner identities read from exports, and the session folders. */
export function scrubberInputsVersion(db: Db): string {
  const r = db
    .prepare<[], { ids: number; maxId: number | null; projects: number }>(
      `SELECT (SELECT count(*) FROM account_identities) AS ids, (SELECT max(id) FROM account_identities) AS maxId,
              (SELECT count(DISTINCT project) FROM sessions) AS projects`,
    )
    .get()!;
  return `${r.ids}:${r.maxId ?? 0}:${r.projects}`;
}

export interface AgentCall {
  surface: 'mcp' | 'hook';
  tool: string;
  args: unknown;
  project: string | null;
  bytes: number;
  error?: string;
}

/** The call log keeps this many newest calls (a hook logs one at every session start). */
export const AGENT_CALLS_KEPT = 10_000;

/** Records one answer given to an agent: what was asked and how many bytes went into its context. */
export function logAgentCall(db: Db, call: AgentCall, at = new Date().toISOString()): void {
  const id = db.prepare('INSERT INTO agent_calls (at, surface, tool, args, project, bytes, error) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    at,
    call.surface,
    call.tool,
    JSON.stringify(call.args ?? {}),
    call.project,
    call.bytes,
    call.error ?? null,
  ).lastInsertRowid;
  db.prepare('DELETE FROM agent_calls WHERE id <= ?').run(Number(id) - AGENT_CALLS_KEPT);
}

export interface AgentCallRow extends Omit<AgentCall, 'args' | 'error'> {
  id: number;
  at: string;
  args: string;
  error: string | null;
}

export function listAgentCalls(db: Db, limit = 50): AgentCallRow[] {
  return db
    .prepare<[number], AgentCallRow>('SELECT id, at, surface, tool, args, project, bytes, error FROM agent_calls ORDER BY id DESC LIMIT ?')
    .all(limit);
}
