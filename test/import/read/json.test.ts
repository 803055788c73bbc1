import { describe, expect, it } from 'vitest';
import { readJson, streamJsonArray } from '../../../electron/engine/import/read/json.js';
import { readJsonLines } from '../../../electron/engine/import/read/lines.js';
import type { ImportInput } from '../../../electron/engine/import/types.js';
import { Readable } from 'node:stream';

/** An input served in chunks of `size` bytes, as a file stream would be. */
function chunked(bytes: Buffer, size: number): ImportInput {
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
  return { name: 'fixture', size: bytes.length, open: async () => Readable.from(parts) };
}

async function drain<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

const withBadByte = (lineOfBadByte: number, lines = 8) =>
  Buffer.concat(
    Array.from({ length: lines }, (_, i) =>
      i + 1 === lineOfBadByte ? Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d, 0x2c, 0x0a]) : Buffer.from(`{"a":"é${i}"},\n`),
    ),
  );

describe('strict readers', () => {
  it('readJson names line and column of a syntax error, also where Node gives no position', async () => {
    const text = '{\n  "a": 1,\n  "b": }\n}';
    await expect(readJson(chunked(Buffer.from(text), 4))).rejects.toThrow(/line 3, column 8/);
    await expect(readJson(chunked(Buffer.from('{"a": [1, 2'), 4))).rejects.toThrow(/truncated/);
    await expect(readJson(chunked(Buffer.from('  \n'), 4))).rejects.toThrow(/empty file/);
  });

  it('reports the exact line of invalid UTF-8 whatever the chunking', async () => {
    for (const size of [3, 7, 1 << 16]) {
      const bytes = Buffer.concat([Buffer.from('[\n'), withBadByte(5), Buffer.from('{}]\n')]);
      await expect(readJson(chunked(bytes, size))).rejects.toThrow(/^line 6: invalid UTF-8/);
      await expect(drain(streamJsonArray(chunked(bytes, size)))).rejects.toThrow(/^line 6: invalid UTF-8/);
      const jsonl = withBadByte(4).toString('latin1').replace(/,\n/g, '\n');
      await expect(drain(readJsonLines(chunked(Buffer.from(jsonl, 'latin1'), size)))).rejects.toThrow(/^line 4: invalid UTF-8/);
    }
  });

  it('streams array elements (top level or under a key) with their index', async () => {
    const top = await drain(streamJsonArray(chunked(Buffer.from('[{"x":1},{"x":2},{"x":3}]'), 5)));
    expect(top).toEqual([
      { index: 0, value: { x: 1 } },
      { index: 1, value: { x: 2 } },
      { index: 2, value: { x: 3 } },
    ]);
    const keyed = await drain(streamJsonArray(chunked(Buffer.from('{"meta":{},"items":[1,2]}'), 5), { key: 'items' }));
    expect(keyed.map((x) => x.value)).toEqual([1, 2]);
    await expect(drain(streamJsonArray(chunked(Buffer.from('[{"x":1},{"x":2},{"x":'), 5)))).rejects.toThrow(/after \$\[1\]/);
  });

  it('splits lines across chunk boundaries and keeps multi-byte characters whole', async () => {
    const text = '{"t":"naïve café"}\r\n\n{"t":"日本語"}\n{"t":"x"}';
    for (const size of [1, 2, 5, 100]) {
      const rows = await drain(readJsonLines(chunked(Buffer.from(text), size)));
      expect(rows).toEqual([
        { line: 1, value: { t: 'naïve café' } },
        { line: 3, value: { t: '日本語' } },
        { line: 4, value: { t: 'x' } },
      ]);
    }
  });
});
