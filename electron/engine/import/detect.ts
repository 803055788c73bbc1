import { Readable } from 'node:stream';
import type { FormatImporter, ImportInput, Sniff } from './types.js';
import { IMPORTERS } from './formats/index.js';

/** How much of a file detection looks at: every format shows its signature well within this. */
export const SNIFF_BYTES = 16 * 1024;

export interface SniffResult {
  sniff: Sniff;
  binary: boolean;
  empty: boolean;
}

function describeHead(name: string, head: Buffer): SniffResult {
  const bytes = head.subarray(0, SNIFF_BYTES);
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  return {
    sniff: { name, head: text },
    // Text logs never hold NUL bytes; UTF-16 exports and binaries do.
    binary: bytes.includes(0),
    empty: text.trim() === '',
  };
}

export async function sniff(input: ImportInput): Promise<SniffResult> {
  const { head, stream } = await openWithHead(input);
  stream.destroy();
  return describeHead(input.name, head);
}

/**
 * Opens an input once, reads its first SNIFF_BYTES for detection, and returns a stream
 * that replays those bytes followed by the rest: the file is read a single time.
 */
export async function openWithHead(input: ImportInput): Promise<{ head: Buffer; stream: Readable }> {
  const source = await input.open();
  const it = (source as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  const buffered: Buffer[] = [];
  let length = 0;
  let done = false;
  while (length < SNIFF_BYTES) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    buffered.push(r.value);
    length += r.value.length;
  }
  const head = Buffer.concat(buffered);
  async function* replay(): AsyncGenerator<Buffer> {
    try {
      yield* buffered;
      if (done) return;
      for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
    } finally {
      source.destroy();
    }
  }
  return { head, stream: Readable.from(replay(), { objectMode: false }) };
}

export function sniffHead(name: string, head: Buffer): SniffResult {
  return describeHead(name, head);
}

/** Picks the importer most confident that the content is its format, or null. */
export function detectFormat(s: Sniff, importers: readonly FormatImporter[] = IMPORTERS): FormatImporter | null {
  let best: FormatImporter | null = null;
  let bestScore = 0;
  for (const importer of importers) {
    const score = importer.detect(s);
    if (score > bestScore) {
      best = importer;
      bestScore = score;
    }
  }
  return best;
}
