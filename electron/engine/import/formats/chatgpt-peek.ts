import { Readable } from 'node:stream';
import type { ImportInput } from '../types.js';

/*
 * Looks at the first significant character of a JSON file (`[` for an array of
 * conversations, `{` for a single one) without reading the file twice: the import opens
 * each input once while hashing it, so the bytes looked at are replayed to the parser.
 * Shared by the ChatGPT and claude.ai importers; a natural fit for read/json.ts later.
 */

export interface Peeked {
  /** The first character that is not whitespace or a byte-order mark; '' for a blank file. */
  first: string;
  /** The same input; its first open() continues the stream already started. */
  input: ImportInput;
  /** Releases the stream when the input will not be read after all. */
  discard(): void;
}

export async function peekFirstChar(input: ImportInput): Promise<Peeked> {
  const source = await input.open();
  const it = (source as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  const seen: Buffer[] = [];
  let first = '';
  let done = false;
  while (!first) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    seen.push(r.value);
    // Bytes read as latin1: enough to skip ASCII whitespace and a UTF-8 byte-order mark.
    first = r.value.toString('latin1').replace(/^(\s|\xEF\xBB\xBF)+/, '').charAt(0);
  }
  async function* replay(): AsyncGenerator<Buffer> {
    try {
      yield* seen;
      if (done) return;
      for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
    } finally {
      source.destroy();
    }
  }
  let fresh = true;
  const open = async (): Promise<Readable> => {
    if (!fresh) return input.open();
    fresh = false;
    return Readable.from(replay(), { objectMode: false });
  };
  return { first, input: { name: input.name, size: input.size, open }, discard: () => source.destroy() };
}
