import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApiHandlers, freshUploadRoot, type ApiService } from '../../electron/engine/api/handlers.js';
import { saveSettings } from '../../electron/engine/config/settings.js';
import { startServer, type RunningServer } from '../../electron/engine/server/server.js';
import { openStore, type Db } from '../../electron/engine/store/db.js';
import { tempDir } from '../helpers/fixtures.js';

const TOKEN = 'test-token-uploads-0123456789';

interface Reply {
  status: number;
  body: string;
}

/**
 * One upload: `body` is sent in full, or only `sendOnly` bytes of it before the request is torn
 * down (a closed tab); `chunked` sends no Content-Length. Resolves with the reply, or null when
 * the connection was cut.
 */
function upload(port: number, query: string, body: Buffer, opts: { sendOnly?: number; chunked?: boolean } = {}): Promise<Reply | null> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = { host: `127.0.0.1:${port}`, 'x-reverie-token': TOKEN, 'content-type': 'application/octet-stream' };
    if (!opts.chunked) headers['content-length'] = String(body.length);
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: `/upload?${query}`, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', () => resolve(null));
    });
    req.on('error', () => resolve(null));
    if (opts.sendOnly !== undefined) {
      req.write(body.subarray(0, opts.sendOnly), () => setImmediate(() => req.destroy()));
    } else {
      req.end(body);
    }
  });
}

describe('browser-mode uploads', () => {
  const t = tempDir('reverie-uploads-');
  const dataDir = path.join(t.dir, 'data');
  let db: Db;
  let service: ApiService;
  let server: RunningServer;
  const batchFiles = (batch: string) => readdirSync(service.uploadDir(batch));

  beforeAll(async () => {
    db = openStore(dataDir);
    saveSettings(dataDir, { maxUploadMB: 1 });
    service = createApiHandlers({ db, dataDir, model: 'none', modelsDir: t.dir, jobsIn: 'process' });
    server = await startServer({ token: TOKEN, service, staticDir: path.join(t.dir, 'site') });
  });
  afterAll(async () => {
    await server.close();
    await service.close();
    db.close();
    t.cleanup();
  });

  it('keeps a file that arrived whole, under its own name', async () => {
    const body = Buffer.from('{"messages":[]}\n');
    const r = await upload(server.port, `batch=whole0001&name=a.jsonl&size=${body.length}`, body);
    expect(r).toEqual({ status: 200, body: JSON.stringify({ result: { name: 'a.jsonl' } }) });
    expect(batchFiles('whole0001')).toEqual(['a.jsonl']);
  });

  it('refuses a file over the maxUploadMB cap (413, naming it) and keeps nothing', async () => {
    const body = Buffer.alloc((1 << 20) + 1, 0x61);
    const r = await upload(server.port, `batch=toolarge1&name=big.jsonl&size=${body.length}`, body);
    // The refusal may come before the body is read: the reply, or a cut connection.
    if (r) {
      expect(r.status).toBe(413);
      expect(JSON.parse(r.body).error).toBe('big.jsonl: 1048577 bytes, over the 1 MB upload cap (the maxUploadMB setting, in Settings → Import limits)');
    }
    expect(batchFiles('toolarge1')).toEqual([]);
  });

  it('stops a chunked upload (no length given) at the cap and removes what was written', async () => {
    const r = await upload(server.port, 'batch=chunked01&name=big.jsonl', Buffer.alloc(3 << 20, 0x61), { chunked: true });
    if (r) expect(r.status).toBe(413);
    await vi.waitFor(() => expect(batchFiles('chunked01')).toEqual([]), { timeout: 30_000 });
  });

  it('removes an upload that does not hold the size announced, so no import reads it truncated', async () => {
    const body = Buffer.alloc(500, 0x61);
    const r = await upload(server.port, 'batch=shortsz1&name=short.jsonl&size=1000', body);
    expect(r?.status).toBe(400);
    expect(JSON.parse(r!.body).error).toBe('short.jsonl: received 500 of 1000 bytes (upload cut short); not kept');
    expect(batchFiles('shortsz1')).toEqual([]);
  });

  it('removes the partial file of an upload aborted mid-way (a closed tab)', async () => {
    const body = Buffer.alloc(200_000, 0x61);
    const r = await upload(server.port, `batch=aborted1&name=cut.jsonl&size=${body.length}`, body, { sendOnly: 100_000 });
    expect(r).toBeNull();
    // The server sees the cut a moment later; the folder must end up empty, not holding a truncated file.
    await vi.waitFor(() => expect(batchFiles('aborted1')).toEqual([]), { timeout: 30_000 });
  });
});

describe('upload folders after a crash', () => {
  it('removes the folders of processes that ended, keeps those of running ones', () => {
    const t = tempDir('reverie-uploads-crash-');
    try {
      // A pid that is surely not running any more: a child that has exited.
      const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
      const uploads = path.join(t.dir, 'uploads');
      const stale = path.join(uploads, `${dead}-abc123`, 'batch0001');
      const live = path.join(uploads, `${process.ppid}-def456`, 'batch0002');
      for (const dir of [stale, live]) {
        mkdirSync(dir, { recursive: true });
        writeFileSync(path.join(dir, 'left.jsonl'), 'half a fi');
      }
      const root = freshUploadRoot(t.dir);
      expect(existsSync(path.join(uploads, `${dead}-abc123`))).toBe(false);
      expect(existsSync(path.join(live, 'left.jsonl'))).toBe(true);
      expect(path.dirname(root)).toBe(uploads);
      expect(path.basename(root)).toMatch(new RegExp(`^${process.pid}-`));
    } finally {
      t.cleanup();
    }
  });
});
