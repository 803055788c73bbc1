import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blockDecision } from '../../electron/engine/agent/block-hook.js';
import { listLessons } from '../../electron/engine/lesson/store.js';
import { assessLessons } from '../../electron/engine/scope/assess.js';
import { commandPrefix } from '../../electron/engine/scope/failing-commands.js';
import { projectInstructionFiles, readRules, ruleLines } from '../../electron/engine/scope/instructions.js';
import { openStore, type Db } from '../../electron/engine/store/db.js';
import { tempDir } from '../helpers/fixtures.js';
import { LEDGER_RULE_DATE, RULE_DATE, seedScopedStore, writeProjects, type ScopedProjects } from '../helpers/scoped-projects.js';

describe('rules already written', () => {
  it('reads rule lines, leaving out Reverie\'s section, front matter, comments, code and headings', () => {
    const text = [
      '---', 'globs: src/**', '---', '# Heading here is no rule', '', '- Use pnpm for every script here.', '<!-- a comment that', 'spans lines -->',
      '```sh', 'npm run lint is code', '```', '<!-- reverie:start -->', '- Reverie wrote this line itself.', '<!-- reverie:end -->', '1. Write tests before the fix.', 'Ok.',
    ].join('\n');
    expect(ruleLines(text)).toEqual([
      [6, 'Use pnpm for every script here.'],
      [15, 'Write tests before the fix.'],
    ]);
  });
});

describe('lessons against the generated projects', () => {
  let dir: { dir: string; cleanup: () => void };
  let db: Db;
  let p: ScopedProjects;
  beforeEach(() => {
    dir = tempDir();
    db = openStore(':memory:');
    const onDisk = writeProjects(dir.dir);
    p = { ...onDisk, ...seedScopedStore(db, onDisk) };
  });
  afterEach(() => {
    db.close();
    dir.cleanup();
  });

  it('dates rules by git where committed, else by the file\'s modification time', () => {
    const shop = readRules(projectInstructionFiles(p.shop));
    expect(shop.map((r) => [path.relative(p.shop, r.file), r.line, r.dateFrom, r.writtenAt])).toEqual([
      ['CLAUDE.md', 3, 'git', RULE_DATE], // prose is read as rules too
      ['CLAUDE.md', 5, 'git', RULE_DATE],
      ['CLAUDE.md', 6, 'git', RULE_DATE],
      [path.join('.claude', 'rules', 'testing.md'), 3, 'git', RULE_DATE],
    ]);
    const ledger = readRules(projectInstructionFiles(p.ledger));
    expect(ledger.map((r) => [path.basename(r.file), r.dateFrom])).toEqual([['AGENTS.md', 'mtime'], ['rust.mdc', 'mtime']]);
    expect(ledger[0]!.writtenAt).toBe(LEDGER_RULE_DATE);
  });

  it('gives each lesson its scope, the rule it restates, and whether that rule is followed', async () => {
    const lessons = listLessons(db);
    const out = await assessLessons(db, lessons, { home: p.home, reverie: ['reverie'] });
    const by = (id: number) => out[lessons.findIndex((l) => l.id === id)]!;

    const pnpm = by(p.lessons.pnpm);
    expect(pnpm).toMatchObject({ scope: 'project', root: p.shop });
    expect(pnpm.existing).toMatchObject({ file: path.join(p.shop, 'CLAUDE.md'), line: 5, by: 'words' });
    // Four of the five failures came after the rule was committed.
    expect(pnpm.notFollowed).toEqual({ since: RULE_DATE, moments: 4, sessions: 4, lastSeen: '2026-09-20T10:00:00.000Z' });
    expect(pnpm.enforcement).toMatchObject({ command: 'npm run', settingsFile: path.join(p.shop, '.claude', 'settings.json'), installed: false });
    expect(pnpm.enforcement!.reason).toContain('CLAUDE.md:5');

    const cargo = by(p.lessons.cargo);
    expect(cargo).toMatchObject({ scope: 'project', root: p.ledger, notFollowed: null, enforcement: null });
    expect(cargo.existing).toMatchObject({ file: path.join(p.ledger, 'AGENTS.md'), dateFrom: 'mtime' });

    expect(by(p.lessons.migrations)).toMatchObject({ scope: 'project', root: p.shop, existing: null });
    expect(by(p.lessons.errors)).toMatchObject({ scope: 'user', root: null, existing: null });
    expect(by(p.lessons.errors).projects).toEqual([p.ledger, p.shop].sort());
  });

  it('the block hook denies the command the rule forbids, in any part of a shell line, and nothing else', () => {
    const input = (command: string) => ({ tool_name: 'Bash', tool_input: { command } });
    const deny = (c: string) => blockDecision(input(c), 'npm run', 'Use pnpm.');
    expect(JSON.parse(deny('cd web && CI=1 npm run lint')!)).toEqual({
      hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: 'Use pnpm.' },
    });
    expect(deny('npm  run test | tee out')).not.toBeNull();
    expect(deny('pnpm run lint')).toBeNull();
    expect(deny('echo "npm run lint is wrong"')).toBeNull();
    expect(deny('npm install')).toBeNull();
    expect(blockDecision({ tool_name: 'Edit', tool_input: { command: 'npm run lint' } }, 'npm run', 'x')).toBeNull();
  });

  it('finds the command start most failing calls share', () => {
    expect(commandPrefix(['npm run lint', 'npm run test', 'npm run lint --fix'])).toBe('npm run');
    expect(commandPrefix(['npm run lint', 'npm install', 'npm ci'])).toBe('npm');
    expect(commandPrefix(['ls', 'cargo build', 'git push'])).toBeNull();
  });
});
