import { createHash } from 'node:crypto';
import { adoptLesson, insertLesson } from '../../electron/engine/lesson/store.js';
import type { Db } from '../../electron/engine/store/db.js';

/*
 * A small store as an analysis would leave it, for the agent's side (MCP tools, hooks): two
 * projects with their sessions, failures followed by the person's correction and a call that
 * worked, two clusters, and lessons of each scope. Written straight into SQLite so the tests
 * need no model; the ids they assert on are returned.
 */

export const PROJECT_A = '/work/shop-api';
export const PROJECT_B = '/work/ledger';
export const MODEL = 'test/model';
/** A day inside the trend window of `now`, and one long before it. */
const RECENT = new Date(Date.now() - 3 * 86_400_000).toISOString();
const OLD = '2024-02-01T10:00:00.000Z';

export interface AgentStore {
  sessions: { a: number[]; b: number[] };
  failures: { npm: number[]; cargo: number[] };
  clusters: { npm: number; cargo: number };
  lessons: { projectA: number; everywhere: number; projectB: number; draftA: number; retiredA: number };
}

const hash = (s: string) => createHash('sha256').update(s).digest('hex');

export function seedAgentStore(db: Db, at: { a: string; b: string; model: string } = { a: PROJECT_A, b: PROJECT_B, model: MODEL }): AgentStore {
  const session = db.prepare(
    `INSERT INTO sessions (format, external_id, title, project, started_at, message_count, content_hash, imported_at, updated_at)
     VALUES ('claude-code', ?, ?, ?, ?, 4, ?, ?, ?)`,
  );
  const message = db.prepare(`INSERT INTO messages (session_id, seq, role, text, timestamp) VALUES (?, ?, ?, ?, ?)`);
  const fts = db.prepare('INSERT INTO messages_fts (rowid, text) VALUES (?, ?)');
  const call = db.prepare(`INSERT INTO tool_calls (message_id, seq, call_id, name, input) VALUES (?, 0, ?, 'Bash', ?)`);
  const result = db.prepare(`INSERT INTO tool_results (message_id, seq, call_id, name, output, is_error) VALUES (?, 0, ?, 'Bash', ?, ?)`);
  const moment = db.prepare(`INSERT INTO moments (session_id, message_id, kind, text, text_hash, at) VALUES (?, ?, 'failure', ?, ?, ?)`);

  const out: AgentStore = {
    sessions: { a: [], b: [] },
    failures: { npm: [], cargo: [] },
    clusters: { npm: 0, cargo: 0 },
    lessons: { projectA: 0, everywhere: 0, projectB: 0, draftA: 0, retiredA: 0 },
  };
  let n = 0;
  /** One session: a failing command, the person's answer, then a command that worked. */
  const write = (project: string, at: string, failing: string, error: string, answer: string, fix: string) => {
    n++;
    const add = (seq: number, role: string, text: string) => {
      const id = Number(message.run(sid, seq, role, text, at).lastInsertRowid);
      fts.run(id, text);
      return id;
    };
    const sid = Number(session.run(`s${n}`, `Session ${n} in ${project}`, project, at, `h${n}`, at, at).lastInsertRowid);
    call.run(add(0, 'assistant', `I will run ${failing}`), `c${n}a`, JSON.stringify({ command: failing }));
    const failed = add(1, 'tool', `$ ${failing}\n${error}`);
    result.run(failed, `c${n}a`, error, 1);
    add(2, 'user', answer);
    call.run(add(3, 'assistant', 'Trying again'), `c${n}b`, JSON.stringify({ command: fix }));
    result.run(add(4, 'tool', 'ok'), `c${n}b`, 'ok', 0);
    const text = `${failing}\n${error}`;
    const mid = Number(moment.run(sid, failed, text, hash(text), at).lastInsertRowid);
    return { sid, mid };
  };

  for (let i = 0; i < 3; i++) {
    const { sid, mid } = write(
      `${at.a}${i === 2 ? '/packages/web' : ''}`,
      i === 0 ? OLD : RECENT,
      'npm run lint',
      'npm ERR! Missing script: "lint"',
      'we use pnpm here, not npm',
      'pnpm lint',
    );
    out.sessions.a.push(sid);
    out.failures.npm.push(mid);
  }
  for (let i = 0; i < 2; i++) {
    const { sid, mid } = write(
      at.b,
      RECENT,
      'cargo build',
      'error[E0583]: file not found for module `ledger_db`',
      'declare the module in lib.rs first',
      'cargo build --release',
    );
    out.sessions.b.push(sid);
    out.failures.cargo.push(mid);
  }

  const cluster = db.prepare(
    `INSERT INTO clusters (model, kind, label, keywords, size, sessions, projects, first_seen, last_seen, weekly)
     VALUES (?, 'failure', ?, ?, ?, ?, 1, ?, ?, '[]')`,
  );
  const member = db.prepare('INSERT INTO cluster_members (cluster_id, moment_id, score) VALUES (?, ?, 0.9)');
  out.clusters.npm = Number(cluster.run(at.model, 'npm run lint: Missing script', '["npm","lint","script"]', 3, 3, OLD, RECENT).lastInsertRowid);
  for (const m of out.failures.npm) member.run(out.clusters.npm, m);
  out.clusters.cargo = Number(cluster.run(at.model, 'cargo build: module not found', '["cargo","E0583","module"]', 2, 2, RECENT, RECENT).lastInsertRowid);
  for (const m of out.failures.cargo) member.run(out.clusters.cargo, m);

  const lesson = (title: string, rule: string, evidence: number[], adopt: boolean) => {
    const l = insertLesson(db, { clusterId: null, kind: 'failure', title, rule, why: null, appliesWhen: null, confidence: 0.8, source: 'local', model: null, evidence });
    if (adopt) adoptLesson(db, l.id);
    return l.id;
  };
  out.lessons.projectA = lesson('Use pnpm', 'Run scripts with pnpm, never npm; ask alice.moreau@example.org about the lockfile.', out.failures.npm, true);
  out.lessons.everywhere = lesson('Read the error first', 'Quote the error line before retrying a failed command.', [out.failures.npm[1]!, out.failures.cargo[0]!], true);
  out.lessons.projectB = lesson('Declare modules', 'Declare a new module in lib.rs before cargo build.', out.failures.cargo, true);
  out.lessons.draftA = lesson('A draft', 'Never shown to an agent.', out.failures.npm, false);
  out.lessons.retiredA = lesson('Retired', 'Also never shown.', out.failures.npm, true);
  db.prepare(`UPDATE lessons SET status = 'retired' WHERE id = ?`).run(out.lessons.retiredA);
  return out;
}
