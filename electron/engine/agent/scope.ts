import path from 'node:path';
import { storedProjects } from '../store/agent.js';
import type { Db } from '../store/db.js';

/*
 * Which stored sessions an agent may see. An agent runs in a working directory; by default it
 * sees only the project that directory belongs to: the stored project (a session's working
 * directory) that is the directory or its nearest parent, together with the stored projects
 * below that root (sessions started in a subfolder). `--all-projects` (setting
 * `agentAllProjects`) widens it to everything.
 */

export interface AgentScope {
  /** The project root the answers are about, or null for all projects. */
  root: string | null;
  /** The exact `sessions.project` values in scope; undefined means every project. */
  projects: string[] | undefined;
}

const within = (child: string, parent: string) => child === parent || child.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);

/**
 * The project a stored session folder belongs to: the outermost stored folder that holds it (a
 * session started in `app/packages/web` is one of `app`'s when `app` has sessions of its own).
 */
export function projectRoot(project: string, stored: readonly string[]): string {
  if (!path.isAbsolute(project)) return project;
  const holders = stored.filter((p) => path.isAbsolute(p) && within(path.resolve(project), path.resolve(p)));
  return holders.sort((a, b) => a.length - b.length)[0] ?? project;
}

/** The scope of an agent working in `cwd`. */
export function scopeForCwd(db: Db, cwd: string, allProjects = false): AgentScope {
  if (allProjects) return { root: null, projects: undefined };
  const dir = path.resolve(cwd);
  const stored = storedProjects(db);
  const parents = stored.filter((p) => path.isAbsolute(p) && within(dir, path.resolve(p)));
  const root = parents.sort((a, b) => b.length - a.length)[0] ?? dir;
  return { root, projects: stored.filter((p) => path.isAbsolute(p) && within(path.resolve(p), path.resolve(root))) };
}

/**
 * The scope for a project an agent names explicitly: allowed when it lies inside `scope`
 * (or the scope is everything); null when it does not.
 */
export function narrowScope(db: Db, scope: AgentScope, project: string): AgentScope | null {
  const stored = storedProjects(db);
  const named = path.isAbsolute(project) ? path.resolve(project) : project;
  const matches = stored.filter((p) => p === named || (path.isAbsolute(p) && path.isAbsolute(named) && within(path.resolve(p), named)));
  // A bare name ("api") matches projects whose last folder has that name.
  const byName = matches.length > 0 ? matches : stored.filter((p) => path.basename(p) === project);
  const allowed = scope.projects === undefined ? byName : byName.filter((p) => scope.projects!.includes(p));
  if (scope.projects !== undefined && allowed.length === 0) return null;
  return { root: allowed.length === 1 ? allowed[0]! : named, projects: allowed };
}
