import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { adoptLesson, insertLesson } from '../../electron/engine/lesson/store.js';
import type { Db } from '../../electron/engine/store/db.js';

/*
 * Generated projects on disk with their own instructions, and a store whose sessions ran in them
 * (written straight into SQLite: no model needed):
 *
 *  shop/   a git repository. CLAUDE.md (committed on RULE_DATE) says to use pnpm, never npm; the
 *          sessions keep running `npm run lint` after that date: written but not followed.
 *          .claude/rules/testing.md has a rule nobody breaks. Its migrations pattern (edits under
 *          src/db/migrations/) is written nowhere: proposed, with a Cursor glob.
 *  ledger/ no git. AGENTS.md (modification time LEDGER_RULE_DATE) asks to declare modules in
 *          lib.rs; its cargo failures all happened before: written and followed.
 *          .cursor/rules/rust.mdc holds another rule.
 *  home/   ~/.claude/CLAUDE.md with one unrelated rule. The "read the error first" lesson spans
 *          both projects: user scope, not yet written.
 */

export const RULE_DATE = '2026-06-01T12:00:00.000Z';
export const LEDGER_RULE_DATE = '2026-03-01T00:00:00.000Z';
export const SHOP_CLAUDE_MD = `# Shop API

Notes for agents working here.

- This repo uses pnpm: never run npm (not even \`npm run lint\`).
- Keep route handlers in src/routes.
`;

export interface ScopedProjects {
  root: string;
  home: string;
  shop: string;
  ledger: string;
  clusters: { npm: number; migrations: number; cargo: number; errors: number };
  lessons: { pnpm: number; migrations: number; cargo: number; errors: number };
}

const hash = (s: string) => createHash('sha256').update(s).digest('hex');

function git(dir: string, args: string[], date?: string): void {
  execFileSync('git', ['-C', dir, ...args], {
    stdio: 'ignore',
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.org', ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}) },
  });
}

function write(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** The projects on disk under `root` (see above). */
export function writeProjects(root: string): Pick<ScopedProjects, 'root' | 'home' | 'shop' | 'ledger'> {
  const shop = path.join(root, 'shop');
  const ledger = path.join(root, 'ledger');
  const home = path.join(root, 'home');
  write(path.join(shop, 'CLAUDE.md'), SHOP_CLAUDE_MD);
  write(path.join(shop, '.claude', 'rules', 'testing.md'), '# Testing\n\n- Run the tests with `pnpm vitest run`, never in watch mode.\n');
  git(shop, ['init', '-q']);
  git(shop, ['add', '-A']);
  git(shop, ['commit', '-qm', 'instructions'], RULE_DATE);
  write(path.join(ledger, 'AGENTS.md'), '# Ledger\n\n- Declare every new module in lib.rs before running cargo build.\n');
  utimesSync(path.join(ledger, 'AGENTS.md'), new Date(LEDGER_RULE_DATE), new Date(LEDGER_RULE_DATE));
  write(path.join(ledger, '.cursor', 'rules', 'rust.mdc'), '---\ndescription: Rust style\nglobs: **/*.rs\nalwaysApply: false\n---\n\n- Use cargo clippy to check for warnings.\n');
  write(path.join(home, '.claude', 'CLAUDE.md'), '# Me\n\n- Answer in English, even when I write in French.\n');
  return { root, home, shop, ledger };
}

/** The store: sessions in the projects, four patterns, a lesson each (adopted unless `drafts`). */
export function seedScopedStore(db: Db, at: Pick<ScopedProjects, 'shop' | 'ledger'>, options: { drafts?: boolean } = {}): Pick<ScopedProjects, 'clusters' | 'lessons'> {
  const session = db.prepare(
    `INSERT INTO sessions (format, external_id, title, project, started_at, message_count, content_hash, imported_at, updated_at, model)
     VALUES ('claude-code', ?, ?, ?, ?, 5, ?, ?, ?, 'claude-sonnet-4-5')`,
  );
  const message = db.prepare(
    `INSERT INTO messages (session_id, seq, role, text, timestamp, model, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const call = db.prepare(`INSERT INTO tool_calls (message_id, seq, call_id, name, input) VALUES (?, 0, ?, ?, ?)`);
  const result = db.prepare(`INSERT INTO tool_results (message_id, seq, call_id, name, output, is_error) VALUES (?, 0, ?, ?, ?, ?)`);
  const moment = db.prepare(`INSERT INTO moments (session_id, message_id, kind, text, text_hash, at) VALUES (?, ?, 'failure', ?, ?, ?)`);
  let n = 0;
  const moments: Record<'npm' | 'migrations' | 'cargo' | 'errors', number[]> = { npm: [], migrations: [], cargo: [], errors: [] };

  /** One session: a failing call, the person's words, a call that works. Usage on the agent's turns. */
  const sessionWith = (project: string, day: string, tool: string, input: object, error: string, fix: object, pattern: keyof typeof moments) => {
    n++;
    const sid = Number(session.run(`s${n}`, `Session ${n}`, project, day, `h${n}`, day, day).lastInsertRowid);
    const add = (seq: number, role: string, text: string, usage: number[] | null) =>
      Number(message.run(sid, seq, role, text, day, usage ? 'claude-sonnet-4-5' : null, ...(usage ?? [null, null, null, null])).lastInsertRowid);
    call.run(add(0, 'assistant', 'Running it', [1000, 100, 5000, 0]), `c${n}a`, tool, JSON.stringify(input));
    const failed = add(1, 'tool', error, null);
    result.run(failed, `c${n}a`, tool, error, 1);
    add(2, 'user', 'that failed, read the error', null);
    call.run(add(3, 'assistant', 'Fixing', [500, 50, 6000, 0]), `c${n}b`, tool, JSON.stringify(fix));
    result.run(add(4, 'tool', 'ok', null), `c${n}b`, tool, 'ok', 0);
    const text = `${JSON.stringify(input)}\n${error}`;
    moments[pattern].push(Number(moment.run(sid, failed, text, hash(text + n), day).lastInsertRowid));
  };

  // shop: npm run lint, once before the rule and four times after it.
  for (const day of ['2026-05-10', '2026-06-10', '2026-07-01', '2026-08-15', '2026-09-20']) {
    sessionWith(at.shop, `${day}T10:00:00.000Z`, 'Bash', { command: 'npm run lint' }, 'npm ERR! Missing script: "lint"', { command: 'pnpm lint' }, 'npm');
  }
  // shop: edits to released migrations.
  for (const [i, day] of ['2026-07-02', '2026-08-02', '2026-09-02'].entries()) {
    const file = path.join(at.shop, 'src', 'db', 'migrations', `000${i + 1}_users.sql`);
    sessionWith(at.shop, `${day}T10:00:00.000Z`, 'Edit', { file_path: file, old_string: 'a', new_string: 'b' }, 'migration checksum mismatch: released migrations cannot change', { file_path: file.replace('users', 'users_v2'), content: 'x' }, 'migrations');
  }
  // ledger: cargo build failures, all before its rule.
  for (const day of ['2026-01-10', '2026-02-01']) {
    sessionWith(at.ledger, `${day}T10:00:00.000Z`, 'Bash', { command: 'cargo build' }, 'error[E0583]: file not found for module `db`', { command: 'cargo build --release' }, 'cargo');
  }
  // Both projects: a retry without reading the error.
  for (const [project, day] of [[at.shop, '2026-09-05'], [at.ledger, '2026-09-06'], [at.shop, '2026-09-07']] as const) {
    sessionWith(project, `${day}T10:00:00.000Z`, 'Bash', { command: 'make deploy' }, 'Error: exit status 2', { command: 'make deploy ENV=prod' }, 'errors');
  }

  const cluster = db.prepare(
    `INSERT INTO clusters (model, kind, label, keywords, size, sessions, projects, first_seen, last_seen, weekly) VALUES ('m', 'failure', ?, '[]', ?, ?, 1, NULL, NULL, '[]')`,
  );
  const member = db.prepare('INSERT INTO cluster_members (cluster_id, moment_id, score) VALUES (?, ?, 0.9)');
  const clusters = {} as ScopedProjects['clusters'];
  for (const key of Object.keys(moments) as (keyof typeof moments)[]) {
    clusters[key] = Number(cluster.run(`pattern ${key}`, moments[key].length, moments[key].length).lastInsertRowid);
    for (const m of moments[key]) member.run(clusters[key], m);
  }
  const lesson = (clusterId: number, evidence: number[], title: string, rule: string) => {
    const l = insertLesson(db, { clusterId, kind: 'failure', title, rule, why: null, appliesWhen: null, confidence: 0.8, source: 'local', model: null, evidence });
    if (!options.drafts) adoptLesson(db, l.id, '2026-09-30T00:00:00.000Z');
    return l.id;
  };
  return {
    clusters,
    lessons: {
      pnpm: lesson(clusters.npm, moments.npm, 'Use pnpm', 'This repo uses pnpm: never run npm run lint or other npm scripts.'),
      migrations: lesson(clusters.migrations, moments.migrations, 'Released migrations', 'Never edit a released migration; add a new one.'),
      cargo: lesson(clusters.cargo, moments.cargo, 'Declare modules', 'Declare each new module in lib.rs before cargo build.'),
      errors: lesson(clusters.errors, moments.errors, 'Read the error first', 'Quote the failing line of the error before retrying a command.'),
    },
  };
}
