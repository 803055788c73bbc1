import { lintSource } from '@secretlint/core';
import { creator as recommended } from '@secretlint/secretlint-rule-preset-recommend';
import { createScrubber } from '../../electron/engine/digest/scrub/index.js';
import type { Section } from '../run.js';
import { buildScrubCorpus, scoreScrub } from '../scrub-corpus.js';

/*
 * Privacy layer 1. Recall on the planted corpus (bench/scrub-corpus.ts: fake secrets and personal
 * data of every kind inside transcript-like text), the share of code identifiers, file names and
 * error messages left intact, and throughput as a ratio to two baselines run on the same text in
 * the same process: one combined regex pass (what a naive scrubber costs) and secretlint alone.
 */

const THROUGHPUT_SEEDS = Number(process.env.BENCH_SCRUB_SEEDS ?? 10);

/** A naive scrubber: one alternation of simple patterns, one replace pass. */
const NAIVE = new RegExp(
  [
    String.raw`[\w.+-]+@[\w-]+(?:\.[\w-]+)+`,
    String.raw`\b(?:\d{1,3}\.){3}\d{1,3}\b`,
    String.raw`\b(?:AKIA|ASIA)[A-Z0-9]{16}\b`,
    String.raw`\bgh[pousr]_[A-Za-z0-9]{36}\b`,
    String.raw`\bsk-[A-Za-z0-9_-]{20,}`,
    String.raw`\beyJ[\w-]+\.eyJ[\w-]+\.[\w-]*`,
    String.raw`\b(?:\d[ -]?){13,19}\b`,
    String.raw`/(?:Users|home)/[^/\s]+`,
  ].join('|'),
  'g',
);

function best(runs: number, fn: () => Promise<void> | void): Promise<number> {
  return (async () => {
    let min = Infinity;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await fn();
      min = Math.min(min, performance.now() - t0);
    }
    return min / 1000;
  })();
}

const SECRETLINT_CONFIG = { rules: [{ id: recommended.meta.id, rule: recommended }] };

export async function scrubSection(_outDir: string): Promise<Section> {
  // ---- recall and survival
  const corpus = buildScrubCorpus();
  const outputs = await createScrubber(corpus.options).scrubAll(corpus.docs.map((d) => d.text));
  const score = scoreScrub(corpus, outputs);
  const families = new Map<string, { planted: number; caught: number; typed: number }>();
  for (const [kind, k] of Object.entries(score.perKind)) {
    const fam = kind.split(':')[0];
    const f = families.get(fam) ?? { planted: 0, caught: 0, typed: 0 };
    f.planted += k.planted;
    f.caught += k.caught;
    f.typed += k.typed;
    families.set(fam, f);
  }

  // ---- throughput: many seeds of the corpus, about 100 KB each
  const texts = Array.from({ length: THROUGHPUT_SEEDS }, (_, i) => buildScrubCorpus(1000 + i).docs.map((d) => d.text)).flat();
  const mb = texts.reduce((n, t) => n + Buffer.byteLength(t), 0) / 1e6;
  const naive = await best(3, () => {
    for (const t of texts) t.replace(NAIVE, '<X>');
  });
  const secretlint = await best(3, async () => {
    for (const t of texts) {
      await lintSource({
        source: { content: t, filePath: '/bench.txt', contentType: 'text' },
        options: { config: SECRETLINT_CONFIG, noPhysicFilePath: true },
      });
    }
  });
  const noNlp = await best(3, async () => {
    await createScrubber({ ...corpus.options, nlpPeople: false }).scrubAll(texts);
  });
  const full = await best(2, async () => {
    await createScrubber(corpus.options).scrubAll(texts);
  });
  const speed = (s: number) => mb / s;

  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  const rows = [...families].map(([fam, f]) => `| ${fam} | ${f.planted} | ${f.caught} | ${(f.caught / f.planted).toFixed(3)} | ${f.caught ? (f.typed / f.caught).toFixed(2) : '-'} |`);
  const kindMisses = Object.entries(score.perKind).filter(([, k]) => k.caught < k.planted);
  const figures: Record<string, number> = {
    planted: score.planted,
    recall: score.recall,
    identifierSurvival: score.survival,
    scrubberMBps: speed(full),
    scrubberNoNlpMBps: speed(noNlp),
    ratioToNaiveRegex: naive / full,
    ratioToSecretlint: secretlint / full,
    noNlpRatioToSecretlint: secretlint / noNlp,
  };
  for (const [fam, f] of families) figures[`recall.${fam}`] = f.caught / f.planted;

  return {
    title: 'Scrubbing (privacy layer 1)',
    body: [
      `Planted corpus (\`bench/scrub-corpus.ts\`, seeded): ${score.planted} fake secrets and personal data items in ${corpus.docs.length} transcript-like snippets (tool output, stack traces, config files, user messages), ${score.keepTotal} code identifiers, file names, versions, hashes and error messages woven in.`,
      '',
      `**Recall ${score.recall.toFixed(4)}** (${score.caught} of ${score.planted} items gone from the output). **Identifiers intact ${pct(score.survival)}** (${score.keepSurvived} of ${score.keepTotal}).`,
      '',
      '| family | planted | removed | recall | share typed as expected |',
      '|---|---|---|---|---|',
      ...rows,
      '',
      kindMisses.length
        ? `Missed: ${kindMisses.map(([k, v]) => `${k} ${v.planted - v.caught}/${v.planted}`).join(', ')}. Examples:\n\n${score.misses.map((m) => `- ${m.slice(0, 200)}`).join('\n')}`
        : 'Nothing missed.',
      '',
      `Throughput on ${mb.toFixed(2)} MB (the corpus at ${THROUGHPUT_SEEDS} seeds; best of 3, in process):`,
      '',
      '| run | throughput | scrubber throughput ÷ this |',
      '|---|---|---|',
      `| baseline: one combined regex replace pass | ${speed(naive).toFixed(1)} MB/s | ${(naive / full).toFixed(4)} |`,
      `| baseline: secretlint recommended preset alone | ${speed(secretlint).toFixed(2)} MB/s | ${(secretlint / full).toFixed(3)} |`,
      `| scrubber without the NLP name finder | ${speed(noNlp).toFixed(2)} MB/s | ${(noNlp / full).toFixed(3)} |`,
      `| scrubber (all detectors) | ${speed(full).toFixed(2)} MB/s | 1.00 |`,
      '',
      'The NLP person-name finder (compromise) is most of the cost; digests are a few kilobytes, so it is affordable there.',
    ].join('\n'),
    figures,
  };
}
