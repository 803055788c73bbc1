import { describe, expect, it } from 'vitest';
import { clusterVectors } from '../../electron/engine/cluster/cluster-texts.js';
import { ari, nmi } from '../../electron/engine/cluster/metrics.js';
import { embedTexts } from '../../electron/engine/embed/embed-texts.js';
import { MODELS_DIR, haveShared } from '../helpers/samples.js';
import { parseCsv, readBanking77 } from './banking77.js';

describe('Banking77 CSV', () => {
  it('reads quoted fields with commas and doubled quotes', () => {
    expect(parseCsv('text,category\n"Say ""hi"", then go",greet\r\nplain,x\n')).toEqual([
      ['text', 'category'],
      ['Say "hi", then go', 'greet'],
      ['plain', 'x'],
    ]);
  });
});

describe.runIf(haveShared())('clustering real sentence embeddings (Banking77, 20 intents)', () => {
  it('recovers intents far above chance without being told how many there are', async () => {
    const { texts, intents } = readBanking77();
    expect(texts.length).toBe(3080);
    // Every fourth intent (20 of 77, about 800 texts) keeps the test well inside its time budget.
    const chosen = new Set([...new Set(intents)].filter((_, i) => i % 4 === 0));
    const keep = intents.map((_, i) => i).filter((i) => chosen.has(intents[i]));
    const vectors = await embedTexts(
      keep.map((i) => texts[i]),
      { model: 'energetic-ai/use-lite-en', modelsDir: MODELS_DIR },
    );
    const truth = keep.map((i) => intents[i]);
    const result = clusterVectors(vectors);

    const score = nmi(result.labels, truth);
    // Chance level for this many clusters of these sizes: the same labels against shuffled intents.
    const shuffled = truth.map((_, i) => truth[(i * 7919 + 13) % truth.length]);
    const chance = nmi(result.labels, shuffled);
    expect(result.count).toBeGreaterThanOrEqual(10);
    expect(result.count).toBeLessThanOrEqual(60);
    expect(score).toBeGreaterThan(0.6);
    expect(score - chance).toBeGreaterThan(0.4);
    expect(ari(result.labels, truth)).toBeGreaterThan(0.3);
    // Noise stays a small share on real, fairly clean data.
    expect(result.labels.filter((l) => l < 0).length / truth.length).toBeLessThan(0.1);
  });
});
