import type { FormatId, Role, SessionDetail, SessionSummary, StoredMessage } from '../../../shared/types.js';
import type { Db } from './db.js';

interface SessionRow {
  id: number;
  format: FormatId;
  external_id: string;
  title: string | null;
  project: string | null;
  git_branch: string | null;
  model: string | null;
  started_at: string | null;
  ended_at: string | null;
  message_count: number;
  sample: number;
  snippet?: string;
  hit?: number;
}

const SESSION_COLUMNS = `s.id, s.format, s.external_id, s.title, s.project, s.git_branch, s.model,
  s.started_at, s.ended_at, s.message_count,
  EXISTS (SELECT 1 FROM import_sources i WHERE i.id = s.source_id AND i.sample = 1) AS sample`;

function toSummary(r: SessionRow): SessionSummary {
  const summary: SessionSummary = {
    id: r.id,
    format: r.format,
    externalId: r.external_id,
    title: r.title,
    project: r.project,
    gitBranch: r.git_branch,
    model: r.model,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    messageCount: r.message_count,
  };
  if (r.sample) summary.sample = true;
  if (r.snippet !== undefined) summary.snippet = r.snippet;
  if (r.hit !== undefined) summary.hitMessageId = r.hit;
  return summary;
}

/**
 * Turns free text into an FTS5 query that matches all its words, so user input with
 * quotes, dashes or FTS operators cannot produce a syntax error.
 */
export function ftsQuery(text: string): string {
  const words = text.match(/[\p{L}\p{N}_]+/gu) ?? [];
  return words.map((w) => `"${w}"`).join(' ');
}

export interface ListOptions {
  search?: string;
  limit?: number;
  offset?: number;
  /** Only sessions of these projects (exact values of `sessions.project`); all when absent. */
  projects?: readonly string[];
  /** What goes around the matched words in snippets (default `[` and `]`). */
  mark?: readonly [string, string];
}

/** `AND s.project IN (...)` for a projects filter, or nothing; its values are bound as JSON. */
function projectClause(projects: readonly string[] | undefined): { sql: string; params: string[] } {
  if (!projects) return { sql: '', params: [] };
  return { sql: 'AND s.project IN (SELECT value FROM json_each(?))', params: [JSON.stringify(projects)] };
}

/** Sessions, newest first; with `search`, only those whose messages match, best match first. */
export function listSessions(db: Db, options: ListOptions = {}): SessionSummary[] {
  const limit = options.limit ?? 50;
  const offset = options.offset ?? 0;
  const scope = projectClause(options.projects);
  if (options.search && options.search.trim()) {
    const query = ftsQuery(options.search);
    if (!query) return [];
    // Best-ranked hit per session first; snippets are then made only for the rows shown
    // (FTS5 cannot compute snippet() inside a window query). The index has two columns,
    // the message's text and its tool calls and outputs: the snippet comes from the one that matched.
    const rows = db
      .prepare<(string | number)[], SessionRow & { hit: number }>(
        `WITH hits AS (
           SELECT m.session_id AS sid, m.id AS hit, f.rank AS rank,
                  row_number() OVER (PARTITION BY m.session_id ORDER BY f.rank, m.id) AS nth
           FROM messages_fts f JOIN messages m ON m.id = f.rowid
           WHERE messages_fts MATCH ?)
         SELECT ${SESSION_COLUMNS}, hits.hit FROM hits JOIN sessions s ON s.id = hits.sid
         WHERE hits.nth = 1 ${scope.sql}
         ORDER BY hits.rank, s.id LIMIT ? OFFSET ?`,
      )
      .all(query, ...scope.params, limit, offset);
    // With `rowid = ?` beside MATCH, SQLite 3.53's FTS5 answers the first match's snippet for every
    // row (test/store/search.test.ts); a one-row range picks the right one.
    const [open, close] = options.mark ?? ['[', ']'];
    const snippet = db.prepare<[string, string, string, number, number], { snippet: string }>(
      `SELECT snippet(messages_fts, -1, ?, ?, '…', 12) AS snippet FROM messages_fts
       WHERE messages_fts MATCH ? AND rowid BETWEEN ? AND ?`,
    );
    return rows.map((row) => toSummary({ ...row, snippet: snippet.get(open, close, query, row.hit, row.hit)?.snippet ?? '' }));
  }
  return db
    .prepare<(string | number)[], SessionRow>(
      `SELECT ${SESSION_COLUMNS} FROM sessions s WHERE 1 ${scope.sql}
       ORDER BY coalesce(s.started_at, s.imported_at) DESC, s.id DESC LIMIT ? OFFSET ?`,
    )
    .all(...scope.params, limit, offset)
    .map(toSummary);
}

export function countSessions(db: Db): { sessions: number; messages: number } {
  return db
    .prepare<[], { sessions: number; messages: number }>(
      'SELECT (SELECT count(*) FROM sessions) AS sessions, (SELECT count(*) FROM messages) AS messages',
    )
    .get()!;
}

interface MessageRow {
  id: number;
  seq: number;
  role: Role;
  text: string;
  timestamp: string | null;
  on_main_thread: number;
  sidechain: number;
  external_id: string | null;
  parent_external_id: string | null;
}

/** One session with all its messages (main thread and branches) and their tool traffic. */
export function getSession(db: Db, id: number): SessionDetail | null {
  const row = db.prepare<[number], SessionRow>(`SELECT ${SESSION_COLUMNS} FROM sessions s WHERE s.id = ?`).get(id);
  if (!row) return null;
  const messages = db
    .prepare<[number], MessageRow>(
      `SELECT id, seq, role, text, timestamp, on_main_thread, sidechain, external_id, parent_external_id
       FROM messages WHERE session_id = ? ORDER BY seq`,
    )
    .all(id);
  const calls = db
    .prepare<[number], { message_id: number; call_id: string | null; name: string; input: string }>(
      `SELECT c.message_id, c.call_id, c.name, c.input FROM tool_calls c
       JOIN messages m ON m.id = c.message_id WHERE m.session_id = ? ORDER BY c.message_id, c.seq`,
    )
    .all(id);
  const results = db
    .prepare<[number], { message_id: number; call_id: string | null; name: string | null; output: string; is_error: number }>(
      `SELECT r.message_id, r.call_id, r.name, r.output, r.is_error FROM tool_results r
       JOIN messages m ON m.id = r.message_id WHERE m.session_id = ? ORDER BY r.message_id, r.seq`,
    )
    .all(id);
  const byId = new Map<number, StoredMessage>();
  const stored = messages.map((m): StoredMessage => {
    const s: StoredMessage = {
      id: m.id,
      seq: m.seq,
      role: m.role,
      text: m.text,
      timestamp: m.timestamp,
      onMainThread: m.on_main_thread === 1,
      sidechain: m.sidechain === 1,
      externalId: m.external_id,
      parentExternalId: m.parent_external_id,
      toolCalls: [],
      toolResults: [],
    };
    byId.set(m.id, s);
    return s;
  });
  for (const c of calls) {
    byId.get(c.message_id)?.toolCalls.push({ callId: c.call_id ?? undefined, name: c.name, input: c.input });
  }
  for (const r of results) {
    byId.get(r.message_id)?.toolResults.push({
      callId: r.call_id ?? undefined,
      name: r.name ?? undefined,
      output: r.output,
      isError: r.is_error === 1,
    });
  }
  return { ...toSummary(row), messages: stored };
}
