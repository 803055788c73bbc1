import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { kmeans } from 'ml-kmeans';
import { runAnalysis } from '../../electron/engine/analyze/run-analysis.js';
import { buildDigest, digestPolicy, DigestRefused } from '../../electron/engine/digest/build-digest.js';
import { closeEmbedPools } from '../../electron/engine/embed/embed-texts.js';
import { MOMENT_KINDS } from '../../shared/types.js';
import { clusterVectors } from '../../electron/engine/cluster/cluster-texts.js';
import { similarityBackground } from '../../electron/engine/cluster/noise.js';
import { blobToVector } from '../../electron/engine/base/vectors.js';
import { importPaths } from '../../electron/engine/import/run-import.js';
import { writeLessons } from '../../electron/engine/lesson/write-lessons.js';
import { allClusterIds } from '../../electron/engine/store/clusters.js';
import { openStore, type Db } from '../../electron/engine/store/db.js';
import { MODELS_DIR, SAMPLES_DIR } from '../../test/helpers/samples.js';
import { writePatternCorpus } from '../patterns/corpus.js';
import { HELD_OUT, TUNING, type Problem } from '../patterns/problems.js';
import { labelSampleMoments, readSampleLabels } from '../patterns/samples.js';
import { labelMoments, majorityLabels, scoreGrouping, type GroupingScore, type LabelledMoment } from '../patterns/score.js';
import type { Section } from '../run.js';

/*
 * Pattern recovery as a person meets it: a generated corpus in three formats (Claude Code,
 * Codex, ChatGPT) with planted recurring problems among one-off requests and errors is imported
 * and analysed exactly as `reverie analyze` does; each planted problem's best pattern is scored
 * (precision, recall, F1 over the moments it became). Compared in the same run: the fine
 * per-kind clusters (the variants; what the list showed before patterns), the patterns, and
 * k-means on the same embeddings given the true number of problems. Two corpora: the tuning
 * problems, and held-out problems never looked at while building the pattern stage.
 */

const MODEL = process.env.BENCH_EMBED_MODEL ?? 'energetic-ai/use-lite-en';

function groupsOf(db: Db, sql: string): Map<number, number> {
  return new Map(db.prepare<[string], { moment: number; grp: number }>(sql).all(MODEL).map((r) => [r.moment, r.grp]));
}

function vectorsOf(db: Db, moments: readonly LabelledMoment[]): Float32Array[] {
  const vec = db.prepare<[string, string], { vector: Buffer }>('SELECT vector FROM embeddings WHERE model = ? AND text_hash = ?');
  return moments.map((m) => blobToVector(vec.get(MODEL, m.textHash)!.vector));
}

/** What the list showed before patterns: communities per kind, on the same embeddings and settings. */
function perKindGroups(db: Db, moments: readonly LabelledMoment[]): Map<number, number> {
  const vectors = vectorsOf(db, moments);
  const background = similarityBackground(vectors);
  const out = new Map<number, number>();
  let offset = 0;
  for (const kind of MOMENT_KINDS) {
    const at = moments.flatMap((m, i) => (m.kind === kind ? [i] : []));
    if (at.length === 0) continue;
    const r = clusterVectors(at.map((i) => vectors[i]!), { background: background ?? undefined });
    r.labels.forEach((c, j) => c >= 0 && out.set(moments[at[j]!]!.id, offset + c));
    offset += r.count;
  }
  return out;
}

function kmeansGroups(db: Db, moments: readonly LabelledMoment[], k: number): Map<number, number> {
  const data = vectorsOf(db, moments).map((v) => Array.from(v));
  const r = kmeans(data, k, { seed: 1, initialization: 'kmeans++' });
  return new Map(moments.map((m, i) => [m.id, r.clusters[i]!]));
}

interface SplitResult {
  name: string;
  sessions: number;
  moments: number;
  coverage: number;
  perKind: GroupingScore;
  variants: GroupingScore;
  patterns: GroupingScore;
  kmeans: GroupingScore;
  lessonsPerProblem: number[];
}

/** Imports `paths` into a fresh store, analyses it as `reverie analyze` does, and scores it against the labels. */
async function measure(
  name: string,
  dir: string,
  paths: string[],
  label: (db: Db) => { moments: LabelledMoment[]; planted: number },
  problems: readonly string[],
): Promise<SplitResult> {
  const data = path.join(dir, 'data');
  const db = openStore(data);
  const imported = await importPaths(db, paths);
  await runAnalysis(db, { dataDir: data, model: MODEL, modelsDir: MODELS_DIR });
  const { moments, planted } = label(db);
  const inProblems = moments.filter((m) => m.label !== 'noise').length;
  const patternGroups = groupsOf(db, 'SELECT cm.moment_id AS moment, cm.cluster_id AS grp FROM cluster_members cm JOIN clusters c ON c.id = cm.cluster_id WHERE c.model = ?');
  const variantGroups = hasVariants(db)
    ? groupsOf(db, 'SELECT v.moment_id AS moment, v.variant_id AS grp FROM variant_members v JOIN clusters c ON c.id = v.cluster_id WHERE c.model = ?')
    : patternGroups;
  // Lessons: offline drafts for every pattern that passes the privacy threshold, as `reverie lessons --offline`.
  const digests = [];
  for (const id of allClusterIds(db, MODEL)) {
    try {
      digests.push(await buildDigest(db, id, digestPolicy({ minSessions: 3, minProjects: 1, scrubNames: [] })));
    } catch (err) {
      if (!(err instanceof DigestRefused)) throw err;
    }
  }
  await writeLessons(db, digests, { offline: true, confirm: () => false });
  const majority = majorityLabels(moments, patternGroups);
  const lessonClusters = db.prepare<[], { cluster_id: number }>('SELECT cluster_id FROM lessons WHERE cluster_id IS NOT NULL').all();
  const lessonsPerProblem = problems.map((p) => lessonClusters.filter((l) => majority.get(l.cluster_id) === p).length);
  const result: SplitResult = {
    name,
    sessions: imported.sessionsAdded,
    moments: moments.length,
    coverage: inProblems / planted,
    perKind: scoreGrouping(moments, perKindGroups(db, moments), problems),
    variants: scoreGrouping(moments, variantGroups, problems),
    patterns: scoreGrouping(moments, patternGroups, problems),
    kmeans: scoreGrouping(moments, kmeansGroups(db, moments, problems.length), problems),
    lessonsPerProblem,
  };
  db.close();
  return result;
}

async function runSplit(name: string, problems: readonly Problem[], seed: number): Promise<SplitResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `reverie-patterns-${name}-`));
  try {
    const corpus = writePatternCorpus(path.join(dir, 'logs'), problems, seed);
    const planted = [...corpus.planted.values()].reduce((a, b) => a + b, 0);
    return await measure(name, dir, [path.join(dir, 'logs')], (db) => ({ moments: labelMoments(db, corpus), planted }), corpus.problems);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The real logs labelled by hand (bench/patterns/sample-labels.json); null without ../shared/samples. */
async function runSamples(): Promise<SplitResult | null> {
  if (!existsSync(SAMPLES_DIR)) return null;
  const labels = readSampleLabels();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'reverie-patterns-samples-'));
  try {
    const files = labels.files.map((f) => path.join(SAMPLES_DIR, f));
    return await measure(
      'real samples',
      dir,
      files,
      (db) => {
        const { moments, labelled } = labelSampleMoments(db, labels, SAMPLES_DIR);
        return { moments, planted: labelled };
      },
      labels.problems.map((p) => p.name),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function hasVariants(db: Db): boolean {
  return db.prepare<[], { n: number }>("SELECT count(*) AS n FROM sqlite_master WHERE name = 'variant_members'").get()!.n > 0;
}

const f2 = (x: number) => x.toFixed(2);
const exactlyOne = (r: SplitResult) => r.lessonsPerProblem.filter((n) => n === 1).length;

function table(r: SplitResult): string {
  const rows = r.patterns.perProblem.map((p, i) => {
    const b = r.perKind.perProblem[i]!;
    const v = r.variants.perProblem[i]!;
    const k = r.kmeans.perProblem[i]!;
    return `| ${p.problem} | ${p.moments} | ${f2(b.f1)} (${b.spread}) | ${f2(v.f1)} (${v.spread}) | ${f2(p.precision)} / ${f2(p.recall)} / **${f2(p.f1)}** (${p.spread}) | ${f2(k.f1)} | ${r.lessonsPerProblem[i]} |`;
  });
  return [
    `**${r.name}**: ${r.sessions} sessions, ${r.moments} moments; ${(100 * r.coverage).toFixed(0)}% of the planted or labelled occurrences became moments.`,
    '',
    '| problem | moments | per-kind clusters F1 (groups) | variants F1 (groups) | patterns P / R / F1 (groups) | k-means F1 | lessons |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    `| **mean F1 / recovered (F1 ≥ 0.6)** | | ${f2(r.perKind.meanF1)} / ${r.perKind.recovered} | ${f2(r.variants.meanF1)} / ${r.variants.recovered} | **${f2(r.patterns.meanF1)} / ${r.patterns.recovered} of ${rows.length}** | ${f2(r.kmeans.meanF1)} / ${r.kmeans.recovered} | |`,
    `| groups | | ${r.perKind.groups} | ${r.variants.groups} | ${r.patterns.groups} | ${r.kmeans.groups} | |`,
    '',
    `Lessons drafted per planted problem (goal: exactly one): ${r.lessonsPerProblem.join(', ')}; exactly one for ${exactlyOne(r)} of ${rows.length}, ` +
      `${r.lessonsPerProblem.reduce((a, b) => a + b, 0)} drafts in all for ${rows.length} problems.`,
  ].join('\n');
}

export async function patternsSection(_outDir: string): Promise<Section> {
  const tuning = await runSplit('tuning', TUNING, 11);
  const held = await runSplit('held-out', HELD_OUT, 23);
  const real = await runSamples();
  await closeEmbedPools();
  const figures: Record<string, number> = {};
  for (const r of [tuning, held, ...(real ? [real] : [])]) {
    figures[`${r.name}.patternsMeanF1`] = r.patterns.meanF1;
    figures[`${r.name}.patternsRecovered`] = r.patterns.recovered;
    figures[`${r.name}.variantsMeanF1`] = r.variants.meanF1;
    figures[`${r.name}.perKindMeanF1`] = r.perKind.meanF1;
    figures[`${r.name}.kmeansMeanF1`] = r.kmeans.meanF1;
    figures[`${r.name}.coverage`] = r.coverage;
    figures[`${r.name}.problemsWithOneLesson`] = exactlyOne(r);
  }
  const body = [
    `A generated corpus (\`bench/patterns/\`: Claude Code, Codex and ChatGPT sessions) with 8 planted problems, each said 8 or more ways and, where people do that, as more than one kind (a standing instruction and its corrections; a failure whose command varies, and the person's answer), among one-off requests and one-off errors. Imported and analysed as \`reverie analyze\` does, model ${MODEL}. Per problem: its best group's precision / recall / F1 over the moments it became, and how many groups hold its moments. "per-kind clusters": communities found per kind, what the list showed before patterns; "variants": the fine clusters a pattern is made of (the person's corrections and standing instructions in one graph, requests and failures each in theirs); "patterns": what the list shows now; k-means: the same embeddings, given the true number of problems (the baseline). Lessons: offline drafts per problem (goal: exactly one). The held-out problems were not looked at while building the pattern stage.`,
    '',
    table(tuning),
    '',
    table(held),
    '',
    real
      ? `The real logs in \`../shared/samples\` where something recurs (\`bench/patterns/sample-labels.json\`: ${real.lessonsPerProblem.length} problems labelled by hand by file, session and message, no text copied; every other moment of those files is noise). No lesson is drafted for them: four recur within one or two sessions (below the privacy threshold of 3 sessions), and the Drive-link one, from a ChatGPT export, spans 3 conversations but no project (chat exports have none), below the threshold of 1 project.\n\n${table(real)}`
      : 'The real-samples split was skipped: `../shared/samples` is missing.',
  ].join('\n');
  return { title: 'Pattern recovery (planted problems, tuning and held-out)', body, figures };
}
