import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { MOMENT_KINDS } from '../../shared/types.js';
import { importPaths } from '../../electron/engine/import/run-import.js';
import { HELD_OUT_FORMATS, evaluateLabels, readLabelSet, type KindScore } from '../../electron/engine/moments/evaluate.js';
import { countMoments, extractMoments } from '../../electron/engine/moments/extract.js';
import { openStore } from '../../electron/engine/store/db.js';
import { getSession } from '../../electron/engine/store/sessions.js';
import { BENCH_DIR } from '../lib.js';
import type { Section } from '../run.js';

const REPO = path.resolve(BENCH_DIR, '..');
const SAMPLES = path.resolve(REPO, '..', 'shared', 'samples');
const LABELS = path.join(REPO, 'test', 'fixtures', 'moment-labels.json');

const f2 = (x: number) => x.toFixed(2);

function table(rows: { name: string; scores: KindScore[] }[]): string[] {
  const out = ['| extractor | kind | labelled | TP | FP | FN | precision | recall |', '|---|---|---|---|---|---|---|---|'];
  for (const { name, scores } of rows) {
    for (const s of scores) out.push(`| ${name} | ${s.kind} | ${s.labelled} | ${s.tp} | ${s.fp} | ${s.fn} | ${f2(s.precision)} | ${f2(s.recall)} |`);
  }
  return out;
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

/** Best of three timings: the machine is shared, the least disturbed run is the fairest. */
function best(run: () => void): number {
  let min = Infinity;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    run();
    min = Math.min(min, performance.now() - t);
  }
  return min / 1000;
}

/**
 * Quality of the moment rules on the hand-labelled real turns (the labels are the ground truth),
 * next to a naive keyword regex per kind; and the cost of running the rules over all the samples,
 * against just reading the same sessions from the store.
 */
export async function momentsSection(_outDir: string): Promise<Section> {
  if (!existsSync(SAMPLES)) throw new Error(`${SAMPLES} is missing: the moments benchmark reads the real samples`);
  const labels = readLabelSet(LABELS);
  const result = await evaluateLabels(SAMPLES, labels);

  // Throughput: every sample file in one store.
  const db = openStore(':memory:');
  await importPaths(db, files(SAMPLES).filter((f) => !f.endsWith('.md')));
  const ids = db.prepare<[], { id: number }>('SELECT id FROM sessions').all().map((r) => r.id);
  const messages = (db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n;
  const readSeconds = best(() => {
    for (const id of ids) getSession(db, id);
  });
  const extractSeconds = best(() => {
    db.exec('DELETE FROM moment_scans; DELETE FROM moments;');
    extractMoments(db);
  });
  const counts = countMoments(db);
  db.close();

  const figures: Record<string, number> = {
    turns: result.turns,
    sessions: ids.length,
    messages,
    readSeconds,
    extractSeconds,
    extractOverRead: extractSeconds / readSeconds,
  };
  for (const [name, scores] of [
    ['rules', result.rules],
    ['keyword', result.baseline],
    ['rulesTuning', result.split.tuning],
    ['rulesHeldOut', result.split.heldOut],
    ['keywordHeldOut', result.split.heldOutBaseline],
  ] as const) {
    for (const s of scores) {
      if (name === 'rules') figures[`labelled.${s.kind}`] = s.labelled;
      figures[`${name}.${s.kind}.precision`] = s.precision;
      figures[`${name}.${s.kind}.recall`] = s.recall;
    }
  }

  return {
    title: 'Moments: precision and recall on labelled real turns',
    body: [
      `Ground truth: \`test/fixtures/moment-labels.json\`, ${result.turns} turns of the real logs in \`../shared/samples\` ` +
        `(${labels.turns.filter((t) => t.role === 'user').length} user turns, ${labels.turns.filter((t) => t.role === 'tool').length} tool turns), ` +
        'labelled by reading each turn in its conversation before the rules were run on it (see the fixture\'s notes). A turn counts for a kind when the rules give that kind to its message.',
      '',
      ...table([
        { name: 'rules', scores: result.rules },
        { name: 'keyword baseline', scores: result.baseline },
      ]),
      '',
      'The keyword baseline is one naive regex per kind (`no|wrong|don\'t|revert|undo|stop|I said`; `error|failed|exception|traceback` in tool output; ' +
        'a request word at the start; `always|never|prefer|don\'t use`).',
      '',
      `Held-out check: the rules were tuned looking only at their errors on the other turns; held out are every turn of the ${HELD_OUT_FORMATS.join(' and ')} ` +
        'formats and, elsewhere, one session in four (by a hash of file and session id). The preference figures rest on few turns.',
      '',
      '| kind | tuning: labelled | precision | recall | held out: labelled | precision | recall | keyword baseline held out: precision | recall |',
      '|---|---|---|---|---|---|---|---|---|',
      ...MOMENT_KINDS.map((k) => {
        const a = result.split.tuning.find((s) => s.kind === k)!;
        const b = result.split.heldOut.find((s) => s.kind === k)!;
        const c = result.split.heldOutBaseline.find((s) => s.kind === k)!;
        return `| ${k} | ${a.labelled} | ${f2(a.precision)} | ${f2(a.recall)} | ${b.labelled} | ${f2(b.precision)} | ${f2(b.recall)} | ${f2(c.precision)} | ${f2(c.recall)} |`;
      }),
      '',
      `Throughput over all the samples (${ids.length} sessions, ${messages} messages; best of 3): reading every session from the store ` +
        `${readSeconds.toFixed(3)} s; reading them and running the rules with incremental bookkeeping (\`extractMoments\`) ${extractSeconds.toFixed(3)} s, ` +
        `${(extractSeconds / readSeconds).toFixed(2)}x the read alone. Found: ${MOMENT_KINDS.map((k) => `${counts[k]} ${k}`).join(', ')}.`,
    ].join('\n'),
    figures,
  };
}
