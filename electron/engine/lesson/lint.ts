import type { Lesson } from '../../../shared/types.js';
import { countSentences, EXPORT_MAX_CHARS, RULE_MAX_CHARS, RULE_MAX_SENTENCES, TITLE_MAX_CHARS } from './budget.js';
import { findAnchor } from './specific.js';
import { cosine } from '../base/vectors.js';

/*
 * The lesson linter flags what research on agent context files found unhelpful or harmful:
 * overviews of the project (agents read the code anyway), vague advice that names nothing,
 * repetition of an existing lesson, and anything over the budget. Findings are advice for the
 * person reviewing drafts; nothing is rejected automatically.
 */

export type LintCode =
  | 'overview'
  | 'vague'
  | 'not-specific'
  | 'not-imperative'
  | 'duplicate'
  | 'too-long'
  | 'too-many-sentences'
  | 'title-too-long'
  | 'over-budget';

export interface LintFinding {
  /** The lesson it is about; null for findings about the set (the total budget). */
  lessonId: number | null;
  code: LintCode;
  message: string;
}

/** What the linter reads of a lesson. */
export type LintableLesson = Pick<Lesson, 'id' | 'title' | 'rule'> & Partial<Pick<Lesson, 'appliesWhen'>>;

const OVERVIEW = [
  /^\s*(?:this|the|our)\s+(?:project|repo(?:sitory)?|codebase|code base|app(?:lication)?|package|library|service|monorepo)\s+(?:is|uses|contains|provides|consists|has|includes|was)\b/i,
  /^\s*(?:#+\s*)?(?:overview|introduction|about this (?:project|repo(?:sitory)?|codebase))\b/i,
  /^\s*(?:welcome|here is|here's)\b/i,
  /\b(?:project|repository|codebase)\s+(?:overview|structure|layout)\b/i,
];

/** Advice that sounds useful and names nothing (the AGENTS.md studies' worst offenders). */
const VAGUE = [
  /\bbe (?:very )?(?:careful|mindful|thoughtful|thorough|cautious)\b/i,
  /\bpay (?:close )?attention\b/i,
  /\bbest practices?\b/i,
  /\b(?:good|clean|quality|high[- ]quality|readable|maintainable|well[- ]written|robust) code\b/i,
  /\bdo (?:your|a) (?:best|good job)\b/i,
  /\bthink (?:carefully|step by step|hard)\b/i,
  /\bavoid (?:mistakes|errors|bugs)\b/i,
  /\b(?:when|where|as) (?:appropriate|necessary|needed)\b/i,
  /\bdouble[- ]check (?:your work|everything)\b/i,
  /\bkeep (?:the |your )?code (?:clean|simple|tidy)\b/i,
];

/** Openings that describe instead of instruct. */
const NOT_IMPERATIVE =
  /^\s*(?:(?:the|an?)\s+(?:agent|assistant|model|ai|llm|user|developer)s?\s+(?:should|must|needs? to|will|can)|(?:you|we|claude)\s+(?:should|must|need to|can|will)|it(?:'s| is)\s+(?:important|recommended|best|good|better)|there (?:is|are))\b/i;

/** Words too common to tell two rules apart. */
const STOP = new Set(
  `the a an and or but if then else when while to of in on at by for with from into onto as is are was were be been being
  it its this that these those there their them they you your we our not no do does did don't doesn't never always
  before after again any all each every some than so such can could should would must may might will just only also
  use using run running make sure`.split(/\s+/),
);

/** Content tokens of a text: lower-cased words and code tokens, stop words removed. */
export function contentTokens(text: string): Set<string> {
  const tokens = text.toLowerCase().match(/[\p{L}\p{N}_./@-]+/gu) ?? [];
  return new Set(tokens.map((t) => t.replace(/^[.-]+|[.-]+$/g, '')).filter((t) => t.length > 1 && !STOP.has(t)));
}

export function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let inter = 0;
  for (const t of a) if (b.has(t)) inter++;
  return inter / (a.size + b.size - inter);
}

export interface LintOptions {
  /** Lessons already in use, to check repetition against (besides the earlier ones in the list). */
  against?: LintableLesson[];
  /** Embedding per lesson id (title and rule): when both lessons have one, similarity uses it. */
  vectors?: ReadonlyMap<number, Float32Array>;
  /** Token Jaccard of two rules at or above which they repeat each other. */
  jaccardThreshold?: number;
  /** Embedding cosine at or above which two lessons repeat each other. */
  cosineThreshold?: number;
}

export const DEFAULT_JACCARD_THRESHOLD = 0.6;
export const DEFAULT_COSINE_THRESHOLD = 0.9;

function checkText(lesson: LintableLesson): LintFinding[] {
  const out: LintFinding[] = [];
  const id = lesson.id;
  const rule = lesson.rule.trim();
  const overview = OVERVIEW.find((re) => re.test(rule) || re.test(lesson.title));
  if (overview) out.push({ lessonId: id, code: 'overview', message: 'reads like a project overview, not a rule; agents read the code for that' });
  for (const re of VAGUE) {
    const m = re.exec(rule);
    if (m) out.push({ lessonId: id, code: 'vague', message: `vague advice ("${m[0]}"): say which tool, command, file or convention` });
  }
  if (!findAnchor(`${rule} ${lesson.appliesWhen ?? ''}`)) {
    out.push({ lessonId: id, code: 'not-specific', message: 'names no tool, command, file, flag or identifier' });
  }
  if (NOT_IMPERATIVE.test(rule)) {
    out.push({ lessonId: id, code: 'not-imperative', message: 'describes instead of instructing: start with the action ("Run...", "Never...")' });
  }
  if (rule.length > RULE_MAX_CHARS) {
    out.push({ lessonId: id, code: 'too-long', message: `rule is ${rule.length} characters; the budget is ${RULE_MAX_CHARS}` });
  }
  const sentences = countSentences(rule);
  if (sentences > RULE_MAX_SENTENCES) {
    out.push({ lessonId: id, code: 'too-many-sentences', message: `rule has ${sentences} sentences; at most ${RULE_MAX_SENTENCES}` });
  }
  if (lesson.title.trim().length > TITLE_MAX_CHARS) {
    out.push({ lessonId: id, code: 'title-too-long', message: `title is over ${TITLE_MAX_CHARS} characters` });
  }
  return out;
}

/**
 * Lints lessons. Repetition is checked for each lesson against `against` and the lessons
 * before it in the list (so of two repeats, the later one is flagged), by embedding cosine
 * when both have a vector, else by token Jaccard of title and rule.
 */
export function lintLessons(lessons: LintableLesson[], options: LintOptions = {}): LintFinding[] {
  const jt = options.jaccardThreshold ?? DEFAULT_JACCARD_THRESHOLD;
  const ct = options.cosineThreshold ?? DEFAULT_COSINE_THRESHOLD;
  const tokens = new Map<LintableLesson, Set<string>>();
  const tokensOf = (l: LintableLesson) => {
    let t = tokens.get(l);
    if (!t) tokens.set(l, (t = contentTokens(`${l.title} ${l.rule}`)));
    return t;
  };
  const findings: LintFinding[] = [];
  const seen: LintableLesson[] = [...(options.against ?? [])];
  for (const lesson of lessons) {
    findings.push(...checkText(lesson));
    let best: { other: LintableLesson; score: number; by: string } | null = null;
    for (const other of seen) {
      if (other.id === lesson.id) continue;
      const va = options.vectors?.get(lesson.id);
      const vb = options.vectors?.get(other.id);
      const [score, threshold, by] = va && vb ? [cosine(va, vb), ct, 'embedding cosine'] : [jaccard(tokensOf(lesson), tokensOf(other)), jt, 'word overlap'];
      if (score >= threshold && (!best || score > best.score)) best = { other, score, by };
    }
    if (best) {
      findings.push({
        lessonId: lesson.id,
        code: 'duplicate',
        message: `repeats lesson ${best.other.id} ("${best.other.title}"; ${best.by} ${best.score.toFixed(2)}): edit or merge instead`,
      });
    }
    seen.push(lesson);
  }
  return findings;
}

/** Size of a lesson in an export: what the agent reads. */
export function exportedChars(l: LintableLesson): number {
  return l.title.length + l.rule.length + (l.appliesWhen?.length ?? 0);
}

/** Flags an export set over the total budget (every line of a context file costs every session). */
export function lintBudget(lessons: LintableLesson[], budget = EXPORT_MAX_CHARS): LintFinding[] {
  const total = lessons.reduce((n, l) => n + exportedChars(l), 0);
  return total > budget
    ? [{ lessonId: null, code: 'over-budget', message: `${lessons.length} lessons take ${total} characters; the budget is ${budget}: retire the least useful` }]
    : [];
}
