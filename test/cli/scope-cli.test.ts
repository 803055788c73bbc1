import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../electron/engine/store/db.js';
import { reverie } from '../helpers/cli.js';
import { tempDir } from '../helpers/fixtures.js';
import { MODELS_DIR } from '../helpers/samples.js';
import { SHOP_CLAUDE_MD, seedScopedStore, writeProjects, type ScopedProjects } from '../helpers/scoped-projects.js';

/** Each test runs the real command a few times (a few seconds each on a busy machine). */
const SLOW = 300_000;

/* Lessons where they belong, through the real command, on generated projects (test/helpers/scoped-projects.ts). */

describe('reverie export --project / --user, lesson enforce, adopt --at, cost', () => {
  let tmp: { dir: string; cleanup: () => void };
  let p: ScopedProjects;
  let data: string;
  let run: (args: string[], input?: string) => ReturnType<typeof reverie>;

  beforeAll(() => {
    tmp = tempDir();
    const onDisk = writeProjects(tmp.dir);
    data = path.join(tmp.dir, 'data');
    const db = openStore(data);
    p = { ...onDisk, ...seedScopedStore(db, onDisk) };
    db.close();
    run = (args, input) =>
      // The clusters were made with model "m", which has no measured similarity threshold: rules are
      // compared by their words (the embedding judge has its own tests), and no model is loaded.
      reverie(['--data-dir', data, '--model', 'm', '--models-dir', MODELS_DIR, ...args], { HOME: p.home }, input);
  }, SLOW);
  afterAll(() => tmp.cleanup());

  it("writes the project's own lessons into its CLAUDE.md, leaving out the rule already there and saying it is not followed", () => {
    const r = run(['export', '--project', p.shop]);
    expect(r.code, r.stderr).toBe(0);
    const file = readFileSync(path.join(p.shop, 'CLAUDE.md'), 'utf8');
    expect(file.startsWith(SHOP_CLAUDE_MD)).toBe(true);
    const section = file.slice(SHOP_CLAUDE_MD.length);
    expect(section).toContain('**Released migrations**: Never edit a released migration; add a new one.');
    expect(section).not.toContain('Use pnpm');
    expect(section).not.toContain('Read the error first'); // user scope
    expect(section).not.toContain('Declare modules'); // the other project
    expect(r.stdout).toContain(`Left out lesson #${p.lessons.pnpm}: CLAUDE.md:5 already says it; written but not followed: 4 times since 2026-06-01`);
    expect(r.stdout).toContain(`reverie lesson ${p.lessons.pnpm} enforce`);
    // The export date is recorded for what was written, and only for that.
    const shown = JSON.parse(run(['--json', 'lesson', String(p.lessons.migrations)]).stdout);
    expect(shown.exportedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(JSON.parse(run(['--json', 'lesson', String(p.lessons.pnpm)]).stdout).exportedAt).toBeNull();
  }, SLOW);

  it('leaves a lesson out of AGENTS.md when the project\'s AGENTS.md already says it (a rule that is followed)', () => {
    const r = run(['--json', 'export', '--project', p.ledger, '--format', 'agents-md']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.written).toEqual([]);
    expect(out.alreadyWritten.map((a: { lessonId: number; existing: { file: string }; notFollowed: unknown }) => [a.lessonId, path.basename(a.existing.file), a.notFollowed])).toEqual([
      [p.lessons.cargo, 'AGENTS.md', null],
    ]);
  }, SLOW);

  it('writes Cursor rules with the globs of the files the pattern is tied to', () => {
    const r = run(['export', '--project', 'shop', '--format', 'cursor']);
    expect(r.code, r.stderr).toBe(0);
    const rule = readFileSync(path.join(p.shop, '.cursor', 'rules', 'reverie-src-db-migrations.mdc'), 'utf8');
    expect(rule).toContain('globs: src/db/migrations/**\nalwaysApply: false');
    expect(rule).toContain('Never edit a released migration');
    expect(readFileSync(path.join(p.shop, '.cursor', 'rules', 'reverie.mdc'), 'utf8')).toContain('alwaysApply: true');
  }, SLOW);

  it('writes the lessons spanning projects into ~/.claude/CLAUDE.md, keeping the person\'s lines', () => {
    const r = run(['export', '--user']);
    expect(r.code, r.stderr).toBe(0);
    const file = readFileSync(path.join(p.home, '.claude', 'CLAUDE.md'), 'utf8');
    expect(file).toContain('- Answer in English, even when I write in French.');
    expect(file).toContain('**Read the error first**');
    expect(file).not.toContain('Released migrations');
    const prompt = run(['export', '--user', '--format', 'prompt']);
    expect(prompt.stdout).toContain('1. Read the error first: Quote the failing line');
  }, SLOW);

  it('shows a lesson with its scope, the rule not followed and its cost; enforces it only with --yes', () => {
    const shown = run(['lesson', String(p.lessons.pnpm)]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain(`scope: project ${p.shop}`);
    expect(shown.stdout).toContain('already written: CLAUDE.md:5');
    expect(shown.stdout).toContain('written but not followed: 4 times in 4 sessions since 2026-06-01, last 2026-09-20');
    expect(shown.stdout).toMatch(/cost: [\d.]+k tokens, \$0\.\d\d/);

    const settings = path.join(p.shop, '.claude', 'settings.json');
    const dry = run(['lesson', String(p.lessons.pnpm), 'enforce']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('add --yes to install it');
    expect(existsSync(settings)).toBe(false);

    const yes = run(['lesson', String(p.lessons.pnpm), 'enforce', '--yes']);
    expect(yes.code, yes.stderr).toBe(0);
    const hooks = JSON.parse(readFileSync(settings, 'utf8')).hooks.PreToolUse;
    expect(hooks).toHaveLength(1);
    expect(hooks[0].matcher).toBe('Bash');
    // The installed hook, run as Claude Code runs it, denies the command with the rule as the reason.
    const hook = (command: string) =>
      spawnSync('sh', ['-c', hooks[0].hooks[0].command], { input: JSON.stringify({ tool_name: 'Bash', tool_input: { command }, hook_event_name: 'PreToolUse' }), encoding: 'utf8', env: { ...process.env, HOME: p.home } });
    const denied = hook('npm run lint');
    expect(denied.status).toBe(0);
    const decision = JSON.parse(denied.stdout).hookSpecificOutput;
    expect(decision).toMatchObject({ hookEventName: 'PreToolUse', permissionDecision: 'deny' });
    expect(decision.permissionDecisionReason).toContain('This repo uses pnpm');
    expect(hook('pnpm lint').stdout).toBe('');
    expect(run(['lesson', String(p.lessons.pnpm), 'enforce', '--yes']).stdout).toContain('Already enforced');
    // Nothing to enforce for a rule that is followed.
    const followed = run(['lesson', String(p.lessons.cargo), 'enforce']);
    expect(followed.code).toBe(1);
    expect(followed.stderr).toContain('its rule is followed');
  }, SLOW);

  it('adopt --at backdates the adoption; a bad or future date is refused', () => {
    const r = run(['--json', 'lesson', String(p.lessons.cargo), 'adopt', '--at', '2026-01-05']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).adoptedAt).toBe('2026-01-05T00:00:00.000Z');
    expect(run(['lesson', String(p.lessons.cargo), 'adopt', '--at', 'last week']).stderr).toContain('--at takes a date');
    expect(run(['lesson', String(p.lessons.cargo), 'adopt', '--at', '2999-01-01']).stderr).toContain('in the future');
  }, SLOW);

  it('reverie cost lists what each pattern cost, by model, most expensive first', () => {
    const r = run(['--json', 'cost']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.pricesAsOf).toMatch(/^\d{4}-\d\d$/);
    const ids = out.patterns.map((c: { clusterId: number }) => c.clusterId);
    // Five npm sessions cost most, then three (migrations, errors), then two (cargo).
    expect(ids[0]).toBe(p.clusters.npm);
    expect(ids[ids.length - 1]).toBe(p.clusters.cargo);
    const npm = out.patterns[0];
    // Each session: two agent turns with usage (1000+100+5000 and 500+50+6000 tokens).
    expect(npm.totalTokens).toBe(5 * (6100 + 6550));
    expect(npm.byModel).toEqual([expect.objectContaining({ model: 'claude-sonnet-4-5', usd: expect.any(Number) })]);
    const human = run(['cost', '--limit', '1']);
    expect(human.stdout).toContain('pattern npm');
    expect(human.stdout).toMatch(/63\.3k tokens, \$0\.\d\d over 10 turns: claude-sonnet-4-5/);
  }, SLOW);
});
