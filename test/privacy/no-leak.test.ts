import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../../electron/engine/demo/generate.js';
import { reverie, reverieAsync } from '../helpers/cli.js';
import { lessonsReply, startFakeAnthropic, type FakeAnthropic } from '../helpers/fake-anthropic.js';
import { ccLine, tempDir, writeFile } from '../helpers/fixtures.js';
import { TEST_MODEL_ARGS } from '../helpers/test-model.js';

/*
 * The whole promise, end to end: sessions holding secrets and personal data are imported,
 * analysed and turned into lessons by "Claude" (a fake Messages server on 127.0.0.1 driven
 * through the real SDK by the real CLI). Nothing planted may reach the server, every byte
 * that did is in the outbox, and the lessons it answered are stored and exported.
 */

// Built by concatenation so no secret scanner mistakes this file for a leak.
const PLANTED = {
  awsKey: ['AKIA', 'R7TQ2MZ9XW4PLD3V'].join(''),
  githubToken: ['ghp_', 'x7Rk2PqLm9Vt4Wn8Zs3Yb6Hc1Jd5Fg0QaE2u'].join(''),
  email: ['dana.whitfield', 'northwind-labs.io'].join('@'),
  phone: '+1 415 555 0187',
  homeUser: 'dwhitfield',
  person: 'Dana Whitfield',
  card: '4111 1111 1111 1111',
};

function sessionWithSecrets(i: number): string {
  const id = `leak-${i}`;
  const line = (type: 'user' | 'assistant', uuid: string, parent: string | null, content: unknown) =>
    ccLine(type, `${id}-${uuid}`, parent && `${id}-${parent}`, content, {
      sessionId: id,
      cwd: `/Users/${PLANTED.homeUser}/code/app${i % 3}`,
      timestamp: `2026-10-0${(i % 9) + 1}T10:00:00.000Z`,
    });
  return [
    line('user', 'u1', null, 'Add pagination to the /orders endpoint'),
    line('assistant', 'a1', 'u1', [{ type: 'tool_use', id: `t${i}`, name: 'Bash', input: { command: 'npm install' } }]),
    line('user', 'u2', 'a1', [{ type: 'tool_result', tool_use_id: `t${i}`, content: 'added 12 packages', is_error: false }]),
    line(
      'user',
      'u3',
      'u2',
      `Wrong package manager again: this project uses pnpm, not npm. ${PLANTED.person} (${PLANTED.email}, ${PLANTED.phone}) ` +
        `set it up; the deploy key ${PLANTED.awsKey} and token ${PLANTED.githubToken} are in /Users/${PLANTED.homeUser}/.env, card ${PLANTED.card}.`,
    ),
  ].join('\n');
}

describe('nothing planted in imported sessions reaches Claude', () => {
  const tmp = tempDir();
  let fake: FakeAnthropic;
  const base = () => ['--data-dir', path.join(tmp.dir, 'data'), ...TEST_MODEL_ARGS];

  beforeAll(async () => {
    fake = await startFakeAnthropic();
    const logs = path.join(tmp.dir, 'logs');
    await generateCorpus({ outDir: logs, sessions: 40, seed: 21 });
    for (let i = 0; i < 6; i++) writeFile(logs, `leak-${i}.jsonl`, sessionWithSecrets(i));
    expect(reverie([...base(), 'import', logs]).code).toBe(0);
    expect(reverie([...base(), 'settings', 'scrubNames', PLANTED.person]).code).toBe(0);
    expect(reverie([...base(), 'analyze']).code).toBe(0);
  });
  afterAll(async () => {
    await fake.close();
    tmp.cleanup();
  });

  it('sends only scrubbed digests, keeps every byte in the outbox, and stores the lessons', async () => {
    const reply = lessonsReply([
      {
        action: 'add',
        targets: [],
        title: 'Use pnpm',
        rule: 'Run `pnpm install`, never `npm install`, in this repository.',
        why: 'The user corrected npm usage in many sessions.',
        applies_when: 'Installing dependencies.',
        confidence: 0.9,
      },
    ]);
    fake.script(...Array.from({ length: 80 }, () => reply));
    const r = await reverieAsync([...base(), 'lessons', '--yes'], { ANTHROPIC_API_KEY: 'sk-test-not-a-real-key', ANTHROPIC_BASE_URL: fake.url });
    expect(r.code).toBe(0);
    // The consent text shows the exact bytes before sending.
    expect(r.stderr).toContain('exact request body');
    // One request per eligible pattern of the seeded corpus on the deterministic test model.
    expect(fake.requests).toHaveLength(13);

    const bodies = fake.requests.map((q) => q.body.toString('utf8'));
    const all = bodies.join('\n');
    for (const [what, value] of Object.entries(PLANTED)) {
      expect(all.includes(value), `${what} reached the server`).toBe(false);
    }
    expect(all).not.toMatch(/4111[\s-]?1111[\s-]?1111[\s-]?1111/);
    expect(all).not.toContain('415 555 0187');
    // The planted sentence was in a digest that was sent, and in the request that carries it each planted
    // value stands as a placeholder of its own type, where the value was (not just some placeholder somewhere).
    const carrying = bodies.filter((b) => b.includes('Wrong package manager again'));
    expect(carrying.length).toBeGreaterThan(0);
    for (const body of carrying) {
      const example = body.slice(body.indexOf('Wrong package manager again')).split('\\n')[0];
      expect(example).toMatch(/this project uses pnpm, not npm\. <PERSON_(\d+)> \(<EMAIL_\d+>, <PHONE_\d+>/);
      expect(example).toMatch(/the deploy key <SECRET_(\d+)> and token <SECRET_(\d+)> are in \/Users\/<USER_\d+>\/\.env, card <CARD_\d+>\./);
      // The AWS key and the GitHub token are two secrets, so two placeholders.
      const [, aws, token] = /deploy key <SECRET_(\d+)> and token <SECRET_(\d+)>/.exec(example)!;
      expect(aws).not.toBe(token);
    }

    // Every request is in the outbox byte for byte, and the key is nowhere in it.
    const outbox = JSON.parse(reverie([...base(), '--json', 'outbox']).stdout) as { request: string; status: number }[];
    expect(outbox.map((e) => e.request).sort()).toEqual([...bodies].sort());
    expect(outbox.every((e) => e.status === 200)).toBe(true);
    expect(JSON.stringify(outbox)).not.toContain('sk-test-not-a-real-key');

    // The lessons from the replies are stored and export.
    const lessons = JSON.parse(reverie([...base(), '--json', 'lessons', '--list']).stdout) as { source: string; rule: string; id: number }[];
    const fromClaude = lessons.filter((l) => l.source === 'claude');
    expect(fromClaude.length).toBeGreaterThan(0);
    expect(reverie([...base(), 'lesson', String(fromClaude[0].id), 'adopt']).code).toBe(0);
    expect(reverie([...base(), 'export', '--format', 'agents-md']).stdout).toContain('Run `pnpm install`, never `npm install`');
  }, 240_000);
});
