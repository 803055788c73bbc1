import { describe, expect, it } from 'vitest';
import { scoreScrub } from '../../../bench/scrub-corpus.js';
import { HELD_OUT_2_POOLS, buildHeldOut2Corpus } from '../../../bench/scrub-logs/held-out-2.js';
import { HELD_OUT_3_POOLS, buildHeldOut3Corpus } from '../../../bench/scrub-logs/held-out-3.js';
import { HELD_OUT_4_POOLS, buildHeldOut4Corpus } from '../../../bench/scrub-logs/held-out-4.js';
import { HELD_OUT_5_POOLS, buildHeldOut5Corpus } from '../../../bench/scrub-logs/held-out-5.js';
import { HELD_OUT_POOLS, buildHeldOutCorpus } from '../../../bench/scrub-logs/held-out.js';
import { scoreLogCorpus } from '../../../bench/scrub-logs/score.js';
import { HELD_OUT_6_POOLS, buildHeldOut6Corpus } from '../../../bench/scrub-logs/held-out-6.js';
import { HELD_OUT_7_POOLS, buildHeldOut7Corpus } from '../../../bench/scrub-logs/held-out-7.js';
import { TUNE_2_POOLS, buildTune2Corpus } from '../../../bench/scrub-logs/tune-2.js';
import { TUNE_3_POOLS, buildTune3Corpus } from '../../../bench/scrub-logs/tune-3.js';
import { TUNE_POOLS, buildTuneCorpus } from '../../../bench/scrub-logs/tune.js';
import type { Pools } from '../../../bench/scrub-logs/gen.js';

/*
 * The agent-log corpora (bench/scrub-logs/): shell, ssh/scp/rsync and git remotes, connection
 * strings, docker and kubectl output, config files, stack traces and prose in many languages.
 * Protocol (bench/RESULTS.md): each held-out part was written before the detector changes it judges
 * and scored once unseen; then its misses were read and fixed, and it joined the tuned parts. Part 4's
 * misses (GitHub owners in `To github.com:owner/repo.git`) led to the decision that the owner of a git
 * remote is an account (USER). Part 5 was scored once unseen at 0.954 (293/307); its misses (a password
 * printed by `kubectl … | base64 -d`, a YAML password starting with `.`, Irish names with particles)
 * were then fixed together with a second tuning part (tune-2: Kubernetes secrets, names by context).
 * Part 6 was written and committed (d9b9e8c) before those fixes and scored once after them: 0.909
 * (361/397), 93.5 % kept; then its misses (users in error quotes, access logs and ARNs, hosts under
 * `.eus`, English-word names) were fixed together with a third tuning part (tune-3), and it joined the
 * tuned parts. Part 7 was written and committed before those fixes and scored once after them: 0.954
 * (371/389), 99.1 % kept. It is never tuned on; its floors below are that unseen figure, not above.
 * The tuned parts' keep lists still hold `git@github.com:vercel/next.js.git` as the session's remote
 * (written before the decision): the owner of such a remote now goes, so 3 + 5 of those strings count
 * as damaged, on purpose.
 */
const TUNED_RECALL_FLOOR = 0.99;
const HELD_OUT_RECALL_FLOOR = 0.953;
const KEPT_FLOOR = 0.95;
/** Part 7's keep list counts `ERROR 1045 …` after `Enter password:`, which the scrubber takes for the password typed. */
const HELD_OUT_KEPT_FLOOR = 0.99;
/** Part 5's git-remote owners (the decision this part judges): all caught at its unseen scoring. */
const REMOTE_OWNER_KINDS = ['remote-v-https:owner', 'clone-ssh:owner', 'push-pr:owner', 'pull-ssh:owner', 'fatal-access:owner'];

const namesOf = (p: Pools) => new Set([...Object.values(p.people).flatMap(([f, l]) => [...f, ...l]), ...p.handles, ...p.orgs]);

describe('agent-log corpora', () => {
  const tune = buildTuneCorpus();
  const heldOut = buildHeldOutCorpus();
  const heldOut2 = buildHeldOut2Corpus();
  const heldOut3 = buildHeldOut3Corpus();
  const heldOut4 = buildHeldOut4Corpus();
  const heldOut5 = buildHeldOut5Corpus();
  const tune2 = buildTune2Corpus();
  const heldOut6 = buildHeldOut6Corpus();
  const tune3 = buildTune3Corpus();
  const heldOut7 = buildHeldOut7Corpus();
  const tuned = [tune, heldOut, heldOut2, heldOut3, heldOut4, heldOut5, tune2, heldOut6, tune3];

  it('are seeded, plant at least 300 items each, of every kind that logins and logs carry', () => {
    expect(buildHeldOut7Corpus().docs).toEqual(heldOut7.docs);
    for (const c of [...tuned, heldOut7]) {
      const items = c.docs.flatMap((d) => d.items);
      expect(items.length).toBeGreaterThanOrEqual(300);
      for (const t of ['EMAIL', 'HOST', 'IP', 'PASSWORD', 'PERSON', 'SECRET', 'USER']) expect(items.some((i) => i.expected === t), t).toBe(true);
      expect(c.docs.flatMap((d) => d.keep).length).toBeGreaterThanOrEqual(150);
    }
  });

  it('the parts share no name, handle, company or template text', () => {
    const parts = [TUNE_POOLS, HELD_OUT_POOLS, HELD_OUT_2_POOLS, HELD_OUT_3_POOLS, HELD_OUT_4_POOLS, HELD_OUT_5_POOLS, TUNE_2_POOLS, HELD_OUT_6_POOLS, TUNE_3_POOLS, HELD_OUT_7_POOLS].map(namesOf);
    for (let i = 0; i < parts.length; i++) for (let j = i + 1; j < parts.length; j++) expect([...parts[i]].filter((n) => parts[j].has(n))).toEqual([]);
    const firstLines = (c: typeof tune) => new Set(c.docs.map((d) => d.text.split('\n').find((l) => !/^ {4}at |^\+ |^added |^HEAD is|^See |^modified:/.test(l))?.replace(/[\d.]+/g, '#').slice(0, 12)));
    const seen = new Set(tuned.flatMap((c) => [...firstLines(c)]));
    // Part 7 shares only generic prefixes of log formats (a syslog date, `Traceback (m`, `sqlalchemy.exc`), not templates.
    expect([...firstLines(heldOut7)].filter((l) => seen.has(l)).length).toBeLessThan(5);
  });

  it.each([
    ['tuning part', 0],
    ['held-out 1 (tuned on after its first scoring)', 1],
    ['held-out 2 (tuned on after its first scoring)', 2],
    ['held-out 3 (tuned on after its first scoring)', 3],
    ['held-out 4 (tuned on after its first scoring)', 4],
    ['held-out 5 (tuned on after its first scoring)', 5],
    ['second tuning part', 6],
    ['held-out 6 (tuned on after its first scoring)', 7],
    ['third tuning part', 8],
  ])(`%s: recall ≥ ${TUNED_RECALL_FLOOR}, ≥ ${KEPT_FLOOR} of identifiers kept`, async (_name, i) => {
    const score = await scoreLogCorpus(tuned[i]);
    expect(score.recall, score.misses.join('\n')).toBeGreaterThanOrEqual(TUNED_RECALL_FLOOR);
    expect(score.survival, score.damaged.join('\n')).toBeGreaterThanOrEqual(KEPT_FLOOR);
  });

  it(`last held-out part (7): recall ≥ ${HELD_OUT_RECALL_FLOOR} as measured unseen, ≥ ${HELD_OUT_KEPT_FLOOR} kept`, async () => {
    const score = await scoreLogCorpus(heldOut7);
    expect(score.recall, score.misses.join('\n')).toBeGreaterThanOrEqual(HELD_OUT_RECALL_FLOOR);
    expect(score.survival, score.damaged.join('\n')).toBeGreaterThanOrEqual(HELD_OUT_KEPT_FLOOR);
  });

  it('part 6: every Kubernetes secret, error-quoted user, access-log user and ARN user caught', async () => {
    const score = await scoreLogCorpus(heldOut6);
    for (const [kind, k] of Object.entries(score.perKind)) if (/^(?:secret-manifest|get-secret|b64-decode|create-secret|psql-java|access-log|aws-arn):/.test(kind)) expect(k.caught, kind).toBe(k.planted);
  });

  it('part 5: every git-remote owner and every kubectl-printed password caught', async () => {
    const score = await scoreLogCorpus(heldOut5);
    for (const kind of [...REMOTE_OWNER_KINDS, 'kubectl-secret:password']) expect(score.perKind[kind].caught, kind).toBe(score.perKind[kind].planted);
  });

  it('the score notices a scrubber that does nothing, and one that removes everything', () => {
    const nothing = scoreScrub(heldOut7, heldOut7.docs.map((d) => d.text));
    expect(nothing.recall).toBe(0);
    expect(nothing.survival).toBe(1);
    const everything = scoreScrub(heldOut7, heldOut7.docs.map(() => '<SECRET_1>'));
    expect(everything.recall).toBe(1);
    expect(everything.survival).toBe(0);
  });
});
