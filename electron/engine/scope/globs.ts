import path from 'node:path';
import type { Lesson } from '../../../shared/types.js';
import type { Db } from '../store/db.js';

/*
 * Cursor rules can apply to some files only (`globs`). A lesson is tied to paths when the calls
 * its pattern's moments answer (the agent's last message before each moment) name files
 * (`file_path`, `path`, `notebook_path`) and those files share a folder inside the project
 * (`src/db/migrations/**`) or, failing that, an extension (`**\/*.sql`). Files outside the root,
 * or a pattern whose calls name none, give no globs: the rule then always applies.
 */

const PATH_KEYS = ['file_path', 'path', 'notebook_path'];

function pathsOf(input: string): string[] {
  try {
    const v = JSON.parse(input) as Record<string, unknown>;
    return PATH_KEYS.map((k) => v?.[k]).filter((p): p is string => typeof p === 'string' && p.length > 0);
  } catch {
    return [];
  }
}

/** The file paths (relative to `root`) the calls before a lesson's moments name. */
export function lessonPaths(db: Db, lesson: Lesson, root: string): string[] {
  const source = lesson.clusterId !== null ? 'SELECT moment_id FROM cluster_members WHERE cluster_id = ?' : 'SELECT value FROM json_each(?)';
  const inputs = db
    .prepare<[number | string], { input: string }>(
      `SELECT c.input FROM moments m JOIN messages mm ON mm.id = m.message_id
       JOIN messages am ON am.session_id = mm.session_id AND am.role = 'assistant'
         AND am.seq = (SELECT MAX(seq) FROM messages WHERE session_id = mm.session_id AND role = 'assistant' AND seq <= mm.seq)
       JOIN tool_calls c ON c.message_id = am.id
       WHERE m.id IN (${source})`,
    )
    .all(lesson.clusterId ?? JSON.stringify(lesson.evidence));
  const out: string[] = [];
  for (const { input } of inputs) {
    for (const p of pathsOf(input)) {
      const rel = path.isAbsolute(p) ? path.relative(root, p) : path.normalize(p);
      if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) out.push(rel.split(path.sep).join('/'));
    }
  }
  return out;
}

/** The glob the paths share: their common folder, else their common extension, else null. */
export function sharedGlob(paths: readonly string[]): string | null {
  if (paths.length === 0) return null;
  const dirs = paths.map((p) => p.split('/').slice(0, -1));
  const common: string[] = [];
  for (let i = 0; dirs.every((d) => i < d.length && d[i] === dirs[0]![i]); i++) common.push(dirs[0]![i]!);
  if (common.length > 0) return `${common.join('/')}/**`;
  const exts = new Set(paths.map((p) => path.posix.extname(p)));
  const [ext] = [...exts];
  return exts.size === 1 && ext ? `**/*${ext}` : null;
}

export function lessonGlob(db: Db, lesson: Lesson, root: string): string | null {
  return sharedGlob(lessonPaths(db, lesson, root));
}
