import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeEmbedPools, embedTexts } from '../../electron/engine/embed/embed-texts.js';
import {
  checkModel,
  DEFAULT_MODEL,
  ModelError,
  repoDir,
  resolveModelId,
  resolveModelsDir,
} from '../../electron/engine/embed/model-config.js';
import { tempDir } from '../helpers/fixtures.js';
import { haveShared, MODELS_DIR, REPO_DIR } from '../helpers/samples.js';

const MODEL = 'energetic-ai/use-lite-en';

afterAll(() => closeEmbedPools());

/** The three JSON files a model needs, valid as far as checkModel looks. */
const JSON_OK = { 'config.json': '{}', 'tokenizer.json': '{}', 'tokenizer_config.json': '{}' };

/** A model folder in a temp models dir, with the given files (content or a real file to copy). */
function fakeModel(files: Record<string, string | { copy: string }>, model = 'acme/tiny'): { modelsDir: string; cleanup: () => void } {
  const { dir, cleanup } = tempDir('reverie-models-');
  for (const [name, content] of Object.entries(files)) {
    const target = path.join(dir, model, name);
    mkdirSync(path.dirname(target), { recursive: true });
    if (typeof content === 'string') writeFileSync(target, content);
    else copyFileSync(content.copy, target);
  }
  return { modelsDir: dir, cleanup };
}

describe('model id and models folder resolution', () => {
  it('takes the explicit value, then the environment, then the setting, then the default', () => {
    const env = { REVERIE_MODEL: 'env/model' };
    expect(resolveModelId({ model: 'cli/model', env, settings: { model: 'set/model' } })).toBe('cli/model');
    expect(resolveModelId({ env, settings: { model: 'set/model' } })).toBe('env/model');
    expect(resolveModelId({ env: {}, settings: { model: 'set/model' } })).toBe('set/model');
    // Empty strings (the settings file's "unset") fall through.
    expect(resolveModelId({ model: '', env: { REVERIE_MODEL: '' }, settings: { model: '' } })).toBe(DEFAULT_MODEL);
  });

  it('resolves the models folder in the documented order', () => {
    const env = { REVERIE_MODELS_DIR: '/env/models' };
    expect(resolveModelsDir({ modelsDir: '/cli/models', env, settings: { modelsDir: '/set/models' } })).toBe(path.resolve('/cli/models'));
    expect(resolveModelsDir({ env, settings: { modelsDir: '/set/models' } })).toBe(path.resolve('/env/models'));
    expect(resolveModelsDir({ env: {}, settings: { modelsDir: '/set/models' } })).toBe(path.resolve('/set/models'));
    // Nothing chosen: <repo>/models when `npm run fetch-model` made it, else <dataDir>/models
    // (outside Electron there is no resources folder).
    const fallback = resolveModelsDir({ env: {}, dataDir: '/data' });
    expect([path.join(REPO_DIR, 'models'), path.resolve('/data/models')]).toContain(fallback);
  });

  it('finds the checkout it runs from', () => {
    expect(repoDir()).toBe(REPO_DIR);
  });
});

describe('checkModel: a missing or broken model is a clear error', () => {
  const expectFix = (fn: () => unknown, ...parts: (string | RegExp)[]) => {
    let err: unknown;
    try {
      fn();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ModelError);
    const msg = (err as Error).message;
    // Every message says how to fix it.
    expect(msg).toContain('npm run fetch-model');
    expect(msg).toContain('in the app: Settings → Models folder');
    expect(msg).toContain('REVERIE_MODELS_DIR');
    for (const p of parts) expect(msg).toMatch(p);
  };

  it('names a models folder that does not exist', () => {
    expectFix(() => checkModel(MODEL, '/nonexistent/models'), '/nonexistent/models', 'does not exist');
  });

  it('names the missing model folder and the missing files', () => {
    const { modelsDir, cleanup } = fakeModel({ 'config.json': '{}' });
    try {
      expectFix(() => checkModel('other/model', modelsDir), path.join(modelsDir, 'other/model'));
      expectFix(() => checkModel('acme/tiny', modelsDir), 'incomplete', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx');
    } finally {
      cleanup();
    }
  });

  it('recognises a Git LFS pointer, an HTML page and broken JSON', () => {
    const lfs = fakeModel({
      ...JSON_OK,
      'onnx/model_quantized.onnx': `version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 23000000\n${' '.repeat(1100)}`,
    });
    const html = fakeModel({ ...JSON_OK, 'onnx/model.onnx': `<!DOCTYPE html><html>${'x'.repeat(2000)}` });
    const json = fakeModel({ ...JSON_OK, 'config.json': '{"model_type": ', 'onnx/model.onnx': 'x'.repeat(2000) });
    try {
      expectFix(() => checkModel('acme/tiny', lfs.modelsDir), 'Git LFS pointer');
      expectFix(() => checkModel('acme/tiny', html.modelsDir), 'HTML');
      expectFix(() => checkModel('acme/tiny', json.modelsDir), 'config.json is not valid JSON');
    } finally {
      lfs.cleanup();
      html.cleanup();
      json.cleanup();
    }
  });

  it('rejects ids that would leave the models folder', () => {
    expectFix(() => checkModel('../etc', '/tmp'), 'not a model id');
  });

  it('prefers the quantised onnx file and falls back to full precision', () => {
    const both = fakeModel({ ...JSON_OK, 'onnx/model.onnx': 'x'.repeat(2000), 'onnx/model_quantized.onnx': 'x'.repeat(2000) });
    const fp32 = fakeModel({ ...JSON_OK, 'onnx/model.onnx': 'x'.repeat(2000) });
    try {
      expect(checkModel('acme/tiny', both.modelsDir)).toMatchObject({ dtype: 'q8', onnxFile: path.join(both.modelsDir, 'acme/tiny/onnx/model_quantized.onnx') });
      expect(checkModel('acme/tiny', fp32.modelsDir)).toMatchObject({ dtype: 'fp32' });
    } finally {
      both.cleanup();
      fp32.cleanup();
    }
  });
});

describe.runIf(haveShared())('a model that passes the checks but will not load', () => {
  const real = path.join(MODELS_DIR, MODEL);
  // The real config and tokenizer, with the real onnx file cut in half (an interrupted download).
  const truncated = () => {
    const m = fakeModel(Object.fromEntries(['config.json', 'tokenizer.json', 'tokenizer_config.json'].map((f) => [f, { copy: path.join(real, f) }])));
    const onnx = readFileSync(path.join(real, 'onnx/model_quantized.onnx'));
    mkdirSync(path.join(m.modelsDir, 'acme/tiny/onnx'));
    writeFileSync(path.join(m.modelsDir, 'acme/tiny/onnx/model_quantized.onnx'), onnx.subarray(0, onnx.length >> 1));
    return m;
  };

  it('fails with a ModelError naming the folder, in the worker pool and in-process', async () => {
    const m = truncated();
    try {
      for (const inProcess of [false, true]) {
        const err = await embedTexts(['hello'], { model: 'acme/tiny', modelsDir: m.modelsDir, inProcess }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(Error);
        expect((err as Error).name).toBe('ModelError');
        expect((err as Error).message).toContain(path.join(m.modelsDir, 'acme/tiny'));
        expect((err as Error).message).toContain('npm run fetch-model');
        // One line, not a stack dump from onnxruntime.
        expect((err as Error).message).not.toContain('\n');
      }
    } finally {
      m.cleanup();
    }
  });

  it('works once the model is whole again (the failed worker is not reused)', async () => {
    const m = truncated();
    try {
      await expect(embedTexts(['hello'], { model: 'acme/tiny', modelsDir: m.modelsDir, workers: 1 })).rejects.toThrow(/could not load/);
      copyFileSync(path.join(real, 'onnx/model_quantized.onnx'), path.join(m.modelsDir, 'acme/tiny/onnx/model_quantized.onnx'));
      const [v] = await embedTexts(['hello'], { model: 'acme/tiny', modelsDir: m.modelsDir, workers: 1 });
      expect(v.length).toBeGreaterThan(0);
    } finally {
      m.cleanup();
    }
  });

});
