import { describe, expect, it } from 'vitest';
import { createScrubber } from '../../../electron/engine/digest/scrub/index.js';

describe('placeholders', () => {
  it('number each type separately, in order of first appearance', async () => {
    const s = createScrubber({ nlpPeople: false });
    const out = await s.scrub('mail ana@acme-corp.com or bo@acme-corp.com from 10.1.2.3, again ana@acme-corp.com');
    expect(out).toBe('mail <EMAIL_1> or <EMAIL_2> from <IP_1>, again <EMAIL_1>');
  });

  it('stay the same across the texts of one digest, and restart for a new scrubber', async () => {
    const s = createScrubber({ nlpPeople: false });
    const [a, b] = await s.scrubAll(['from x.y@initech.com', 'to z@initech.com, cc X.Y@INITECH.COM']);
    expect(a).toBe('from <EMAIL_1>');
    expect(b).toBe('to <EMAIL_2>, cc <EMAIL_1>');
    expect(await s.scrub('again z@initech.com')).toBe('again <EMAIL_2>');
    expect(await createScrubber({ nlpPeople: false }).scrub('again z@initech.com')).toBe('again <EMAIL_1>');
  });

  it('treat one number written two ways as one value', async () => {
    const s = createScrubber({ nlpPeople: false });
    const out = await s.scrub('call (415) 555-0132 or +1 415 555 0132; card 4111 1111 1111 1111 = 4111-1111-1111-1111');
    expect(out).toBe('call <PHONE_1> or <PHONE_1>; card <CARD_1> = <CARD_1>');
  });

  it('keep a legend of what each placeholder replaced, for local use', async () => {
    const s = createScrubber({ nlpPeople: false });
    await s.scrub('cd /Users/mrossi && ping 10.0.0.7');
    expect(s.legend()).toEqual([
      { placeholder: '<USER_1>', type: 'USER', value: 'mrossi' },
      { placeholder: '<IP_1>', type: 'IP', value: '10.0.0.7' },
    ]);
  });

  it('are not scrubbed again: scrubbing is idempotent', async () => {
    const text = `DATABASE_URL=${['postgres', '//app:Winter2024!x@db.acme.internal:5432/orders'].join(':')} by jane.roe@acme-corp.com at /home/kpatel/x`;
    const once = await createScrubber().scrub(text);
    expect(await createScrubber().scrub(once)).toBe(once);
  });

  it('cover a partial overlap as a whole, so no tail of a secret is left', async () => {
    const s = createScrubber({ nlpPeople: false });
    const findings = await s.findings('user=admin password=Winter2024!x@db.acme.internal');
    for (let i = 1; i < findings.length; i++) expect(findings[i].start).toBeGreaterThanOrEqual(findings[i - 1].end);
    expect(await createScrubber({ nlpPeople: false }).scrub('password=Winter2024!x@db.acme.internal')).not.toMatch(/Winter|acme/);
  });
});
