// Types for scripts/build-electron-natives.mjs (imported by tests).
export type NativeRuntime = 'electron' | 'node';

export interface NativeBuildOptions {
  runtime?: NativeRuntime;
  target?: string;
  arch?: string;
  /** The natives folder (default <repo>/natives). */
  out?: string;
  force?: boolean;
  log?: (line: string) => void;
}

export const DEFAULT_NATIVES_DIR: string;
export const ADDON_FILE: string;
export const ELECTRON_HEADERS_URL: string;
export function nativesDirName(build: { runtime: NativeRuntime; target: string; platform?: string; arch?: string }): string;
export function installedElectronVersion(): string;
export function findNodeGyp(): string;
export function buildNatives(options?: NativeBuildOptions): Promise<{ file: string; built: boolean }>;
export function parseArgs(argv: string[]): NativeBuildOptions;
export function main(argv: string[]): Promise<void>;
