import type { Moment, MomentKind } from '../../../shared/types.js';
import type { Db } from './db.js';

/** A `moments` row as SQLite returns it; every reader of moments maps it the same way. */
export interface MomentRow {
  id: number;
  session_id: number;
  message_id: number;
  kind: MomentKind;
  text: string;
  context: string | null;
  at: string | null;
}

export function toMoment(r: MomentRow): Moment {
  return { id: r.id, sessionId: r.session_id, messageId: r.message_id, kind: r.kind, text: r.text, context: r.context, at: r.at };
}

/** One moment's own fields (kind, text, session, time), or null when there is none with this id. */
export function getMomentBrief(db: Db, id: number): { id: number; kind: MomentKind; text: string; sessionId: number; at: string | null } | null {
  return (
    db
      .prepare<[number], { id: number; kind: MomentKind; text: string; sessionId: number; at: string | null }>(
        'SELECT id, kind, text, session_id AS sessionId, at FROM moments WHERE id = ?',
      )
      .get(id) ?? null
  );
}
