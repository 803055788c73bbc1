import { Readable } from 'node:stream';
import type { z } from 'zod';
import type { ParsedSession } from '../../../../shared/types.js';
import { readJson, streamJsonArray } from '../read/json.js';
import { throwIfAborted } from '../../base/cancel.js';
import { ImportError, type ImportInput } from '../types.js';
import { check } from '../validate.js';

/*
 * Looks at the first significant character of a JSON file (`[` for an array of
 * conversations, `{` for a single one) without reading the file twice: the import opens
 * each input once while hashing it, so the bytes looked at are replayed to the parser.
 * Shared by the ChatGPT and claude.ai importers (`readConversations`, their whole reading
 * loop); a natural fit for read/json.ts later.
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

/**
 * Reads a file of one conversation object or an array of them (streamed, checked one by one at
 * its JSON path against `schema`), yielding each conversation's session; `toSession` returns
 * null for one with nothing to import. `what` names the array in the error for anything else.
 */
export async function* readConversations<S extends z.ZodType>(
  input: ImportInput,
  signal: AbortSignal | undefined,
  format: { what: string; schema: S; toSession: (conversation: z.infer<S>) => ParsedSession | null },
): AsyncGenerator<ParsedSession> {
  // Opened once: the bytes looked at are replayed to the JSON reader.
  const peeked = await peekFirstChar(input);
  if (peeked.first === '{') {
    const session = format.toSession(check(format.schema, await readJson(peeked.input, signal), '$'));
    if (session) yield session;
    return;
  }
  if (peeked.first !== '[') {
    peeked.discard();
    throw new ImportError(`line 1: expected a JSON array of ${format.what}`);
  }
  for await (const { index, value } of streamJsonArray(peeked.input, { signal })) {
    throwIfAborted(signal);
    const session = format.toSession(check(format.schema, value, `$[${index}]`));
    if (session) yield session;
  }
}
