// Measuring the moment rules against hand-labelled real turns (test/fixtures/moment-labels.json):
// the labelled sample files are imported into an in-memory store, the rules run over the
// sessions that hold labelled turns, and each kind gets precision and recall over those turns.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MOMENT_KINDS, type MomentKind, type SessionDetail } from '../../../shared/types.js';
import { importPaths } from '../import/run-import.js';
import { openStore } from '../store/db.js';
import { getSession } from '../store/sessions.js';
import { keywordBaseline } from './keyword-baseline.js';
import { extractDrafts } from './rules.js';

/** One labelled turn: where it is (never its text) and the kinds a reader found in it. */
export interface LabelledTurn {
  /** Sample file, relative to the samples folder. */
  file: string;
  /** The session's external id as stored. */
  session: string;
  /** The message's position in the stored session. */
  seq: number;
  role: 'user' | 'tool';
  labels: MomentKind[];
}

export interface LabelSet {
  turns: LabelledTurn[];
}

export interface KindScore {
  kind: MomentKind;
  /** Turns labelled with this kind. */
  labelled: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}

export interface Evaluation {
  turns: number;
  rules: KindScore[];
  baseline: KindScore[];
  /** Scores on the turns used to tune the rules and on the held-out turns (see isHeldOut); the baseline's on the held-out turns. */
  split: { tuning: KindScore[]; heldOut: KindScore[]; heldOutBaseline: KindScore[] };
  /** Per turn: what the rules found, for inspecting misses. */
  predictions: { turn: LabelledTurn; messageId: number; found: MomentKind[] }[];
}

/** Sample formats (folders) whose turns are all held out while tuning the rules. */
export const HELD_OUT_FORMATS: readonly string[] = ['codex', 'copilot-chat'];

/**
 * Whether a labelled turn is held out: the rules are tuned looking only at their errors on the
 * other turns, and the held-out figures show how they do on turns not looked at. Held out are two
 * whole formats (HELD_OUT_FORMATS) and, elsewhere, one session in four by a hash of the file and
 * session id (whole sessions, so a conversation is never split between the two sides; most labelled
 * turns come from one ChatGPT export, so holding out whole files alone would leave too little).
 */
export function isHeldOut(turn: Pick<LabelledTurn, 'file' | 'session'>): boolean {
  if (HELD_OUT_FORMATS.includes(turn.file.split('/')[0])) return true;
  return createHash('sha256').update(`${turn.file}|${turn.session}`).digest()[0] % 4 === 0;
}

export function readLabelSet(file: string): LabelSet {
  return JSON.parse(readFileSync(file, 'utf8')) as LabelSet;
}

/** Which kinds an extractor gives each message of a session. */
export type Extractor = (session: SessionDetail) => Map<number, Set<MomentKind>>;

export const rulesExtractor: Extractor = (session) => {
  const out = new Map<number, Set<MomentKind>>();
  for (const d of extractDrafts(session)) {
    let kinds = out.get(d.messageId);
    if (!kinds) out.set(d.messageId, (kinds = new Set()));
    kinds.add(d.kind);
  }
  return out;
};

/** Precision and recall per kind of `found` against the labels, over the labelled turns only. */
export function scoreKinds(turns: LabelledTurn[], found: Map<LabelledTurn, Set<MomentKind>>): KindScore[] {
  return MOMENT_KINDS.map((kind) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const t of turns) {
      const want = t.labels.includes(kind);
      const got = found.get(t)?.has(kind) ?? false;
      if (want && got) tp++;
      else if (got) fp++;
      else if (want) fn++;
    }
    const labelled = turns.filter((t) => t.labels.includes(kind)).length;
    return { kind, labelled, tp, fp, fn, precision: tp + fp ? tp / (tp + fp) : 1, recall: tp + fn ? tp / (tp + fn) : 1 };
  });
}

/**
 * Imports every file the labels mention (each on its own, so a session is found by the file it
 * came from and its external id), runs the rules and the keyword baseline, and scores both.
 */
export async function evaluateLabels(samplesDir: string, labels: LabelSet): Promise<Evaluation> {
  const db = openStore(':memory:');
  try {
    const files = [...new Set(labels.turns.map((t) => t.file))];
    const sessionIds = new Map<string, number>();
    const lastId = db.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM sessions');
    const since = db.prepare<[number], { id: number; external_id: string }>('SELECT id, external_id FROM sessions WHERE id > ?');
    for (const file of files) {
      const before = lastId.get()?.id ?? 0;
      const summary = await importPaths(db, [path.join(samplesDir, file)]);
      if (summary.failed) throw new Error(`${file}: ${summary.files.find((f) => f.error)?.error}`);
      for (const s of since.all(before)) sessionIds.set(`${file}\u0000${s.external_id}`, s.id);
    }

    const details = new Map<number, SessionDetail>();
    const foundRules = new Map<LabelledTurn, Set<MomentKind>>();
    const foundBaseline = new Map<LabelledTurn, Set<MomentKind>>();
    const byRules = new Map<number, Map<number, Set<MomentKind>>>();
    const byBaseline = new Map<number, Map<number, Set<MomentKind>>>();
    const predictions: Evaluation['predictions'] = [];
    for (const turn of labels.turns) {
      const sessionId = sessionIds.get(`${turn.file}\u0000${turn.session}`);
      if (sessionId === undefined) throw new Error(`labelled session not found: ${turn.file} ${turn.session}`);
      let detail = details.get(sessionId);
      if (!detail) {
        detail = getSession(db, sessionId)!;
        details.set(sessionId, detail);
        byRules.set(sessionId, rulesExtractor(detail));
        byBaseline.set(sessionId, keywordBaseline(detail));
      }
      const message = detail.messages.find((m) => m.seq === turn.seq);
      if (!message || message.role !== turn.role) {
        throw new Error(`labelled turn not found or changed role: ${turn.file} ${turn.session} #${turn.seq}`);
      }
      const rules = byRules.get(sessionId)!.get(message.id) ?? new Set<MomentKind>();
      foundRules.set(turn, rules);
      foundBaseline.set(turn, byBaseline.get(sessionId)!.get(message.id) ?? new Set());
      predictions.push({ turn, messageId: message.id, found: [...rules] });
    }
    const side = (heldOut: boolean, found = foundRules) => scoreKinds(labels.turns.filter((t) => isHeldOut(t) === heldOut), found);
    return {
      turns: labels.turns.length,
      rules: scoreKinds(labels.turns, foundRules),
      baseline: scoreKinds(labels.turns, foundBaseline),
      split: { tuning: side(false), heldOut: side(true), heldOutBaseline: side(true, foundBaseline) },
      predictions,
    };
  } finally {
    db.close();
  }
}
