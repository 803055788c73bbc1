import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reverie } from '../helpers/cli.js';
import { tempDir } from '../helpers/fixtures.js';
import { DATASETS_DIR, haveShared, MODELS_DIR } from '../helpers/samples.js';
import { TEST_MODEL_ARGS } from '../helpers/test-model.js';

// On the built-in test model: these check the commands, not what a real model finds (one test below needs ../shared's data set).
describe('reverie analysis, lessons and export commands', () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);
  const base = ['--data-dir', path.join(dir, 'data'), ...TEST_MODEL_ARGS];
  const run = (...args: string[]) => reverie([...base, ...args]);

  it('analyses imported sessions and lists clusters with links back to sessions', () => {
    expect(run('demo', '--sessions', '40').code).toBe(0);
    const analysed = JSON.parse(run('--json', 'analyze').stdout);
    // The demo already analysed everything: nothing new.
    expect(analysed).toMatchObject({ sessionsScanned: 0, embedded: 0 });
    const clusters = JSON.parse(run('--json', 'clusters', '--kind', 'failure').stdout);
    // The demo's 40 seeded sessions on the deterministic test model: exactly these figures.
    expect(clusters.length).toBe(4);
    expect(clusters.every((c: { kind: string }) => c.kind === 'failure')).toBe(true);
    // Each is a pattern: a name (never a bare keyword list), the count of each kind it holds (the
    // most common one is `kind`), and how many variants it is made of.
    for (const c of clusters as { kind: string; size: number; name: string; keywords: string[]; kinds: Record<string, number>; variants: number }[]) {
      expect(c.name).not.toBe(c.keywords.slice(0, 3).join(', '));
      expect(Object.values(c.kinds).reduce((a, b) => a + b, 0)).toBe(c.size);
      expect(Math.max(...Object.values(c.kinds))).toBe(c.kinds[c.kind]);
      expect(c.variants).toBeGreaterThanOrEqual(1);
    }
    const shown = run('cluster', String(clusters[0].id));
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/→ reverie show \d+/);
    const detail = JSON.parse(run('--json', 'cluster', String(clusters[0].id)).stdout);
    expect(detail.size).toBe(11);
    expect(detail.members).toHaveLength(11);
    for (const m of detail.members) expect(Object.keys(m)).toEqual(expect.arrayContaining(['text', 'kind', 'sessionId', 'messageId']));
    expect(detail.variants.reduce((n: number, v: { size: number }) => n + v.size, 0)).toBeLessThanOrEqual(detail.size);
    expect(run('clusters', '--kind', 'mistake').stderr).toMatch(/--kind must be one of/);
  });

  it.runIf(haveShared())('clusters texts from a CSV with the real model, one id per input line', () => {
    const csv = path.join(dir, 'texts.csv');
    const rows = readFileSync(path.join(DATASETS_DIR, 'banking77', 'test.csv'), 'utf8').split('\n').slice(0, 121);
    writeFileSync(csv, rows.join('\n'));
    const real = ['--models-dir', MODELS_DIR, '--model', 'energetic-ai/use-lite-en'];
    const r = reverie(['--data-dir', path.join(dir, 'data'), ...real, 'cluster-texts', csv]);
    expect(r.code).toBe(0);
    const labels = r.stdout.trim().split('\n').map(Number);
    expect(labels).toHaveLength(120);
    expect(labels.every((l) => Number.isInteger(l) && l >= -1)).toBe(true);
    expect(new Set(labels.filter((l) => l >= 0)).size).toBeGreaterThan(1);
    expect(run('cluster-texts', csv, '--text-column', 'body').stderr).toMatch(/no column "body"/);
  });

  it('writes offline lessons, adopts one and exports only the Reverie section of CLAUDE.md', () => {
    const lessons = JSON.parse(run('--json', 'lessons', '--list').stdout);
    expect(lessons.length).toBe(8);
    expect(lessons.every((l: { source: string; status: string }) => l.source === 'local' && l.status === 'draft')).toBe(true);
    const adopted = JSON.parse(run('--json', 'lesson', String(lessons[0].id), 'adopt').stdout);
    expect(adopted.status).toBe('adopted');
    const file = path.join(dir, 'CLAUDE.md');
    writeFileSync(file, '# My project\n\nHand-written notes.\n');
    expect(run('export', '--format', 'claude-md', '--out', file).code).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('# My project\n\nHand-written notes.\n')).toBe(true);
    expect(text).toContain(adopted.rule);
    expect(text).toContain('<!-- reverie:start -->');
    expect(run('export', '--format', 'word').stderr).toMatch(/--format must be one of/);
  });

  it('sent nothing: the outbox is empty and says so', () => {
    expect(run('outbox').stdout).toMatch(/Nothing has ever been sent/);
    expect(JSON.parse(run('--json', 'outbox').stdout)).toEqual([]);
  });

  it('anonymizes text from standard input', () => {
    const email = ['ana', 'corp.example'].join('@');
    const r = reverie([...base, 'anonymize', '-'], {}, `Mail ${email} about src/app.ts:12 TypeError\n`);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain(email);
    expect(r.stdout).toMatch(/<EMAIL_1>/);
    expect(r.stdout).toContain('src/app.ts:12 TypeError');
  });
});
