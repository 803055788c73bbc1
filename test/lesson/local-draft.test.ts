import { describe, expect, it } from 'vitest';
import { countSentences, RULE_MAX_CHARS } from '../../electron/engine/lesson/budget.js';
import { lintLessons } from '../../electron/engine/lesson/lint.js';
import { findError, localDraft, LOCAL_MAX_CONFIDENCE } from '../../electron/engine/lesson/local-draft.js';
import { findCommand } from '../../electron/engine/lesson/specific.js';
import { digestFor } from './fixtures.js';

describe('findCommand', () => {
  it('reads commands from code spans, command lines and prose', () => {
    expect(findCommand('Bash: npm test\nError: Cannot find module')).toBe('npm test');
    expect(findCommand('$ make build\nmake: *** Error 2')).toBe('make build');
    expect(findCommand('ran `pnpm run lint --fix` twice')).toBe('pnpm run lint --fix');
    expect(findCommand('I ran pnpm install and it failed')).toBe('pnpm install');
    expect(findCommand('cargo build --release: error[E0308]')).toBe('cargo build --release');
  });
  it('does not mistake English for a command', () => {
    expect(findCommand('Make sure to go find the node that failed')).toBeNull();
    expect(findCommand('please stop adding comments')).toBeNull();
  });
});

describe('findError', () => {
  it('finds the error message in a failure', () => {
    expect(findError("Bash: npm test\nError: Cannot find module 'x'")).toBe("Error: Cannot find module 'x'");
    expect(findError('pytest -q\nModuleNotFoundError: No module named foo')).toBe('ModuleNotFoundError: No module named foo');
    expect(findError('all good')).toBeNull();
  });
});

describe('localDraft', () => {
  it('names the failing command and quotes its error', () => {
    const d = localDraft(digestFor(1, 'failure'));
    expect(d.rule).toBe("Before running `npm test`, rule out the cause of “Error: Cannot find module 'vitest/config'”: it failed this way 7 times.");
    expect(d.appliesWhen).toBe('When running `npm test`.');
    expect(d.why).toBe('Seen 7 times in 5 sessions across 2 projects between 2026-02-01 and 2026-03-01.');
    expect(d.title).toBe('Recurring failure: npm test, vitest, module');
  });

  it('quotes the output, not the command line, when there is no error text', () => {
    const d = localDraft(digestFor(1, 'failure', { examples: ['$ make build\nmake: *** [Makefile:12: build] Error 2'] }));
    expect(d.rule).toContain('`make build`');
    expect(d.rule).toContain('“make: *** [Makefile:12: build] Error 2”');
  });

  it('quotes the person in corrections and preferences, clipped to the budget', () => {
    const long = `no, don't mock the database in these tests, use the real sqlite file ${'like the integration tests do '.repeat(12)}`;
    const c = localDraft(digestFor(1, 'correction', { examples: [long], keywords: ['mock', 'database', 'tests'] }));
    expect(c.rule.startsWith("Do not repeat what the user had to correct 7 times (about mock, database and tests): “no, don't mock the database")).toBe(true);
    expect(c.rule.length).toBeLessThanOrEqual(RULE_MAX_CHARS);
    expect(c.rule).toContain('…”');
    const p = localDraft(digestFor(1, 'preference', { examples: ['I prefer small commits'], keywords: ['commits'] }));
    expect(p.rule).toBe("Follow the user's stated preference (about commits): “I prefer small commits”.");
  });

  it('keeps confidence low and grows it with the sessions seen', () => {
    const few = localDraft(digestFor(1, 'task', { sessions: 1 }));
    const many = localDraft(digestFor(1, 'task', { sessions: 40 }));
    expect(few.confidence!).toBeLessThan(many.confidence!);
    expect(many.confidence).toBe(LOCAL_MAX_CONFIDENCE);
  });

  it('writes drafts within the budget that pass the linter, for every kind', () => {
    const examples: Record<string, string> = {
      failure: 'Read(/home/<NAME>/proj/src/index.ts) → File does not exist.',
      correction: 'use tabs in the Makefile, not spaces',
      preference: 'answer in French please',
      task: 'update the changelog and bump the version for a release',
    };
    for (const kind of ['failure', 'correction', 'preference', 'task'] as const) {
      const d = localDraft(digestFor(1, kind, { examples: [examples[kind]], keywords: ['alpha', 'beta'] }));
      expect(d.rule.length).toBeLessThanOrEqual(RULE_MAX_CHARS);
      expect(countSentences(d.rule)).toBeLessThanOrEqual(2);
      expect(lintLessons([{ id: 1, ...d }])).toEqual([]);
    }
  });
});
