import { spawn, spawnSync } from 'node:child_process';
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

/**
 * The same, without blocking this process: needed when the command talks to a server the
 * test itself runs (a fake Claude API), which a synchronous spawn would starve.
 */
export function reverieAsync(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO_DIR, 'bin', 'reverie.mjs'), ...args], {
      cwd: REPO_DIR,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
