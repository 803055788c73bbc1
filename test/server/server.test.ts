import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHandlers, type ApiService } from '../../electron/engine/api/handlers.js';
import { CSP } from '../../electron/engine/api/content-policy.js';
import { generateCorpus } from '../../electron/engine/demo/generate.js';
import { safeUploadName, startServer, type RunningServer } from '../../electron/engine/server/server.js';
import { openStore, type Db } from '../../electron/engine/store/db.js';
import { tempDir } from '../helpers/fixtures.js';
import { REPO_DIR } from '../helpers/samples.js';
import { TEST_EMBED } from '../helpers/test-model.js';

const TOKEN = 'test-token-0123456789';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Raw requests, so the Host and Origin headers can be forged as an attacker's page would. */
function send(port: number, method: string, pathname: string, headers: Record<string, string> = {}, body?: string | Buffer): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path: pathname, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('startServer', () => {
  const data = tempDir();
  const site = path.join(data.dir, 'site');
  let db: Db;
  let service: ApiService;
  let server: RunningServer;
  let port: number;
  const auth = { 'x-reverie-token': TOKEN, 'content-type': 'application/json' };
  const api = (method: string, params: unknown, headers: Record<string, string> = auth) =>
    send(port, 'POST', `/api/${method}`, headers, JSON.stringify(params));

  beforeAll(async () => {
    mkdirSync(path.join(site, 'assets'), { recursive: true });
    writeFileSync(path.join(site, 'index.html'), '<!doctype html><title>Reverie</title>');
    writeFileSync(path.join(site, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(path.join(data.dir, 'secret.txt'), 'not for the web');
    db = openStore(path.join(data.dir, 'store'));
    service = createApiHandlers({ db, dataDir: path.join(data.dir, 'store'), ...TEST_EMBED });
    server = await startServer({ token: TOKEN, service, staticDir: site });
    port = server.port;
  });
  afterAll(async () => {
    await server.close();
    await service.close();
    db.close();
    data.cleanup();
  });

  it('listens on loopback and prints an address carrying the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${port}/?token=${TOKEN}`);
  });

  it('refuses requests without the right token, pages and API alike', async () => {
    expect((await send(port, 'GET', '/')).status).toBe(401);
    expect((await send(port, 'GET', '/assets/app.js')).status).toBe(401);
    expect((await api('status', {}, { 'content-type': 'application/json' })).status).toBe(401);
    expect((await api('status', {}, { ...auth, 'x-reverie-token': 'test-token-0123456788' })).status).toBe(401);
    expect((await send(port, 'GET', '/?token=wrong')).status).toBe(401);
  });

  it('trades the token in the address for a cookie, then serves the page with a strict CSP', async () => {
    const first = await send(port, 'GET', `/?token=${TOKEN}`);
    expect(first.status).toBe(302);
    expect(first.headers.location).toBe('/');
    const cookie = String(first.headers['set-cookie']).split(';')[0];
    expect(String(first.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
    const page = await send(port, 'GET', '/', { cookie });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Reverie</title>');
    expect(page.headers['content-security-policy']).toBe(CSP);
    expect(page.headers['x-frame-options']).toBe('DENY');
    const script = await send(port, 'GET', '/assets/app.js', { cookie });
    expect(script.headers['content-type']).toMatch(/javascript/);
    const status = await send(port, 'POST', '/api/status', { cookie, 'content-type': 'application/json' }, '{}');
    expect(JSON.parse(status.body).result.sessions).toBe(0);
    // Unknown paths are the app's own routes; nothing outside the build is reachable.
    expect((await send(port, 'GET', '/sessions/3', { cookie })).body).toContain('<title>Reverie</title>');
    expect((await send(port, 'GET', '/..%2Fsecret.txt', { cookie })).body).not.toContain('not for the web');
    expect((await send(port, 'GET', '/../secret.txt', { cookie })).body).not.toContain('not for the web');
  });

  it('refuses other host names (DNS rebinding) and cross-site origins even with the token', async () => {
    expect((await send(port, 'GET', '/', { ...auth, host: `evil.example:${port}` })).status).toBe(421);
    expect((await api('status', {}, { ...auth, host: `127.0.0.1:${port + 1}` })).status).toBe(421);
    expect((await api('status', {}, { ...auth, origin: 'http://evil.example' })).status).toBe(403);
    expect((await api('status', {}, { ...auth, host: `localhost:${port}`, origin: `http://localhost:${port}` })).status).toBe(200);
  });

  it('answers bad parameters with 400 and a message naming the field', async () => {
    const bad = await api('getSession', { id: -1 });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error).toMatch(/getSession: id:/);
    const notJson = await send(port, 'POST', '/api/status', auth, '{oops');
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.body).error).toMatch(/not valid JSON/);
    expect((await send(port, 'POST', '/api/status', { 'x-reverie-token': TOKEN, 'content-type': 'text/plain' }, '{}')).status).toBe(415);
    expect((await api('dropTables', {})).status).toBe(404);
    expect((await api('getSession', { id: 42 })).status).toBe(404);
  });

  it('ships the same CSP in the page itself (the desktop app loads it from a file, without headers)', () => {
    const html = readFileSync(path.join(REPO_DIR, 'renderer', 'index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    // frame-ancestors is the one directive a <meta> cannot carry.
    expect(meta).toBe(CSP.replace(" frame-ancestors 'none';", ''));
  });

  it('keeps upload names inside the batch folder', () => {
    expect(safeUploadName('../../etc/passwd')).toBe('passwd');
    expect(safeUploadName('C:\\logs\\a.jsonl')).toBe('a.jsonl');
    expect(safeUploadName('.bashrc')).toBe('bashrc');
    expect(safeUploadName('..')).toBe('upload');
  });

  describe('round trip with a log', () => {
    it('uploads a file, imports the batch as a job, and reads the session back', async () => {
      const [file] = await generateCorpus({ outDir: path.join(data.dir, 'logs'), sessions: 1, seed: 8 });
      const batch = 'abcdef0123456789';
      const up = await send(port, 'POST', `/upload?batch=${batch}&name=${encodeURIComponent('../x/' + path.basename(file))}`, { 'x-reverie-token': TOKEN }, readFileSync(file));
      expect(up.status).toBe(200);
      expect(JSON.parse(up.body).result.name).toBe(path.basename(file));
      const { jobId } = JSON.parse((await api('importUpload', { batch })).body).result;
      await service.jobs.ended(jobId);
      const status = JSON.parse((await api('jobStatus', { jobId })).body).result;
      expect(status.state).toBe('done');
      expect(status.files).toHaveLength(1);
      expect(status.files[0].format).toBe('claude-code');
      expect(existsSync(path.join(service.uploadDir(batch), path.basename(file)))).toBe(false);
      const sessions = JSON.parse((await api('listSessions', {})).body).result;
      expect(status.result.sessionsAdded).toBe(1);
      expect(sessions).toHaveLength(1);
      const detail = JSON.parse((await api('getSession', { id: sessions[0].id })).body).result;
      expect(detail.messages.length).toBe(status.files[0].messagesAdded);
      expect(detail.messages.length).toBe(sessions[0].messageCount);
    });
  });
});
