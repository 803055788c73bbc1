// The second moment detector: a logistic regression per kind (correction, preference) over the
// local embedding of a person's turn and a few features of its context (what the agent did just
// before). Trained at build time on labelled turns (scripts/train-moments.ts, train.ts) and shipped
// as classifier-weights.json. The weights belong to the embedding model they were trained with:
// with any other model the analysis runs the rules alone and says so (classifierFor).
//
// It only ever judges the person's own typed words (main-thread user messages), like the rules.
import type { SessionDetail, StoredMessage } from '../../../shared/types.js';
import shipped from './classifier-weights.json' with { type: 'json' };
import { isTypedByPerson, previousAgentMessage, describeCall } from './conversation.js';
import { failureOf } from './failure.js';
import { contentWords } from './task.js';
import { MAX_TEXT, clip, squash, words } from './text.js';

export const CLASSIFIER_KINDS = ['correction', 'preference'] as const;
export type ClassifierKind = (typeof CLASSIFIER_KINDS)[number];

/** A linear model for one kind: p = sigmoid(bias + weights · features); the kind when p ≥ threshold. */
export interface KindModel {
  bias: number;
  weights: number[];
  threshold: number;
}

export interface ClassifierWeights {
  /** Bumped when features or training change what the classifier finds (sessions are then rescanned). */
  version: number;
  /** The embedding model the weights were trained on; no other model's vectors may be fed to them. */
  model: string;
  /** Its vector dimension (read from the vectors when trained). */
  dim: number;
  /** Hashed word and word-pair features after the embedding values (0: none); see lexicalFeatures. */
  lexicalBuckets?: number;
  /** Context feature names, in order, after the embedding values and the lexical buckets. */
  context: string[];
  /** Turns longer than this (characters) are left to the rules: long briefs read unlike the training turns. */
  maxChars: number;
  kinds: Record<ClassifierKind, KindModel>;
  /** What it was trained on, for the record. */
  trained?: Record<string, unknown>;
}

export const SHIPPED_WEIGHTS = shipped as unknown as ClassifierWeights;

/** The names of the context features, in the order contextFeatures returns them. */
export const CONTEXT_FEATURES = ['agent.none', 'agent.edit', 'agent.tool', 'agent.refusal', 'tool.failed', 'overlap', 'question', 'length', 'first'] as const;

const EDIT_TOOL = /edit|write|patch|replace|create_file|str_replace|insert|apply/i;
const REFUSAL =
  /\bI (?:can(?:'|no)t|cannot|won't|will not|am unable to|'m unable to|am not able to|'m not able to) (?:help|do|run|assist|comply|proceed|perform|execute|make|delete|drop)\b|\bI(?:'m| am) sorry, but\b|\bI (?:must|have to) (?:decline|refuse)\b/i;

/** What a turn is embedded as: its words on one line, cut like a moment text (so the vector is shared with its moment). */
export function turnText(m: StoredMessage): string {
  return clip(squash(m.text), MAX_TEXT);
}

/** Whether the classifier judges this message at all: the person's typed words, not too long. */
export function judgeable(m: StoredMessage, weights: Pick<ClassifierWeights, 'maxChars'>): boolean {
  return isTypedByPerson(m) && m.text.trim().length <= weights.maxChars;
}

/** Context features of message `index` (see CONTEXT_FEATURES). */
export function contextFeatures(messages: StoredMessage[], index: number): number[] {
  const m = messages[index];
  const agent = previousAgentMessage(messages, index);
  const calls = agent?.toolCalls ?? [];
  const edit = calls.some((c) => EDIT_TOOL.test(c.name));
  let failed = false;
  let first = true;
  for (let i = index - 1; i >= 0; i--) {
    const x = messages[i];
    if (x === agent) break;
    for (const r of x.toolResults) if (failureOf(r, undefined)) failed = true;
  }
  for (let i = index - 1; i >= 0; i--) if (isTypedByPerson(messages[i])) first = false;
  const said = agent ? [agent.text, ...calls.map((c) => describeCall(c, 200))].join(' ') : '';
  const mine = [...contentWords(m.text)];
  const theirs = contentWords(said);
  const overlap = mine.length ? mine.filter((w) => theirs.has(w)).length / mine.length : 0;
  const chars = m.text.trim().length;
  return [
    agent ? 0 : 1,
    edit ? 1 : 0,
    calls.length && !edit ? 1 : 0,
    agent && REFUSAL.test(agent.text) ? 1 : 0,
    failed ? 1 : 0,
    overlap,
    m.text.includes('?') ? 1 : 0,
    Math.min(1, Math.log1p(chars) / Math.log1p(MAX_TEXT)),
    first ? 1 : 0,
  ];
}

/**
 * The turn's words and word pairs hashed into `buckets` (1 when present), so the model can weigh
 * telling words the small embedding model blurs ("again", "why did you", "from now on", "nein").
 */
export function lexicalFeatures(text: string, buckets: number): number[] {
  const out = new Array<number>(buckets).fill(0);
  if (buckets <= 0) return out;
  const w = words(text);
  const hash = (s: string) => {
    let h = 2166136261;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
    return (h >>> 0) % buckets;
  };
  w.forEach((x, i) => {
    out[hash(x)] = 1;
    if (i > 0) out[hash(`${w[i - 1]} ${x}`)] = 1;
  });
  if (/\?/.test(text)) out[hash('<?>')] = 1;
  if (/!/.test(text)) out[hash('<!>')] = 1;
  return out;
}

/** Everything the linear model reads after the vector: lexical buckets, then context features. */
export function extraFeatures(weights: Pick<ClassifierWeights, 'lexicalBuckets'>, messages: StoredMessage[], index: number): number[] {
  return [...lexicalFeatures(squash(messages[index].text), weights.lexicalBuckets ?? 0), ...contextFeatures(messages, index)];
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** Probability per kind for one turn: its vector (the model's dimension) and its extra features (extraFeatures). */
export function probabilities(weights: ClassifierWeights, vector: ArrayLike<number>, context: number[]): Record<ClassifierKind, number> {
  if (vector.length !== weights.dim) throw new Error(`classifier expects ${weights.dim}-d vectors of ${weights.model}, got ${vector.length}-d`);
  const out = {} as Record<ClassifierKind, number>;
  for (const kind of CLASSIFIER_KINDS) {
    const k = weights.kinds[kind];
    let z = k.bias;
    for (let i = 0; i < weights.dim; i++) z += k.weights[i] * vector[i];
    for (let j = 0; j < context.length; j++) z += k.weights[weights.dim + j] * context[j];
    out[kind] = sigmoid(z);
  }
  return out;
}

/**
 * The kind the classifier gives a turn, at most one: among the kinds over their threshold, the one
 * furthest above it. A correction needs an agent message to answer, as in the rules.
 */
export function decide(weights: ClassifierWeights, p: Record<ClassifierKind, number>, hasAgentBefore: boolean): ClassifierKind | null {
  let best: ClassifierKind | null = null;
  let margin = 0;
  for (const kind of CLASSIFIER_KINDS) {
    if (kind === 'correction' && !hasAgentBefore) continue;
    const m = p[kind] - weights.kinds[kind].threshold;
    if (m >= 0 && (best === null || m > margin)) {
      best = kind;
      margin = m;
    }
  }
  return best;
}

/** Whether the analysis may use these weights with the configured model, and if not, why. */
export function classifierFor(model: string, weights: ClassifierWeights = SHIPPED_WEIGHTS): { weights: ClassifierWeights | null; note: string } {
  if (weights.model !== model) {
    return {
      weights: null,
      note: `the moment classifier was trained on ${weights.model}; the configured model is ${model}, so moments come from the rules alone (retrain: node --import tsx scripts/train-moments.ts --model ${model})`,
    };
  }
  return { weights, note: `rules and the moment classifier (trained on ${weights.model})` };
}

/** Identifies the detector set a scan used, recorded per session so a change of detector rescans. */
export function detectorTag(weights: ClassifierWeights | null): string {
  return weights ? `rules+classifier:${weights.model}:v${weights.version}` : 'rules';
}

/** Texts the classifier needs vectors for, over the given sessions. */
export function judgedTexts(sessions: Iterable<SessionDetail>, weights: Pick<ClassifierWeights, 'maxChars'>): string[] {
  const out = new Set<string>();
  for (const s of sessions) for (const m of s.messages) if (judgeable(m, weights)) out.add(turnText(m));
  return [...out];
}

/** A judge over precomputed vectors (by turn text); a turn without a vector is left to the rules. */
export function vectorJudge(weights: ClassifierWeights, vectors: ReadonlyMap<string, ArrayLike<number>>): (messages: StoredMessage[], index: number) => ClassifierKind | null {
  return (messages: StoredMessage[], index: number) => {
    const m = messages[index];
    if (!judgeable(m, weights)) return null;
    const v = vectors.get(turnText(m));
    if (!v) return null;
    const p = probabilities(weights, v, extraFeatures(weights, messages, index));
    return decide(weights, p, previousAgentMessage(messages, index) !== null);
  };
}

