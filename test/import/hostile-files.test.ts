import { createServer, type Server } from 'node:net';
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import Database from 'better-sqlite3';
import { STORE_FILE } from '../../electron/engine/config/paths.js';
import { saveSettings } from '../../electron/engine/config/settings.js';
import { readLines } from '../../electron/engine/import/read/lines.js';
import { streamJsonArray } from '../../electron/engine/import/read/json.js';
import { importPaths } from '../../electron/engine/import/run-import.js';
import type { ImportInput } from '../../electron/engine/import/types.js';
import { openStore } from '../../electron/engine/store/db.js';
import { ccLine, tempDir, writeFile } from '../helpers/fixtures.js';
import { repeated, reverieMeasured, streamZip } from '../helpers/hostile.js';

/*
 * Hostile and broken inputs, through the real CLI in a child process: each must end in a
 * one-line error naming the file (or a "skipped" line), with the child's peak memory bounded
 * and nothing of the bad file in the store.
 */

/** Peak memory any of these imports may reach (the CLI itself, through tsx, takes ~150 MB). */
const BOUND_MB = 512;

/** Node has no mkfifo: coreutils' (Linux and macOS CI). */
function mkfifo(file: string): void {
  const r = spawnSync('mkfifo', [file]);
  if (r.status !== 0) throw new Error(`mkfifo ${file} failed: ${r.stderr}`);
}

const transcript = (id: string, text = 'hello') => `${ccLine('user', `${id}-u`, null, text, { sessionId: id })}\n`;

function storeCounts(dataDir: string): { sessions: number; messages: number; sources: number; integrity: string } {
  const db = openStore(dataDir);
  try {
    const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    return {
      sessions: n('SELECT count(*) AS n FROM sessions'),
      messages: n('SELECT count(*) AS n FROM messages'),
      // Files read to the end (failures are logged too, with their error and no hash).
      sources: n("SELECT count(*) AS n FROM import_sources WHERE sha256 != ''"),
      integrity: (db.pragma('integrity_check', { simple: true }) as string),
    };
  } finally {
    db.close();
  }
}

describe('hostile files through `reverie import`', () => {
  const t = tempDir('reverie-hostile-');
  let socket: Server;
  beforeAll(async () => {
    const folder = path.join(t.dir, 'folder');
    mkdirSync(folder);
    writeFile(folder, 'good.jsonl', transcript('good'));
    mkfifo(path.join(folder, 'pipe'));
    symlinkSync('/dev/zero', path.join(folder, 'zero-link'));
    symlinkSync(path.join(folder, 'good.jsonl'), path.join(folder, 'good-link.jsonl'));
    socket = createServer();
    await new Promise<void>((resolve) => socket.listen(path.join(folder, 'sock'), resolve));
    mkfifo(path.join(t.dir, 'named-pipe'));
  });
  afterAll(() => {
    socket?.close();
    t.cleanup();
  });

  it('reads only regular files: /dev/zero, a FIFO, a socket and symbolic links are reported and skipped', () => {
    const data = path.join(t.dir, 'data-devices');
    const r = reverieMeasured(['--data-dir', data, 'import', '/dev/zero', path.join(t.dir, 'named-pipe'), path.join(t.dir, 'folder')]);
    const folder = path.join(t.dir, 'folder');
    expect(r.stderr).toContain('✗ /dev/zero: a character device, not a regular file; not read');
    expect(r.stderr).toContain(`✗ ${path.join(t.dir, 'named-pipe')}: a named pipe (FIFO), not a regular file; not read`);
    expect(r.stdout).toContain(`- ${path.join(folder, 'pipe')}: skipped, a named pipe (FIFO), not a regular file`);
    expect(r.stdout).toContain(`- ${path.join(folder, 'sock')}: skipped, a socket, not a regular file`);
    expect(r.stdout).toContain(`- ${path.join(folder, 'zero-link')}: skipped, a symbolic link`);
    expect(r.stdout).toContain(`- ${path.join(folder, 'good-link.jsonl')}: skipped, a symbolic link`);
    expect(r.stdout).toContain(`✓ ${path.join(folder, 'good.jsonl')} [claude-code] +1 session`);
    expect(r.stdout).toMatch(/4 files skipped\. 2 files failed\./);
    expect(r.code).toBe(1);
    expect(r.peakMB).toBeLessThan(BOUND_MB);
    if (process.env.REVERIE_SHOW_RSS) console.log(`peak ${expect.getState().currentTestName}: ${r.peakMB.toFixed(0)} MB`);
    expect(storeCounts(data)).toMatchObject({ sessions: 1, integrity: 'ok' });
  });

  it('reads a symbolic link named explicitly (its target is a regular file)', () => {
    const data = path.join(t.dir, 'data-link');
    const r = reverieMeasured(['--data-dir', data, 'import', path.join(t.dir, 'folder', 'good-link.jsonl')]);
    expect(r.stdout).toContain('good-link.jsonl [claude-code] +1 session');
    expect(r.code).toBe(0);
  });

  it('refuses zip bombs (1,000x blank lines, zeros) by their compression ratio, naming the member', async () => {
    const zip = await streamZip(path.join(t.dir, 'bombs.zip'), [
      { name: 'blank.jsonl', chunks: () => repeated(0x0a, 64) },
      { name: 'zeros.bin', chunks: () => repeated(0, 64) },
      { name: 'good.jsonl', chunks: () => [Buffer.from(transcript('in-zip'))] },
    ]);
    const data = path.join(t.dir, 'data-bombs');
    const r = reverieMeasured(['--data-dir', data, 'import', zip]);
    expect(r.stderr).toMatch(new RegExp(`✗ ${zip}!/blank.jsonl: unpacks to 67108864 bytes from \\d+ \\(\\d+x\\), over the 200x compression-ratio cap \\(a zip bomb\\?\\); not read \\(raise the maxZipRatio setting`));
    expect(r.stderr).toMatch(new RegExp(`✗ ${zip}!/zeros.bin: unpacks to 67108864 bytes .* over the 200x compression-ratio cap`));
    expect(r.stdout).toContain(`✓ ${zip}!/good.jsonl [claude-code] +1 session`);
    expect(r.code).toBe(1);
    expect(r.peakMB).toBeLessThan(BOUND_MB);
    if (process.env.REVERIE_SHOW_RSS) console.log(`peak ${expect.getState().currentTestName}: ${r.peakMB.toFixed(0)} MB`);
    expect(storeCounts(data)).toMatchObject({ sessions: 1, messages: 1, integrity: 'ok' });
  });

  it('says why a zip of zeros imported nothing, instead of "0 files"', async () => {
    const zip = await streamZip(path.join(t.dir, 'small-zeros.zip'), [{ name: 'zeros.bin', chunks: () => [Buffer.alloc(200_000)] }]);
    const data = path.join(t.dir, 'data-small-zeros');
    const r = reverieMeasured(['--data-dir', data, 'import', zip]);
    expect(r.stderr).toContain(`✗ ${zip}: none of its 1 file is a log Reverie can read: zeros.bin (binary)`);
    expect(r.stdout).toContain('0 files read: 0 new sessions; 0 messages added. 1 file failed.');
    expect(r.code).toBe(1);
  });

  it('stops a 96 MB line at the 64 MB line cap (ratio cap raised), with memory bounded', async () => {
    const data = path.join(t.dir, 'data-line');
    saveSettings(data, { maxZipRatio: 1_000_000 });
    const head = ccLine('user', 'long-u', null, 'x', { sessionId: 'long' }).replace('"x"', '"');
    const zip = await streamZip(path.join(t.dir, 'long-line.zip'), [
      { name: 'long.jsonl', chunks: function* () { yield Buffer.from(transcript('before')); yield Buffer.from(head); yield* repeated(0x61, 96); } },
    ]);
    const r = reverieMeasured(['--data-dir', data, 'import', zip]);
    expect(r.stderr).toContain(`✗ ${zip}!/long.jsonl: line 2: longer than 64 MB; not read (raise the maxLineMB setting`);
    expect(r.stderr).not.toMatch(/RangeError|Invalid string length|heap/i);
    expect(r.peakMB).toBeLessThan(BOUND_MB);
    if (process.env.REVERIE_SHOW_RSS) console.log(`peak ${expect.getState().currentTestName}: ${r.peakMB.toFixed(0)} MB`);
    // All or nothing: the good first line of the file is not kept either.
    expect(storeCounts(data)).toMatchObject({ sessions: 0, messages: 0, sources: 0, integrity: 'ok' });
  });

  it('caps a member\'s uncompressed size (maxUnzippedMB), and the setting raises the cap', async () => {
    const data = path.join(t.dir, 'data-size');
    saveSettings(data, { maxUnzippedMB: 1 });
    const lines = Array.from({ length: 3000 }, (_, i) => transcript(`s${i}`, `message ${i} ${'abcdefghij'.repeat(50)}`)).join('');
    const zip = await streamZip(path.join(t.dir, 'big.zip'), [{ name: 'big.jsonl', chunks: () => [Buffer.from(lines)] }]);
    const refused = reverieMeasured(['--data-dir', data, 'import', zip]);
    expect(refused.stderr).toContain(`✗ ${zip}!/big.jsonl: unpacks to ${Buffer.byteLength(lines)} bytes, over the 1 MB cap for one zip member; not read (raise the maxUnzippedMB setting`);
    expect(storeCounts(data)).toMatchObject({ sessions: 0, integrity: 'ok' });
    saveSettings(data, { maxUnzippedMB: 8 });
    const raised = reverieMeasured(['--data-dir', data, 'import', zip]);
    expect(raised.stdout).toContain(`✓ ${zip}!/big.jsonl [claude-code] +1 session (3,000 messages)`);
    expect(raised.code).toBe(0);
  });

  it('says in words that JSON nested 100k levels deep is not a log (JSONL, whole JSON, streamed array, broken JSON)', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const dir = path.join(t.dir, 'deep');
    mkdirSync(dir);
    const files = [
      // Claude Code JSONL, the nesting inside a tool input.
      writeFile(dir, 'deep.jsonl', transcript('d1') + ccLine('assistant', 'd1-a', 'd1-u', [{ type: 'tool_use', id: 't', name: 'Bash', input: { a: 0 } }], { sessionId: 'd1' }).replace('{"a":0}', `{"a":${deep}}`) + '\n'),
      // A generic {"messages": [...]} file, read whole (the nesting past the 16 KB detection looks at).
      writeFile(dir, 'deep-messages.json', `{\n"messages":[{"role":"user","content":"${'hi '.repeat(8000)}"},{"role":"assistant","content":"ok","x":${deep}}]}`),
      // A Cline api_conversation_history.json, streamed element by element.
      writeFile(dir, 'api_conversation_history.json', `[{"role":"user","content":[{"type":"text","text":"<task>x</task>"}],"ts":1700000000000,"x":${deep}}]`),
      // The same nesting never closed: not JSON, located without overflowing the stack.
      writeFile(dir, 'deep-broken.json', `{"messages":[{"role":"user","content":"${'hi '.repeat(8000)}"},{"role":"assistant","content":${'['.repeat(100_000)}`),
    ];
    const data = path.join(t.dir, 'data-deep');
    const r = reverieMeasured(['--data-dir', data, 'import', ...files]);
    expect(r.stderr).not.toMatch(/call stack/i);
    expect(r.stderr).toContain(`✗ ${files[0]}: line 2: JSON nested more than 256 levels deep; not a log Reverie can read`);
    expect(r.stderr).toContain(`✗ ${files[1]}: JSON nested more than 256 levels deep`);
    expect(r.stderr).toContain(`✗ ${files[2]}: $[0]: JSON nested more than 256 levels deep`);
    expect(r.stderr).toContain(`✗ ${files[3]}: not valid JSON at unexpected end of file (truncated?)`);
    expect(r.stdout).toContain('4 files failed.');
    expect(r.peakMB).toBeLessThan(BOUND_MB);
    if (process.env.REVERIE_SHOW_RSS) console.log(`peak ${expect.getState().currentTestName}: ${r.peakMB.toFixed(0)} MB`);
    expect(storeCounts(data)).toMatchObject({ sessions: 0, messages: 0, integrity: 'ok' });
  });
});

/** An input that never ends: 64 KB of `byte` after `head`, forever. */
function endless(head: string, byte = 0x61): ImportInput {
  return {
    name: 'endless',
    size: 0,
    maxLineBytes: 1 << 20,
    open: async () =>
      Readable.from(
        (function* () {
          yield Buffer.from(head);
          const chunk = Buffer.alloc(64 << 10, byte);
          for (;;) yield chunk;
        })(),
      ),
  };
}

describe('readers stop at the caps on input that never ends', () => {
  it('a line that never ends stops at the line cap', async () => {
    const read = async () => {
      for await (const line of readLines(endless('{"first":1}\n'))) void line;
    };
    await expect(read()).rejects.toThrow('line 2: longer than 1 MB; not read (raise the maxLineMB setting');
  });

  it('a JSON array element that never ends stops at the same cap, naming the element', async () => {
    const read = async () => {
      for await (const item of streamJsonArray(endless('[{"a":1},{"text":"'))) void item;
    };
    await expect(read()).rejects.toThrow('$[1] is larger than 1 MB; not read (raise the maxLineMB setting');
  });
});

describe('files are reported once committed', () => {
  it('every report a caller gets is already visible to another connection to the store', async () => {
    const t = tempDir('reverie-commit-');
    try {
      const files = Array.from({ length: 5 }, (_, i) => writeFile(t.dir, `s${i}.jsonl`, transcript(`commit-${i}`)));
      const dataDir = path.join(t.dir, 'data');
      const db = openStore(dataDir);
      const other = new Database(path.join(dataDir, STORE_FILE), { readonly: true });
      const seen: { reported: number; stored: number }[] = [];
      let reported = 0;
      try {
        await importPaths(db, files, {
          onFile: (r) => {
            reported += r.sessionsAdded;
            seen.push({ reported, stored: (other.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n });
          },
        });
      } finally {
        other.close();
        db.close();
      }
      expect(seen).toHaveLength(5);
      for (const s of seen) expect(s.stored).toBeGreaterThanOrEqual(s.reported);
    } finally {
      t.cleanup();
    }
  });
});
