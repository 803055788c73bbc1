import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli } from '../../scripts/build-cli.mjs';
import type { Metafile } from 'esbuild';
import { ARTIFACTS } from '../helpers/browser.js';
import { freshBundle } from '../../bin/bundle-fresh.mjs';

/** Packages too heavy for a command that runs at every agent session start. */
const HEAVY = ['onnxruntime-node', '@huggingface/transformers', 'hnswlib-node', 'compromise', '@anthropic-ai/sdk', '@modelcontextprotocol/sdk', 'zod', 'umap-js', 'graphology'];

/** Every file and package a bundle file loads at start: its static imports, followed, never its dynamic ones. */
function staticClosure(outputs: Metafile['outputs'], start: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imp of outputs[file]?.imports ?? []) {
      if (imp.kind !== 'import-statement') continue;
      if (imp.external) seen.add(imp.path.split('/').slice(0, imp.path.startsWith('@') ? 2 : 1).join('/'));
      else visit(path.basename(imp.path));
    }
  };
  visit(start);
  return seen;
}

describe('the prebuilt reverie command', () => {
  let dir: string;
  let outputs: Metafile['outputs'];
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const built = await buildCli({ outdir: path.join(mkdtempSync(path.join(ARTIFACTS, 'cli-')), 'dist-cli'), logLevel: 'error' });
    ({ dir, outputs } = built);
  }, 120_000);
  afterAll(() => rmSync(path.dirname(dir), { recursive: true, force: true }));

  it('starts (--help) and runs the session-start hook without loading any heavy package', () => {
    const atStart = staticClosure(outputs, 'cli.js');
    expect(atStart.has('commander')).toBe(true);
    for (const pkg of HEAVY) expect(atStart.has(pkg), `${pkg} loads at start`).toBe(false);
    const agentChunk = Object.keys(outputs).find((f) => /^part-agent-.*\.js$/.test(f))!;
    expect(agentChunk).toBeDefined();
    const hook = staticClosure(outputs, agentChunk);
    for (const pkg of HEAVY) expect(hook.has(pkg), `${pkg} loads with the agent commands`).toBe(false);
    // The commands that need them still reach them (through their own chunks).
    const all = new Set(Object.values(outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path)));
    expect(all.has('hnswlib-node')).toBe(true);
    expect(all.has('@modelcontextprotocol/sdk/server/stdio.js')).toBe(true);
  });

  it('runs with plain node', () => {
    const help = spawnSync(process.execPath, [path.join(dir, 'cli.js'), '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    for (const command of ['mcp', 'hooks', 'hook']) expect(help.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
  });
});

describe('which reverie bin/reverie.mjs runs', () => {
  it('the bundle only while no source file is newer, and never when asked for the sources', () => {
    const root = mkdtempSync(path.join(ARTIFACTS, 'fresh-'));
    try {
      const file = (p: string, t: number) => {
        mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
        writeFileSync(path.join(root, p), '');
        utimesSync(path.join(root, p), t, t);
      };
      expect(freshBundle(root)).toBeNull();
      file('electron/engine/cli/main.ts', 1_000);
      file('shared/api.ts', 1_000);
      file('dist-cli/cli.js', 2_000);
      expect(freshBundle(root)).toBe(path.join(root, 'dist-cli', 'cli.js'));
      expect(freshBundle(root, { REVERIE_FROM_SOURCE: '1' })).toBeNull();
      file('shared/deep/er/types.ts', 3_000);
      expect(freshBundle(root)).toBeNull();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
