import { describe, expect, it } from 'vitest';
import { scoreScrub } from '../../../bench/scrub-corpus.js';
import { HELD_OUT_2_POOLS, buildHeldOut2Corpus } from '../../../bench/scrub-logs/held-out-2.js';
import { HELD_OUT_3_POOLS, buildHeldOut3Corpus } from '../../../bench/scrub-logs/held-out-3.js';
import { HELD_OUT_4_POOLS, buildHeldOut4Corpus } from '../../../bench/scrub-logs/held-out-4.js';
import { HELD_OUT_POOLS, buildHeldOutCorpus } from '../../../bench/scrub-logs/held-out.js';
import { byType, scoreLogCorpus } from '../../../bench/scrub-logs/score.js';
import { TUNE_POOLS, buildTuneCorpus } from '../../../bench/scrub-logs/tune.js';
import type { Pools } from '../../../bench/scrub-logs/gen.js';

/*
 * The agent-log corpora (bench/scrub-logs/): shell, ssh/scp/rsync and git remotes, connection
 * strings, docker and kubectl output, config files, stack traces and prose in many languages.
 * Protocol (bench/RESULTS.md): each held-out part was written before the detector changes it judges
 * and scored once unseen; then its misses were read and fixed, and it joined the tuned parts. The
 * fourth part is the last one scored unseen: 0.946, of which 17 of the 18 misses were GitHub owner
 * names in `github.com:owner/repo.git`, which the project keeps like `github.com/vercel/next.js`
 * (an owner cannot be told from an organisation). Its floors below are those unseen figures.
 */
const TUNED_RECALL_FLOOR = 0.99;
const HELD_OUT_RECALL_FLOOR = 0.94;
const HELD_OUT_RECALL_FLOOR_BY_DEFINITION = 0.99;
const KEPT_FLOOR = 0.95;
/** Planted by the fourth part, kept by the project's definition of public repository paths. */
const KEPT_BY_DEFINITION = new Set(['git-push:user-org']);

const namesOf = (p: Pools) => new Set([...Object.values(p.people).flatMap(([f, l]) => [...f, ...l]), ...p.handles, ...p.orgs]);

describe('agent-log corpora', () => {
  const tune = buildTuneCorpus();
  const heldOut = buildHeldOutCorpus();
  const heldOut2 = buildHeldOut2Corpus();
  const heldOut3 = buildHeldOut3Corpus();
  const heldOut4 = buildHeldOut4Corpus();
  const tuned = [tune, heldOut, heldOut2, heldOut3];

  it('are seeded, plant at least 300 items each, of every kind that logins and logs carry', () => {
    expect(buildHeldOut4Corpus().docs).toEqual(heldOut4.docs);
    for (const c of [...tuned, heldOut4]) {
      const items = c.docs.flatMap((d) => d.items);
      expect(items.length).toBeGreaterThanOrEqual(300);
      for (const t of ['EMAIL', 'HOST', 'IP', 'PASSWORD', 'PERSON', 'SECRET', 'USER']) expect(items.some((i) => i.expected === t), t).toBe(true);
      expect(c.docs.flatMap((d) => d.keep).length).toBeGreaterThanOrEqual(150);
    }
  });

  it('the parts share no name, handle, company or template text', () => {
    const parts = [TUNE_POOLS, HELD_OUT_POOLS, HELD_OUT_2_POOLS, HELD_OUT_3_POOLS, HELD_OUT_4_POOLS].map(namesOf);
    for (let i = 0; i < parts.length; i++) for (let j = i + 1; j < parts.length; j++) expect([...parts[i]].filter((n) => parts[j].has(n))).toEqual([]);
    const firstLines = (c: typeof tune) => new Set(c.docs.map((d) => d.text.split('\n').find((l) => !/^ {4}at |^\+ |^added |^HEAD is|^See |^modified:/.test(l))?.replace(/[\d.]+/g, '#').slice(0, 12)));
    const seen = new Set(tuned.flatMap((c) => [...firstLines(c)]));
    expect([...firstLines(heldOut4)].filter((l) => seen.has(l)).length).toBeLessThan(3);
  });

  it.each([
    ['tuning part', 0],
    ['held-out 1 (tuned on after its first scoring)', 1],
    ['held-out 2 (tuned on after its first scoring)', 2],
    ['held-out 3 (tuned on after its first scoring)', 3],
  ])(`%s: recall ≥ ${TUNED_RECALL_FLOOR}, ≥ ${KEPT_FLOOR} of identifiers kept`, async (_name, i) => {
    const score = await scoreLogCorpus(tuned[i]);
    expect(score.recall, score.misses.join('\n')).toBeGreaterThanOrEqual(TUNED_RECALL_FLOOR);
    expect(score.survival, score.damaged.join('\n')).toBeGreaterThanOrEqual(KEPT_FLOOR);
  });

  it(`last held-out part: recall ≥ ${HELD_OUT_RECALL_FLOOR} (≥ ${HELD_OUT_RECALL_FLOOR_BY_DEFINITION} of what the project scrubs), ≥ ${KEPT_FLOOR} kept`, async () => {
    const score = await scoreLogCorpus(heldOut4);
    expect(score.recall, score.misses.join('\n')).toBeGreaterThanOrEqual(HELD_OUT_RECALL_FLOOR);
    expect(score.survival, score.damaged.join('\n')).toBeGreaterThanOrEqual(KEPT_FLOOR);
    const scrubbed = Object.entries(score.perKind).filter(([kind]) => !KEPT_BY_DEFINITION.has(kind));
    const planted = scrubbed.reduce((n, [, k]) => n + k.planted, 0);
    const caught = scrubbed.reduce((n, [, k]) => n + k.caught, 0);
    expect(caught / planted, score.misses.join('\n')).toBeGreaterThanOrEqual(HELD_OUT_RECALL_FLOOR_BY_DEFINITION);
    for (const [type, f] of byType(heldOut4, score)) if (type !== 'USER') expect(f.caught / f.planted, type).toBeGreaterThanOrEqual(0.95);
  });

  it('the score notices a scrubber that does nothing, and one that removes everything', () => {
    const nothing = scoreScrub(heldOut4, heldOut4.docs.map((d) => d.text));
    expect(nothing.recall).toBe(0);
    expect(nothing.survival).toBe(1);
    const everything = scoreScrub(heldOut4, heldOut4.docs.map(() => '<SECRET_1>'));
    expect(everything.recall).toBe(1);
    expect(everything.survival).toBe(0);
  });
});
