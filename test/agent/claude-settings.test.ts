import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyHooksPlan, hookCommand, planHooks } from '../../electron/engine/agent/claude-settings.js';
import { tempDir } from '../helpers/fixtures.js';

const REVERIE = ['/usr/bin/node', '/opt/my tools/reverie/bin/reverie.mjs'];
const commands = {
  SessionStart: hookCommand(REVERIE, 'SessionStart', '/data dir'),
  SessionEnd: hookCommand(REVERIE, 'SessionEnd', '/data dir'),
};

/** A settings.json as people have them: comments, other keys, another tool's hooks on the same events. */
const EXISTING = `{
  // my settings
  "model": "opus",
  "permissions": { "allow": ["Bash(git status)"] },
  "hooks": {
    "SessionStart": [{ "matcher": "startup", "hooks": [{ "type": "command", "command": "echo hello" }] }],
    "PreToolUse": [{ "matcher": "Bash", "hooks": [{ "type": "command", "command": "./guard.sh" }] }]
  }
}
`;

const parse = (text: string) => JSON.parse(text.replace(/^\s*\/\/.*$/gm, ''));

describe("Reverie's hooks in Claude Code's settings.json", () => {
  it('quotes what the shell would split: paths with spaces stay one word', () => {
    expect(commands.SessionStart).toBe(`/usr/bin/node '/opt/my tools/reverie/bin/reverie.mjs' --data-dir '/data dir' hook session-start`);
  });

  it('adds both hooks and keeps every other key, hook and comment byte for byte', () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = path.join(dir, 'settings.json');
      writeFileSync(file, EXISTING);
      const plan = planHooks(file, 'install', commands);
      expect(plan.changed).toBe(true);
      expect(plan.before).toBe(EXISTING);
      expect(plan.after).toContain('// my settings');
      const after = parse(plan.after);
      expect(after.model).toBe('opus');
      expect(after.permissions).toEqual({ allow: ['Bash(git status)'] });
      expect(after.hooks.PreToolUse).toEqual([{ matcher: 'Bash', hooks: [{ type: 'command', command: './guard.sh' }] }]);
      expect(after.hooks.SessionStart).toEqual([
        { matcher: 'startup', hooks: [{ type: 'command', command: 'echo hello' }] },
        { hooks: [{ type: 'command', command: commands.SessionStart, timeout: 10 }] },
      ]);
      expect(after.hooks.SessionEnd).toEqual([{ hooks: [{ type: 'command', command: commands.SessionEnd, timeout: 10 }] }]);
      // Planning writes nothing.
      expect(readFileSync(file, 'utf8')).toBe(EXISTING);

      const { backup } = applyHooksPlan(plan);
      expect(readFileSync(backup!, 'utf8')).toBe(EXISTING);
      expect(readFileSync(file, 'utf8')).toBe(plan.after);

      // Installing again changes nothing; a new Reverie path replaces the old entry instead of adding one.
      expect(planHooks(file, 'install', commands).changed).toBe(false);
      const moved = { SessionStart: hookCommand(['reverie'], 'SessionStart'), SessionEnd: hookCommand(['reverie'], 'SessionEnd') };
      const again = parse(planHooks(file, 'install', moved).after);
      expect(again.hooks.SessionStart).toHaveLength(2);
      expect(again.hooks.SessionStart[1].hooks[0].command).toBe('reverie hook session-start');

      // Uninstall takes out only Reverie's entries: the result means what the file meant before.
      const removed = planHooks(file, 'uninstall', commands);
      expect(removed.changed).toBe(true);
      applyHooksPlan(removed);
      expect(parse(readFileSync(file, 'utf8'))).toEqual(parse(EXISTING));
      expect(readFileSync(file, 'utf8')).toContain('// my settings');
      expect(planHooks(file, 'uninstall', commands).changed).toBe(false);
    } finally {
      cleanup();
    }
  });

  it('creates the file (and its folder) when there is none, and uninstall leaves no empty hooks behind', () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = path.join(dir, '.claude', 'settings.json');
      const plan = planHooks(file, 'install', commands);
      expect(plan.before).toBe('');
      expect(applyHooksPlan(plan).backup).toBeNull();
      expect(Object.keys(parse(readFileSync(file, 'utf8')).hooks)).toEqual(['SessionStart', 'SessionEnd']);
      applyHooksPlan(planHooks(file, 'uninstall', commands));
      expect(parse(readFileSync(file, 'utf8'))).toEqual({});
      expect(planHooks(path.join(dir, 'none.json'), 'uninstall', commands).changed).toBe(false);
      expect(existsSync(path.join(dir, 'none.json'))).toBe(false);
    } finally {
      cleanup();
    }
  });

  it('refuses a file it cannot read as JSON, naming the file and line, and writes nothing', () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = path.join(dir, 'settings.json');
      writeFileSync(file, '{\n  "model": "opus",\n  "hooks": {\n');
      expect(() => planHooks(file, 'install', commands)).toThrow(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: line \\d+: .*fix the file first`));
      writeFileSync(file, '[1, 2]');
      expect(() => planHooks(file, 'install', commands)).toThrow(/not a JSON object/);
      expect(readFileSync(file, 'utf8')).toBe('[1, 2]');
    } finally {
      cleanup();
    }
  });
});

describe('the MCP server version', () => {
  it('is the package version', async () => {
    const { REVERIE_VERSION } = await import('../../electron/engine/cli/commands/agent.js');
    const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
    expect(REVERIE_VERSION).toBe(pkg.version);
  });
});
