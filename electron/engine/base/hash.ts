import { createHash } from 'node:crypto';

/** sha256 of a UTF-8 string, hex. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The hash that names a text wherever it is stored (moments' `text_hash`, the embedding cache's key). */
export function textHash(text: string): string {
  return sha256Hex(text);
}
