import type { Lesson } from './types.js';
import { asDataLine } from './untrusted-text.js';

/*
 * A lesson's words as one line, written the same way wherever a person takes them: the export
 * formats (electron/engine/export/render.ts) and the app's Copy buttons. Lesson words come from
 * session logs, so they are written as data (untrusted-text.ts): one line, no invisible
 * characters, no `<` that could open markup.
 */

export type LessonWords = Pick<Lesson, 'title' | 'rule' | 'appliesWhen'>;

/** "When running `npm test`." → " (when running `npm test`)"; other wording gets a "when:" label. */
export function whenClause(appliesWhen: string | null): string {
  if (!appliesWhen) return '';
  const s = asDataLine(appliesWhen).replace(/[.\s]+$/, '');
  if (!s) return '';
  return /^(?:when|whenever|if|before|after|while|during|in|for|on|once|unless)\b/i.test(s)
    ? ` (${s[0].toLowerCase()}${s.slice(1)})`
    : ` (when: ${s})`;
}

/** "Title: rule (when ...)"; with `markdown` the title is bold (its own `*` escaped). */
export function lessonLine(l: LessonWords, markdown = false): string {
  const title = asDataLine(l.title).replace(/[.:\s]+$/, '');
  const head = markdown ? `**${title.replace(/\*/g, '\\*')}**` : title;
  return `${head}: ${asDataLine(l.rule)}${whenClause(l.appliesWhen)}`;
}
