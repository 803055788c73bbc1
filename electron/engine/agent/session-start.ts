import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { asDataLine } from '../../../shared/untrusted-text.js';
import type { Scrubber } from '../digest/scrub/index.js';
import { cachedScrubbed, cacheScrubbed, logAgentCall, scrubberInputsVersion } from '../store/agent.js';
import type { Db } from '../store/db.js';
import { lessonsInScope } from './lessons-in-scope.js';
import { clip, MAX_CONTEXT_CHARS } from './limits.js';
import { scopeForCwd } from './scope.js';

/*
 * The SessionStart hook's answer: the adopted lessons in scope for the directory a Claude Code
 * session starts in, as additionalContext. It runs at every session start, so it must be quick:
 * the scrubbed text is cached in the store under a hash of the raw text and of everything the
 * scrubber is made from, and the scrubber (whose NLP library alone takes most of a second to
 * load) is loaded only when that text changed.
 */

const HEADER = 'Lessons from this person\'s earlier agent sessions, adopted by them (from Reverie). Follow them:';

/** The raw context for `cwd`: lessons in scope, newest adopted first, whole lessons within the limit. */
export function rawSessionContext(db: Db, cwd: string, allProjects = false): { text: string | null; lessons: number; project: string | null } {
  const scope = scopeForCwd(db, cwd, allProjects);
  const lines: string[] = [];
  let length = HEADER.length;
  for (const { lesson } of lessonsInScope(db, scope)) {
    // A person's edits are stored as typed: made data here like everything else an agent reads.
    const why = lesson.why ? ` (${clip(asDataLine(lesson.why), 200)})` : '';
    const line = `- ${clip(asDataLine(lesson.title), 120)}: ${clip(asDataLine(lesson.rule), 400)}${why}`;
    if (length + 1 + line.length > MAX_CONTEXT_CHARS) break;
    lines.push(line);
    length += 1 + line.length;
  }
  return { text: lines.length > 0 ? [HEADER, ...lines].join('\n') : null, lessons: lines.length, project: scope.root };
}

/** The settings file's bytes (no parsing: it is only part of a cache key). */
function settingsBytes(dataDir: string): string {
  const file = path.join(dataDir, 'settings.json');
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

export interface SessionStartAnswer {
  /** What Claude Code reads on stdout: the hook output JSON, or '' when there is nothing to add. */
  stdout: string;
  lessons: number;
  fromCache: boolean;
}

/** The hook's stdout for a session starting in `cwd`; `makeScrubber` is called only on a cache miss. */
export async function sessionStartAnswer(
  db: Db,
  dataDir: string,
  cwd: string,
  makeScrubber: () => Promise<Scrubber>,
): Promise<SessionStartAnswer> {
  const raw = rawSessionContext(db, cwd);
  let text = '';
  let fromCache = false;
  if (raw.text) {
    const key = createHash('sha256').update(raw.text).update('\0').update(settingsBytes(dataDir)).update('\0').update(scrubberInputsVersion(db)).digest('hex');
    const cached = cachedScrubbed(db, key);
    fromCache = cached !== undefined;
    text = cached ?? (await (await makeScrubber()).scrub(raw.text));
    if (!fromCache) cacheScrubbed(db, key, text);
  }
  const stdout = text ? JSON.stringify({ hookSpecificOutput: { hookEventName: 'SessionStart', additionalContext: text } }) : '';
  logAgentCall(db, { surface: 'hook', tool: 'session-start', args: { cwd }, project: raw.project, bytes: Buffer.byteLength(stdout) });
  return { stdout, lessons: raw.lessons, fromCache };
}
