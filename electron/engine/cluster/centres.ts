/*
 * Cluster centres and how close each member is to its centre (the representativeness score).
 */

/** Unit-length mean of each cluster's vectors. */
export function clusterCentres(vectors: readonly ArrayLike<number>[], labels: readonly number[], count: number): Float64Array[] {
  const dim = vectors.length ? vectors[0].length : 0;
  const centres = Array.from({ length: count }, () => new Float64Array(dim));
  labels.forEach((c, i) => {
    if (c < 0) return;
    const v = vectors[i];
    const centre = centres[c];
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += v[d] * v[d];
    norm = Math.sqrt(norm) || 1;
    for (let d = 0; d < dim; d++) centre[d] += v[d] / norm;
  });
  for (const centre of centres) {
    let norm = 0;
    for (const x of centre) norm += x * x;
    norm = Math.sqrt(norm) || 1;
    for (let d = 0; d < dim; d++) centre[d] /= norm;
  }
  return centres;
}

/** Cosine similarity of each point to its cluster's centre; 0 for noise. */
export function centreSimilarities(vectors: readonly ArrayLike<number>[], labels: readonly number[], count: number): number[] {
  const centres = clusterCentres(vectors, labels, count);
  return labels.map((c, i) => {
    if (c < 0) return 0;
    const v = vectors[i];
    const centre = centres[c];
    let dot = 0;
    let norm = 0;
    for (let d = 0; d < centre.length; d++) {
      dot += v[d] * centre[d];
      norm += v[d] * v[d];
    }
    return norm > 0 ? dot / Math.sqrt(norm) : 0;
  });
}

