// Types for scripts/fetch-model.mjs (imported by tests).
export const MODEL: string;
export const MODEL_FILES: readonly string[];
export const DEFAULT_MODELS_DIR: string;
export function plan(options?: { modelsDir?: string; endpoint?: string; model?: string }): { file: string; url: string; target: string }[];
export function main(argv: string[]): Promise<void>;
