// `npm run bench [section...]`: runs the benchmarks and rewrites their parts of bench/RESULTS.md.
// Every figure is a ratio to a baseline measured in the same run, on the same machine.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BENCH_DIR, machine } from './lib.js';
import { cliStartSection } from './sections/cli-start.js';
import { clusterQualitySection } from './sections/cluster-quality.js';
import { clusterScaleSection } from './sections/cluster-scale.js';
import { dreamSection } from './sections/dream.js';
import { embedSection } from './sections/embed.js';
import { importSection } from './sections/import.js';
import { jobWorkerSection } from './sections/job-worker.js';
import { momentsSection } from './sections/moments.js';
import { patternsSection } from './sections/patterns.js';
import { scrubSection } from './sections/scrub.js';
import { uiSection } from './sections/ui.js';

export interface Section {
  title: string;
  body: string;
  figures: Record<string, number>;
}

const SECTIONS: Record<string, (outDir: string) => Promise<Section>> = {
  import: importSection,
  moments: momentsSection,
  embed: embedSection,
  'cluster-quality': clusterQualitySection,
  'cluster-scale': clusterScaleSection,
  scrub: scrubSection,
  dream: dreamSection,
  'job-worker': jobWorkerSection,
  ui: uiSection,
  'cli-start': cliStartSection,
  patterns: patternsSection,
};

const RESULTS = path.join(BENCH_DIR, 'RESULTS.md');

/** Replaces the text between `<!-- bench:NAME -->` markers, or appends the section. */
function upsert(doc: string, name: string, text: string): string {
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const block = `${start}\n${text}\n${end}`;
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  if (i !== -1 && j !== -1) return doc.slice(0, i) + block + doc.slice(j + end.length);
  return `${doc.trimEnd()}\n\n${block}\n`;
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const names = wanted.length ? wanted : Object.keys(SECTIONS);
  const outDir = path.join(BENCH_DIR, 'out');
  mkdirSync(outDir, { recursive: true });
  let doc = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '# Benchmark results\n\nWritten by `npm run bench`.\n';
  for (const name of names) {
    const run = SECTIONS[name];
    if (!run) throw new Error(`unknown section "${name}"; known: ${Object.keys(SECTIONS).join(', ')}`);
    console.log(`\n== ${name}`);
    const section = await run(outDir);
    const stamp = `_${new Date().toISOString().slice(0, 10)} on ${machine()}_`;
    const text = `## ${section.title}\n\n${stamp}\n\n${section.body}`;
    console.log(text);
    doc = upsert(doc, name, text);
    writeFileSync(path.join(outDir, `${name}.json`), JSON.stringify(section.figures, null, 2));
  }
  writeFileSync(RESULTS, doc);
  console.log(`\nWrote ${RESULTS}`);
}

await main();
