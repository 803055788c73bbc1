import { afterAll, describe, expect, it } from 'vitest';
import { closeEmbedPools, embedTexts } from '../../electron/engine/embed/embed-texts.js';
import { contentWords, findRestated, judgeRestates, similarityThreshold, wordOverlap } from '../../electron/engine/scope/restates.js';
import { haveShared, MODELS_DIR } from '../helpers/samples.js';
import { RESTATE_PAIRS } from './restates-set.js';

const TEST_MODEL = 'energetic-ai/use-lite-en';

describe('restates: words alone', () => {
  it('normalises words: case, punctuation, stop words, plural and -ing endings', () => {
    expect([...contentWords('Never run `npm install`; it RUNS the installs!')]).toEqual(['run', 'npm', 'install']);
    expect(wordOverlap('Commit messages must not contain emoji.', 'Never use emoji in commit messages.')).toEqual({ shared: 3, overlap: 1 });
  });

  it('finds a rule copied with small edits and no paraphrase without a model', async () => {
    const rules = ['Write commit messages in the imperative mood.', 'This repo uses pnpm; do not run npm install.'];
    const [copied, unrelated] = await findRestated(['Use pnpm: this repo uses pnpm, so never run npm install.', 'Keep functions short.'], rules);
    expect(copied).toMatchObject({ rule: 1, by: 'words', similarity: null });
    expect(unrelated).toBeNull();
  });

  it('on the restates set, words alone never take a non-match for a restatement', () => {
    for (const p of RESTATE_PAIRS.filter((x) => !x.restates)) expect(judgeRestates(p.lesson, p.rule, null, null), p.rule).toBeNull();
    const found = RESTATE_PAIRS.filter((p) => p.restates && judgeRestates(p.lesson, p.rule, null, null)).length;
    expect(found).toBe(6);
  });

  it('a model with no measured threshold is not trusted: words decide', () => {
    expect(similarityThreshold('Xenova/some-other-model')).toBeNull();
    expect(judgeRestates('a b c', 'x y z', 0.99, null)).toBeNull();
  });
});

describe.runIf(haveShared())('restates: with the local test model', () => {
  afterAll(closeEmbedPools);

  it('finds 9 of 10 paraphrases and takes 1 of 10 same-topic rules for one (the measured figures)', async () => {
    const threshold = similarityThreshold(TEST_MODEL);
    expect(threshold).not.toBeNull();
    const texts = RESTATE_PAIRS.flatMap((p) => [p.lesson, p.rule]);
    const vectors = await embedTexts(texts, { model: TEST_MODEL, modelsDir: MODELS_DIR, inProcess: true });
    const byPair = await Promise.all(
      RESTATE_PAIRS.map((p, i) => findRestated([p.lesson], [p.rule], { threshold, embed: async () => [vectors[2 * i]!, vectors[2 * i + 1]!] })),
    );
    const said = byPair.map(([m]) => m !== null);
    const hits = RESTATE_PAIRS.filter((p, i) => p.restates && said[i]).length;
    const falseHits = RESTATE_PAIRS.filter((p, i) => !p.restates && said[i]).map((p) => p.rule);
    expect(hits).toBe(9);
    expect(falseHits).toEqual(['Never use emoji in user-facing UI text.']);
  });

  it('picks the rule a lesson restates among several in one file', async () => {
    const rules = RESTATE_PAIRS.filter((p) => !p.restates).map((p) => p.rule);
    rules.splice(3, 0, 'Migrations are append-only: do not change an existing migration, write another.');
    const embed = (texts: string[]) => embedTexts(texts, { model: TEST_MODEL, modelsDir: MODELS_DIR, inProcess: true });
    const [m] = await findRestated(['Migrations: Never edit a released migration; add a new one.'], rules, { embed, threshold: similarityThreshold(TEST_MODEL) });
    expect(m).toMatchObject({ rule: 3, by: 'meaning' });
  });
});
