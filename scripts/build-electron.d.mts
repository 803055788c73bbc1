// Types for scripts/build-electron.mjs (imported by tests).
import type { Metafile } from 'esbuild';

export interface BuildEntry {
  in: string;
  out: string;
  format: 'esm' | 'cjs';
}

export const DEFAULT_OUTDIR: string;
export const ENTRIES: readonly BuildEntry[];
export function buildElectron(options?: { outdir?: string; logLevel?: 'silent' | 'error' | 'warning' | 'info' }): Promise<Metafile>;
export function workerBuildOptions(outdir: string): import('esbuild').BuildOptions[];
