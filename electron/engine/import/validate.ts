import type { z } from 'zod';
import { ImportError } from './types.js';

/**
 * Checks a parsed record against a zod schema. On failure the ImportError names where the
 * record sits (`line 12`, `$[3]`) and the JSON path of the offending field inside it.
 */
export function check<S extends z.ZodType>(schema: S, value: unknown, where: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.length
    ? issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')
    : '';
  throw new ImportError(`${where}${field ? ` field ${field.replace(/^\./, '')}` : ''}: ${issue.message}`);
}

/** Text of a value that may be a string, a list of content blocks, or something else. */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    return value
      .map((block) => {
        if (typeof block === 'string') return block;
        if (block && typeof block === 'object' && 'text' in block && typeof block.text === 'string') return block.text;
        return '';
      })
      .filter(Boolean)
      .join('\n');
  }
  return '';
}

/** JSON text of a tool input, whatever shape the log stored it in. */
export function jsonText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  return JSON.stringify(value);
}

/**
 * Tool outputs (whole files read, long build logs) are most of a log's bytes but matter
 * to Reverie only as evidence of what failed. Longer ones keep their head and tail, which
 * hold the command echo and the error, and say how much was elided.
 */
export const MAX_TOOL_OUTPUT_CHARS = 32 * 1024;

export function clipOutput(text: string, max = MAX_TOOL_OUTPUT_CHARS): string {
  if (text.length <= max) return text;
  const keep = max >> 1;
  return `${text.slice(0, keep)}\n[… ${text.length - 2 * keep} characters elided by Reverie …]\n${text.slice(-keep)}`;
}
