import type { MomentKind } from '../../../shared/types.js';
import { causeLine } from '../moments/failure-cause.js';
import { commandStem } from './failure-signature.js';

/*
 * A name a person understands for a pattern, made locally: never a bare keyword list.
 *  - A failure pattern: the command (its program and subcommand, or the program alone when the
 *    subcommands vary) and the line that names the cause, as its most representative member has them:
 *    "deployctl: Error: authentication required: token expired at …".
 *  - The person's words: their most representative instruction, with the reproach taken off
 *    ("No, we use pnpm here, not npm." → "We use pnpm here, not npm").
 * When lessons are written by Claude, its reply names the pattern instead (lesson/parse.ts).
 */

export interface NamedMember {
  text: string;
  kind: MomentKind;
}

const NAME_MAX = 90;

function clip(text: string, max = NAME_MAX): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,.;:]+$/, '')}…`;
}

/** A failure moment's text (`Tool: command → output`) split in its command and output. */
export function splitFailure(text: string): { command: string; output: string } {
  const arrow = text.indexOf(' → ');
  const head = arrow >= 0 ? text.slice(0, arrow) : '';
  return { command: head.replace(/^[\w.-]+:\s*/, ''), output: arrow >= 0 ? text.slice(arrow + 3) : text };
}

/** Openers that reproach or hedge rather than instruct ("No,", "Again", "Please", "Wrong package manager:"). */
const REPROACH = /^(?:(?:no|nope|wrong|again|ugh|hmm|ok|okay|well|please|pls|that'?s (?:wrong|not right|incorrect)|this is wrong)\b[\s,.!:;-]*)+/i;
/** How much a sentence reads as a standing instruction: imperative openers and always/never. */
function instructionScore(text: string): number {
  let score = 0;
  if (/^(?:always|never|use|don't|do not|please|keep|store|run|prefer|make|avoid|stop|put|add|from now on|we (?:use|prefer)|only)\b/i.test(text.replace(REPROACH, ''))) score += 2;
  if (/\b(?:always|never|instead|not|only|every)\b/i.test(text)) score += 1;
  if (/\?/.test(text)) score -= 2;
  if (/\bagain\b|\?\?|!!/i.test(text)) score -= 1;
  return score;
}

/** The person's words as an instruction: the reproach taken off, capitalised, without a closing full stop. */
export function asInstruction(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim().replace(REPROACH, '').replace(/[.!]+$/, '');
  return t.charAt(0).toUpperCase() + t.slice(1);
}

/** The member that states the pattern best as an instruction, among the first (most representative) few. */
export function bestInstruction(words: readonly string[], among = 8): string | null {
  const first = words.slice(0, among);
  if (first.length === 0) return null;
  return first.reduce((best, t) => (instructionScore(t) > instructionScore(best) ? t : best));
}

/** The command stem the failures share: program and subcommand, or the program alone when subcommands vary. */
export function sharedStem(commands: readonly string[]): string | null {
  const stems = commands.map(commandStem).filter((s): s is string => s !== null);
  if (stems.length === 0) return null;
  const counts = new Map<string, number>();
  for (const s of stems) counts.set(s, (counts.get(s) ?? 0) + 1);
  const [top, n] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
  if (n * 2 > stems.length) return top;
  const programs = new Set(stems.map((s) => s.split(' ')[0]));
  return programs.size === 1 ? [...programs][0]! : null;
}

/** The name of a pattern from its members, most representative first. */
export function patternName(members: readonly NamedMember[]): string {
  const failures = members.filter((m) => m.kind === 'failure');
  const words = members.filter((m) => m.kind !== 'failure').map((m) => m.text);
  if (failures.length * 2 >= members.length && failures.length > 0) {
    const split = failures.map((f) => splitFailure(f.text));
    const stem = sharedStem(split.map((f) => f.command));
    const cause = causeLine(split[0]!.output);
    return clip(stem ? `${stem}: ${cause}` : cause);
  }
  const best = bestInstruction(words);
  return best ? clip(asInstruction(best)) : '(unnamed pattern)';
}
