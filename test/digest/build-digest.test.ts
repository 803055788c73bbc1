import { describe, expect, it } from 'vitest';
import type { ClusterDetail } from '../../shared/types.js';
import { buildDigest, canaryCheck, DIGEST_MAX_CHARS, DigestRefused, ineligibility, renderDigest, type DigestPolicy } from '../../electron/engine/digest/build-digest.js';
import { replaceClusters } from '../../electron/engine/store/clusters.js';
import { openStore, type Db } from '../../electron/engine/store/db.js';
import { SessionWriter } from '../../electron/engine/store/session-writer.js';

const policy: DigestPolicy = { minSessions: 3, minProjects: 1, names: ['Ana Lima'], userNames: ['ana'], homeDirs: ['/home/ana'] };

/** A store with one correction cluster over `texts`, one session each (project per session). */
function storeWithCluster(
  texts: string[],
  projects = texts.map((_, i) => `/home/ana/p${i % 2}`),
  keywords = ['pnpm', 'npm', 'install'],
): { db: Db; clusterId: number } {
  const db = openStore(':memory:');
  const writer = new SessionWriter(db);
  const momentIds: number[] = [];
  texts.forEach((text, i) => {
    const { sessionId } = writer.write(
      { format: 'claude-code', externalId: `s${i}`, project: projects[i], messages: [{ role: 'user', text, timestamp: `2026-0${(i % 8) + 1}-02T00:00:00Z` }] },
      null,
    );
    const messageId = (db.prepare('SELECT id FROM messages WHERE session_id = ?').get(sessionId) as { id: number }).id;
    momentIds.push(
      Number(
        db
          .prepare("INSERT INTO moments (session_id, message_id, kind, text, text_hash, at) VALUES (?, ?, 'correction', ?, ?, ?)")
          .run(sessionId, messageId, text, `h${i}`, `2026-0${(i % 8) + 1}-02T00:00:00Z`).lastInsertRowid,
      ),
    );
  });
  const [clusterId] = replaceClusters(
    db,
    'm',
    'correction',
    [
      {
        kind: 'correction',
        label: 'pnpm, npm, install',
        keywords,
        size: texts.length,
        sessions: texts.length,
        projects: new Set(projects).size,
        firstSeen: '2026-01-02T00:00:00Z',
        lastSeen: '2026-08-02T00:00:00Z',
        weekly: [],
        members: momentIds.map((momentId, i) => ({ momentId, score: 1 - i / 100 })),
      },
    ],
    null,
  );
  return { db, clusterId };
}

describe('digest (privacy layers 2 to 4)', () => {
  it('refuses clusters below the aggregation threshold', async () => {
    expect(ineligibility({ sessions: 2, projects: 1 }, policy)).toMatch(/2 sessions; at least 3/);
    expect(ineligibility({ sessions: 5, projects: 1 }, { ...policy, minProjects: 2 })).toMatch(/1 project; at least 2/);
    expect(ineligibility({ sessions: 3, projects: 1 }, policy)).toBeNull();
    const { db, clusterId } = storeWithCluster(['use pnpm', 'use pnpm please']);
    await expect(buildDigest(db, clusterId, policy)).rejects.toBeInstanceOf(DigestRefused);
  });

  it('sends only short scrubbed examples, with consistent placeholders', async () => {
    const email = ['ana.lima', 'example-corp.com'].join('@');
    const key = ['AKIA', 'Q3XN7RZ2LWB5KD4M'].join('');
    const { db, clusterId } = storeWithCluster([
      `No, use pnpm not npm. Ask Ana Lima (${email}) if unsure; the key ${key} is in /home/ana/.aws/credentials`,
      `Wrong package manager again, ${email} told you: pnpm. ${'Long explanation. '.repeat(40)}`,
      'Don\'t run npm install, this repo uses pnpm (see package.json "packageManager").',
      'pnpm, not npm!',
    ]);
    const digest = await buildDigest(db, clusterId, policy);
    expect(digest.text.length).toBeLessThanOrEqual(DIGEST_MAX_CHARS);
    expect(digest.examples.length).toBeLessThanOrEqual(5);
    for (const leaked of [email, key, 'Ana Lima', '/home/ana']) expect(digest.text).not.toContain(leaked);
    // The same address gets the same placeholder in every example.
    const emails = digest.text.match(/<EMAIL_\d+>/g) ?? [];
    expect(emails.length).toBe(2);
    expect(new Set(emails).size).toBe(1);
    // What makes the lesson useful survives.
    expect(digest.text).toContain('pnpm');
    expect(digest.text).toContain('package.json');
    expect(digest.text).toMatch(/^Pattern kind: correction\nSeen 4 times in 4 sessions across 2 projects/);
  });

  it('never sends a keyword the scrubber replaces where it occurs (the local part of an address)', async () => {
    const email = ['dana.whitfield', 'example.org'].join('@');
    const { db, clusterId } = storeWithCluster(
      [
        `The lockfile is wrong again, ask ${email} before touching it`,
        `${email} said: regenerate the lockfile with pnpm`,
        'pnpm install --frozen-lockfile fails on the lockfile',
        'lockfile drift again, use pnpm',
      ],
      undefined,
      ['lockfile', 'dana.whitfield', 'pnpm'],
    );
    const digest = await buildDigest(db, clusterId, policy);
    expect(digest.keywords).toEqual(['lockfile', 'pnpm']);
    expect(digest.text.toLowerCase()).not.toContain('whitfield');
    expect(digest.text).toMatch(/^Keywords: lockfile, pnpm$/m);
  });

  it('passes the canary check when the scrubber catches every planted item', async () => {
    const { db } = storeWithCluster(['use pnpm', 'pnpm not npm', 'pnpm again']);
    const cluster = (await import('../../electron/engine/store/clusters.js')).getCluster(db, 1) as ClusterDetail;
    expect(await canaryCheck(cluster, policy)).toEqual([]);
  });

  it('renders within the budget however long the examples are', () => {
    const text = renderDigest(
      { id: 1, kind: 'failure', label: '', keywords: ['tsc'], size: 9, sessions: 9, projects: 2, firstSeen: null, lastSeen: null, weekly: [] },
      ['tsc'],
      Array.from({ length: 5 }, () => 'x'.repeat(5000)),
    );
    expect(text.length).toBeLessThanOrEqual(DIGEST_MAX_CHARS);
    expect(text.split('\n').filter((l) => /^\d\. /.test(l))).toHaveLength(5);
  });
});
