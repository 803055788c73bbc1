import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import yazl from 'yazl';
import { REPO_DIR } from './samples.js';

/** One member of a streamed zip: its bytes come from a generator, so a 1 GB member never sits in memory. */
export interface StreamedMember {
  name: string;
  chunks: () => Iterable<Buffer>;
  /** zlib level; 9 makes the densest bombs. */
  level?: number;
}

/** Writes a zip whose members are streamed through yazl (the bytes are never held whole). */
export async function streamZip(file: string, members: StreamedMember[]): Promise<string> {
  const zip = new yazl.ZipFile();
  for (const m of members) zip.addReadStream(Readable.from(m.chunks()), m.name, { compressionLevel: m.level ?? 9 });
  zip.end();
  const out = createWriteStream(file);
  zip.outputStream.pipe(out);
  await once(out, 'close');
  return file;
}

/** `mb` megabytes of one byte value, a megabyte at a time. */
export function* repeated(byte: number, mb: number): Generator<Buffer> {
  const chunk = Buffer.alloc(1 << 20, byte);
  for (let i = 0; i < mb; i++) yield chunk;
}

export interface MeasuredRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Peak resident memory of the child, MB. */
  peakMB: number;
}

const PRELOAD = path.join(REPO_DIR, 'test', 'helpers', 'max-rss-preload.mjs');

/** Runs the real `node bin/reverie.mjs ARGS` in a child and measures its peak memory (getrusage maxRSS). */
export function reverieMeasured(args: string[]): MeasuredRun {
  const rssFile = path.join(os.tmpdir(), `reverie-max-rss-${process.pid}-${Date.now()}.txt`);
  const r = spawnSync(process.execPath, ['--import', PRELOAD, path.join(REPO_DIR, 'bin', 'reverie.mjs'), ...args], {
    cwd: REPO_DIR,
    encoding: 'utf8',
    env: { ...process.env, REVERIE_MAX_RSS_FILE: rssFile },
    timeout: 120_000,
    maxBuffer: 16 << 20,
  });
  let peakMB = NaN;
  try {
    peakMB = Number(readFileSync(rssFile, 'utf8')) / 1024;
    rmSync(rssFile);
  } catch {
    // No file: the child died before exiting normally; NaN fails any bound.
  }
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, peakMB };
}

/** Starts the real CLI without waiting, for tests that kill it part-way. */
export function reverieChild(args: string[]) {
  return spawn(process.execPath, [path.join(REPO_DIR, 'bin', 'reverie.mjs'), ...args], { cwd: REPO_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
}
