import type { Moment, MomentKind } from '../../../shared/types.js';

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
