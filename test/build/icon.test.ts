import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');

/** Width and height from a PNG's IHDR chunk (right after the 8-byte signature and the chunk header). */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.toString('ascii', 12, 16)).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('app icon', () => {
  it('is a square PNG of at least 512 px in the build resources folder, from which every platform icon is made', async () => {
    // electron-builder reads <buildResources>/icon.png; macOS needs at least 512x512 to make its .icns.
    const { width, height } = pngSize(await readFile(path.join(root, 'build', 'icon.png')));
    expect(width).toBeGreaterThanOrEqual(512);
    expect(height).toBe(width);
    // The PNG is rendered from the SVG beside it (scripts/make-icon.mjs): the source is kept.
    expect(await readFile(path.join(root, 'build', 'icon.svg'), 'utf8')).toMatch(/<svg[\s\S]*<\/svg>/);
  });
});
