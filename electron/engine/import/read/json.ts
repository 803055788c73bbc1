import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import streamJson from 'stream-json';
import streamArray from 'stream-json/streamers/StreamArray.js';
import pickFilter from 'stream-json/filters/Pick.js';
import { parse as lenientParse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { ImportInput } from '../types.js';
import { throwIfAborted } from '../../base/cancel.js';
import { ImportError } from '../types.js';
import { DEFAULT_LIMITS, megabytes, tooDeep } from '../limits.js';

/** Files read whole (single-object formats) may be at most this big; larger ones must stream. */
export const MAX_WHOLE_JSON_BYTES = 256 * 1024 * 1024;

/**
 * Strict UTF-8 check on a byte stream that counts lines, so a bad byte is reported by
 * line number. Passes the bytes through unchanged.
 */
class Utf8Guard extends Transform {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  line = 1;
  /** Bytes passed through, and how many had when the last array element was complete. */
  bytes = 0;
  mark = 0;
  constructor(
    private readonly maxElement: number,
    private readonly tooLarge: () => ImportError,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.bytes += chunk.length;
    // One element is assembled whole in memory: an endless one stops here instead.
    if (this.bytes - this.mark > this.maxElement) {
      cb(this.tooLarge());
      return;
    }
    try {
      this.decoder.decode(chunk, { stream: true });
    } catch {
      const bad = firstInvalidUtf8(chunk);
      cb(new ImportError(`line ${this.line + countNewlines(chunk.subarray(0, bad))}: invalid UTF-8`));
      return;
    }
    this.line += countNewlines(chunk);
    cb(null, chunk);
  }
  override _flush(cb: TransformCallback): void {
    try {
      this.decoder.decode();
      cb();
    } catch {
      cb(new ImportError(`line ${this.line}: file ends inside a UTF-8 character`));
    }
  }
}

function countNewlines(buf: Buffer): number {
  let n = 0;
  for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) n++;
  return n;
}

/** "line L, column C" of a character offset. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`;
}

/**
 * Where and why JSON.parse failed. Node 20's messages do not always carry a position,
 * so the error is located again with jsonc-parser (strict settings), which reports offsets.
 */
function locate(text: string, message: string): string {
  const errors: ParseError[] = [];
  try {
    lenientParse(text, errors, { allowTrailingComma: false, disallowComments: true });
  } catch (err) {
    // jsonc-parser recurses: text nested thousands deep overflows the stack.
    if (err instanceof RangeError) return /end of JSON input/i.test(message) ? 'unexpected end of file (truncated?)' : `${message} (nested too deeply to say where)`;
    throw err;
  }
  const first = errors[0];
  if (first) {
    if (first.offset >= text.trimEnd().length) return 'unexpected end of file (truncated?)';
    return `${lineColumn(text, first.offset)}: ${printParseErrorCode(first.error)}`;
  }
  return message;
}

/** Reads a whole (moderately sized) JSON file strictly. Errors name line and column. */
export async function readJson(input: ImportInput, signal?: AbortSignal): Promise<unknown> {
  if (input.size > MAX_WHOLE_JSON_BYTES) {
    throw new ImportError(`file is ${input.size} bytes, too large for this format (limit ${MAX_WHOLE_JSON_BYTES})`);
  }
  let bytes = input.bytes;
  if (!bytes) {
    const stream = await input.open();
    const chunks: Buffer[] = [];
    let read = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      throwIfAborted(signal);
      read += chunk.length;
      // The size was checked above; a file that grows while it is read is held to the same cap.
      if (read > MAX_WHOLE_JSON_BYTES) {
        stream.destroy();
        throw new ImportError(`file is over ${MAX_WHOLE_JSON_BYTES} bytes, too large for this format (limit ${MAX_WHOLE_JSON_BYTES})`);
      }
      chunks.push(chunk);
    }
    bytes = Buffer.concat(chunks);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const line = bytes.subarray(0, bad).toString('latin1').split('\n').length;
    throw new ImportError(`line ${line}: invalid UTF-8`);
  }
  if (text.trim() === '') throw new ImportError('empty file');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ImportError(`not valid JSON at ${locate(text, (err as Error).message)}`);
  }
  const deep = tooDeep(value);
  if (deep) throw new ImportError(deep);
  return value;
}

/** Offset of the first byte that makes `bytes` invalid UTF-8 (a chunk may start mid-character). */
function firstInvalidUtf8(bytes: Buffer): number {
  let skip = 0;
  while (skip < 3 && skip < bytes.length && (bytes[skip] & 0xc0) === 0x80) skip++;
  return skip + firstInvalidFrom(bytes.subarray(skip));
}

function firstInvalidFrom(bytes: Buffer): number {
  // Binary search for the shortest prefix that fails to decode.
  const dec = (n: number): boolean => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, n), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (dec(mid + 1)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Streams the elements of a JSON array (the top-level one, or the one at `key` of the
 * top-level object) without holding the file in memory: a 500 MB conversations.json is
 * read one conversation at a time. Uses stream-json, a maintained SAX-style parser.
 */
export async function* streamJsonArray(
  input: ImportInput,
  options: { key?: string; signal?: AbortSignal } = {},
): AsyncGenerator<{ index: number; value: unknown }> {
  const source = await input.open();
  const where = options.key ? `$.${options.key}` : '$';
  const max = input.maxLineBytes ?? DEFAULT_LIMITS.maxLineBytes;
  // The parser runs ahead of the consumer: remember the last element it completed, so an
  // error names the element it happened in rather than the last one yielded.
  let parsed = -1;
  const guard = new Utf8Guard(
    max,
    () => new ImportError(`${where}[${parsed + 1}] is larger than ${megabytes(max)}; not read (raise the maxLineMB setting, in the app Settings → Import limits, for a real log with larger entries)`),
  );
  const parser = streamJson.parser();
  const stages: NodeJS.ReadWriteStream[] = [guard, parser];
  if (options.key) stages.push(pickFilter.pick({ filter: options.key }));
  stages.push(streamArray.streamArray());
  const items = new Transform({
    objectMode: true,
    transform(item: { key: number; value: unknown }, _enc, cb) {
      parsed = item.key;
      guard.mark = guard.bytes;
      const deep = tooDeep(item.value);
      cb(deep ? new ImportError(`${where}[${item.key}]: ${deep}`) : null, item);
    },
  });
  stages.push(items);
  const done = pipeline(source, ...(stages as [Transform])).catch((err: Error) => {
    items.destroy(err);
  });
  try {
    for await (const item of items as AsyncIterable<{ key: number; value: unknown }>) {
      throwIfAborted(options.signal);
      yield { index: item.key, value: item.value };
    }
    await done;
  } catch (err) {
    if (err instanceof ImportError) throw err;
    if ((err as Error).name === 'CancelledError') throw err;
    const at = parsed >= 0 ? `after ${where}[${parsed}]` : `in ${where}`;
    throw new ImportError(`not valid JSON ${at}: ${(err as Error).message}`);
  } finally {
    source.destroy();
  }
}
