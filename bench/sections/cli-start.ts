import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildCli } from '../../scripts/build-cli.mjs';
import { openStore } from '../../electron/engine/store/db.js';
import { seedAgentStore } from '../../test/helpers/agent-store.js';
import { BENCH_DIR } from '../lib.js';
import type { Section } from '../run.js';

/*
 * How fast `reverie` starts, as a hook at every Claude Code session start needs it to: the median
 * wall time of `reverie --help` and of `reverie hook session-start` (on a store with lessons, the
 * scrubbed answer cached, as at every start after the first) as a ratio to a bare `node -e 0`,
 * interleaved run by run so load on the machine hits all alike. Also the first session-start
 * after the lessons changed (cache miss: the scrubber loads) and the TypeScript sources through
 * tsx (what every run cost before the prebuilt bundle).
 */

const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 15);
const BIN = path.join(BENCH_DIR, '..', 'bin', 'reverie.mjs');

function time(args: string[], input?: string, env: NodeJS.ProcessEnv = process.env): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { input, encoding: 'utf8', env });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  return (performance.now() - t0) / 1000;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function cliStartSection(_outDir: string): Promise<Section> {
  await buildCli({ logLevel: 'error' });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'reverie-cli-bench-'));
  try {
    const data = path.join(dir, 'data');
    const db = openStore(data);
    seedAgentStore(db);
    db.close();
    const hookInput = JSON.stringify({ session_id: 'b', cwd: '/work/shop-api', hook_event_name: 'SessionStart', source: 'startup' });
    const hook = [BIN, '--data-dir', data, 'hook', 'session-start'];
    const miss = time(hook, hookInput); // the first answer for these lessons: scrubber loaded, answer cached
    const samples = { node: [] as number[], help: [] as number[], hook: [] as number[] };
    for (let i = 0; i < RUNS; i++) {
      samples.node.push(time(['-e', '0']));
      samples.help.push(time([BIN, '--help']));
      samples.hook.push(time(hook, hookInput));
    }
    const tsx = median([0, 1, 2].map(() => time([BIN, '--help'], undefined, { ...process.env, REVERIE_FROM_SOURCE: '1' })));
    const node = median(samples.node);
    const figures = {
      nodeSeconds: node,
      helpRatio: median(samples.help) / node,
      sessionStartRatio: median(samples.hook) / node,
      sessionStartFirstRatio: miss / node,
      helpFromSourcesRatio: tsx / node,
    };
    const row = (what: string, seconds: number) => `| ${what} | ${(seconds * 1000).toFixed(0)} ms | ${(seconds / node).toFixed(1)}x |`;
    const body = [
      `Median of ${RUNS} runs each, interleaved, as a ratio to a bare \`node -e 0\` in the same run. Goal: \`--help\` and`,
      '`hook session-start` within 6x.',
      '',
      '| command | median | ratio to `node -e 0` |',
      '|---|---|---|',
      row('`node -e 0` (baseline)', node),
      row('`reverie --help` (prebuilt bundle)', median(samples.help)),
      row('`reverie hook session-start` (3 lessons in scope, answer cached)', median(samples.hook)),
      row('`reverie hook session-start`, first after the lessons changed (scrubber loads)', miss),
      row('`reverie --help` from the TypeScript sources through tsx (before)', tsx),
    ].join('\n');
    return { title: 'CLI start-up (hooks, --help)', body, figures };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
