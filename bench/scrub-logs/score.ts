// Scores the scrubber on the agent-log corpora. Each document is scrubbed by a fresh scrubber told
// nothing (no listed names, no account), as a first digest of unseen data would be.
//   node --import tsx bench/scrub-logs/score.ts tune        figures and every miss
//   node --import tsx bench/scrub-logs/score.ts held-out    figures only (see held-out.ts)
//   node --import tsx bench/scrub-logs/score.ts held-out-2  figures only (see held-out-2.ts)
//   node --import tsx bench/scrub-logs/score.ts held-out-3  figures only (see held-out-3.ts)
//   node --import tsx bench/scrub-logs/score.ts held-out-4  figures only (see held-out-4.ts)
//   node --import tsx bench/scrub-logs/score.ts held-out-5  figures only (see held-out-5.ts)
import { createScrubber } from '../../electron/engine/digest/scrub/index.js';
import { scoreScrub, type ScrubCorpus, type ScrubScore } from '../scrub-corpus.js';
import { PARTS } from './parts.js';

export async function scrubEach(corpus: ScrubCorpus): Promise<string[]> {
  const out: string[] = [];
  for (const d of corpus.docs) out.push(await createScrubber(corpus.options).scrub(d.text));
  return out;
}

export async function scoreLogCorpus(corpus: ScrubCorpus): Promise<ScrubScore> {
  return scoreScrub(corpus, await scrubEach(corpus));
}

/** Per family (the part of the kind before `:`, or the expected type): planted and caught. */
export function byType(corpus: ScrubCorpus, score: ScrubScore): Map<string, { planted: number; caught: number }> {
  const types = new Map<string, { planted: number; caught: number }>();
  const typeOfKind = new Map(corpus.docs.flatMap((d) => d.items.map((i) => [i.kind, i.expected] as const)));
  for (const [kind, k] of Object.entries(score.perKind)) {
    const t = typeOfKind.get(kind)!;
    const f = types.get(t) ?? { planted: 0, caught: 0 };
    f.planted += k.planted;
    f.caught += k.caught;
    types.set(t, f);
  }
  return new Map([...types].sort());
}

if (process.argv[1]?.endsWith('score.ts')) {
  const part = process.argv[2] ?? 'tune';
  const corpus = PARTS[part]();
  const score = await scoreLogCorpus(corpus);
  console.log(`${part}: recall ${score.recall.toFixed(4)} (${score.caught}/${score.planted}), kept ${score.survival.toFixed(4)} (${score.keepSurvived}/${score.keepTotal})`);
  if (part === 'tune' || process.argv.includes('--show')) {
    for (const [t, f] of byType(corpus, score)) console.log(`  ${t}: ${f.caught}/${f.planted}`);
    for (const [k, v] of Object.entries(score.perKind)) if (v.caught < v.planted) console.log(`  miss ${k} ${v.planted - v.caught}/${v.planted}`);
    console.log(score.misses.join('\n'));
    console.log('DAMAGED:\n' + score.damaged.join('\n'));
  }
}
