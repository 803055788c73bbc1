import { existsSync, openSync, readFileSync, readSync, closeSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundledModelsDir } from '../config/paths.js';
import { errorMessage } from '../base/errors.js';
import { HASH_NGRAM_MODEL, isBuiltinModel } from './hash-ngram.js';

/*
 * Which embedding model to use and where its files live. Models are in the transformers.js
 * layout: `<modelsDir>/<model id>/{config.json, tokenizer.json, onnx/model_quantized.onnx}`.
 * Nothing is ever fetched at run time (the app works offline): a missing model is an error
 * that says how to get it.
 */

/** For users: small (23 MB quantised), 384-d, good general-purpose sentence vectors. */
export const DEFAULT_MODEL = 'Xenova/all-MiniLM-L6-v2';

/** Quantised weights first (4x smaller, about 2x faster on CPU), full precision as the fallback. */
const ONNX_CANDIDATES = [
  { file: 'onnx/model_quantized.onnx', dtype: 'q8' },
  { file: 'onnx/model.onnx', dtype: 'fp32' },
] as const;

/** transformers.js quietly loads no tokenizer when tokenizer_config.json is absent, so it is required too. */
const JSON_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json'];

export type ModelDtype = (typeof ONNX_CANDIDATES)[number]['dtype'];

/** A model that passed `checkModel`: everything a loader needs. */
export interface ModelFiles {
  model: string;
  modelsDir: string;
  /** `<modelsDir>/<model>` */
  dir: string;
  /** transformers.js `dtype`, which picks the onnx file. */
  dtype: ModelDtype;
  onnxFile: string;
}

/** A missing, incomplete or unreadable model. The message names the folder and the fix. */
export class ModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelError';
  }
}

export function howToFix(model: string): string {
  return (
    // The app's own way first: a desktop user has no command line (the packaged app bundles the model).
    `To fix: set the models folder (in the app: Settings → Models folder; on the command line: --models-dir or ` +
    `REVERIE_MODELS_DIR) to a folder holding ${model}/config.json, tokenizer.json, tokenizer_config.json and ` +
    `onnx/model_quantized.onnx. In a checkout, \`npm run fetch-model\` downloads the default model (${DEFAULT_MODEL}) ` +
    `into <repo>/models once. ` +
    `Tests and benchmarks here use ../shared/models with --model energetic-ai/use-lite-en.`
  );
}

// ---- resolution ----

export interface EmbedConfigInput {
  /** From the command line (`--model`, `--models-dir`) or the caller; wins over everything. */
  model?: string;
  modelsDir?: string;
  /** The user's settings (`settings.json`); empty strings mean "not set". */
  settings?: { model?: string; modelsDir?: string };
  /** Where `<dataDir>/models` is looked for last. */
  dataDir?: string;
  env?: NodeJS.ProcessEnv;
}

export interface EmbedConfig {
  model: string;
  modelsDir: string;
}

const nonEmpty = (s: string | undefined): string | undefined => (s && s.trim() ? s.trim() : undefined);

/** Model id: explicit, then env REVERIE_MODEL, then the setting, then DEFAULT_MODEL. */
export function resolveModelId(input: EmbedConfigInput = {}): string {
  const env = input.env ?? process.env;
  return nonEmpty(input.model) ?? nonEmpty(env.REVERIE_MODEL) ?? nonEmpty(input.settings?.model) ?? DEFAULT_MODEL;
}

let repoDirMemo: string | null | undefined;

/**
 * The checkout this file belongs to (the nearest folder up with Reverie's package.json), or
 * null when running from a packaged or bundled app. `npm run fetch-model` writes `<repo>/models`.
 */
export function repoDir(): string | null {
  if (repoDirMemo !== undefined) return repoDirMemo;
  repoDirMemo = null;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'reverie') repoDirMemo = dir;
      } catch {
        // not ours; keep looking
      }
      if (repoDirMemo) break;
    }
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return repoDirMemo;
}

/**
 * Models folder: explicit, then env REVERIE_MODELS_DIR, then the setting, then `<repo>/models`
 * when it exists (a checkout after `npm run fetch-model`), then `<resources>/models` in the
 * packaged app (which ships the default model), then `<dataDir>/models`.
 */
export function resolveModelsDir(input: EmbedConfigInput = {}): string {
  const env = input.env ?? process.env;
  const chosen = nonEmpty(input.modelsDir) ?? nonEmpty(env.REVERIE_MODELS_DIR) ?? nonEmpty(input.settings?.modelsDir);
  if (chosen) return path.resolve(chosen);
  const repo = repoDir();
  if (repo && existsSync(path.join(repo, 'models'))) return path.join(repo, 'models');
  // Only the packaged app has a resources folder of its own (config/paths.ts).
  const bundled = bundledModelsDir();
  if (bundled) return bundled;
  if (input.dataDir) return path.join(path.resolve(input.dataDir), 'models');
  return path.join(repo ?? process.cwd(), 'models');
}

export function resolveEmbedConfig(input: EmbedConfigInput = {}): EmbedConfig {
  return { model: resolveModelId(input), modelsDir: resolveModelsDir(input) };
}

// ---- checking ----

function readHead(file: string, bytes: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/**
 * Verifies that the model's files are there and plausibly whole, without loading it (cheap,
 * so every embedding run does it first). Catches the usual breakages with a clear message:
 * no folder, a missing file, a Git LFS pointer or an HTML error page saved instead of the
 * weights, an empty file, an unparsable config. A model that passes but still fails to load
 * (a truncated onnx file) is reported by the loader with the same advice.
 */
export function checkModel(model: string, modelsDir: string): ModelFiles {
  const root = path.resolve(modelsDir);
  const fix = howToFix(model);
  if (!model.trim() || model.split(/[\\/]/).includes('..')) {
    throw new ModelError(`"${model}" is not a model id (expected a name like ${DEFAULT_MODEL}). ${fix}`);
  }
  if (!existsSync(root)) throw new ModelError(`the models folder ${root} does not exist. ${fix}`);
  const dir = path.join(root, model);
  if (!existsSync(dir)) {
    throw new ModelError(`embedding model "${model}" is not in the models folder ${root} (no ${dir}). ${fix}`);
  }
  const onnx = ONNX_CANDIDATES.find((c) => existsSync(path.join(dir, c.file)));
  const missing = JSON_FILES.filter((f) => !existsSync(path.join(dir, f)));
  if (!onnx) missing.push(ONNX_CANDIDATES.map((c) => c.file).join(' (or ') + ')');
  if (missing.length || !onnx) {
    throw new ModelError(`embedding model "${model}" in ${dir} is incomplete: missing ${missing.join(', ')}. ${fix}`);
  }
  for (const f of JSON_FILES) {
    try {
      JSON.parse(readFileSync(path.join(dir, f), 'utf8'));
    } catch {
      throw new ModelError(`embedding model "${model}": ${path.join(dir, f)} is not valid JSON (corrupt or incomplete download). ${fix}`);
    }
  }
  const onnxFile = path.join(dir, onnx.file);
  const head = readHead(onnxFile, 64).toString('latin1');
  let problem: string | null = null;
  if (statSync(onnxFile).size < 1024) problem = 'is too small to be a model';
  if (head.startsWith('version https://git-lfs')) problem = 'is a Git LFS pointer, not the weights (run `git lfs pull` there)';
  if (/^\s*</.test(head)) problem = 'is an HTML or XML page, not an onnx model';
  if (problem) throw new ModelError(`embedding model "${model}": ${onnxFile} ${problem}. ${fix}`);
  return { model, modelsDir: root, dir, dtype: onnx.dtype, onnxFile };
}

/** Wraps a loader failure (onnxruntime, tokenizer) into a ModelError with the same advice. */
export function loadFailure(files: Pick<ModelFiles, 'model' | 'dir'>, cause: unknown): ModelError {
  const reason = errorMessage(cause)
    .split('\n')[0]
    .slice(0, 300)
    .replace(/[.\s]+$/, '');
  return new ModelError(
    `could not load embedding model "${files.model}" from ${files.dir}: ${reason}. ` +
      `Its files may be corrupt or from an incomplete download: delete the folder and get it again. ${howToFix(files.model)}`,
  );
}

/**
 * Throws ModelError unless `model` can embed: a built-in model that exists, or model files that
 * pass `checkModel`. What callers that only need a yes or no use (the demo, the agent hook).
 */
export function assertModelUsable(model: string, modelsDir: string): void {
  if (!isBuiltinModel(model)) {
    checkModel(model, modelsDir);
    return;
  }
  if (model !== HASH_NGRAM_MODEL) throw new ModelError(`there is no built-in model "${model}": the one built in is ${HASH_NGRAM_MODEL} (a test model). ${howToFix(model)}`);
}
