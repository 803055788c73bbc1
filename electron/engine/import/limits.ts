import { defaultSettings, type Settings } from '../config/settings.js';

/*
 * Caps that keep a hostile or broken file (a zip bomb, a 1 GB line, JSON nested 100k deep) from
 * taking the machine's memory or CPU: each one fails that file with a one-line error that names
 * the cap and the setting that raises it. Defaults and settings: config/settings.ts.
 */
export interface ImportLimits {
  /** Largest uncompressed size of one zip member, in bytes. */
  maxUnzippedBytes: number;
  /** Largest uncompressed / compressed size ratio of a zip member above RATIO_FLOOR_BYTES. */
  maxZipRatio: number;
  /** Longest line of a line-based log, and largest element of a streamed JSON array, in bytes. */
  maxLineBytes: number;
}

const MB = 1 << 20;

/** Small members may compress very well (a file of repeated lines): the ratio counts only above this. */
export const RATIO_FLOOR_BYTES = 1 * MB;

/**
 * Deepest JSON nesting read. Real logs nest a few dozen levels; the parsers walk values
 * recursively, and 100k levels would overflow the stack. Not a setting: no log needs more.
 */
export const MAX_JSON_DEPTH = 256;

export function importLimits(s: Pick<Settings, 'maxUnzippedMB' | 'maxZipRatio' | 'maxLineMB'>): ImportLimits {
  return { maxUnzippedBytes: s.maxUnzippedMB * MB, maxZipRatio: s.maxZipRatio, maxLineBytes: s.maxLineMB * MB };
}

export const DEFAULT_LIMITS: ImportLimits = importLimits(defaultSettings());

/** "64 MB" for a byte count that is a whole number of MB, else the bytes. */
export function megabytes(bytes: number): string {
  return bytes % MB === 0 ? `${bytes / MB} MB` : `${bytes} bytes`;
}

/**
 * The error when a value nests deeper than MAX_JSON_DEPTH, or null. Walks the value without
 * recursion (the point is not to overflow the stack), stopping at the first level too deep.
 */
export function tooDeep(value: unknown): string | null {
  if (value === null || typeof value !== 'object') return null;
  const stack: unknown[] = [value];
  const depths: number[] = [1];
  while (stack.length > 0) {
    const v = stack.pop() as object;
    const d = depths.pop()!;
    if (d > MAX_JSON_DEPTH) return `JSON nested more than ${MAX_JSON_DEPTH} levels deep; not a log Reverie can read`;
    const children = Array.isArray(v) ? v : Object.values(v);
    for (const c of children) {
      if (c !== null && typeof c === 'object') {
        stack.push(c);
        depths.push(d + 1);
      }
    }
  }
  return null;
}
