import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hookLogFile } from '../../electron/engine/agent/hook-input.js';
import { openStore } from '../../electron/engine/store/db.js';
import { reverie } from '../helpers/cli.js';
import { tempDir } from '../helpers/fixtures.js';
import { PROJECT_A, PROJECT_B, seedAgentStore } from '../helpers/agent-store.js';
import { haveShared, sample } from '../helpers/samples.js';

/** Runs a hook command line the way Claude Code does: through the shell, with the event's JSON on stdin. */
function runHook(command: string, input: object): { code: number; stdout: string; stderr: string } {
  const r = spawnSync('/bin/sh', ['-c', command], { input: JSON.stringify(input), encoding: 'utf8', timeout: 60_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function installedCommands(settings: string): Record<'SessionStart' | 'SessionEnd', string> {
  const hooks = JSON.parse(readFileSync(settings, 'utf8')).hooks;
  return { SessionStart: hooks.SessionStart.at(-1).hooks[0].command, SessionEnd: hooks.SessionEnd.at(-1).hooks[0].command };
}

describe('Claude Code hooks through the real command', () => {
  it('installs into a settings file, and the SessionStart hook prints the scrubbed lessons in scope for the directory', () => {
    const { dir, cleanup } = tempDir();
    try {
      const data = path.join(dir, 'data');
      const db = openStore(data);
      const seeded = seedAgentStore(db);
      db.close();
      const settings = path.join(dir, 'project', '.claude', 'settings.json');

      const dry = reverie(['--data-dir', data, 'hooks', 'install', '--settings', settings, '--dry-run']);
      expect(dry.code).toBe(0);
      expect(dry.stdout).toContain('would become');
      expect(existsSync(settings)).toBe(false);

      const installed = reverie(['--data-dir', data, 'hooks', 'install', '--settings', settings]);
      expect(installed.code, installed.stderr).toBe(0);
      expect(installed.stdout).toContain(`Added Reverie's SessionStart and SessionEnd hooks to ${settings}`);
      const commands = installedCommands(settings);
      expect(commands.SessionStart).toContain(`--data-dir ${data} hook session-start`);

      // A session starting in a subfolder of project A: A's lesson and the cross-project one, newest adopted first.
      const start = runHook(commands.SessionStart, {
        session_id: 'abc',
        transcript_path: '/tmp/none.jsonl',
        cwd: `${PROJECT_A}/src/routes`,
        hook_event_name: 'SessionStart',
        source: 'startup',
      });
      expect(start.code).toBe(0);
      const out = JSON.parse(start.stdout);
      expect(out.hookSpecificOutput.hookEventName).toBe('SessionStart');
      const context: string = out.hookSpecificOutput.additionalContext;
      expect(context).toContain('Use pnpm: Run scripts with pnpm, never npm');
      expect(context).toContain('Read the error first');
      expect(context).not.toContain('Declare modules');
      expect(context).not.toContain('A draft');
      expect(context).not.toContain('Retired');
      // Scrubbed like a digest: the e-mail address in the lesson never reaches the agent.
      expect(context).not.toContain('alice.moreau@example.org');
      expect(context).toMatch(/<EMAIL_1>/);

      // The same answer again comes from the cache of scrubbed answers, byte for byte.
      expect(runHook(commands.SessionStart, { cwd: PROJECT_A, hook_event_name: 'SessionStart' }).stdout).toBe(start.stdout);

      // Project B sees its own lesson and the cross-project one; an unknown folder only the cross-project one.
      const b = JSON.parse(runHook(commands.SessionStart, { cwd: PROJECT_B }).stdout).hookSpecificOutput.additionalContext;
      expect(b).toContain('Declare modules');
      expect(b).not.toContain('Use pnpm');
      const elsewhere = JSON.parse(runHook(commands.SessionStart, { cwd: '/somewhere/else' }).stdout).hookSpecificOutput.additionalContext;
      expect(elsewhere).toContain('Read the error first');
      expect(elsewhere).not.toMatch(/Use pnpm|Declare modules/);

      // Every answer is logged with its size.
      const check = openStore(data);
      const calls = check.prepare(`SELECT tool, project, bytes FROM agent_calls WHERE surface = 'hook' ORDER BY id`).all() as { tool: string; project: string; bytes: number }[];
      check.close();
      expect(calls.map((c) => c.tool)).toEqual(['session-start', 'session-start', 'session-start', 'session-start']);
      expect(calls[0]).toEqual({ tool: 'session-start', project: PROJECT_A, bytes: Buffer.byteLength(start.stdout.trimEnd()) });
      expect(seeded.lessons.projectA).toBeGreaterThan(0);

      const removed = reverie(['--data-dir', data, 'hooks', 'uninstall', '--settings', settings]);
      expect(removed.code).toBe(0);
      expect(JSON.parse(readFileSync(settings, 'utf8'))).toEqual({});
    } finally {
      cleanup();
    }
  });

  it('never fails the agent: bad input, an empty store and a broken store all exit 0 with nothing on stdout', () => {
    const { dir, cleanup } = tempDir();
    try {
      const data = path.join(dir, 'data');
      const none = reverie(['--data-dir', data, 'hook', 'session-start'], {}, JSON.stringify({ cwd: PROJECT_A }));
      expect(none).toMatchObject({ code: 0, stdout: '' });
      const bad = reverie(['--data-dir', data, 'hook', 'session-start'], {}, 'this is not json');
      expect(bad).toMatchObject({ code: 0, stdout: '' });
      const noTranscript = reverie(['--data-dir', data, 'hook', 'session-end'], {}, JSON.stringify({ cwd: PROJECT_A }));
      expect(noTranscript).toMatchObject({ code: 0, stdout: '' });
      // A store that is not a database: the hook still exits 0, and says why in the log.
      const broken = path.join(dir, 'broken');
      mkdirSync(broken);
      writeFileSync(path.join(broken, 'reverie.sqlite'), 'not a database at all, just text '.repeat(200));
      expect(reverie(['--data-dir', broken, 'hook', 'session-start'], {}, JSON.stringify({ cwd: PROJECT_A }))).toMatchObject({ code: 0, stdout: '' });
      expect(readFileSync(hookLogFile(broken), 'utf8')).toMatch(/session-start: .*not a database/);
      // A mistyped event is a usage error a person sees, not something for the log.
      const typo = reverie(['--data-dir', data, 'hook', 'session-begin'], {}, '{}');
      expect(typo.code).toBe(1);
      expect(typo.stderr).toContain('unknown hook "session-begin": session-start or session-end');
      const log = readFileSync(hookLogFile(data), 'utf8');
      expect(log).toContain('session-start: hook input is not JSON');
      expect(log).toContain('session-end: no transcript_path in the hook input');
    } finally {
      cleanup();
    }
  });

  describe.runIf(haveShared())('on a real Claude Code transcript', () => {
    it('SessionEnd returns at once and imports the transcript in the background, once', async () => {
      const { dir, cleanup } = tempDir();
      try {
        const data = path.join(dir, 'data');
        const transcript = sample('claude-code', 'agentcmd_full-session.jsonl');
        const input = JSON.stringify({ session_id: 'x', transcript_path: transcript, cwd: dir, hook_event_name: 'SessionEnd', reason: 'exit' });
        // No model in this models folder: the import lands, the analysis fails into the log.
        const models = ['--models-dir', path.join(dir, 'no-models')];
        const end = reverie(['--data-dir', data, ...models, 'hook', 'session-end'], {}, input);
        expect(end).toMatchObject({ code: 0, stdout: '' });
        const runs = async () => {
          for (let i = 0; i < 600; i++) {
            if (existsSync(hookLogFile(data)) && /dream run \d+|session-end: .*agentcmd/.test(readFileSync(hookLogFile(data), 'utf8'))) return;
            await new Promise((r) => setTimeout(r, 100));
          }
        };
        await runs();
        const db = openStore(data);
        const stored = db.prepare(`SELECT count(*) AS n FROM sessions WHERE format = 'claude-code'`).get() as { n: number };
        const dream = db.prepare(`SELECT trigger, sessions_added AS added FROM dream_runs`).all();
        db.close();
        expect(stored.n).toBe(1);
        expect(dream).toEqual([{ trigger: 'hook', added: 1 }]);
        // The same transcript again adds nothing.
        reverie(['--data-dir', data, ...models, 'hook', 'session-end', '--run', transcript]);
        const again = openStore(data);
        expect((again.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n).toBe(1);
        again.close();
      } finally {
        cleanup();
      }
    });
  });
});
