import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Lesson } from '../../../shared/types.js';
import { projectRoot } from '../agent/scope.js';
import { storedProjects } from '../store/agent.js';
import type { Db } from '../store/db.js';

/*
 * Where a lesson belongs. Its pattern's sessions name the folders they ran in (Claude Code and
 * Codex record the working directory). A lesson whose sessions all ran in one project is a
 * **project** lesson, for that project's CLAUDE.md / AGENTS.md / Cursor rules; one seen in
 * several projects, or in sessions without a folder (chat exports), is a **user** lesson, a
 * habit of the person, for ~/.claude/CLAUDE.md or a prompt.
 *
 * A project's root: the outermost stored session folder that holds the session's folder (a
 * session started in app/packages/web belongs to app when app has sessions too), then, when
 * that folder is inside a git work tree on this machine, the top of that work tree (not the
 * home folder itself).
 */

export type LessonScope = 'project' | 'user';

export interface LessonPlace {
  lessonId: number;
  scope: LessonScope;
  /** The project root (project scope), else null. */
  root: string | null;
  /** The session folders the lesson's evidence came from. */
  projects: string[];
}

/** The git work tree top holding `dir` (not the home folder), or `dir` itself. */
export function gitRootOf(dir: string, home = os.homedir()): string {
  if (!path.isAbsolute(dir)) return dir;
  let at = path.resolve(dir);
  for (;;) {
    if (at !== path.resolve(home) && existsSync(path.join(at, '.git'))) return at;
    const up = path.dirname(at);
    if (up === at) return dir;
    at = up;
  }
}

/** The session folders behind each lesson: its evidence's sessions, or its cluster's when it keeps no evidence. */
function lessonProjects(db: Db, lesson: Lesson): string[] {
  const rows = lesson.evidence.length
    ? db
        .prepare<[string], { project: string | null }>(
          `SELECT DISTINCT s.project FROM moments m JOIN sessions s ON s.id = m.session_id WHERE m.id IN (SELECT value FROM json_each(?))`,
        )
        .all(JSON.stringify(lesson.evidence))
    : lesson.clusterId !== null
      ? db
          .prepare<[number], { project: string | null }>(
            `SELECT DISTINCT s.project FROM cluster_members cm JOIN moments m ON m.id = cm.moment_id JOIN sessions s ON s.id = m.session_id WHERE cm.cluster_id = ?`,
          )
          .all(lesson.clusterId)
      : [];
  return rows.map((r) => r.project).filter((p): p is string => p !== null).sort();
}

export function lessonPlaces(db: Db, lessons: readonly Lesson[], home = os.homedir()): LessonPlace[] {
  const stored = storedProjects(db);
  return lessons.map((lesson) => {
    const projects = lessonProjects(db, lesson);
    const roots = new Set(projects.map((p) => projectRoot(p, stored)));
    const root = roots.size === 1 && path.isAbsolute([...roots][0]!) ? gitRootOf([...roots][0]!, home) : null;
    return { lessonId: lesson.id, scope: root ? 'project' : 'user', root, projects };
  });
}

/** Whether a lesson place is the project at `dir` (its root, or a folder inside it). */
export function placeIsProject(place: LessonPlace, dir: string): boolean {
  if (!place.root) return false;
  const want = path.resolve(dir);
  const root = path.resolve(place.root);
  return want === root || want.startsWith(root + path.sep);
}
