// Types for scripts/before-pack.mjs (imported by tests).
export const BUILT_FILES: readonly string[];
export function packProblems(projectDir?: string): string[];
export function beforePack(context?: { packager?: { projectDir?: string } }): Promise<void>;
export default beforePack;
