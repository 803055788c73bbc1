import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import yazl from 'yazl';

/** A fresh temporary folder, removed by the returned cleanup. */
export function tempDir(prefix = 'reverie-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function writeFile(dir: string, name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

/** Writes a zip archive with the given members (yazl: the writing half of the yauzl reader). */
export async function writeZip(file: string, members: Record<string, string | Buffer>): Promise<string> {
  const zip = new yazl.ZipFile();
  for (const [name, content] of Object.entries(members)) {
    zip.addBuffer(typeof content === 'string' ? Buffer.from(content) : content, name);
  }
  zip.end();
  const out = createWriteStream(file);
  zip.outputStream.pipe(out);
  await once(out, 'close');
  return file;
}

/** A Claude Code transcript line, with the fields the real ones carry. */
export function ccLine(
  type: 'user' | 'assistant',
  uuid: string,
  parentUuid: string | null,
  content: unknown,
  extra: Record<string, unknown> = {},
): string {
  return JSON.stringify({
    parentUuid,
    isSidechain: false,
    cwd: '/home/ana/proj',
    sessionId: 'sess-1',
    version: '2.0.14',
    gitBranch: 'main',
    type,
    uuid,
    timestamp: '2026-01-02T03:04:05.000Z',
    message: { role: type, content, ...(type === 'assistant' ? { id: `msg-${uuid}`, model: 'claude-sonnet-4-5' } : {}) },
    ...extra,
  });
}
