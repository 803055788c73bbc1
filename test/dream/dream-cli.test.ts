import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../../electron/engine/demo/generate.js';
import { openStore } from '../../electron/engine/store/db.js';
import type { CliContext } from '../../electron/engine/cli/context.js';
import { dreamCommand, effectCommand, trendsCommand, watchCommand } from '../../electron/engine/cli/commands/dream.js';
import { reverie } from '../helpers/cli.js';
import { tempDir } from '../helpers/fixtures.js';
import { REPO_DIR } from '../helpers/samples.js';
import { TEST_EMBED, TEST_MODEL_ARGS } from '../helpers/test-model.js';
import { DAY, lessonOn, plantStream, STREAM_MODEL } from '../helpers/planted-stream.js';

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command function in this process against the store in `data` (spawning the real CLI
 * costs seconds per call; one test below does that to check the wiring).
 */
async function inProcess(data: string, options: CliContext['options'], command: (ctx: CliContext) => number | Promise<number>): Promise<Ran> {
  const out: string[] = [];
  const err: string[] = [];
  const db = openStore(data);
  const ctx: CliContext = { options, dataDir: data, json: options.json === true, db, out: (t) => out.push(t), err: (t) => err.push(t) };
  try {
    const code = await command(ctx);
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  } catch (e) {
    return { code: 1, stdout: out.join('\n'), stderr: `${err.join('\n')}${(e as Error).message}` };
  } finally {
    db.close();
  }
}

describe('reverie watch, effect and trends', () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);
  const data = path.join(dir, 'data');
  const home = path.join(dir, 'home');
  const savedHome = process.env.HOME;
  afterAll(() => {
    process.env.HOME = savedHome;
  });
  type Opts = { json?: boolean; model?: string };
  const watch = (action?: string, target?: string, o: Opts & { add?: boolean } = {}) =>
    inProcess(data, o, (ctx) => watchCommand(ctx, action, target, o));
  const effect = (o: Opts & Parameters<typeof effectCommand>[1] = {}) => inProcess(data, o, (ctx) => effectCommand(ctx, o));
  const trends = (o: Opts & Parameters<typeof trendsCommand>[1] = {}) =>
    inProcess(data, { ...o, model: STREAM_MODEL }, (ctx) => trendsCommand(ctx, o));

  it('manages watched folders and offers the agents’ own folders', async () => {
    const logs = path.join(dir, 'logs');
    mkdirSync(logs);
    mkdirSync(path.join(home, '.claude', 'projects'), { recursive: true });
    process.env.HOME = home;
    expect((await watch()).stdout).toMatch(/Nothing is watched/);
    expect((await watch('add', logs)).stdout).toContain(`Watching ${logs}`);
    expect((await watch('add', path.join(dir, 'missing'))).stderr).toMatch(/does not exist/);
    expect((await watch('detect')).stdout).toMatch(/found\s+Claude Code: .*\.claude[\\/]projects/);
    expect((await watch('detect', undefined, { add: true })).code).toBe(0);
    expect(JSON.parse((await watch('list', undefined, { json: true })).stdout).map((w: { path: string }) => w.path)).toEqual([
      path.join(home, '.claude', 'projects'),
      logs,
    ]);
    expect((await watch('remove', logs)).code).toBe(0);
    expect((await watch('remove', logs)).stderr).toMatch(/is not watched/);
    expect((await watch('frobnicate')).stderr).toMatch(/add, remove, list or detect/);
  });

  it('reports lesson effects and trends with project and time filters', async () => {
    const db = openStore(data);
    const now = Date.now();
    const adopted = now - 30 * DAY;
    const { clusters } = plantStream(db, {
      seed: 11,
      start: now - 60 * DAY,
      days: 60,
      sessionsPerDay: 4,
      projects: ['api', 'web'],
      patterns: [{ label: 'use pnpm not npm', rate: (t, project) => (project === 'api' && t >= adopted ? 0.05 : 0.6) }],
    });
    lessonOn(db, clusters.get('use pnpm not npm')!, { title: 'Use pnpm', rule: 'Use pnpm, not npm.', adoptedAt: adopted });
    db.close();

    expect((await effect({ project: 'api' })).stdout).toMatch(/#\d+ Use pnpm .*: fewer since adopted/);
    const web = JSON.parse((await effect({ json: true, project: 'web' })).stdout);
    expect(web[0].verdict).toBe('no change yet');
    const short = JSON.parse((await effect({ json: true, maxDays: '7' })).stdout);
    expect(short[0].windowDays).toBeCloseTo(7);
    expect((await effect({ since: 'last tuesday' })).stderr).toMatch(/not a date/);
    expect((await effect({ maxDays: '-3' })).stderr).toMatch(/--max-days/);

    const web2 = JSON.parse((await trends({ json: true, project: 'web' })).stdout);
    expect(web2.clusters).toHaveLength(1);
    expect(web2.sessions).toBeGreaterThan(100);
    const text = (await trends({ since: new Date(now - 14 * DAY).toISOString().slice(0, 10) })).stdout;
    expect(text).toMatch(/use pnpm not npm/);
    expect((await trends({ flagged: true })).stdout).toMatch(/No new or growing clusters/);
  });

  it('is wired into the real command line', () => {
    const r = reverie(['--data-dir', data, '--json', 'effect', '--project', 'api']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)[0].verdict).toBe('fewer since adopted');
  });
});

describe('reverie dream', () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);
    const data = path.join(dir, 'data');
  const options = TEST_EMBED;
  const dream = (o: { json?: boolean; runs?: boolean } = {}) => inProcess(data, { ...options, ...o }, (ctx) => dreamCommand(ctx, o));

  it('imports watched folders and analyses them, then finds nothing new', async () => {
    const logs = path.join(dir, 'logs');
    await generateCorpus({ outDir: logs, sessions: 12, seed: 21 });
    expect((await inProcess(data, {}, (ctx) => watchCommand(ctx, 'add', logs))).code).toBe(0);
    const first = JSON.parse((await dream({ json: true })).stdout);
    expect(first).toMatchObject({ trigger: 'manual', sessionsAdded: 12 });
    // 12 seeded sessions (seed 21): exactly this many moments.
    expect(first.momentsAdded).toBe(34);
    const second = await dream();
    expect(second.stdout).toMatch(/read 0 files, 0 new and 0 grown sessions.*nothing new since the last analysis/);
    const runs = JSON.parse((await dream({ json: true, runs: true })).stdout);
    expect(runs.map((r: { id: number }) => r.id)).toEqual([first.id + 1, first.id]);
  });

  it('keeps dreaming under --watch until Ctrl-C', async () => {
    const child = spawn(process.execPath, [path.join(REPO_DIR, 'bin', 'reverie.mjs'), '--data-dir', data, ...TEST_MODEL_ARGS, '--json', 'dream', '--watch', '--interval', '0.002'], {
      cwd: REPO_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    const lines = new Promise<void>((resolve) =>
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (stdout.split('\n').filter(Boolean).length >= 2) resolve();
      }),
    );
    await lines;
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    const runs = stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { trigger: string; filesRead: number });
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(runs.every((r) => r.trigger === 'watch' && r.filesRead === 0)).toBe(true);
  }, 60_000);
});
