import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO_DIR } from './samples.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `reverie` command (bin/reverie.mjs) as a user would, in a child process. */
export function reverie(args: string[], env: Record<string, string> = {}, input?: string): CliRun {
  const r = spawnSync(process.execPath, [path.join(REPO_DIR, 'bin', 'reverie.mjs'), ...args], {
    cwd: REPO_DIR,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    input,
    timeout: 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
