/*
 * How a job's texts are cut into model batches. A batch is padded to its longest text, so
 * texts of similar length go together (sorted by length, longest first: the slow batches
 * start early and the last ones to finish are short). Results go back to input order.
 */

/**
 * Texts are cut at this many characters before tokenising. Models read at most a few hundred
 * tokens (the tokenizer truncates), which never take this many characters in practice, while
 * tokenising a pasted 1 MB log just to throw most of it away would stall a batch.
 */
export const MAX_TEXT_CHARS = 16_384;

export function clip(text: string): string {
  return text.length > MAX_TEXT_CHARS ? text.slice(0, MAX_TEXT_CHARS) : text;
}

/** Indices into `texts`, grouped into batches of at most `batchSize`, longest texts first. */
export function planBatches(texts: readonly string[], batchSize: number): number[][] {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batch size must be a positive integer, got ${batchSize}`);
  const order = texts.map((_, i) => i);
  order.sort((a, b) => Math.min(texts[b].length, MAX_TEXT_CHARS) - Math.min(texts[a].length, MAX_TEXT_CHARS) || a - b);
  const batches: number[][] = [];
  for (let i = 0; i < order.length; i += batchSize) batches.push(order.slice(i, i + batchSize));
  return batches;
}

export const DEFAULT_BATCH_SIZE = 32;
