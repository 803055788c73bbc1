import { env, pipeline, type FeatureExtractionPipeline, type Tensor } from '@huggingface/transformers';
import { loadFailure, type ModelFiles } from './model-config.js';
import { meanPoolNormalize } from './pooling.js';

/*
 * One loaded model in the current thread: transformers.js tokenises and runs the onnx
 * session; pooling is ours (see pooling.ts). Used by each pool worker, and in-process.
 */

export interface EmbeddedBatch {
  /** `count * dim` floats, L2-normalised rows in input order. */
  vectors: Float32Array;
  dim: number;
}

export interface Embedder {
  embed(texts: string[]): Promise<EmbeddedBatch>;
  dispose(): Promise<void>;
}

export interface EmbedderOptions {
  /** onnxruntime intra-op threads; unset: onnxruntime's default (one per core). */
  threads?: number;
}

// transformers.js reads its file locations from a global `env` at several awaits during a
// load, so loads in one thread run one at a time.
let loading: Promise<unknown> = Promise.resolve();

export function loadEmbedder(files: ModelFiles, options: EmbedderOptions = {}): Promise<Embedder> {
  const load = async (): Promise<Embedder> => {
    env.allowLocalModels = true;
    env.allowRemoteModels = false;
    env.localModelPath = files.modelsDir.endsWith('/') ? files.modelsDir : `${files.modelsDir}/`;
    // Each embedding worker is one onnxruntime session; inter-op parallelism only helps
    // graphs with independent branches, which sentence encoders do not have.
    const session_options = options.threads ? { intraOpNumThreads: options.threads, interOpNumThreads: 1 } : {};
    let extractor: FeatureExtractionPipeline;
    try {
      extractor = (await pipeline('feature-extraction', files.model, {
        dtype: files.dtype,
        session_options,
      })) as FeatureExtractionPipeline;
    } catch (err) {
      throw loadFailure(files, err);
    }
    if (typeof extractor.tokenizer !== 'function') throw loadFailure(files, 'no tokenizer could be built from its files');
    return {
      async embed(texts: string[]): Promise<EmbeddedBatch> {
        if (texts.length === 0) return { vectors: new Float32Array(0), dim: 0 };
        // The same tokenisation and model call as the feature-extraction pipeline.
        const inputs = extractor.tokenizer(texts, { padding: true, truncation: true }) as {
          attention_mask: Tensor;
        };
        const outputs = (await extractor.model(inputs)) as Record<string, Tensor | undefined>;
        const hidden = outputs.last_hidden_state ?? outputs.logits ?? outputs.token_embeddings;
        if (!hidden || hidden.dims.length !== 3) {
          throw new Error(`embedding model "${files.model}" gave no token embeddings (outputs: ${Object.keys(outputs).join(', ')})`);
        }
        const vectors = meanPoolNormalize(hidden.data as Float32Array, hidden.dims, inputs.attention_mask.data as BigInt64Array);
        return { vectors, dim: hidden.dims[2] };
      },
      async dispose(): Promise<void> {
        await extractor.dispose();
      },
    };
  };
  const result = loading.then(load, load);
  loading = result.catch(() => undefined);
  return result;
}

/** Splits a flat `count * dim` array into one vector per text (each its own buffer). */
export function splitRows(batch: EmbeddedBatch): Float32Array[] {
  const rows: Float32Array[] = [];
  for (let i = 0; i < batch.vectors.length; i += batch.dim) rows.push(batch.vectors.slice(i, i + batch.dim));
  return rows;
}
