import type { Readable } from 'node:stream';
import { readJsonLines } from '../read/lines.js';
import { readJson, streamJsonArray } from '../read/json.js';
import type { ImportInput } from '../types.js';

/*
 * Shared by the generic importers (OpenAI messages, ShareGPT, Anthropic Messages): their
 * files come as JSON Lines, a JSON array of records, or one JSON object, and detection
 * has to read structure out of a 64 KB head that may stop mid-value.
 */

type Partial = string | number | boolean | null | Partial[] | { [key: string]: Partial };

/**
 * Parses the first JSON value of `text`, tolerating a cut-off end: a value truncated by
 * the sniff limit comes back with what was read so far (open strings, arrays and objects
 * end where the text stops). Returns undefined for text that is not JSON at all.
 */
export function parsePartialJson(text: string): unknown {
  let i = 0;
  // Set when the text runs out: every open level then returns what it holds.
  let cut = false;
  const skip = (): void => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
    if (i >= text.length) cut = true;
  };
  const str = (): string => {
    let out = '';
    i++; // opening quote
    while (i < text.length) {
      const c = text[i];
      if (c === '"') {
        i++;
        return out;
      }
      if (c !== '\\') {
        out += c;
        i++;
        continue;
      }
      const e = text[i + 1];
      if (e === undefined || (e === 'u' && i + 6 > text.length)) break;
      if (e === 'u') {
        out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
        i += 6;
      } else {
        out += ESCAPES[e] ?? e;
        i += 2;
      }
    }
    cut = true;
    return out;
  };
  const value = (): Partial | undefined => {
    skip();
    if (cut) return undefined;
    const c = text[i];
    if (c === '"') return str();
    if (c === '{' || c === '[') {
      i++;
      const isArray = c === '[';
      const arr: Partial[] = [];
      const obj: { [key: string]: Partial } = {};
      const result = isArray ? arr : obj;
      for (;;) {
        skip();
        if (cut) return result;
        if (text[i] === (isArray ? ']' : '}')) {
          i++;
          return result;
        }
        if (text[i] === ',') {
          i++;
          skip();
          if (cut) return result;
        }
        let key = '';
        if (!isArray) {
          if (text[i] !== '"') throw new SyntaxError('expected a key');
          key = str();
          skip();
          if (cut) return result;
          if (text[i] !== ':') throw new SyntaxError('expected a colon');
          i++;
        }
        const v = value();
        if (v !== undefined) {
          if (isArray) arr.push(v);
          else obj[key] = v;
        }
        if (cut) return result;
      }
    }
    const rest = text.slice(i, i + 40);
    const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(rest);
    if (m && i + m[0].length < text.length) {
      i += m[0].length;
      return JSON.parse(m[0]) as Partial;
    }
    // A literal the head cut short (`tru`, `12`): unknown value, but not an error.
    if (rest.length < 40 && /^[-+.\deEtrufalsn]*$/.test(rest)) {
      cut = true;
      return undefined;
    }
    throw new SyntaxError('not JSON');
  };
  try {
    return value();
  } catch {
    return undefined;
  }
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' };

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The first record of a head: the first array element, or the first object (first JSONL line). */
export function firstRecord(head: string): { container: 'array' | 'object'; record: Record<string, unknown> } | null {
  const value = parsePartialJson(head);
  if (Array.isArray(value)) return isObject(value[0]) ? { container: 'array', record: value[0] } : null;
  if (isObject(value)) return { container: 'object', record: value };
  return null;
}

/** Where a record sits, for error messages: `line 4` in JSON Lines, `$[3]` in an array, `$` for one object. */
export interface LocatedRecord {
  where: string;
  value: unknown;
}

/** The first non-blank line of a file, read only as far as its end (so it can be judged whole). */
export async function readFirstLine(input: ImportInput): Promise<string> {
  const stream: Readable = await input.open();
  const chunks: Buffer[] = [];
  let content = false;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      let i = 0;
      if (!content) {
        while (i < chunk.length && (chunk[i] === 0x20 || chunk[i] === 0x09 || chunk[i] === 0x0a || chunk[i] === 0x0d)) i++;
        content = i < chunk.length;
      }
      if (content && chunk.indexOf(0x0a, i) !== -1) break;
    }
  } finally {
    stream.destroy();
  }
  const text = Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  const nl = text.indexOf('\n');
  return nl === -1 ? text : text.slice(0, nl);
}

/**
 * Streams the records of a generic file in whichever container it uses: a top-level
 * array (streamed element by element), JSON Lines (line by line), or a single object.
 * A first line that is a whole JSON object means JSON Lines; otherwise the file is one
 * JSON document.
 */
export async function* readRecords(input: ImportInput, signal?: AbortSignal): AsyncGenerator<LocatedRecord> {
  const line = (await readFirstLine(input)).trim();
  if (line.startsWith('[')) {
    for await (const { index, value } of streamJsonArray(input, { signal })) yield { where: `$[${index}]`, value };
    return;
  }
  let jsonl = false;
  if (line.startsWith('{')) {
    try {
      jsonl = isObject(JSON.parse(line));
    } catch {
      jsonl = false;
    }
  }
  if (jsonl) {
    for await (const { line: n, value } of readJsonLines(input, signal)) yield { where: `line ${n}`, value };
    return;
  }
  yield { where: '$', value: await readJson(input, signal) };
}
