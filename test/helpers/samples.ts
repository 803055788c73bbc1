import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * `../shared` beside the checkout: real third-party samples, models and datasets (never copied in).
 * REVERIE_SHARED_DIR points elsewhere; a folder that is not there shows what runs on a bare clone.
 */
export const SHARED_DIR = process.env.REVERIE_SHARED_DIR ? path.resolve(process.env.REVERIE_SHARED_DIR) : path.resolve(repo, '..', 'shared');
export const SAMPLES_DIR = path.join(SHARED_DIR, 'samples');
export const MODELS_DIR = path.join(SHARED_DIR, 'models');
export const DATASETS_DIR = path.join(SHARED_DIR, 'datasets');
export const REPO_DIR = repo;

/**
 * True when ../shared is present. On CI its absence is a failure, not a skip:
 * the integration tests on real samples must always run there.
 */
export function haveShared(): boolean {
  const present = existsSync(SAMPLES_DIR);
  if (!present && process.env.CI) {
    throw new Error(`CI is set but ${SHARED_DIR} is missing: the real samples are required on CI`);
  }
  return present;
}

export function sample(...parts: string[]): string {
  return path.join(SAMPLES_DIR, ...parts);
}
