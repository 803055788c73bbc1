import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));

/** Result of one measured run in a child process: wall time and the child's own peak RSS. */
export interface Measured {
  seconds: number;
  peakRssMB: number;
  detail: Record<string, unknown>;
}

/**
 * Runs `bench/<script>` in a fresh Node process so its peak RSS is its own, and reads the
 * JSON line it prints last. Children print `{"seconds":..,"detail":{..}}`.
 */
export function measureChild(script: string, args: string[]): Measured {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(BENCH_DIR, script), ...args], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (r.status !== 0) throw new Error(`${script} failed: ${r.stderr}`);
  const last = r.stdout.trim().split('\n').at(-1)!;
  const parsed = JSON.parse(last) as { seconds: number; peakRssMB: number; detail: Record<string, unknown> };
  return parsed;
}

export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

/**
 * Peak resident memory of this process in MB. On Linux it is read from VmHWM, which starts
 * afresh at exec: getrusage's maxRSS survives exec, so a child spawned by a big parent would
 * report the parent's peak.
 */
export function currentPeakRssMB(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024;
}

/** Printed by child scripts as their last line. */
export function report(seconds: number, detail: Record<string, unknown> = {}): void {
  const peakRssMB = currentPeakRssMB();
  process.stdout.write(`${JSON.stringify({ seconds, peakRssMB, detail })}\n`);
}
