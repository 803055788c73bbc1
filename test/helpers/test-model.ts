import os from 'node:os';
import path from 'node:path';
import { HASH_NGRAM_MODEL } from '../../electron/engine/embed/hash-ngram.js';

/*
 * The built-in deterministic test model (engine embed/hash-ngram.ts): tests of the plumbing (the
 * API, the CLI, the job worker, the privacy layers) embed with it, so they run on a clone without
 * ../shared. Tests of what a real model finds stay on ../shared/models (haveShared()).
 */
export const TEST_MODEL = HASH_NGRAM_MODEL;
/** A built-in model reads no folder: one that does not exist proves it. */
export const NO_MODELS_DIR = path.join(os.tmpdir(), 'reverie-no-models-here');
export const TEST_EMBED = { model: TEST_MODEL, modelsDir: NO_MODELS_DIR };
/** The same as CLI options. */
export const TEST_MODEL_ARGS = ['--models-dir', NO_MODELS_DIR, '--model', TEST_MODEL];
