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
    expect(d.title).toBe("npm test: Error: Cannot find module 'vitest/config'");
  });

  it('quotes the output, not the command line, when there is no error text', () => {
    const d = localDraft(digestFor(1, 'failure', { examples: ['$ make build\nmake: *** [Makefile:12: build] Error 2'] }));
    expect(d.rule).toContain('`make build`');
    expect(d.rule).toContain('“make: *** [Makefile:12: build] Error 2”');
  });

  it('states the instruction of corrections and preferences, the reproach taken off, clipped to the budget', () => {
    const long = `no, don't mock the database in these tests, use the real sqlite file ${'like the integration tests do '.repeat(12)}`;
    const c = localDraft(digestFor(1, 'correction', { examples: [long], keywords: ['mock', 'database', 'tests'] }));
    expect(c.rule.startsWith("Don't mock the database in these tests, use the real sqlite file")).toBe(true);
    expect(c.rule.length).toBeLessThanOrEqual(RULE_MAX_CHARS);
    expect(c.rule).toContain('…');
    expect(c.rule).not.toMatch(/do not repeat|had to correct/i);
    // Of several wordings, the one that reads as a standing instruction, not the question or the reproach.
    const p = localDraft(
      digestFor(1, 'preference', {
        examples: ['Why is that a default export??', 'No, named exports only in this repo.', 'default exports again'],
        exampleKinds: ['correction', 'preference', 'correction'],
        keywords: ['exports'],
      }),
    );
    expect(p.rule).toBe('Named exports only in this repo.');
    expect(p.title).toBe('Named exports only in this repo');
  });

  it('for a failure the person answered, states their answer with the command and the cause', () => {
    const d = localDraft(
      digestFor(1, 'failure', {
        examples: [
          'Bash: deployctl push api.yaml → Error: authentication required: token expired for <USER_1> | Run `deployctl login`',
          'Bash: deployctl status web → Error: authentication required: token expired for <USER_1>',
          'You need to run deployctl login first, the token expired.',
        ],
        exampleKinds: ['failure', 'failure', 'correction'],
      }),
    );
    expect(d.rule).toBe('You need to run deployctl login first, the token expired: `deployctl` failed 7 times with “Error: authentication required: token expired for <USER_1>”.');
    expect(d.title).toBe('deployctl: Error: authentication required: token expired for <USER_1>');
    expect(d.appliesWhen).toBe('When running `deployctl`.');
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
      // An instruction that names nothing the linter knows ("answer in French", the Makefile) is flagged for the person, as any lesson would be.
      expect(lintLessons([{ id: 1, ...d }]).map((f) => f.code)).toEqual(kind === 'preference' || kind === 'correction' ? ['not-specific'] : []);
    }
  });
});
