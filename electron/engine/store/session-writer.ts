import { createHash } from 'node:crypto';
import type { ParsedMessage, ParsedSession } from '../../../shared/types.js';
import type { Db } from './db.js';
import { deriveTitle, usableTitle } from './titles.js';

export type WriteOutcome =
  | { action: 'added'; sessionId: number; messages: number }
  | { action: 'updated'; sessionId: number; messages: number }
  | { action: 'skipped'; sessionId: number; reason: 'same' | 'older' | 'duplicate-content' };

/**
 * A hash of what a session says (not of how its file was laid out), to find the same
 * session twice. The log's own id is part of it: two sessions that happen to say the
 * same words ("hi" / "hello") are still two sessions; id-less ones dedupe by content.
 */
export function contentHash(session: ParsedSession): string {
  const h = createHash('sha256');
  h.update(`${session.format}\u0000${session.externalId ?? ''}`);
  for (const m of session.messages) {
    h.update('\u0000');
    h.update(m.role);
    h.update('\u0001');
    h.update(m.text);
    for (const c of m.toolCalls ?? []) h.update(`\u0002${c.name}\u0003${c.input}`);
    for (const r of m.toolResults ?? []) h.update(`\u0004${r.isError ? 1 : 0}${r.output}`);
  }
  return h.digest('hex');
}

function firstTimestamp(messages: ParsedMessage[]): string | undefined {
  return messages.find((m) => m.timestamp)?.timestamp;
}

function lastTimestamp(messages: ParsedMessage[]): string | undefined {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i].timestamp) return messages[i].timestamp;
  return undefined;
}

/**
 * Writes parsed sessions into the store. The caller owns the transaction (one per
 * imported file); this class only prepares statements once and applies the rules:
 * - a session is known by (format, external id), or by its content hash when the log has no id;
 * - the same content again is skipped; a longer version (a transcript that went on) replaces
 *   the stored one in place, keeping its row id; a shorter, older copy is skipped.
 */
export class SessionWriter {
  private readonly byExternal;
  private readonly byHash;
  private readonly insertSession;
  private readonly updateSession;
  private readonly deleteMessages;
  private readonly insertMessage;
  private readonly insertCall;
  private readonly insertResult;
  private readonly backfillUsage;

  private readonly indexFrom;
  /** First message id not yet in the full-text index, or null when all are. */
  private pendingFrom: number | null = null;

  /**
   * With `deferIndex`, new messages reach the full-text index only at flushIndex() (the import
   * calls it once per file, inside the file's savepoint); otherwise after every write().
   */
  constructor(
    private readonly db: Db,
    private readonly options: { deferIndex?: boolean } = {},
  ) {
    this.indexFrom = db.prepare('INSERT INTO messages_fts (rowid, text, tools) SELECT id, text, tools FROM message_search WHERE id >= ?');
    this.byExternal = db.prepare<[string, string], { id: number; content_hash: string; message_count: number }>(
      'SELECT id, content_hash, message_count FROM sessions WHERE format = ? AND external_id = ?',
    );
    this.byHash = db.prepare<[string], { id: number }>('SELECT id FROM sessions WHERE content_hash = ?');
    this.insertSession = db.prepare(
      `INSERT INTO sessions (source_id, format, external_id, title, project, git_branch, model,
         started_at, ended_at, message_count, content_hash, imported_at, updated_at)
       VALUES (@sourceId, @format, @externalId, @title, @project, @gitBranch, @model,
         @startedAt, @endedAt, @messageCount, @hash, @now, @now)`,
    );
    this.updateSession = db.prepare(
      `UPDATE sessions SET source_id = @sourceId, title = @title, project = @project, git_branch = @gitBranch,
         model = @model, started_at = @startedAt, ended_at = @endedAt, message_count = @messageCount,
         content_hash = @hash, updated_at = @now
       WHERE id = @id`,
    );
    this.deleteMessages = db.prepare('DELETE FROM messages WHERE session_id = ?');
    this.insertMessage = db.prepare(
      `INSERT INTO messages (session_id, seq, role, text, timestamp, external_id, parent_external_id,
         on_main_thread, sidechain, model, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.backfillUsage = db.prepare(
      `UPDATE messages SET input_tokens = ?, output_tokens = ?, cache_read_tokens = ?, cache_write_tokens = ?
       WHERE session_id = ? AND seq = ? AND input_tokens IS NULL`,
    );
    this.insertCall = db.prepare('INSERT INTO tool_calls (message_id, seq, call_id, name, input) VALUES (?, ?, ?, ?, ?)');
    this.insertResult = db.prepare(
      'INSERT INTO tool_results (message_id, seq, call_id, name, output, is_error) VALUES (?, ?, ?, ?, ?, ?)',
    );
  }

  write(session: ParsedSession, sourceId: number | null): WriteOutcome {
    const outcome = this.store(session, sourceId);
    if (!this.options.deferIndex) this.flushIndex();
    return outcome;
  }

  /** Adds the messages written since the last flush to the full-text index. */
  flushIndex(): void {
    if (this.pendingFrom === null) return;
    this.indexFrom.run(this.pendingFrom);
    this.pendingFrom = null;
  }

  /** Forgets unindexed messages that a rollback has just removed. */
  discardPending(): void {
    this.pendingFrom = null;
  }

  private store(session: ParsedSession, sourceId: number | null): WriteOutcome {
    const hash = contentHash(session);
    const externalId = session.externalId ?? hash;
    const now = new Date().toISOString();
    const row = {
      sourceId,
      format: session.format,
      externalId,
      // Formats without a title (Aider, ShareGPT, many Codex rollouts): the person's first request.
      title: usableTitle(session.title) ?? deriveTitle(session.messages),
      project: session.project ?? null,
      gitBranch: session.gitBranch ?? null,
      model: session.model ?? null,
      startedAt: session.startedAt ?? firstTimestamp(session.messages) ?? null,
      endedAt: session.endedAt ?? lastTimestamp(session.messages) ?? null,
      messageCount: session.messages.length,
      hash,
      now,
    };

    const existing = this.byExternal.get(session.format, externalId);
    if (existing) {
      if (existing.content_hash === hash) {
        // Stored before token usage was kept: `import --force` fills it in without a rewrite.
        this.fillUsage(existing.id, session.messages);
        return { action: 'skipped', sessionId: existing.id, reason: 'same' };
      }
      if (session.messages.length < existing.message_count) {
        return { action: 'skipped', sessionId: existing.id, reason: 'older' };
      }
      const twin = this.byHash.get(hash);
      if (twin) return { action: 'skipped', sessionId: twin.id, reason: 'duplicate-content' };
      this.updateSession.run({ ...row, id: existing.id });
      // The delete trigger removes index rows, which must exist first.
      this.flushIndex();
      this.deleteMessages.run(existing.id);
      this.writeMessages(existing.id, session.messages);
      return { action: 'updated', sessionId: existing.id, messages: session.messages.length - existing.message_count };
    }
    const twin = this.byHash.get(hash);
    if (twin) return { action: 'skipped', sessionId: twin.id, reason: 'duplicate-content' };
    const id = Number(this.insertSession.run(row).lastInsertRowid);
    this.writeMessages(id, session.messages);
    return { action: 'added', sessionId: id, messages: session.messages.length };
  }

  private fillUsage(sessionId: number, messages: ParsedMessage[]): void {
    messages.forEach((m, seq) => {
      if (m.usage) this.backfillUsage.run(m.usage.input, m.usage.output, m.usage.cacheRead, m.usage.cacheWrite, sessionId, seq);
    });
  }

  private writeMessages(sessionId: number, messages: ParsedMessage[]): void {
    messages.forEach((m, seq) => {
      const messageId: number = Number(
        this.insertMessage.run(
          sessionId,
          seq,
          m.role,
          m.text,
          m.timestamp ?? null,
          m.externalId ?? null,
          m.parentExternalId ?? null,
          m.onMainThread === false ? 0 : 1,
          m.sidechain ? 1 : 0,
          m.model ?? null,
          m.usage?.input ?? null,
          m.usage?.output ?? null,
          m.usage?.cacheRead ?? null,
          m.usage?.cacheWrite ?? null,
        ).lastInsertRowid,
      );
      this.pendingFrom ??= messageId;
      m.toolCalls?.forEach((c, i) => this.insertCall.run(messageId, i, c.callId ?? null, c.name, c.input));
      m.toolResults?.forEach((r, i) =>
        this.insertResult.run(messageId, i, r.callId ?? null, r.name ?? null, r.output, r.isError ? 1 : 0),
      );
    });
  }
}
