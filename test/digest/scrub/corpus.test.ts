import { describe, expect, it } from 'vitest';
import { buildScrubCorpus, scoreScrub } from '../../../bench/scrub-corpus.js';
import { createScrubber } from '../../../electron/engine/digest/scrub/index.js';

describe('planted corpus', () => {
  const corpus = buildScrubCorpus();

  it('plants at least 300 items of every kind the scrubber handles', () => {
    const items = corpus.docs.flatMap((d) => d.items);
    expect(items.length).toBeGreaterThanOrEqual(300);
    const families = new Set(items.map((i) => i.expected));
    expect([...families].sort()).toEqual(
      ['ADDRESS', 'CARD', 'EMAIL', 'HOST', 'IBAN', 'IP', 'JWT', 'NATIONAL_ID', 'PASSWORD', 'PERSON', 'PHONE', 'PRIVATE_KEY', 'SECRET', 'USER'].sort(),
    );
    expect(buildScrubCorpus().docs.map((d) => d.text)).toEqual(corpus.docs.map((d) => d.text));
  });

  it('recall ≥ 0.99 over the planted items, and ≥ 0.98 of the code identifiers survive', async () => {
    const out = await createScrubber(corpus.options).scrubAll(corpus.docs.map((d) => d.text));
    const score = scoreScrub(corpus, out);
    expect(score.misses.length <= 3, score.misses.join('\n')).toBe(true);
    expect(score.recall).toBeGreaterThanOrEqual(0.99);
    expect(score.survival, score.damaged.join('\n')).toBeGreaterThanOrEqual(0.98);
    // Every family except names found by NLP is caught in full.
    for (const [kind, k] of Object.entries(score.perKind)) if (!kind.startsWith('person:nlp')) expect(k.caught, kind).toBe(k.planted);
  });

  it('the score notices a scrubber that does nothing', () => {
    const score = scoreScrub(corpus, corpus.docs.map((d) => d.text));
    expect(score.recall).toBe(0);
    expect(score.survival).toBe(1);
  });
});
