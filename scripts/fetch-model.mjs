#!/usr/bin/env node
// `npm run fetch-model`: downloads the default embedding model once, from the Hugging Face hub,
// into <repo>/models/ (where Reverie looks first in a checkout). After that, nothing needs the
// network. Files already present are kept. Options: --models-dir DIR, --dry-run (print the plan).
// Env HF_ENDPOINT points at a hub mirror.
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const MODEL = 'Xenova/all-MiniLM-L6-v2';
/** What transformers.js reads for a quantised feature-extraction model. */
export const MODEL_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx'];

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_MODELS_DIR = path.join(REPO, 'models');

/** Every file to get: where from, where to. */
export function plan({ modelsDir = DEFAULT_MODELS_DIR, endpoint = 'https://huggingface.co', model = MODEL } = {}) {
  return MODEL_FILES.map((file) => ({
    file,
    url: `${endpoint.replace(/\/+$/, '')}/${model}/resolve/main/${file}`,
    target: path.join(path.resolve(modelsDir), ...model.split('/'), ...file.split('/')),
  }));
}

const mb = (n) => `${(n / 1e6).toFixed(1)} MB`;

/**
 * Downloads one file to `<target>.part`, renamed into place only once complete: a broken
 * connection never leaves a truncated file that looks whole.
 */
async function download({ file, url, target }) {
  let res;
  try {
    res = await fetch(url, { redirect: 'follow' });
  } catch (err) {
    throw new Error(`${url}: ${err.message}${err.cause ? ` (${err.cause.code ?? err.cause.message})` : ''}`);
  }
  if (!res.ok || !res.body) throw new Error(`${url}: HTTP ${res.status} ${res.statusText}`);
  const expected = Number(res.headers.get('content-length') ?? NaN);
  const part = `${target}.part`;
  mkdirSync(path.dirname(target), { recursive: true });
  let got = 0;
  let shown = 0;
  const body = Readable.fromWeb(res.body);
  body.on('data', (chunk) => {
    got += chunk.length;
    if (process.stdout.isTTY && (got - shown > 256 * 1024 || got === expected)) {
      shown = got;
      process.stdout.write(`\r  ${file}  ${mb(got)}${Number.isFinite(expected) ? ` / ${mb(expected)}` : ''}   `);
    }
  });
  try {
    await pipeline(body, createWriteStream(part));
  } catch (err) {
    rmSync(part, { force: true });
    throw new Error(`${url}: download interrupted (${err.message})`);
  }
  if (Number.isFinite(expected) && got !== expected) {
    rmSync(part, { force: true });
    throw new Error(`${url}: got ${got} bytes of ${expected}; run again`);
  }
  renameSync(part, target);
  process.stdout.write(`${process.stdout.isTTY ? '\r' : ''}  ${file}  ${mb(got)}  done\n`);
}

export async function main(argv) {
  const at = argv.indexOf('--models-dir');
  if (at !== -1 && !argv[at + 1]) throw new Error('--models-dir needs a folder');
  const modelsDir = path.resolve(at !== -1 ? argv[at + 1] : DEFAULT_MODELS_DIR);
  const dir = path.join(modelsDir, ...MODEL.split('/'));
  const steps = plan({ modelsDir, endpoint: process.env.HF_ENDPOINT || undefined });
  const todo = steps.filter((s) => !(existsSync(s.target) && statSync(s.target).size > 0));
  if (argv.includes('--dry-run')) {
    for (const s of steps) console.log(`${todo.includes(s) ? 'get ' : 'have'} ${s.url} -> ${s.target}`);
    return;
  }
  if (todo.length === 0) {
    console.log(`${MODEL} is already in ${dir}`);
    return;
  }
  console.log(`Downloading ${MODEL} into ${dir}`);
  for (const s of todo) await download(s);
  const hint = modelsDir === DEFAULT_MODELS_DIR ? 'Reverie finds it there by default.' : `Use it with --models-dir ${modelsDir}.`;
  console.log(`Done. ${hint}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((err) => {
    console.error(`fetch-model: ${err.message}`);
    console.error('Check the internet connection (or HF_ENDPOINT), then run `npm run fetch-model` again; finished files are kept.');
    process.exit(1);
  });
}
