import { z } from 'zod';
import type { ClusterDigest, Lesson } from '../../../shared/types.js';
import { asDataLine, injectionSignals } from '../../../shared/untrusted-text.js';
import type { Db } from '../store/db.js';
import { mergeInto } from './merge.js';
import type { ReplyMessage } from './send.js';
import { getLesson, insertLesson, normaliseEvidence, updateLessonText, type LessonText } from './store.js';

/*
 * Reading Claude's reply and applying it to the lessons table.
 *
 * The reply is structured output: one text block holding JSON that matches LESSON_REPLY_SCHEMA
 * (thinking blocks before it are ignored): the pattern's name and the actions. It is validated again here, since a schema the API
 * enforces is still input from outside.
 *
 * Actions, in order:
 *  - add: a new draft lesson linked to the cluster and its evidence;
 *  - edit [id]: new words for that lesson, the cluster's evidence added; a draft again;
 *  - merge [ids]: new words on the oldest target, every target's evidence and counts added, the
 *    other targets retired.
 * A target must be a live lesson that the request offered (Claude cannot know other ids); other
 * targets are dropped with a note, and an edit or merge left without targets becomes an add, so
 * a good lesson is never lost to a bad id.
 *
 * The words are stored as data (shared/untrusted-text.ts): a reply steered by a poisoned digest
 * cannot plant markup (`<!-- reverie:end -->`, `</lessons>`) or invisible characters in a lesson.
 */

const Action = z.object({
  action: z.enum(['add', 'edit', 'merge']),
  targets: z.array(z.number().int()),
  title: z.string().trim().min(1),
  rule: z.string().trim().min(1),
  why: z.string().trim(),
  applies_when: z.string().trim(),
  confidence: z.number(),
});
// pattern_name is required by the request's schema, but a reply without it still gives its lessons.
const Reply = z.object({ pattern_name: z.string().optional(), actions: z.array(Action) });
export type LessonAction = z.infer<typeof Action>;

/** The longest pattern name kept (the schema asks for at most 8 words). */
export const PATTERN_NAME_MAX_CHARS = 80;

export class LessonReplyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LessonReplyError';
  }
}

export interface LessonReply {
  actions: LessonAction[];
  /** The name Claude gave the pattern, as data (one line, no markup), or null when none is usable. */
  patternName: string | null;
}

/**
 * The pattern name of a reply, made data like any model output that reaches the UI or an export:
 * one line, invisible characters and markup neutralised, capped. A name that still reads as
 * addressed to a model (a speaker label, "ignore previous instructions") is not used: the local
 * name stays.
 */
export function patternNameOf(raw: string | undefined): string | null {
  if (!raw) return null;
  const name = asDataLine(raw, { keepPlaceholders: true });
  if (!name || injectionSignals(name).length > 0) return null;
  return name.length <= PATTERN_NAME_MAX_CHARS ? name : `${name.slice(0, PATTERN_NAME_MAX_CHARS - 1).trimEnd()}…`;
}

/** The actions (and the pattern's name) in a reply, validated; throws LessonReplyError with the reason otherwise. */
export function parseLessonReply(message: ReplyMessage): LessonReply {
  if (message.stop_reason === 'max_tokens') throw new LessonReplyError('the reply was cut off at max_tokens before the lessons were complete');
  if (message.stop_reason === 'refusal') throw new LessonReplyError('Claude declined to write lessons for this cluster');
  const text = message.content
    .filter((b) => b.type === 'text' && typeof b.text === 'string')
    .map((b) => b.text)
    .join('')
    .trim()
    // Tolerate a fenced block, should a model wrap the JSON.
    .replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/, '$1');
  if (!text) throw new LessonReplyError('the reply holds no text block with the lessons');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new LessonReplyError(`the reply is not valid JSON (${(err as Error).message})`);
  }
  const parsed = Reply.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new LessonReplyError(`the reply does not match the lesson schema: ${issue.path.join('.') || '(root)'} ${issue.message}`);
  }
  return { actions: parsed.data.actions, patternName: patternNameOf(parsed.data.pattern_name) };
}

export interface AppliedAction {
  action: 'add' | 'edit' | 'merge';
  /** The lesson written or rewritten. */
  lessonId: number;
  /** Lessons retired by a merge. */
  retired: number[];
  /** Why the action differs from what Claude asked (dropped targets...). */
  note?: string;
}

export interface ApplyContext {
  digest: Pick<ClusterDigest, 'clusterId' | 'kind'>;
  /** Moment ids of the cluster. */
  evidence: number[];
  /** Lesson ids the request offered for edit/merge. */
  offered: number[];
  /** The model that wrote the reply. */
  model: string;
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

function wordsOf(a: LessonAction): LessonText {
  const data = (text: string) => asDataLine(text, { keepPlaceholders: true });
  return {
    title: data(a.title) || '(untitled)',
    rule: data(a.rule) || '(no readable rule)',
    why: data(a.why) || null,
    appliesWhen: data(a.applies_when) || null,
    confidence: clamp01(a.confidence),
  };
}

/** Applies the actions in one transaction. */
export function applyLessonActions(db: Db, actions: LessonAction[], ctx: ApplyContext): AppliedAction[] {
  const offered = new Set(ctx.offered);
  const applied: AppliedAction[] = [];
  db.transaction(() => {
    for (const a of actions) {
      const live: Lesson[] = [];
      const dropped: number[] = [];
      for (const id of new Set(a.targets)) {
        const l = offered.has(id) ? getLesson(db, id) : null;
        if (l && l.status !== 'retired') live.push(l);
        else dropped.push(id);
      }
      live.sort((x, y) => x.id - y.id);
      const note = dropped.length ? `ignored target${dropped.length > 1 ? 's' : ''} ${dropped.join(', ')} (not a live lesson offered in the request)` : undefined;
      const words = wordsOf(a);
      if (a.action === 'add' || live.length === 0) {
        const lesson = insertLesson(db, {
          ...words,
          clusterId: ctx.digest.clusterId,
          kind: ctx.digest.kind,
          source: 'claude',
          model: ctx.model,
          evidence: ctx.evidence,
        });
        const downgraded = a.action !== 'add' ? `${a.action} without a live target became an add` : undefined;
        applied.push({ action: 'add', lessonId: lesson.id, retired: [], note: [note, downgraded].filter(Boolean).join('; ') || undefined });
        continue;
      }
      const [keeper, ...others] = live;
      updateLessonText(db, keeper.id, {
        ...words,
        source: 'claude',
        model: ctx.model,
        evidence: normaliseEvidence([...keeper.evidence, ...ctx.evidence]),
      });
      const retired = others.length ? mergeInto(db, keeper.id, others.map((l) => l.id)).retired : [];
      // An edit naming several lessons is a merge in all but name.
      applied.push({ action: retired.length ? 'merge' : 'edit', lessonId: keeper.id, retired, note });
    }
  }).immediate();
  return applied;
}
