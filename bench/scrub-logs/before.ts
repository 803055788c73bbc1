// The agent-log corpora scored with the scrubber as it was before this work (commit 93c22ce), for
// the "before" column of bench/RESULTS.md. Set up once, then run:
//   mkdir -p bench/out/base && git archive 93c22ce electron/engine/digest/scrub | tar -x -C bench/out/base
//   node --import tsx bench/scrub-logs/before.ts
import { scoreScrub } from '../scrub-corpus.js';
import { PARTS } from './parts.js';
import { byType } from './score.js';

// A path in a variable: bench/out/base exists only after the set-up above.
const BASE = '../out/base/electron/engine/digest/scrub/index.js';
const { createScrubber } = (await import(BASE)) as typeof import('../../electron/engine/digest/scrub/index.js');

for (const [name, build] of Object.entries(PARTS)) {
  const c = build();
  const out: string[] = [];
  for (const d of c.docs) out.push(await createScrubber(c.options).scrub(d.text));
  const s = scoreScrub(c, out);
  const types = [...byType(c, s)].map(([t, f]) => `${t} ${f.caught}/${f.planted}`).join(', ');
  console.log(`${name}: recall ${s.recall.toFixed(4)} (${s.caught}/${s.planted}), kept ${s.survival.toFixed(4)}; ${types}`);
}
