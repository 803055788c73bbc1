// A deliberately naive extractor, one keyword regex per kind, kept only as the comparison
// point for the real rules in the benchmark and the labelled-set evaluation.
import type { MomentKind, SessionDetail } from '../../../shared/types.js';

const NAIVE: Record<MomentKind, RegExp> = {
  correction: /\b(?:no|wrong|don't|revert|undo|stop|i said)\b/i,
  failure: /\b(?:error|failed|exception|traceback)\b/i,
  task: /^\s*(?:can you|could you|please|write|create|add|make|help|implement|build|fix)\b/i,
  preference: /\b(?:always|never|prefer|don't use|do not use)\b/i,
};

/** Kinds the naive keywords give each message: user text for the person's kinds, tool output for failures. */
export function keywordBaseline(session: SessionDetail): Map<number, Set<MomentKind>> {
  const out = new Map<number, Set<MomentKind>>();
  const mark = (id: number, kind: MomentKind) => {
    let kinds = out.get(id);
    if (!kinds) out.set(id, (kinds = new Set()));
    kinds.add(kind);
  };
  for (const m of session.messages) {
    if (m.role === 'user' && !m.sidechain) {
      for (const kind of ['correction', 'task', 'preference'] as const) if (NAIVE[kind].test(m.text)) mark(m.id, kind);
    }
    if (m.toolResults.some((r) => NAIVE.failure.test(r.output))) mark(m.id, 'failure');
  }
  return out;
}
