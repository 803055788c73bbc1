// Retrains the moment classifier and writes electron/engine/moments/classifier-weights.json.
//
//   node --import tsx scripts/train-moments.ts [--model ID] [--models-dir DIR] [--samples DIR]
//
// Defaults: the 512-d test model energetic-ai/use-lite-en in ../shared/models, the real samples in
// ../shared/samples. Trains on the labelled real turns that are not held out (evaluate.ts, isHeldOut)
// and the generated turns of wording families not held apart (phrasings.ts, isHeldApartFamily): every
// wording of those. Thresholds come from a grouped 5-fold cross-validation on the same training rows,
// chosen for the rules and the classifier together (the classifier judges only what the rules leave).
// Nothing held apart is read. The weights only work with the model named in them.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { closeEmbedPools, embedTexts } from '../electron/engine/embed/embed-texts.js';
import { checkModel } from '../electron/engine/embed/model-config.js';
import { CLASSIFIER_KINDS, CONTEXT_FEATURES, type ClassifierWeights, type KindModel } from '../electron/engine/moments/classifier.js';
import { generatedCases, realCases, trainingRows } from '../electron/engine/moments/detectors.js';
import { readLabelSet } from '../electron/engine/moments/evaluate.js';
import { readPhrasings } from '../electron/engine/moments/phrasings.js';
import { bestThreshold, outOfFold, trainLogistic, type TrainOptions } from '../electron/engine/moments/train.js';

/** Bump with any change to the features or the training data: stored sessions are then rescanned. */
const CLASSIFIER_VERSION = 3;
/** Longest turn the classifier judges; longer ones (pasted briefs, documents) are the rules' alone. */
const MAX_CHARS = 600;
/** Hashed word and word-pair buckets beside the embedding (classifier.ts, lexicalFeatures): 0, since
 * 128 and 512 buckets did not raise the cross-validated F1 (correction +0.00 to +0.02, preference -0.01 to -0.07). */
const LEXICAL_BUCKETS = 0;
const TRAIN: TrainOptions = { l2: 0.01, epochs: 300, learningRate: 0.5 };

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'energetic-ai/use-lite-en' },
    'models-dir': { type: 'string', default: path.resolve(repo, '..', 'shared', 'models') },
    samples: { type: 'string', default: path.resolve(repo, '..', 'shared', 'samples') },
    /** Keep the training vectors in this file between runs (a development convenience). */
    cache: { type: 'string' },
    l2: { type: 'string' },
    lexical: { type: 'string' },
    /** Train only on the turns the rules give neither kind (the turns the classifier judges in the analysis). */
    residual: { type: 'boolean' },
  },
});
const model = values.model!;
const modelsDir = values['models-dir']!;

const real = await realCases(values.samples!, readLabelSet(path.join(repo, 'test', 'fixtures', 'moment-labels.json')));
const generated = generatedCases(readPhrasings(path.join(repo, 'test', 'fixtures', 'moment-phrasings.json')));
const LEXICAL = values.lexical === undefined ? LEXICAL_BUCKETS : Number(values.lexical);
const rows = trainingRows([...real, ...generated], { maxChars: MAX_CHARS, lexicalBuckets: LEXICAL });
console.log(`${rows.length} training rows (${rows.filter((r) => r.group.startsWith('family:')).length} generated)`);

const texts = [...new Set(rows.map((r) => r.text))];
// In the analysis the classifier only judges turns the rules gave neither kind: its threshold is chosen for
// the rules and the classifier together (out-of-fold), and with --residual it is trained on those turns only.
const left = rows.map((r) => r.rules.correction === 0 && r.rules.preference === 0);
const files = checkModel(model, modelsDir);
const byText = new Map<string, number[]>();
if (values.cache && existsSync(values.cache)) for (const [t, v] of JSON.parse(readFileSync(values.cache, 'utf8')) as [string, number[]][]) byText.set(t, v);
const todo = texts.filter((t) => !byText.has(t));
if (todo.length) {
  const vectors = await embedTexts(todo, { model, modelsDir });
  todo.forEach((t, i) => byText.set(t, Array.from(vectors[i])));
}
await closeEmbedPools();
if (values.cache) writeFileSync(values.cache, JSON.stringify([...byText]));
if (values.l2) TRAIN.l2 = Number(values.l2);
const dim = byText.get(texts[0])!.length;
const x = rows.map((r) => [...byText.get(r.text)!, ...r.context]);
const groups = rows.map((r) => r.group);

const kinds = {} as Record<(typeof CLASSIFIER_KINDS)[number], KindModel>;
const cv: Record<string, unknown> = {};
for (const kind of CLASSIFIER_KINDS) {
  const y = rows.map((r) => r.labels[kind]);
  const use = rows.map((_, i) => !values.residual || left[i]);
  const pick = <T>(a: T[]) => a.filter((_, i) => use[i]);
  const oofUsed = outOfFold(pick(x), pick(y), pick(groups), 5, TRAIN);
  const oof = new Array<number>(rows.length).fill(0);
  let k = 0;
  use.forEach((u, i) => u && (oof[i] = oofUsed[k++]));
  // Combined: the rules' kind stands; the classifier's probability counts only where the rules found neither.
  const combined = rows.map((r, i) => (r.rules[kind] ? 1 : left[i] ? oof[i] : 0));
  const chosen = bestThreshold(combined, y);
  const alone = bestThreshold(oof, y);
  const fitted = trainLogistic(pick(x), pick(y), TRAIN);
  const round = (v: number) => Math.round(v * 1e5) / 1e5;
  kinds[kind] = { bias: round(fitted.bias), weights: fitted.weights.map(round), threshold: chosen.threshold };
  cv[kind] = {
    positives: y.filter((v) => v === 1).length,
    threshold: chosen.threshold,
    combined: { precision: round(chosen.precision), recall: round(chosen.recall) },
    classifierAlone: { threshold: alone.threshold, precision: round(alone.precision), recall: round(alone.recall) },
  };
  console.log(
    `${kind}: ${y.filter((v) => v === 1).length} positives; cross-validated, with the rules, at ${chosen.threshold}: P ${chosen.precision.toFixed(3)} R ${chosen.recall.toFixed(3)}` +
      ` (alone, best at ${alone.threshold}: P ${alone.precision.toFixed(3)} R ${alone.recall.toFixed(3)})`,
  );
}

const weights: ClassifierWeights = {
  version: CLASSIFIER_VERSION,
  model,
  dim,
  lexicalBuckets: LEXICAL,
  context: [...CONTEXT_FEATURES],
  maxChars: MAX_CHARS,
  kinds,
  trained: { dtype: files.dtype, rows: rows.length, residual: Boolean(values.residual), crossValidated: cv, options: TRAIN },
};
const out = path.join(repo, 'electron', 'engine', 'moments', 'classifier-weights.json');
writeFileSync(out, `${JSON.stringify(weights)}\n`);
console.log(`wrote ${out}`);
