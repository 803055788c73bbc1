// Types for scripts/build-cli.mjs (imported by tests and the benchmark).
import type { Metafile } from 'esbuild';

export const CLI_OUTDIR: string;
/** Builds the CLI into `outdir`; `outputs` are esbuild's metafile outputs keyed by their path inside it. */
export function buildCli(options?: {
  outdir?: string;
  logLevel?: 'silent' | 'error' | 'warning' | 'info';
}): Promise<{ dir: string; outputs: Metafile['outputs'] }>;
