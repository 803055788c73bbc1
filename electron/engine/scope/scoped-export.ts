import { existsSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Lesson } from '../../../shared/types.js';
import { selectForExport, type SelectOptions } from '../export/render.js';
import { writeExport, writeRuleFile, type WriteExportResult } from '../export/write.js';
import { listLessons, recordExported } from '../lesson/store.js';
import type { Db } from '../store/db.js';
import { assessLessons, type AssessOptions, type LessonAssessment } from './assess.js';
import { lessonGlob } from './globs.js';
import { placeIsProject } from './lesson-scope.js';

/*
 * Exports by scope. `--project P` writes P's own lessons (project scope, rooted at P) into the
 * managed section of P's CLAUDE.md or AGENTS.md, or as Cursor rules in P/.cursor/rules/ (one
 * always-on file, plus one file per shared glob for lessons tied to paths); `--user` writes the
 * lessons that span projects into ~/.claude/CLAUDE.md (or prints them as a prompt). Lessons that
 * restate a rule already written in scope are left out and reported (scope/assess.ts). Every
 * lesson written into a file has its export date recorded (lesson/store.ts recordExported).
 */

export type ScopedFormat = 'claude-md' | 'agents-md' | 'cursor';

export interface ScopedExportResult {
  /** The project root, or the home folder for user scope. */
  root: string;
  files: WriteExportResult[];
  /** Files of an earlier export no longer needed (Cursor glob files), removed. */
  removed: string[];
  written: Lesson[];
  /** Lessons left out because a rule in scope already says them. */
  alreadyWritten: LessonAssessment[];
}

export interface ScopedExportOptions extends SelectOptions, AssessOptions {
  /** "Now", for the recorded export date. */
  at?: string;
}

/** The project root a `--project` argument names: a folder here, or a stored project's folder name. */
export function resolveProject(arg: string, assessments: readonly LessonAssessment[]): string | null {
  const asPath = path.resolve(arg);
  const roots = [...new Set(assessments.map((a) => a.root).filter((r): r is string => r !== null))];
  const holding = roots.find((r) => asPath === r || asPath.startsWith(r + path.sep));
  if (holding) return holding;
  if (existsSync(asPath) && statSync(asPath).isDirectory()) return asPath;
  const named = roots.filter((r) => path.basename(r) === arg);
  return named.length === 1 ? named[0]! : null;
}

async function assessed(db: Db, options: ScopedExportOptions): Promise<{ lessons: Lesson[]; assessments: LessonAssessment[] }> {
  const lessons = selectForExport(listLessons(db), options);
  return { lessons, assessments: await assessLessons(db, lessons, options) };
}

const FILE_OF: Record<'claude-md' | 'agents-md', string> = { 'claude-md': 'CLAUDE.md', 'agents-md': 'AGENTS.md' };

/** `reverie export --project P`. Throws when P names no project. */
export async function exportProject(db: Db, project: string, format: ScopedFormat, options: ScopedExportOptions = {}): Promise<ScopedExportResult> {
  const { lessons, assessments } = await assessed(db, options);
  const root = resolveProject(project, assessments);
  if (!root) throw new Error(`no project "${project}": name its folder (a stored session folder or one inside it)`);
  const mine = assessments.map((a, i) => ({ a, l: lessons[i]! })).filter(({ a }) => a.scope === 'project' && placeIsProject(a, root));
  const chosen = mine.filter(({ a }) => !a.existing).map(({ l }) => l);
  const files: WriteExportResult[] = [];
  const removed: string[] = [];
  if (format === 'cursor') {
    const dir = path.join(root, '.cursor', 'rules');
    const byGlob = new Map<string, Lesson[]>();
    for (const l of chosen) {
      const glob = lessonGlob(db, l, root) ?? '';
      byGlob.set(glob, [...(byGlob.get(glob) ?? []), l]);
    }
    const wanted = new Set<string>();
    for (const [glob, group] of [...byGlob].sort((a, b) => a[0].localeCompare(b[0]))) {
      const name = glob ? `reverie-${glob.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')}.mdc` : 'reverie.mdc';
      wanted.add(name);
      files.push(writeRuleFile(path.join(dir, name), group, glob || undefined));
    }
    if (!byGlob.has('')) {
      wanted.add('reverie.mdc');
      files.push(writeRuleFile(path.join(dir, 'reverie.mdc'), []));
    }
    if (existsSync(dir)) {
      for (const f of readdirSync(dir)) {
        if (/^reverie-.+\.mdc$/.test(f) && !wanted.has(f)) {
          unlinkSync(path.join(dir, f));
          removed.push(path.join(dir, f));
        }
      }
    }
  } else {
    files.push(writeExport(path.join(root, FILE_OF[format]), format, chosen, { includeDrafts: true }));
  }
  recordExported(db, chosen.map((l) => l.id), options.at);
  return { root, files, removed, written: chosen, alreadyWritten: mine.filter(({ a }) => a.existing).map(({ a }) => a) };
}

/** The lessons that span projects, without those already written in the user's instructions. */
export async function userLessons(db: Db, options: ScopedExportOptions = {}): Promise<{ written: Lesson[]; alreadyWritten: LessonAssessment[] }> {
  const { lessons, assessments } = await assessed(db, options);
  const mine = assessments.map((a, i) => ({ a, l: lessons[i]! })).filter(({ a }) => a.scope === 'user');
  return { written: mine.filter(({ a }) => !a.existing).map(({ l }) => l), alreadyWritten: mine.filter(({ a }) => a.existing).map(({ a }) => a) };
}

/** `reverie export --user`: the user's lessons into ~/.claude/CLAUDE.md's managed section. */
export async function exportUser(db: Db, options: ScopedExportOptions = {}): Promise<ScopedExportResult> {
  const home = options.home ?? os.homedir();
  const { written, alreadyWritten } = await userLessons(db, options);
  const file = path.join(home, '.claude', 'CLAUDE.md');
  const result = writeExport(file, 'claude-md', written, { includeDrafts: true });
  recordExported(db, written.map((l) => l.id), options.at);
  return { root: home, files: [result], removed: [], written, alreadyWritten };
}
