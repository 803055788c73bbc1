// Training the moment classifier (classifier.ts): an L2-regularised logistic regression per kind,
// fitted by full-batch gradient descent on standardised features (the standardisation is folded
// back into the weights, so the shipped model reads raw features), and its threshold chosen on
// out-of-fold probabilities of a grouped k-fold cross-validation (a whole session or wording
// family is always on one side), never on held-apart turns.

export interface TrainOptions {
  /** L2 penalty on the (standardised) weights. */
  l2?: number;
  epochs?: number;
  learningRate?: number;
}

export interface LinearModel {
  bias: number;
  weights: number[];
}

/** Fits p(y=1|x) = sigmoid(b + w·x). Positives and negatives weigh the same in total (balanced). */
export function trainLogistic(rows: ArrayLike<number>[], labels: number[], options: TrainOptions = {}): LinearModel {
  const { l2 = 1e-3, epochs = 300, learningRate = 0.5 } = options;
  const n = rows.length;
  const d = rows[0]?.length ?? 0;
  if (n === 0 || d === 0) throw new Error('no training rows');
  const mean = new Float64Array(d);
  const sd = new Float64Array(d);
  for (const r of rows) for (let j = 0; j < d; j++) mean[j] += r[j] / n;
  for (const r of rows) for (let j = 0; j < d; j++) sd[j] += (r[j] - mean[j]) ** 2 / n;
  for (let j = 0; j < d; j++) sd[j] = Math.sqrt(sd[j]) || 1;
  const x = rows.map((r) => {
    const z = new Float64Array(d);
    for (let j = 0; j < d; j++) z[j] = (r[j] - mean[j]) / sd[j];
    return z;
  });
  const pos = labels.filter((y) => y === 1).length;
  const neg = n - pos;
  const weightOf = (y: number) => (y === 1 ? (pos ? n / (2 * pos) : 0) : neg ? n / (2 * neg) : 0);
  const w = new Float64Array(d);
  let b = 0;
  // Adam: converges in a few hundred full-batch steps on a few thousand rows.
  const m = new Float64Array(d + 1);
  const v = new Float64Array(d + 1);
  const g = new Float64Array(d + 1);
  const beta1 = 0.9;
  const beta2 = 0.999;
  const lr = learningRate * 0.1;
  for (let t = 1; t <= epochs; t++) {
    g.fill(0);
    for (let i = 0; i < n; i++) {
      const xi = x[i];
      let z = b;
      for (let j = 0; j < d; j++) z += w[j] * xi[j];
      const p = 1 / (1 + Math.exp(-z));
      const err = (p - labels[i]) * weightOf(labels[i]);
      for (let j = 0; j < d; j++) g[j] += err * xi[j];
      g[d] += err;
    }
    for (let j = 0; j <= d; j++) {
      let grad = g[j] / n;
      if (j < d) grad += l2 * w[j];
      m[j] = beta1 * m[j] + (1 - beta1) * grad;
      v[j] = beta2 * v[j] + (1 - beta2) * grad * grad;
      const step = (lr * (m[j] / (1 - beta1 ** t))) / (Math.sqrt(v[j] / (1 - beta2 ** t)) + 1e-8);
      if (j < d) w[j] -= step;
      else b -= step;
    }
  }
  // Fold the standardisation in: w·(x-mean)/sd + b = (w/sd)·x + (b - Σ w·mean/sd).
  const weights = Array.from(w, (wj, j) => wj / sd[j]);
  let bias = b;
  for (let j = 0; j < d; j++) bias -= (w[j] * mean[j]) / sd[j];
  return { bias, weights };
}

export function predict(model: LinearModel, row: ArrayLike<number>): number {
  let z = model.bias;
  for (let j = 0; j < model.weights.length; j++) z += model.weights[j] * row[j];
  return 1 / (1 + Math.exp(-z));
}

/** Out-of-fold probabilities: rows of one group are always predicted by a model that never saw that group. */
export function outOfFold(rows: ArrayLike<number>[], labels: number[], groups: string[], folds: number, options: TrainOptions = {}): number[] {
  const fold = (g: string) => {
    let h = 2166136261;
    for (let i = 0; i < g.length; i++) h = Math.imul(h ^ g.charCodeAt(i), 16777619);
    return (h >>> 0) % folds;
  };
  const out = new Array<number>(rows.length).fill(0);
  for (let f = 0; f < folds; f++) {
    const trainIdx: number[] = [];
    const testIdx: number[] = [];
    groups.forEach((g, i) => (fold(g) === f ? testIdx : trainIdx).push(i));
    if (!testIdx.length || !trainIdx.some((i) => labels[i] === 1)) continue;
    const model = trainLogistic(
      trainIdx.map((i) => rows[i]),
      trainIdx.map((i) => labels[i]),
      options,
    );
    for (const i of testIdx) out[i] = predict(model, rows[i]);
  }
  return out;
}

/**
 * The threshold with the best F-beta on the given probabilities (beta < 1 weighs precision more);
 * ties go to the higher threshold.
 */
export function bestThreshold(probabilities: number[], labels: number[], beta = 1): { threshold: number; precision: number; recall: number } {
  let best = { threshold: 0.5, precision: 0, recall: 0, f: -1 };
  for (let k = 5; k <= 99; k++) {
    const t = k / 100;
    let tp = 0;
    let fp = 0;
    let fn = 0;
    probabilities.forEach((p, i) => {
      if (p >= t && labels[i] === 1) tp++;
      else if (p >= t) fp++;
      else if (labels[i] === 1) fn++;
    });
    const precision = tp + fp ? tp / (tp + fp) : 1;
    const recall = tp + fn ? tp / (tp + fn) : 1;
    const b2 = beta * beta;
    const f = precision + recall ? ((1 + b2) * precision * recall) / (b2 * precision + recall) : 0;
    if (f >= best.f) best = { threshold: t, precision, recall, f };
  }
  return { threshold: best.threshold, precision: best.precision, recall: best.recall };
}
