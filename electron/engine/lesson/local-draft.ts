import type { ClusterDigest, MomentKind } from '../../../shared/types.js';
import { asDataLine } from '../../../shared/untrusted-text.js';
import { RULE_MAX_CHARS, TITLE_MAX_CHARS } from './budget.js';
import { asInstruction, bestInstruction, patternName, sharedStem, splitFailure } from '../cluster/pattern-name.js';
import { causeLine } from '../moments/failure-cause.js';
import { findCommand } from './specific.js';
import type { LessonText } from './store.js';

/*
 * Offline drafts: a lesson written on this machine from a cluster digest alone (its keywords and
 * its most representative example), for when there is no API key or --offline is given.
 *
 * They are honest and specific: one per pattern, built from its evidence instead of guessing a
 * fix. For a failure, the command and the line that names the cause, with what the person said
 * about it when they did ("Run `deployctl login` first: `deployctl` failed 9 times with …"); for
 * corrections and standing instructions, the instruction as the person stated it best, without
 * the reproach. Stored as a draft from source 'local' with a low confidence, for a person to
 * sharpen or retire.
 *
 * What they quote is log text, so it is data (shared/untrusted-text.ts): no markup, no invisible
 * characters. Being quoted word for word it may still ask an agent for anything, which is why
 * drafts are exported only once a person adopts them, or with --include-drafts when nothing in
 * them looks like an instruction to a model (lesson/review.ts).
 */

/** Local drafts never claim more than this: they restate evidence, they do not understand it. */
export const LOCAL_MAX_CONFIDENCE = 0.5;

const TITLE_PREFIX: Record<MomentKind, string> = {
  failure: 'Recurring failure',
  correction: 'Recurring correction',
  preference: 'Stated preference',
  task: 'Recurring request',
};

function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Cuts text to at most `max` characters at a word boundary, with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  const t = squash(text);
  if (t.length <= max) return t;
  const cut = t.slice(0, Math.max(0, max - 1));
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,.;:]+$/, '')}…`;
}

/** Quotes an example in typographic quotes (which the text itself may contain backticks). */
function quote(text: string, max: number): string {
  return `“${clip(text.replace(/[“”]/g, '"'), Math.max(8, max - 2))}”`;
}

/** The error message in a failure example: what follows "Error:", "failed", "exception"... */
export function findError(text: string): string | null {
  const m = /\b(?:[A-Z][a-zA-Z]*Error|error|Error|ERROR|ERR!?|fatal|FATAL|failed|FAILED|Exception|exception)\b[:\s]+([^\n]{4,})/.exec(text);
  if (!m) return null;
  const msg = squash(m[0]).replace(/^(?:error|ERROR|ERR!?|failed|FAILED)[:\s]+/, '');
  return msg.length >= 4 ? msg : null;
}

function keywordList(keywords: string[], n = 3): string {
  const k = keywords.slice(0, n).map(squash).filter(Boolean);
  if (k.length <= 1) return k.join('');
  return `${k.slice(0, -1).join(', ')} and ${k[k.length - 1]}`;
}

function evidenceSentence(d: ClusterDigest): string {
  const where = d.projects > 1 ? ` across ${d.projects} projects` : '';
  const span =
    d.firstSeen && d.lastSeen ? ` between ${d.firstSeen.slice(0, 10)} and ${d.lastSeen.slice(0, 10)}` : '';
  return `Seen ${d.size} times in ${d.sessions} session${d.sessions === 1 ? '' : 's'}${where}${span}.`;
}

/** Fits `make(room)` into the rule budget by shrinking the quoted part. */
function fit(make: (room: number) => string): string {
  let room = 160;
  let rule = make(room);
  while (rule.length > RULE_MAX_CHARS && room > 20) {
    room -= 10;
    rule = make(room);
  }
  return rule;
}

export function localDraft(digest: ClusterDigest): LessonText {
  const members = digest.examples.map((text, i) => ({ text, kind: digest.exampleKinds?.[i] ?? digest.kind }));
  const example = digest.examples.find((e) => squash(e)) ?? digest.keywords.join(' ');
  const kws = keywordList(digest.keywords);
  const about = kws ? ` (about ${kws})` : '';
  // What the person said about it (a pattern spans kinds: a failure and their answer to it), as an instruction.
  const said = bestInstruction(members.filter((m) => m.kind !== 'failure').map((m) => m.text));
  const instruction = said ? asInstruction(said) : null;
  let rule: string;
  let appliesWhen: string;
  let name = members.length > 0 ? patternName(members) : null;
  if (digest.kind === 'failure') {
    const failures = members.filter((m) => m.kind === 'failure').map((m) => splitFailure(m.text));
    // Failures of several programs (`backup.sh`, `restore.sh`) name no command; only examples that are not failure moments are searched for one.
    const commands = failures.map((f) => f.command).filter(Boolean);
    const stem = commands.length > 0 ? sharedStem(commands) : (digest.examples.map(findCommand).find(Boolean) ?? null);
    const cause = commands.length > 0 ? causeLine(failures[0]!.output) : (digest.examples.map(findError).find(Boolean) ?? null);
    const times = `${stem ? `\`${stem}\` ` : ''}failed ${digest.size} times with`;
    if (instruction && cause) {
      rule = fit((room) => `${clip(instruction, room)}: ${times} ${quote(cause, room)}.`);
    } else if (stem && cause) {
      rule = fit((room) => `Before running \`${stem}\`, rule out the cause of ${quote(cause, room)}: it failed this way ${digest.size} times.`);
    } else if (stem) {
      // Quote what came back, not the command line already named.
      const source = digest.examples.find((e) => e.includes(stem)) ?? example;
      const output = source.split('\n').filter((line) => squash(line) && !line.includes(stem)).join(' ') || source;
      rule = fit((room) => `Before running \`${stem}\`, check what made it fail ${digest.size} times, e.g. ${quote(output, room)}.`);
    } else {
      rule = fit((room) => `Avoid the recurring failure ${quote(cause ?? example, room)}${about}.`);
    }
    appliesWhen = stem ? `When running \`${stem}\`.` : `When the work involves ${kws || 'the same step'}.`;
    if (stem && cause) name = `${stem}: ${cause}`;
  } else if (digest.kind === 'task') {
    rule = fit((room) => `A recurring request: ${quote(instruction ?? example, room)}; handle it the same way each time.`);
    appliesWhen = `When the user asks for ${kws || 'this'}.`;
  } else {
    // The person's corrections and standing instructions: the instruction itself, as they stated it best.
    rule = fit((room) => `${clip(instruction ?? asInstruction(example), room)}.`);
    appliesWhen = `When the work involves ${kws || 'this'}.`;
  }
  // The pattern's name, made from the same scrubbed examples (cluster/pattern-name.ts).
  const title = clip(name ?? `${TITLE_PREFIX[digest.kind]}: ${digest.keywords.slice(0, 3).join(', ') || 'untitled'}`, TITLE_MAX_CHARS);
  const data = (text: string) => asDataLine(text, { keepPlaceholders: true });
  return {
    title: data(title),
    rule: data(rule),
    why: data(evidenceSentence(digest)),
    appliesWhen: data(appliesWhen),
    confidence: Math.min(LOCAL_MAX_CONFIDENCE, 0.2 + 0.05 * Math.min(digest.sessions, 6)),
  };
}
