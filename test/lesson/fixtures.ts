import type { ClusterDigest, MomentKind } from '../../shared/types.js';
import type { Db } from '../../electron/engine/store/db.js';
import { insertLesson, type NewLesson } from '../../electron/engine/lesson/store.js';

/**
 * Seeds one cluster with `moments` members (a session, a message per moment, scores falling
 * with the index) straight into the schema, so lesson tests need no analysis run.
 * Returns the cluster id and the member moment ids, most representative first.
 */
export function seedCluster(db: Db, kind: MomentKind, moments = 4, label = 'test cluster'): { clusterId: number; momentIds: number[] } {
  const at = '2026-03-01T10:00:00.000Z';
  const n = (db.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n;
  const sessionId = Number(
    db
      .prepare(
        `INSERT INTO sessions (format, external_id, message_count, content_hash, imported_at, updated_at)
         VALUES ('claude-code', ?, ?, ?, ?, ?)`,
      )
      .run(`s-${n}`, moments, `hash-${n}`, at, at).lastInsertRowid,
  );
  const clusterId = Number(
    db
      .prepare(
        `INSERT INTO clusters (model, kind, label, keywords, size, sessions, projects, weekly)
         VALUES ('test-model', ?, ?, '[]', ?, 1, 1, '[]')`,
      )
      .run(kind, label, moments).lastInsertRowid,
  );
  const momentIds: number[] = [];
  for (let i = 0; i < moments; i++) {
    const messageId = Number(
      db.prepare(`INSERT INTO messages (session_id, seq, role, text) VALUES (?, ?, 'user', ?)`).run(sessionId, i, `m${i}`)
        .lastInsertRowid,
    );
    const momentId = Number(
      db
        .prepare(`INSERT INTO moments (session_id, message_id, kind, text, text_hash) VALUES (?, ?, ?, ?, ?)`)
        .run(sessionId, messageId, kind, `moment ${i}`, `th-${n}-${i}`).lastInsertRowid,
    );
    db.prepare('INSERT INTO cluster_members (cluster_id, moment_id, score) VALUES (?, ?, ?)').run(clusterId, momentId, 1 - i / 100);
    momentIds.push(momentId);
  }
  return { clusterId, momentIds };
}

export function digestFor(clusterId: number, kind: MomentKind, overrides: Partial<ClusterDigest> = {}): ClusterDigest {
  const keywords = overrides.keywords ?? ['npm test', 'vitest', 'module'];
  const examples = overrides.examples ?? ["Bash: npm test\nError: Cannot find module 'vitest/config'"];
  return {
    clusterId,
    kind,
    size: 7,
    sessions: 5,
    projects: 2,
    firstSeen: '2026-02-01T09:00:00.000Z',
    lastSeen: '2026-03-01T10:00:00.000Z',
    keywords,
    examples,
    text:
      overrides.text ??
      `Pattern: ${kind}, ${7} moments in 5 sessions across 2 projects.\nKeywords: ${keywords.join(', ')}\nExamples:\n${examples.map((e) => `- ${e}`).join('\n')}`,
    ...overrides,
  };
}

export function addLesson(db: Db, overrides: Partial<NewLesson> = {}) {
  return insertLesson(db, {
    clusterId: null,
    kind: 'failure',
    title: 'Use pnpm',
    rule: 'Run `pnpm test`, not `npm test`: the repo uses pnpm workspaces.',
    why: 'npm test failed in 5 sessions.',
    appliesWhen: 'When running tests.',
    confidence: 0.8,
    source: 'claude',
    model: 'claude-sonnet-5-5',
    evidence: [],
    ...overrides,
  });
}
