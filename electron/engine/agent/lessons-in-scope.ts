import type { Lesson } from '../../../shared/types.js';
import { getLesson } from '../lesson/store.js';
import { adoptedLessonProjects, storedProjects } from '../store/agent.js';
import type { Db } from '../store/db.js';
import { projectRoot, type AgentScope } from './scope.js';

/*
 * The adopted lessons that apply where an agent works: those whose pattern was seen in that
 * project, and those seen in several projects (a habit of the person, not of one code base).
 * A lesson whose evidence names no project (chat exports carry none) applies everywhere too.
 */

export type LessonScope = 'project' | 'user';

export interface ScopedLesson {
  lesson: Lesson;
  scope: LessonScope;
  projects: string[];
}

export function lessonsInScope(db: Db, scope: AgentScope): ScopedLesson[] {
  const out: ScopedLesson[] = [];
  const stored = storedProjects(db);
  for (const { id, projects } of adoptedLessonProjects(db)) {
    // Session folders inside one project (app/, app/packages/web) count as that one project.
    const spansProjects = new Set(projects.map((p) => projectRoot(p, stored))).size !== 1;
    const here = scope.projects === undefined || projects.some((p) => scope.projects!.includes(p));
    if (!spansProjects && !here) continue;
    const lesson = getLesson(db, id);
    if (lesson) out.push({ lesson, scope: spansProjects ? 'user' : 'project', projects });
  }
  // Most recently adopted first: when the context is full, the newest lessons are kept.
  return out.sort((a, b) => (b.lesson.adoptedAt ?? '').localeCompare(a.lesson.adoptedAt ?? '') || b.lesson.id - a.lesson.id);
}
