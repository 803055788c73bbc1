import { env, pipeline, type FeatureExtractionPipeline } from '@huggingface/transformers';

/*
 * First, in-process version of the embedder: the worker pool, the cache and the model
 * resolution build on it. Signature is what the rest of the engine calls.
 */

export interface EmbedOptions {
  /** Model id in transformers.js layout under `modelsDir`, e.g. `energetic-ai/use-lite-en`. */
  model: string;
  modelsDir: string;
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

const loaded = new Map<string, Promise<FeatureExtractionPipeline>>();

function load(model: string, modelsDir: string): Promise<FeatureExtractionPipeline> {
  const key = `${modelsDir}\u0000${model}`;
  let p = loaded.get(key);
  if (!p) {
    env.localModelPath = modelsDir.endsWith('/') ? modelsDir : `${modelsDir}/`;
    env.allowRemoteModels = false;
    p = pipeline('feature-extraction', model, { dtype: 'q8' }) as Promise<FeatureExtractionPipeline>;
    loaded.set(key, p);
  }
  return p;
}

/** L2-normalised sentence vectors (mean pooling), one per text, in input order. */
export async function embedTexts(texts: string[], options: EmbedOptions): Promise<Float32Array[]> {
  const extractor = await load(options.model, options.modelsDir);
  const batch = options.batchSize ?? 32;
  const out: Float32Array[] = [];
  for (let i = 0; i < texts.length; i += batch) {
    if (options.signal?.aborted) throw new Error('cancelled');
    const slice = texts.slice(i, i + batch);
    const tensor = await extractor(slice, { pooling: 'mean', normalize: true });
    const dim = tensor.dims[1];
    const data = tensor.data as Float32Array;
    for (let j = 0; j < slice.length; j++) out.push(data.slice(j * dim, (j + 1) * dim));
    options.onProgress?.(out.length, texts.length);
  }
  return out;
}
