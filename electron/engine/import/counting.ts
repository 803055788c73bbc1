import { createHash } from 'node:crypto';
import { Transform, pipeline, type Readable } from 'node:stream';

export interface Tap {
  stream: Readable;
  /** sha256 of every byte that flowed through, once the stream has ended; null before. */
  digest(): string | null;
}

/**
 * Passes a byte stream through while hashing it and reporting bytes read (for the
 * progress bar), so a file is hashed in the same pass that parses it.
 */
export function tap(source: Readable, onBytes: (read: number) => void): Tap {
  const hash = createHash('sha256');
  let read = 0;
  let reported = 0;
  let digest: string | null = null;
  const counter = new Transform({
    highWaterMark: 1 << 20,
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      read += chunk.length;
      // Report every 4 MB: often enough for a smooth bar, rarely enough to cost nothing.
      if (read - reported >= 4 << 20) {
        reported = read;
        onBytes(read);
      }
      cb(null, chunk);
    },
    flush(cb) {
      digest = hash.digest('hex');
      cb();
    },
  });
  // pipeline() forwards errors (a corrupt zip member) and destroys the source when the reader stops early.
  pipeline(source, counter, () => undefined);
  return { stream: counter, digest: () => digest };
}
