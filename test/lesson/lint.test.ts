import { describe, expect, it } from 'vitest';
import { countSentences } from '../../electron/engine/lesson/budget.js';
import { lintBudget, lintLessons, type LintableLesson } from '../../electron/engine/lesson/lint.js';

const L = (id: number, rule: string, title = `Lesson ${id}`): LintableLesson => ({ id, title, rule });
const codes = (lessons: LintableLesson[], opts = {}) => lintLessons(lessons, opts).map((f) => `${f.lessonId}:${f.code}`);

describe('lintLessons', () => {
  it('passes a short, specific, imperative rule', () => {
    expect(codes([L(1, 'Run `pnpm test`, not `npm test`: the repo uses pnpm workspaces.')])).toEqual([]);
    expect(codes([L(2, 'Never edit files under dist/generated/ by hand; regenerate them with the build.')])).toEqual([]);
    expect(codes([L(3, 'Set DATABASE_URL before starting the server.')])).toEqual([]);
  });

  it('flags overviews', () => {
    expect(codes([L(1, 'This project is a React app built with Vite and `zustand`.')])).toContain('1:overview');
    expect(codes([L(2, 'Run `make` first.', 'Project overview')])).toContain('2:overview');
  });

  it('flags vague advice and rules that name nothing', () => {
    const c = codes([L(1, 'Be careful and follow best practices.')]);
    expect(c.filter((x) => x === '1:vague')).toHaveLength(2);
    expect(c).toContain('1:not-specific');
    expect(codes([L(2, 'Make sure to write good code.')])).toEqual(['2:vague', '2:not-specific']);
    // Nothing vague in the words, but nothing concrete either.
    expect(codes([L(3, 'Ask before making large changes.')])).toEqual(['3:not-specific']);
  });

  it('flags descriptions posing as rules', () => {
    expect(codes([L(1, 'The agent should run `npm ci` before tests.')])).toEqual(['1:not-imperative']);
  });

  it('flags rules over the budget', () => {
    expect(codes([L(1, 'Run `a`. Run `b`. Run `c`.')])).toEqual(['1:too-many-sentences']);
    expect(codes([L(2, `Run \`x\` ${'and then y '.repeat(40)}`)])).toEqual(['2:too-long']);
    expect(codes([L(3, 'Run `x`.', 'T'.repeat(90))])).toEqual(['3:title-too-long']);
  });

  it('flags the later of two repeating lessons, and lessons repeating existing ones', () => {
    const a = L(1, 'Run `pnpm test`, not `npm test`: the repo uses pnpm workspaces.', 'Use pnpm');
    const b = L(2, 'Run `pnpm test` and not `npm test`; the repo uses pnpm workspaces.', 'Use pnpm for tests');
    const c = L(3, 'Set DATABASE_URL before starting the server.', 'Database');
    const findings = lintLessons([a, b, c]);
    expect(findings.map((f) => `${f.lessonId}:${f.code}`)).toEqual(['2:duplicate']);
    expect(findings[0].message).toMatch(/repeats lesson 1/);
    expect(codes([b], { against: [a] })).toEqual(['2:duplicate']);
    // A lesson is not its own duplicate (as when linting a stored lesson against all of them).
    expect(codes([a], { against: [a] })).toEqual([]);
  });

  it('uses embeddings when given: similar meaning in other words repeats, similar words with other meaning do not', () => {
    const a = L(1, 'Run `pnpm test`, not `npm test`.');
    const b = L(2, 'Tests go through the pnpm runner (`pnpm test`), never through npm.');
    const c = L(3, 'Run `pnpm test`, not `npm test`, in CI only.');
    const unit = (...xs: number[]) => Float32Array.from(xs);
    const vectors = new Map([
      [1, unit(1, 0, 0)],
      [2, unit(0.95, Math.sqrt(1 - 0.95 ** 2), 0)],
      [3, unit(0.2, 0, Math.sqrt(1 - 0.04))],
    ]);
    expect(codes([a, b, c], { vectors })).toEqual(['2:duplicate']);
    expect(codes([a, b, c])).toEqual(['3:duplicate']);
  });
});

describe('countSentences', () => {
  it('counts terminal marks, not dots in file names, code or abbreviations', () => {
    expect(countSentences('Edit `vite.config.ts`, not vite.config.js, e.g. for aliases.')).toBe(1);
    expect(countSentences('Use Node 20.19 or later. Check with `node -v`!')).toBe(2);
    expect(countSentences('No final mark')).toBe(1);
    expect(countSentences('')).toBe(0);
  });
});

describe('lintBudget', () => {
  it('flags an export set over the budget', () => {
    const lessons = [L(1, 'x'.repeat(200)), L(2, 'y'.repeat(200))];
    expect(lintBudget(lessons, 1000)).toEqual([]);
    expect(lintBudget(lessons, 300)).toEqual([{ lessonId: null, code: 'over-budget', message: expect.stringMatching(/budget is 300/) }]);
  });
});
