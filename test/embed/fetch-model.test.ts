import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/fixtures.js';
import { REPO_DIR } from '../helpers/samples.js';

/*
 * scripts/fetch-model.mjs against a local stand-in for the Hugging Face hub (HF_ENDPOINT), since
 * the real hub is unreachable here.
 */

const SCRIPT = path.join(REPO_DIR, 'scripts', 'fetch-model.mjs');
const FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx'];
const body = (file: string): Buffer => (file.endsWith('.json') ? Buffer.from(`{"file": "${file}"}`) : Buffer.alloc(300_000, 7));

let server: Server;
let endpoint: string;
const requests: string[] = [];
/** Files the fake hub cuts off mid-body (a dropped connection). */
const broken = new Set<string>();

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url!);
    const m = /^\/Xenova\/all-MiniLM-L6-v2\/resolve\/main\/(.+)$/.exec(req.url!);
    if (!m || !FILES.includes(m[1])) return void res.writeHead(404).end('not found');
    const data = body(m[1]);
    res.writeHead(200, { 'content-length': data.length });
    if (broken.has(m[1])) {
      res.write(data.subarray(0, data.length / 2));
      res.destroy();
    } else res.end(data);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

// Asynchronous: the fake hub runs in this process and must keep serving.
function fetchModel(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SCRIPT, ...args], { env: { ...process.env, HF_ENDPOINT: endpoint } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('npm run fetch-model', () => {
  it('plans the four files of the default model under <repo>/models', async () => {
    const r = await fetchModel(['--dry-run']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(4);
    for (const [i, f] of FILES.entries()) {
      expect(lines[i]).toContain(`${endpoint}/Xenova/all-MiniLM-L6-v2/resolve/main/${f}`);
      expect(lines[i]).toContain(path.join(REPO_DIR, 'models', 'Xenova', 'all-MiniLM-L6-v2', f));
    }
  });

  it('downloads every file into place, and skips the ones already there', async () => {
    const { dir, cleanup } = tempDir();
    try {
      requests.length = 0;
      const r = await fetchModel(['--models-dir', dir]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const modelDir = path.join(dir, 'Xenova', 'all-MiniLM-L6-v2');
      for (const f of FILES) expect(readFileSync(path.join(modelDir, f))).toEqual(body(f));
      expect(requests).toHaveLength(4);

      requests.length = 0;
      const again = await fetchModel(['--models-dir', dir]);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('already');
      expect(requests).toEqual([]);
    } finally {
      cleanup();
    }
  });

  it('leaves no partial file when a download breaks off, and says to run it again', async () => {
    const { dir, cleanup } = tempDir();
    broken.add('onnx/model_quantized.onnx');
    try {
      const r = await fetchModel(['--models-dir', dir]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('model_quantized.onnx');
      expect(r.stderr).toContain('npm run fetch-model');
      const onnxDir = path.join(dir, 'Xenova', 'all-MiniLM-L6-v2', 'onnx');
      expect(existsSync(onnxDir) ? readdirSync(onnxDir) : []).toEqual([]);
      // The files that did complete are kept.
      expect(existsSync(path.join(dir, 'Xenova', 'all-MiniLM-L6-v2', 'tokenizer.json'))).toBe(true);

      broken.clear();
      const retry = await fetchModel(['--models-dir', dir]);
      expect(retry.code).toBe(0);
      expect(readFileSync(path.join(onnxDir, 'model_quantized.onnx')).length).toBe(300_000);
    } finally {
      broken.clear();
      cleanup();
    }
  });
});
