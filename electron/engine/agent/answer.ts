import { asData } from '../../../shared/untrusted-text.js';
import type { Scrubber } from '../digest/scrub/index.js';
import { MAX_ANSWER_CHARS } from './limits.js';

/*
 * An answer for an agent: every string in it scrubbed (one scrubber for the whole answer, so a
 * value keeps one placeholder throughout) and made data (shared/untrusted-text.ts: no escape
 * sequences, invisible characters or markup that could pose as instructions), then cut to MAX_ANSWER_CHARS by dropping whole
 * items from the end of its list. Strings are scrubbed one by one, never the serialised JSON,
 * so a replacement can never cut through a quote or an escape.
 */

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function collect(value: Json, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) collect(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) collect(v, out);
}

function replace(value: Json, next: () => string): Json {
  if (typeof value === 'string') return next();
  if (Array.isArray(value)) return value.map((v) => replace(v, next));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replace(v, next)]));
  return value;
}

/** `value` with every string scrubbed and neutralised (the scrubber's placeholders kept). */
export async function scrubJson<T extends Json>(value: T, scrubber: Scrubber): Promise<T> {
  const strings: string[] = [];
  collect(value, strings);
  const scrubbed = (await scrubber.scrubAll(strings.map((s) => asData(s)))).map((s) => asData(s, { keepPlaceholders: true }));
  let i = 0;
  return replace(value, () => scrubbed[i++]!) as T;
}

export interface AgentAnswer {
  /** The text the agent receives. */
  text: string;
  /** How many items were dropped to keep within the limit. */
  dropped: number;
}

/**
 * The scrubbed answer `{ ...meta, [listKey]: items }` as JSON text of at most `max` characters:
 * items are dropped from the end until it fits (their number is said in `omitted`).
 */
export async function agentAnswer(
  meta: Record<string, Json>,
  listKey: string,
  items: Json[],
  scrubber: Scrubber,
  max = MAX_ANSWER_CHARS,
): Promise<AgentAnswer> {
  const clean = await scrubJson({ ...meta, [listKey]: items } as Json, scrubber);
  const head = Object.fromEntries(Object.entries(clean as Record<string, Json>).filter(([k]) => k !== listKey));
  const list = (clean as Record<string, Json[]>)[listKey]!;
  for (let keep = list.length; keep >= 0; keep--) {
    const body: Record<string, Json> = { ...head, [listKey]: list.slice(0, keep) };
    if (keep < list.length) body.omitted = `${list.length - keep} more not shown (answers are kept under ${max} characters)`;
    const text = JSON.stringify(body, null, 1);
    if (text.length <= max || keep === 0) return { text: text.slice(0, max), dropped: list.length - keep };
  }
  throw new Error('unreachable');
}
