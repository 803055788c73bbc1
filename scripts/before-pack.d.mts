// Types for scripts/before-pack.mjs (imported by tests).
export const BUILT_FILES: readonly string[];
export function packProblems(projectDir?: string, packaged?: { electronVersion?: string; platform?: string; arch?: string }): string[];
export function beforePack(context?: { packager?: { projectDir?: string; info?: { framework?: { version?: string } } }; arch?: number }): Promise<void>;
export default beforePack;
