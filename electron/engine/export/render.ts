import type { Lesson } from '../../../shared/types.js';
import type { ExportFormat } from '../../../shared/api.js';
import { lessonLine } from '../../../shared/lesson-text.js';
import { asDataLine } from '../../../shared/untrusted-text.js';
import { heldForReview } from '../lesson/review.js';

/*
 * Lessons rendered for where agents read them. Output is deterministic (lessons in id order, no
 * timestamps), so exporting the same lessons twice gives the same bytes.
 *
 *  - claude-md / agents-md: a Markdown section between Reverie's markers, spliced into
 *    CLAUDE.md or AGENTS.md by write.ts without touching the rest of the file;
 *  - cursor: a Cursor project rule (.mdc: YAML front matter with description, globs and
 *    alwaysApply, then Markdown);
 *  - prompt: plain text to paste into a system prompt;
 *  - json: every field, for other tools.
 *
 * The formats are listed once, in the API (shared/api.ts `EXPORT_FORMATS`); a lesson's line is
 * shared with the app's Copy buttons (shared/lesson-text.ts).
 *
 * Lesson words come from session logs, so every format writes them as data
 * (shared/untrusted-text.ts): on one line, without invisible characters, and with no `<` that
 * could open markup, so a lesson can neither end Reverie's section (`<!-- reverie:end -->`) nor
 * hide text from the person reading the file (`<!--`, `<details>`). Drafts whose words look like
 * instructions to a model are held back until a person adopts them (lesson/review.ts).
 */

export const SECTION_START = '<!-- reverie:start -->';
export const SECTION_END = '<!-- reverie:end -->';

export const SECTION_HEADING = '## Lessons from past sessions';
const SECTION_NOTE =
  '<!-- Written by Reverie (`reverie export`) from recurring patterns in past agent sessions. Edit lessons in Reverie: this section is rewritten on every export; the rest of the file is left alone. -->';
export const CURSOR_DESCRIPTION = 'Lessons Reverie learned from recurring patterns in past agent sessions';

export interface SelectOptions {
  /** Export drafts as well as adopted lessons (default: adopted only). */
  includeDrafts?: boolean;
}

/**
 * The lessons an export holds: adopted ones (and, when asked, drafts not held for review), never
 * retired ones, in id order.
 */
export function selectForExport(lessons: Lesson[], options: SelectOptions = {}): Lesson[] {
  return lessons
    .filter((l) => l.status === 'adopted' || (options.includeDrafts === true && l.status === 'draft' && !heldForReview(l)))
    .sort((a, b) => a.id - b.id);
}

/** The drafts an export with drafts leaves out until a person reviews them (none without includeDrafts). */
export function heldFromExport(lessons: Lesson[], options: SelectOptions = {}): Lesson[] {
  return options.includeDrafts === true ? lessons.filter(heldForReview).sort((a, b) => a.id - b.id) : [];
}

/** The Markdown list of lessons (no heading). */
export function markdownList(lessons: Lesson[]): string {
  return lessons.map((l) => `- ${lessonLine(l, true)}`).join('\n');
}

/** The CLAUDE.md / AGENTS.md section, markers included, LF line endings, no final newline. */
export function renderSection(lessons: Lesson[]): string {
  const body = lessons.length ? [SECTION_HEADING, '', SECTION_NOTE, '', markdownList(lessons)] : [SECTION_NOTE];
  return [SECTION_START, ...body, SECTION_END].join('\n');
}

/**
 * A Cursor rule file. Without `globs` the rule applies always (in every chat); with them, only
 * when files they match are in play (lessons tied to paths, scope/globs.ts).
 */
export function renderCursorRule(lessons: Lesson[], globs?: string): string {
  const front = globs
    ? ['---', `description: ${CURSOR_DESCRIPTION} (${globs})`, `globs: ${globs}`, 'alwaysApply: false', '---']
    : ['---', `description: ${CURSOR_DESCRIPTION}`, 'globs:', 'alwaysApply: true', '---'];
  const body = lessons.length ? markdownList(lessons) : '<!-- No adopted lessons yet. -->';
  return `${front.join('\n')}\n\n${body}\n`;
}

export function renderPrompt(lessons: Lesson[]): string {
  if (!lessons.length) return '';
  const lines = lessons.map((l, i) => `${i + 1}. ${lessonLine(l, false)}`);
  return `Lessons from past sessions (follow them):\n${lines.join('\n')}\n`;
}

export function renderJson(lessons: Lesson[]): string {
  const data = (text: string | null) => (text === null ? null : asDataLine(text));
  const out = lessons.map((l) => ({
    id: l.id,
    title: data(l.title),
    rule: data(l.rule),
    why: data(l.why),
    appliesWhen: data(l.appliesWhen),
    confidence: l.confidence,
    kind: l.kind,
    clusterId: l.clusterId,
    evidence: l.evidence,
    status: l.status,
    adoptedAt: l.adoptedAt,
    source: l.source,
    model: l.model,
  }));
  return `${JSON.stringify({ format: 'reverie-lessons', version: 1, lessons: out }, null, 2)}\n`;
}

/**
 * The export as text: the whole file for cursor, prompt and json; for claude-md and agents-md
 * the section alone (write.ts splices it into an existing file).
 */
export function renderExport(format: ExportFormat, lessons: Lesson[]): string {
  switch (format) {
    case 'claude-md':
    case 'agents-md':
      return `${renderSection(lessons)}\n`;
    case 'cursor':
      return renderCursorRule(lessons);
    case 'prompt':
      return renderPrompt(lessons);
    case 'json':
      return renderJson(lessons);
  }
}
