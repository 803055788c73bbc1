import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { SECTION_END, SECTION_START } from '../export/render.js';

/*
 * The instructions a person already wrote for their agents, rule by rule, with the date each
 * rule appeared.
 *
 * Where: a project's CLAUDE.md, CLAUDE.local.md, .claude/CLAUDE.md, AGENTS.md, .claude/rules/
 * and .cursor/rules/ (and a legacy .cursorrules); for the user, ~/.claude/CLAUDE.md,
 * ~/.claude/rules/ and ~/.codex/AGENTS.md. Reverie's own section (between its markers) is not
 * the person's and is left out, as are front matter, HTML comments, code blocks and headings.
 * A rule is one list item or line of prose with at least three words.
 *
 * When: the commit that last changed the rule's line (`git blame`), when the file is in a git
 * repository and the line is committed; else the file's modification time.
 */

export interface WrittenRule {
  /** Absolute path of the file. */
  file: string;
  /** 1-based line number. */
  line: number;
  text: string;
  /** When the rule appeared (ISO). */
  writtenAt: string;
  dateFrom: 'git' | 'mtime';
}

const RULE_DIRS = [path.join('.claude', 'rules'), path.join('.cursor', 'rules')];
const PROJECT_FILES = ['CLAUDE.md', 'CLAUDE.local.md', path.join('.claude', 'CLAUDE.md'), 'AGENTS.md', '.cursorrules'];

function filesUnder(dir: string, depth = 3): string[] {
  if (depth < 0 || !existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full, depth - 1));
    else if (entry.isFile() && /\.(md|mdc)$/i.test(entry.name)) out.push(full);
  }
  return out;
}

const isFile = (f: string) => existsSync(f) && statSync(f).isFile();

/** The instruction files of a project root, in a fixed order. */
export function projectInstructionFiles(root: string): string[] {
  return [...PROJECT_FILES.map((f) => path.join(root, f)).filter(isFile), ...RULE_DIRS.flatMap((d) => filesUnder(path.join(root, d)))];
}

/** The person's own instruction files for every project. */
export function userInstructionFiles(home: string): string[] {
  return [
    ...[path.join(home, '.claude', 'CLAUDE.md')].filter(isFile),
    ...filesUnder(path.join(home, '.claude', 'rules')),
    ...[path.join(home, '.codex', 'AGENTS.md')].filter(isFile),
  ];
}

/** The rule lines of a file's text: [line number, text]. Pure, for tests. */
export function ruleLines(text: string): [number, string][] {
  const lines = text.split(/\r?\n/);
  const out: [number, string][] = [];
  let inSection = false;
  let inFence = false;
  let inComment = false;
  let inFront = lines[0]?.trim() === '---';
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const t = raw.trim();
    if (inFront) {
      if (i > 0 && t === '---') inFront = false;
      continue;
    }
    if (t.includes(SECTION_START)) inSection = true;
    if (inSection) {
      if (t.includes(SECTION_END)) inSection = false;
      continue;
    }
    if (/^(```|~~~)/.test(t)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) continue;
    let line = raw;
    if (inComment) {
      const end = line.indexOf('-->');
      if (end === -1) continue;
      inComment = false;
      line = line.slice(end + 3);
    }
    line = line.replace(/<!--[\s\S]*?-->/g, '');
    const open = line.indexOf('<!--');
    if (open !== -1) {
      inComment = true;
      line = line.slice(0, open);
    }
    const rule = line
      .trim()
      .replace(/^(?:[-*+]|\d+[.)])\s+(?:\[[ x]\]\s+)?/, '')
      .trim();
    if (!rule || rule.startsWith('#') || rule.startsWith('|') || rule.split(/\s+/).length < 3) continue;
    out.push([i + 1, rule]);
  }
  return out;
}

/** Commit time per line (1-based) of a file, from `git blame`; null outside a repository. */
function blameTimes(file: string): Map<number, string> | null {
  try {
    const out = execFileSync('git', ['-C', path.dirname(file), 'blame', '--line-porcelain', '--', path.basename(file)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 10_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    const times = new Map<number, string>();
    let line = 0;
    let committed = false;
    for (const l of out.split('\n')) {
      const header = /^([0-9a-f]{40}) \d+ (\d+)/.exec(l);
      if (header) {
        line = Number(header[2]);
        committed = !/^0+$/.test(header[1]!);
      } else if (l.startsWith('committer-time ') && committed) {
        times.set(line, new Date(Number(l.slice(15)) * 1000).toISOString());
      }
    }
    return times;
  } catch {
    return null;
  }
}

/** The rules of the given files, each with its date. */
export function readRules(files: readonly string[]): WrittenRule[] {
  const out: WrittenRule[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const lines = ruleLines(text);
    if (lines.length === 0) continue;
    const mtime = statSync(file).mtime.toISOString();
    const blame = blameTimes(file);
    for (const [line, rule] of lines) {
      const committed = blame?.get(line);
      out.push({ file, line, text: rule, writtenAt: committed ?? mtime, dateFrom: committed ? 'git' : 'mtime' });
    }
  }
  return out;
}
