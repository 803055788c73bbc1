import { describe, expect, it } from 'vitest';
import { createScrubber, findSurvivors, makeCanaries, plantCanaries } from '../../../electron/engine/digest/scrub/index.js';
import { PII_TYPES } from '../../../electron/engine/digest/scrub/types.js';

describe('canaries', () => {
  const moments = ['npm ERR! code ERESOLVE while installing react@18.2.0', 'please stop rewriting my tests', 'TypeError in src/app.ts:3:1'];

  it('cover every kind the scrubber replaces, with fresh values on each call', () => {
    const a = makeCanaries({ names: ['Priya Raman'] });
    const b = makeCanaries({ names: ['Priya Raman'] });
    const kinds = new Set(a.map((c) => c.kind));
    for (const t of PII_TYPES) expect(kinds, t).toContain(t);
    expect(a[0].needles[0]).not.toBe(b[0].needles[0]);
    expect(makeCanaries({ seed: 3 })).toEqual(makeCanaries({ seed: 3 }));
  });

  it('survive in unscrubbed text and are all caught by the scrubber', async () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const canaries = makeCanaries({ names: ['Priya Raman', 'Tomasz Wiśniewski'], seed });
      const planted = plantCanaries(moments, canaries);
      expect(planted).toHaveLength(moments.length);
      expect(findSurvivors(planted, canaries)).toHaveLength(canaries.length);
      const scrubbed = await createScrubber({ extraNames: ['Priya Raman', 'Tomasz Wiśniewski'] }).scrubAll(planted);
      expect(findSurvivors(scrubbed, canaries).map((c) => c.text)).toEqual([]);
      // The moments themselves come through.
      for (const m of moments) expect(scrubbed.join('\n')).toContain(m);
    }
  });

  it('report a leak however the digits are spaced', () => {
    const [phone] = makeCanaries({ seed: 9 }).filter((c) => c.kind === 'PHONE');
    const digits = phone.needles[0].replace(/\D/g, '');
    expect(findSurvivors(`call ${digits}`, [phone])).toEqual([phone]);
    expect(findSurvivors('call <PHONE_1>', [phone])).toEqual([]);
  });

  it('report the person canary only for names listed in settings', async () => {
    const canaries = makeCanaries({ names: ['Keiko Watanabe'], seed: 4 });
    const person = canaries.filter((c) => c.kind === 'PERSON');
    expect(person).toHaveLength(1);
    // Without the name in the list the scrubber's NLP step may miss it: the check must then fail loudly.
    const unlisted = await createScrubber({ nlpPeople: false }).scrub(person[0].text);
    expect(findSurvivors(unlisted, person)).toEqual(person);
  });
});
