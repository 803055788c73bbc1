import { describe, expect, it } from 'vitest';
import {
  CLASSIFIER_KINDS,
  CONTEXT_FEATURES,
  SHIPPED_WEIGHTS,
  classifierFor,
  contextFeatures,
  decide,
  detectorTag,
  lexicalFeatures,
  vectorJudge,
} from '../../electron/engine/moments/classifier.js';
import { extractDrafts, type TurnJudge } from '../../electron/engine/moments/rules.js';
import { bestThreshold, outOfFold, predict, trainLogistic } from '../../electron/engine/moments/train.js';
import { agent, call, result, session, toyWeights, user } from './session.js';


const kinds = (turns: Parameters<typeof session>[0], judge?: TurnJudge, mode?: 'combined' | 'classifier') =>
  extractDrafts(session(turns), { judge, mode }).map((d) => `${d.messageId - 100}:${d.kind}:${d.detector}`);

describe('context features', () => {
  it('say what the agent did just before: an edit, a command, a refusal, nothing', () => {
    const s = session([
      user('fix the parser in src/parser.ts'),
      agent('I updated src/parser.ts.', [call('Edit', { file_path: 'src/parser.ts' }, 'e1')]),
      result('The file src/parser.ts has been updated.', false, 'e1'),
      user('you broke src/parser.ts, why?'),
      agent('Running the tests.', [call('Bash', { command: 'npm test' }, 'b1')]),
      result('Error: 3 tests failed', true, 'b1'),
      user('ok'),
      agent("I'm sorry, but I can't help with deleting production data."),
      user('it is a test database'),
    ]);
    const at = (i: number) => Object.fromEntries(CONTEXT_FEATURES.map((n, j) => [n, Number(contextFeatures(s.messages, i)[j].toFixed(3))]));
    expect(at(0)).toMatchObject({ 'agent.none': 1, 'agent.edit': 0, 'agent.tool': 0, 'agent.refusal': 0, first: 1, question: 0 });
    // "src/parser.ts" is the one content word of the reply the agent also said ("broke" and "why" are not).
    expect(at(3)).toMatchObject({ 'agent.none': 0, 'agent.edit': 1, 'agent.tool': 0, 'tool.failed': 0, question: 1, first: 0 });
    expect(at(3).overlap).toBeGreaterThan(0);
    expect(at(6)).toMatchObject({ 'agent.edit': 0, 'agent.tool': 1, 'tool.failed': 1, overlap: 0 });
    expect(at(8)).toMatchObject({ 'agent.refusal': 1, 'agent.tool': 0 });
  });
});

describe('decide', () => {
  const w = toyWeights();
  it('gives at most one kind, the one furthest over its threshold', () => {
    expect(decide(w, { correction: 0.9, preference: 0.6 }, true)).toBe('correction');
    expect(decide(w, { correction: 0.6, preference: 0.9 }, true)).toBe('preference');
    expect(decide(w, { correction: 0.4, preference: 0.2 }, true)).toBeNull();
  });
  it('never gives a correction to a turn that answers no agent message', () => {
    expect(decide(w, { correction: 0.9, preference: 0.1 }, false)).toBeNull();
  });
});

describe('combining the rules and the classifier', () => {
  const w = toyWeights();
  const vectors = new Map<string, number[]>([
    ['npm?? where did that come from, everything here is pnpm', [1, 0]],
    ["personally I like vitest much better than jest, so please stick with it everywhere", [0, 1]],
    ['no, that is wrong', [0, 0]],
    ['thanks, that works', [0, 0]],
    ['write a haiku about autumn leaves in Kyoto', [1, 0]],
  ]);
  const judge = vectorJudge(w, vectors);
  const opener = user('add a search box to the reports page');
  const edit = agent('Done.', [call('Edit', { file_path: 'src/reports.ts' }, 'e1')]);

  it('lets the rules decide the sure cases and the classifier the turns they miss, recording which decided', () => {
    expect(kinds([opener, edit, user('no, that is wrong')], judge)).toEqual(['0:task:rules', '2:correction:rules']);
    expect(kinds([opener, edit, user('npm?? where did that come from, everything here is pnpm')], judge)).toEqual(['0:task:rules', '2:correction:classifier']);
    expect(kinds([opener, edit, user("personally I like vitest much better than jest, so please stick with it everywhere")], judge)).toEqual(['0:task:rules', '2:preference:classifier']);
    expect(kinds([opener, edit, user('thanks, that works')], judge)).toEqual(['0:task:rules']);
    // Without a judge, the rules alone: the reproach is missed.
    expect(kinds([opener, edit, user('npm?? where did that come from, everything here is pnpm')])).toEqual(['0:task:rules']);
  });

  it('reads a correction the classifier found as continuing the subject, not as a new task', () => {
    const turns = [opener, edit, user('write a haiku about autumn leaves in Kyoto')];
    expect(kinds(turns)).toContain('2:task:rules');
    // The toy judge calls it a correction: no task then.
    expect(kinds(turns, judge)).toEqual(['0:task:rules', '2:correction:classifier']);
  });

  it("in 'classifier' mode, corrections and preferences of typed turns come from the classifier alone", () => {
    expect(kinds([opener, edit, user('no, that is wrong')], judge, 'classifier')).toEqual(['0:task:rules']);
    expect(kinds([opener, edit, user('[Request interrupted by user]')], judge, 'classifier')).toEqual(['0:task:rules', '2:correction:rules']);
  });

  it('leaves turns without a vector, and turns longer than maxChars, to the rules', () => {
    const long = `npm?? where did that come from, everything here is pnpm ${'x'.repeat(700)}`;
    const withLong = vectorJudge(w, new Map([[long, [1, 0]]]));
    expect(kinds([opener, edit, user(long)], withLong)).toEqual(['0:task:rules']);
  });
});

describe('one kind per moment', () => {
  const opener = user('set up the build');
  const reply = agent('I installed the packages with npm.');
  it('a correction that states a standing rule is a correction whose text carries the rule', () => {
    const d = extractDrafts(session([opener, reply, user("No, don't use npm, we use pnpm in this repo")])).filter((x) => x.messageId === 102);
    expect(d.map((x) => x.kind)).toEqual(['correction']);
    expect(d[0].text).toBe("No, don't use npm, we use pnpm in this repo");
  });
  it('two separate statements give two kinds', () => {
    const d = extractDrafts(session([opener, reply, user('You broke the build. From now on, always run the tests before you commit.')]));
    expect(d.filter((x) => x.messageId === 102).map((x) => x.kind)).toEqual(['correction', 'preference']);
  });
});

describe('training', () => {
  // Seeded, separable data: the label is whether x0 + x1 > 1.
  const rows: number[][] = [];
  const labels: number[] = [];
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < 200; i++) {
    const r = [rand(), rand(), rand()];
    rows.push(r);
    labels.push(r[0] + r[1] > 1 ? 1 : 0);
  }

  it('fits a logistic regression that separates separable data', () => {
    const model = trainLogistic(rows, labels, { epochs: 400, l2: 1e-4 });
    const wrong = rows.filter((r, i) => (predict(model, r) >= 0.5 ? 1 : 0) !== labels[i]).length;
    expect(wrong).toBeLessThanOrEqual(6);
    // The irrelevant third feature weighs far less than the two that decide.
    expect(Math.abs(model.weights[2])).toBeLessThan(Math.abs(model.weights[0]) / 4);
  });

  it('cross-validates by group: each group predicted by a model that never saw it', () => {
    const groups = rows.map((_, i) => `g${i % 20}`);
    const oof = outOfFold(rows, labels, groups, 5, { epochs: 200 });
    expect(oof).toHaveLength(rows.length);
    const wrong = oof.filter((p, i) => (p >= 0.5 ? 1 : 0) !== labels[i]).length;
    expect(wrong).toBeLessThanOrEqual(12);
  });

  it('chooses the threshold with the best F1, the higher one on ties', () => {
    expect(bestThreshold([0.9, 0.8, 0.3, 0.2], [1, 1, 0, 0])).toEqual({ threshold: 0.8, precision: 1, recall: 1 });
    expect(bestThreshold([0.9, 0.6, 0.7, 0.2], [1, 1, 0, 0])).toEqual({ threshold: 0.6, precision: 2 / 3, recall: 1 });
  });
});

describe('the shipped weights', () => {
  it('name the model they were trained with and hold one weight per vector value and context feature', () => {
    expect(SHIPPED_WEIGHTS.model).toBe('energetic-ai/use-lite-en');
    expect(SHIPPED_WEIGHTS.dim).toBeGreaterThan(0);
    expect(SHIPPED_WEIGHTS.context).toEqual([...CONTEXT_FEATURES]);
    for (const kind of CLASSIFIER_KINDS) {
      expect(SHIPPED_WEIGHTS.kinds[kind].weights).toHaveLength(SHIPPED_WEIGHTS.dim + (SHIPPED_WEIGHTS.lexicalBuckets ?? 0) + CONTEXT_FEATURES.length);
      expect(SHIPPED_WEIGHTS.kinds[kind].threshold).toBeGreaterThan(0);
      expect(SHIPPED_WEIGHTS.kinds[kind].threshold).toBeLessThan(1);
    }
  });

  it('are used only with their model; any other falls back to the rules alone and says so', () => {
    expect(classifierFor('energetic-ai/use-lite-en').weights).toBe(SHIPPED_WEIGHTS);
    const other = classifierFor('Xenova/all-MiniLM-L6-v2');
    expect(other.weights).toBeNull();
    expect(other.note).toMatch(/trained on energetic-ai\/use-lite-en; the configured model is Xenova\/all-MiniLM-L6-v2, so moments come from the rules alone/);
    expect(detectorTag(null)).toBe('rules');
    expect(detectorTag(SHIPPED_WEIGHTS)).toBe(`rules+classifier:energetic-ai/use-lite-en:v${SHIPPED_WEIGHTS.version}`);
  });

  it('hash words and word pairs into buckets when asked (none by default)', () => {
    const f = lexicalFeatures('why did you, again?', 64);
    expect(f).toHaveLength(64);
    // 4 words, 3 pairs and the question mark; collisions can only make fewer.
    expect(f.filter((x) => x === 1).length).toBeLessThanOrEqual(8);
    expect(f.filter((x) => x === 1).length).toBeGreaterThanOrEqual(6);
    expect(lexicalFeatures('why did you, again?', 64)).toEqual(f);
    expect(lexicalFeatures('anything', 0)).toEqual([]);
  });

  it('refuse vectors of another dimension', () => {
    const judge = vectorJudge(toyWeights(), new Map([['hello there', [1, 0, 0]]]));
    const s = session([user('start'), agent('ok'), user('hello there')]);
    expect(() => judge(s.messages, 2)).toThrow(/expects 2-d vectors of toy\/model, got 3-d/);
  });
});
