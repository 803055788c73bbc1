export function freshBundle(root: string, env?: NodeJS.ProcessEnv): string | null;
