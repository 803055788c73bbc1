import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLabelSet } from '../../electron/engine/moments/evaluate.js';
import { generatedCases } from '../../electron/engine/moments/detectors.js';
import { isHeldApartFamily, phrasingSession, readPhrasings } from '../../electron/engine/moments/phrasings.js';
import { REPO_DIR } from '../helpers/samples.js';

const phrasings = readPhrasings(path.join(REPO_DIR, 'test', 'fixtures', 'moment-phrasings.json'));
const real = readLabelSet(path.join(REPO_DIR, 'test', 'fixtures', 'moment-labels.json'));

describe('moment-phrasings fixture', () => {
  const count = (kind: 'correction' | 'preference') =>
    phrasings.items.filter((i) => i.labels.includes(kind)).length + real.turns.filter((t) => t.labels.includes(kind)).length;

  it('with the real labelled turns, holds at least 300 correction and 150 preference turns, and hard negatives', () => {
    expect(count('correction')).toBeGreaterThanOrEqual(300);
    expect(count('preference')).toBeGreaterThanOrEqual(150);
    expect(phrasings.items.filter((i) => i.labels.length === 0).length).toBeGreaterThanOrEqual(150);
    // One kind per generated turn.
    for (const i of phrasings.items) expect(i.labels.length).toBeLessThanOrEqual(1);
    // Several languages, and every agent step.
    expect(new Set(phrasings.items.map((i) => i.lang))).toEqual(new Set(['en', 'de', 'fr', 'es']));
    expect(new Set(phrasings.items.map((i) => i.after))).toEqual(new Set(['edit', 'tool', 'refusal', 'answer']));
  });

  it('gives each turn several distinct wordings (its paraphrases)', () => {
    for (const i of phrasings.items) {
      expect(i.wordings.length, i.id).toBeGreaterThanOrEqual(3);
      expect(new Set(i.wordings).size).toBe(i.wordings.length);
    }
  });

  it('holds whole wording families apart, some of every label and of both sides', () => {
    const families = new Map(phrasings.items.map((i) => [i.family, i.labels[0] ?? 'none']));
    const apart = [...families].filter(([f]) => isHeldApartFamily(f));
    expect(apart.length).toBeGreaterThan(families.size / 5);
    expect(apart.length).toBeLessThan(families.size / 2);
    for (const label of ['correction', 'preference', 'none']) {
      expect(apart.filter(([, l]) => l === label).length, label).toBeGreaterThanOrEqual(3);
      expect([...families].filter(([f, l]) => l === label && !isHeldApartFamily(f)).length, label).toBeGreaterThanOrEqual(3);
    }
    const cases = generatedCases(phrasings);
    for (const c of cases) expect(c.heldApart).toBe(isHeldApartFamily(c.group.slice('family:'.length)));
    expect(cases.filter((c) => c.set === 'generated')).toHaveLength(phrasings.items.length);
  });

  it('puts each turn last in a session after the agent step it names', () => {
    const item = phrasings.items.find((i) => i.after === 'edit')!;
    const s = phrasingSession(item, item.wordings[1]);
    expect(s.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'user']);
    expect(s.messages[1].toolCalls[0].name).toBe('Edit');
    expect(s.messages[3].text).toBe(item.wordings[1]);
    const refusal = phrasings.items.find((i) => i.after === 'refusal')!;
    expect(phrasingSession(refusal, refusal.wordings[0]).messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
  });
});
