import { createHash } from 'node:crypto';
import type { ImportInput } from './types.js';
import { throwIfAborted } from '../base/cancel.js';

/** sha256 of a file's bytes: identifies a file already imported, wherever it now lives. */
export async function hashInput(input: ImportInput, signal?: AbortSignal): Promise<string> {
  const h = createHash('sha256');
  const stream = await input.open();
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      throwIfAborted(signal);
      h.update(chunk);
    }
  } finally {
    stream.destroy();
  }
  return h.digest('hex');
}
