import os from 'node:os';
import path from 'node:path';
import type { Lesson } from '../../../shared/types.js';
import { blockHookCommand, blockHookInstalled } from '../agent/block-hook.js';
import { settingsFile } from '../agent/claude-settings.js';
import { asDataLine } from '../../../shared/untrusted-text.js';
import type { Db } from '../store/db.js';
import { failingCommandPrefix } from './failing-commands.js';
import { projectInstructionFiles, readRules, userInstructionFiles, type WrittenRule } from './instructions.js';
import { lessonPlaces, type LessonPlace } from './lesson-scope.js';
import { findRestated, type RestateJudge, type RestateMatch } from './restates.js';

/*
 * A lesson against the instructions already written where it belongs:
 *  - `existing`: the rule in scope it restates (restates.ts), if any; such a lesson is not
 *    proposed again (the export leaves it out);
 *  - `notFollowed`: the rule exists, yet its pattern recurred in scope after the rule's date
 *    (instructions.ts: git, else the file's modification time);
 *  - `enforcement`: for a rule not followed whose pattern is a command the agent runs (one
 *    command start shared by most of its failing calls), a PreToolUse hook that blocks that
 *    command with the rule as the reason (agent/block-hook.ts), for the scope's settings.json.
 */

export interface ExistingRule extends WrittenRule, Omit<RestateMatch, 'rule'> {}

export interface NotFollowed {
  /** The rule's date. */
  since: string;
  /** The pattern's moments (in scope) after it, in how many sessions, and the latest. */
  moments: number;
  sessions: number;
  lastSeen: string;
}

export interface Enforcement {
  /** The command start to block ("npm run"). */
  command: string;
  reason: string;
  /** The settings.json it goes into (the project's, or the user's). */
  settingsFile: string;
  /** The hook's command line. */
  hookCommand: string;
  installed: boolean;
}

export interface LessonAssessment extends LessonPlace {
  existing: ExistingRule | null;
  notFollowed: NotFollowed | null;
  enforcement: Enforcement | null;
}

export interface AssessOptions extends RestateJudge {
  /** The home folder (user instructions, user settings); default the user's. */
  home?: string;
  /** The words that start this Reverie's command line (setup.ts reverieInvocation). */
  reverie?: readonly string[];
}

/** The text a lesson is judged by: its title and rule. */
export const lessonText = (l: Pick<Lesson, 'title' | 'rule'>): string => `${l.title.replace(/[.:\s]+$/, '')}: ${l.rule}`;

/** The pattern's moments in the lesson's projects after `since`. */
function momentsAfter(db: Db, lesson: Lesson, place: LessonPlace, since: string): NotFollowed | null {
  const source = lesson.clusterId !== null ? 'SELECT moment_id AS id FROM cluster_members WHERE cluster_id = ?' : 'SELECT value AS id FROM json_each(?)';
  const row = db
    .prepare<[number | string, string, number, string], { moments: number; sessions: number; last: string | null }>(
      `SELECT COUNT(*) AS moments, COUNT(DISTINCT m.session_id) AS sessions, MAX(COALESCE(m.at, s.started_at)) AS last
       FROM moments m JOIN sessions s ON s.id = m.session_id
       WHERE m.id IN (${source}) AND COALESCE(m.at, s.started_at) > ?
         AND (? = 0 OR s.project IN (SELECT value FROM json_each(?)))`,
    )
    .get(lesson.clusterId ?? JSON.stringify(lesson.evidence), since, place.scope === 'project' ? 1 : 0, JSON.stringify(place.projects));
  return row && row.moments > 0 ? { since, moments: row.moments, sessions: row.sessions, lastSeen: row.last! } : null;
}

/** Assesses lessons against the rules in their scope (one embedding call per scope). */
export async function assessLessons(db: Db, lessons: readonly Lesson[], options: AssessOptions = {}): Promise<LessonAssessment[]> {
  const home = options.home ?? os.homedir();
  const places = lessonPlaces(db, lessons, home);
  const userRules = readRules(userInstructionFiles(home));
  const rulesByRoot = new Map<string, WrittenRule[]>();
  const rulesFor = (place: LessonPlace): WrittenRule[] => {
    if (!place.root) return userRules;
    let rules = rulesByRoot.get(place.root);
    if (!rules) rulesByRoot.set(place.root, (rules = [...readRules(projectInstructionFiles(place.root)), ...userRules]));
    return rules;
  };
  // Lessons grouped by the rules they are judged against, so each group is one embedding call.
  const groups = new Map<string, number[]>();
  places.forEach((p, i) => groups.set(p.root ?? '', [...(groups.get(p.root ?? '') ?? []), i]));
  const matches: (RestateMatch | null)[] = new Array(lessons.length).fill(null);
  for (const indices of groups.values()) {
    const rules = rulesFor(places[indices[0]!]!);
    const found = await findRestated(indices.map((i) => lessonText(lessons[i]!)), rules.map((r) => r.text), options);
    found.forEach((m, k) => (matches[indices[k]!] = m));
  }

  return places.map((place, i) => {
    const lesson = lessons[i]!;
    const match = matches[i];
    if (!match) return { ...place, existing: null, notFollowed: null, enforcement: null };
    const rule = rulesFor(place)[match.rule]!;
    const { rule: _index, ...judged } = match;
    const existing: ExistingRule = { ...rule, ...judged };
    const notFollowed = momentsAfter(db, lesson, place, rule.writtenAt);
    const command = notFollowed ? failingCommandPrefix(db, lesson) : null;
    let enforcement: Enforcement | null = null;
    if (command) {
      const file = place.root ? settingsFile('project', place.root) : settingsFile('user', undefined, home);
      const where = place.root ? path.relative(place.root, rule.file) : rule.file.replace(home, '~');
      const reason = `${asDataLine(rule.text)} (${where}:${rule.line}; Reverie saw \`${command}\` fail ${notFollowed!.moments} times since this rule was written)`;
      const hookCommand = blockHookCommand(options.reverie ?? ['reverie'], command, reason);
      enforcement = { command, reason, settingsFile: file, hookCommand, installed: blockHookInstalled(file, hookCommand) };
    }
    return { ...place, existing, notFollowed, enforcement };
  });
}
