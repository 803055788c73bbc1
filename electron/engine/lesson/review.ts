import type { Lesson } from '../../../shared/types.js';
import { injectionSignals, type InjectionSignal } from '../../../shared/untrusted-text.js';

/*
 * The review flag: lessons are written from session logs (a local draft quotes them word for
 * word; Claude writes from a digest of them), and an export puts them where agents obey them. So
 * a lesson whose words look like they address a model or hide something (an instruction to
 * ignore others, a speaker label, markup, invisible characters; shared/untrusted-text.ts) needs
 * a person's eyes before it is exported:
 *
 *  - an adopted lesson was read by a person, who chose it: it is exported (its text still as data);
 *  - a flagged draft is held back from `--include-drafts` exports (and the preview), and the CLI
 *    says which and why, until a person adopts it (`reverie lesson <id> adopt`) or retires it.
 *
 * Computed from the words, not stored: it holds for lessons written before the flag existed,
 * and new words (a Claude edit, a person's edit) are judged afresh.
 */

export type ReviewReason = InjectionSignal;

const REASON_TEXT: Record<ReviewReason, string> = {
  markup: 'markup (a tag, comment or fence marker)',
  'role-tag': 'a speaker label such as "Human:" or "System:"',
  instructions: 'words addressed to a model ("ignore previous instructions"...)',
  'hidden-characters': 'invisible or control characters',
};

/** Why a lesson's words need a person's review before they are exported; empty when they do not. */
export function reviewReasons(lesson: Pick<Lesson, 'title' | 'rule' | 'why' | 'appliesWhen'>): ReviewReason[] {
  const found = new Set<ReviewReason>();
  for (const text of [lesson.title, lesson.rule, lesson.why, lesson.appliesWhen]) {
    if (text) for (const s of injectionSignals(text)) found.add(s);
  }
  return (Object.keys(REASON_TEXT) as ReviewReason[]).filter((r) => found.has(r));
}

/** True for a draft whose words need review: exports hold it back until a person adopts it. */
export function heldForReview(lesson: Lesson): boolean {
  return lesson.status === 'draft' && reviewReasons(lesson).length > 0;
}

export function describeReasons(reasons: ReviewReason[]): string {
  return reasons.map((r) => REASON_TEXT[r]).join('; ');
}
