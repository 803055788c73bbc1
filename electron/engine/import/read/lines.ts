import { isUtf8 } from 'node:buffer';
import type { ImportInput } from '../types.js';
import { throwIfAborted } from '../../base/cancel.js';
import { ImportError } from '../types.js';
import { DEFAULT_LIMITS, megabytes, tooDeep } from '../limits.js';

const NEWLINE = 0x0a;

/** The error for a line over the cap: a 1 GB line would otherwise be gathered whole in memory. */
export function lineTooLong(line: number, max: number): ImportError {
  return new ImportError(`line ${line}: longer than ${megabytes(max)}; not read (raise the maxLineMB setting, in the app Settings → Import limits, for a real log with longer lines)`);
}

/**
 * Splits a file into lines at the byte level, so each line can be checked strictly:
 * invalid UTF-8 then fails with the exact line number instead of turning into U+FFFD.
 * Only a line that straddles two chunks is copied; the rest are decoded in place.
 */
export async function* readLines(
  input: ImportInput,
  signal?: AbortSignal,
): AsyncGenerator<{ line: number; text: string }> {
  if (input.bytes) {
    yield* splitBuffer(input.bytes, input.maxLineBytes ?? DEFAULT_LIMITS.maxLineBytes, signal);
    return;
  }
  const max = input.maxLineBytes ?? DEFAULT_LIMITS.maxLineBytes;
  const stream = await input.open();
  let carry: Buffer[] = [];
  let carried = 0;
  let line = 0;
  const decode = (bytes: Buffer): string => {
    line++;
    if (!isUtf8(bytes)) throw new ImportError(`line ${line}: invalid UTF-8`);
    const end = bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.length - 1 : bytes.length;
    return bytes.toString('utf8', 0, end);
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      throwIfAborted(signal);
      let start = 0;
      let nl = chunk.indexOf(NEWLINE);
      if (nl !== -1 && carry.length > 0) {
        if (carried + nl > max) throw lineTooLong(line + 1, max);
        carry.push(chunk.subarray(0, nl));
        const text = decode(Buffer.concat(carry));
        carry = [];
        carried = 0;
        yield { line, text };
        start = nl + 1;
        nl = chunk.indexOf(NEWLINE, start);
      }
      while (nl !== -1) {
        if (nl - start > max) throw lineTooLong(line + 1, max);
        const text = decode(chunk.subarray(start, nl));
        yield { line, text };
        start = nl + 1;
        nl = chunk.indexOf(NEWLINE, start);
      }
      if (start < chunk.length) {
        carried += chunk.length - start;
        // Checked before the line ends, so an endless line stops at the cap instead of filling memory.
        if (carried > max) throw lineTooLong(line + 1, max);
        carry.push(chunk.subarray(start));
      }
    }
    if (carry.length > 0) {
      const text = decode(Buffer.concat(carry));
      yield { line, text };
    }
  } finally {
    stream.destroy();
  }
}

/** The same split over a file already in memory, with no stream in between. */
function* splitBuffer(buf: Buffer, max: number, signal?: AbortSignal): Generator<{ line: number; text: string }> {
  let line = 0;
  let start = 0;
  while (start < buf.length) {
    let nl = buf.indexOf(NEWLINE, start);
    if (nl === -1) nl = buf.length;
    line++;
    if (nl - start > max) throw lineTooLong(line, max);
    const bytes = buf.subarray(start, nl);
    if (!isUtf8(bytes)) throw new ImportError(`line ${line}: invalid UTF-8`);
    const end = nl > start && buf[nl - 1] === 0x0d ? nl - 1 : nl;
    yield { line, text: buf.toString('utf8', start, end) };
    start = nl + 1;
    if ((line & 1023) === 0) throwIfAborted(signal);
  }
}

/**
 * Parses a JSON Lines file: yields each non-blank line's value with its line number.
 * A line that is not JSON fails with its number; a truncated last line is reported as such.
 */
export async function* readJsonLines(
  input: ImportInput,
  signal?: AbortSignal,
): AsyncGenerator<{ line: number; value: unknown }> {
  for await (const { line, text } of readLines(input, signal)) {
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new ImportError(`line ${line}: not valid JSON (${(err as Error).message})`);
    }
    const deep = tooDeep(value);
    if (deep) throw new ImportError(`line ${line}: ${deep}`);
    yield { line, value };
  }
}
