// Measuring and training the two detectors on the same cases: the labelled real turns
// (test/fixtures/moment-labels.json, in their imported sessions) and the generated turns
// (test/fixtures/moment-phrasings.json, each in a small session). A case is one message to score.
import path from 'node:path';
import { MOMENT_KINDS, type MomentKind, type SessionDetail } from '../../../shared/types.js';
import { importPaths } from '../import/run-import.js';
import { openStore } from '../store/db.js';
import { getSession } from '../store/sessions.js';
import { CLASSIFIER_KINDS, extraFeatures, judgeable, turnText, type ClassifierKind, type ClassifierWeights } from './classifier.js';
import { isHeldOut, scoreKinds, type KindScore, type LabelSet, type LabelledTurn } from './evaluate.js';
import { isHeldApartFamily, phrasingSession, type PhrasingSet } from './phrasings.js';
import { extractDrafts, type TurnJudge } from './rules.js';

export interface Case {
  session: SessionDetail;
  index: number;
  labels: MomentKind[];
  /** The kinds this case is scored on: all four for real turns, correction and preference for generated ones. */
  scored: readonly MomentKind[];
  /** Cross-validation group: a real session, or a wording family. */
  group: string;
  /** Kept apart from training and tuning. */
  heldApart: boolean;
  set: 'real' | 'generated' | 'paraphrase';
}

/** Imports the labelled sample files into a memory store and returns each labelled turn as a case. */
export async function realCases(samplesDir: string, labels: LabelSet): Promise<Case[]> {
  const db = openStore(':memory:');
  try {
    const sessionIds = new Map<string, number>();
    const lastId = db.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM sessions');
    const since = db.prepare<[number], { id: number; external_id: string }>('SELECT id, external_id FROM sessions WHERE id > ?');
    for (const file of [...new Set(labels.turns.map((t) => t.file))]) {
      const before = lastId.get()?.id ?? 0;
      const summary = await importPaths(db, [path.join(samplesDir, file)]);
      if (summary.failed) throw new Error(`${file}: ${summary.files.find((f) => f.error)?.error}`);
      for (const s of since.all(before)) sessionIds.set(`${file}\u0000${s.external_id}`, s.id);
    }
    const details = new Map<number, SessionDetail>();
    return labels.turns.map((turn: LabelledTurn) => {
      const id = sessionIds.get(`${turn.file}\u0000${turn.session}`);
      if (id === undefined) throw new Error(`labelled session not found: ${turn.file} ${turn.session}`);
      let detail = details.get(id);
      if (!detail) details.set(id, (detail = getSession(db, id)!));
      const index = detail.messages.findIndex((m) => m.seq === turn.seq);
      if (index < 0) throw new Error(`labelled turn not found: ${turn.file} ${turn.session} #${turn.seq}`);
      return { session: detail, index, labels: turn.labels, scored: MOMENT_KINDS, group: `${turn.file}|${turn.session}`, heldApart: isHeldOut(turn), set: 'real' as const };
    });
  } finally {
    db.close();
  }
}

/** The generated turns: wordings[0] of every item, and (set 'paraphrase') its other wordings. */
export function generatedCases(phrasings: PhrasingSet): Case[] {
  const out: Case[] = [];
  let id = 1_000_000;
  for (const item of phrasings.items) {
    item.wordings.forEach((w, k) => {
      const session = phrasingSession(item, w, id++);
      out.push({
        session,
        index: session.messages.length - 1,
        labels: item.labels,
        scored: CLASSIFIER_KINDS,
        group: `family:${item.family}`,
        heldApart: isHeldApartFamily(item.family),
        set: k === 0 ? 'generated' : 'paraphrase',
      });
    });
  }
  return out;
}

export type DetectorName = 'rules' | 'classifier' | 'combined';

/** What each detector gives each case's message. */
export function detect(cases: Case[], judge: TurnJudge | null): Record<DetectorName, Map<Case, Set<MomentKind>>> {
  const out = { rules: new Map(), classifier: new Map(), combined: new Map() } as Record<DetectorName, Map<Case, Set<MomentKind>>>;
  const bySession = new Map<SessionDetail, Case[]>();
  for (const c of cases) {
    const list = bySession.get(c.session);
    if (list) list.push(c);
    else bySession.set(c.session, [c]);
  }
  for (const [session, list] of bySession) {
    const runs: [DetectorName, ReturnType<typeof extractDrafts>][] = [['rules', extractDrafts(session)]];
    if (judge) {
      runs.push(['classifier', extractDrafts(session, { judge, mode: 'classifier' })]);
      runs.push(['combined', extractDrafts(session, { judge, mode: 'combined' })]);
    }
    for (const [name, drafts] of runs) {
      const kinds = new Map<number, Set<MomentKind>>();
      for (const d of drafts) {
        if (!kinds.has(d.messageId)) kinds.set(d.messageId, new Set());
        kinds.get(d.messageId)!.add(d.kind);
      }
      for (const c of list) out[name].set(c, kinds.get(session.messages[c.index].id) ?? new Set());
    }
  }
  return out;
}

/** Precision and recall per kind over the cases scored on that kind. */
export function scoreCases(cases: Case[], found: Map<Case, Set<MomentKind>>): KindScore[] {
  return MOMENT_KINDS.map((kind) => {
    const mine = cases.filter((c) => c.scored.includes(kind));
    // scoreKinds wants LabelledTurn keys; any object key will do.
    const turns = mine.map((c) => ({ file: '', session: '', seq: c.index, role: 'user' as const, labels: c.labels }));
    const map = new Map<LabelledTurn, Set<MomentKind>>(turns.map((t, i) => [t, found.get(mine[i]) ?? new Set()]));
    return scoreKinds(turns, map).find((s) => s.kind === kind)!;
  });
}

/** Training rows for the classifier: judgeable cases not held apart, with their vectors and context. */
export function trainingRows(
  cases: Case[],
  weights: Pick<ClassifierWeights, 'maxChars' | 'lexicalBuckets'>,
): { text: string; context: number[]; labels: Record<ClassifierKind, number>; rules: Record<ClassifierKind, number>; group: string }[] {
  const byRules = new Map<SessionDetail, Map<number, Set<MomentKind>>>();
  const rulesFound = (c: Case) => {
    let found = byRules.get(c.session);
    if (!found) {
      found = new Map();
      for (const d of extractDrafts(c.session)) {
        if (!found.has(d.messageId)) found.set(d.messageId, new Set());
        found.get(d.messageId)!.add(d.kind);
      }
      byRules.set(c.session, found);
    }
    return found.get(c.session.messages[c.index].id) ?? new Set<MomentKind>();
  };
  return cases
    .filter((c) => !c.heldApart && judgeable(c.session.messages[c.index], weights))
    .map((c) => ({
      rules: { correction: rulesFound(c).has('correction') ? 1 : 0, preference: rulesFound(c).has('preference') ? 1 : 0 },
      text: turnText(c.session.messages[c.index]),
      context: extraFeatures(weights, c.session.messages, c.index),
      labels: { correction: c.labels.includes('correction') ? 1 : 0, preference: c.labels.includes('preference') ? 1 : 0 },
      group: c.group,
    }));
}
