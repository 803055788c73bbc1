// Types for scripts/build-cli.mjs (imported by tests and the benchmark).
export const CLI_OUTDIR: string;
export function buildCli(options?: { outdir?: string; logLevel?: 'silent' | 'error' | 'warning' | 'info' }): Promise<string>;
