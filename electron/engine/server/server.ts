import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ApiValidationError, isApiMethod } from '../../../shared/api.js';
import type { ApiService } from '../api/handlers.js';
import { statusOf } from '../api/errors.js';
import { cookieName, hasToken, hostAllowed, originAllowed, SECURITY_HEADERS, tokensEqual } from './security.js';

/*
 * Browser mode: the renderer build and the API over HTTP on 127.0.0.1.
 *   GET  /...                 the React build (dist/renderer), index.html for unknown paths
 *   GET  /?token=T            sets the token cookie and redirects to / (the token leaves the address bar)
 *   POST /api/<method>        JSON parameters in, {result} or {error} out (400 bad parameters,
 *                             404 not found, 409 busy, 500 anything else)
 *   POST /upload?batch=B&name=N&size=S   one dropped file's bytes, written into the batch's folder
 *                             (at most the maxUploadMB setting; 413 beyond); kept only when exactly S
 *                             bytes (and Content-Length) arrived, else removed; then `importUpload({batch})`
 *                             imports the folder
 * Every request must pass the host, origin and token checks of security.ts.
 */

export interface ServerOptions {
  /** 0 or absent: any free port. */
  port?: number;
  /** Only loopback makes sense; kept as an option for tests of the host check. */
  host?: '127.0.0.1';
  token: string;
  service: ApiService;
  /** The vite build output (dist/renderer). */
  staticDir: string;
}

export interface RunningServer {
  port: number;
  /** The address to open, with the token. */
  url: string;
  close(): Promise<void>;
}

const MAX_JSON_BYTES = 1 << 20;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

function send(res: ServerResponse, status: number, body: string | Buffer, type = 'text/plain; charset=utf-8', extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': 'no-store', ...extra });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8');
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_JSON_BYTES) throw new ApiValidationError('request body larger than 1 MB');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiValidationError('request body is not valid JSON');
  }
}

/** A dropped file's name, reduced to a safe base name (no folders, no dot-files). */
export function safeUploadName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[^\p{L}\p{N}._ -]/gu, '_').replace(/^\.+/, '').slice(0, 200);
  return cleaned || 'upload';
}

/** An upload refused for its size (413) or cut short (400); the partial file is already removed. */
class UploadError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

const MB = 1 << 20;

/**
 * Writes one upload's bytes into `dir` under a hidden partial name (never listed for import:
 * upload names cannot start with a dot), and renames it to its own name only when every
 * byte announced arrived and the cap held. Anything else removes the partial file.
 */
async function receiveUpload(req: IncomingMessage, dir: string, name: string, expected: number | null, max: number): Promise<string> {
  const declared = req.headers['content-length'] === undefined ? null : Number(req.headers['content-length']);
  const tooLarge = (n: number) => new UploadError(`${name}: ${n} bytes, over the ${max / MB} MB upload cap (the maxUploadMB setting, in Settings → Import limits)`, 413);
  if (expected !== null && expected > max) throw tooLarge(expected);
  if (declared !== null && declared > max) throw tooLarge(declared);
  const partial = path.join(dir, `.partial-${randomBytes(8).toString('hex')}`);
  let received = 0;
  const count = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      received += chunk.length;
      cb(received > max ? tooLarge(received) : null, chunk);
    },
  });
  try {
    let aborted = false;
    req.once('aborted', () => (aborted = true));
    await pipeline(req, count, createWriteStream(partial, { flags: 'wx' }));
    const want = expected ?? declared;
    if (aborted || (want !== null && received !== want) || (declared !== null && received !== declared)) {
      throw new UploadError(`${name}: received ${received} of ${want ?? declared ?? '?'} bytes (upload cut short); not kept`, 400);
    }
    const file = uniquePath(dir, name);
    renameSync(partial, file);
    return file;
  } catch (err) {
    rmSync(partial, { force: true });
    if (err instanceof UploadError) throw err;
    throw new UploadError(`${name}: upload failed (${(err as Error).message}); not kept`, 400);
  }
}

function uniquePath(dir: string, name: string): string {
  let file = path.join(dir, name);
  for (let n = 2; existsSync(file); n++) {
    const ext = path.extname(name);
    file = path.join(dir, `${path.basename(name, ext)} (${n})${ext}`);
  }
  return file;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const staticDir = path.resolve(options.staticDir);
  let port = 0;

  const serveStatic = (res: ServerResponse, pathname: string) => {
    let rel: string;
    try {
      rel = decodeURIComponent(pathname);
    } catch {
      return send(res, 400, 'bad path');
    }
    let file = path.resolve(staticDir, `.${rel}`);
    if (file !== staticDir && !file.startsWith(staticDir + path.sep)) return send(res, 403, 'forbidden');
    if (!existsSync(file) || statSync(file).isDirectory()) file = path.join(staticDir, 'index.html');
    if (!existsSync(file)) return send(res, 503, 'The interface is not built yet: run `npm run build:renderer`, then reload.');
    send(res, 200, readFileSync(file), TYPES[path.extname(file)] ?? 'application/octet-stream');
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (!hostAllowed(req, port)) return send(res, 421, 'wrong host: open the address printed by `reverie serve`');
    if (!originAllowed(req, port)) return send(res, 403, 'cross-origin requests are refused');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const queryToken = url.searchParams.get('token');
    if (req.method === 'GET' && queryToken !== null) {
      if (!tokensEqual(queryToken, options.token)) return send(res, 401, 'wrong token: open the address printed by `reverie serve`');
      url.searchParams.delete('token');
      return send(res, 302, '', 'text/plain', {
        Location: url.pathname + url.search,
        'Set-Cookie': `${cookieName(port)}=${options.token}; Path=/; HttpOnly; SameSite=Strict`,
      });
    }
    // The browser asks for an icon even on the refusal page; there is none, and nothing to protect.
    if (req.method === 'GET' && url.pathname === '/favicon.ico') return send(res, 204, '');
    if (!hasToken(req, port, options.token)) return send(res, 401, 'missing or wrong token: open the address printed by `reverie serve`');

    if (req.method === 'POST' && url.pathname.startsWith('/api/')) {
      const method = url.pathname.slice('/api/'.length);
      if (!isApiMethod(method)) return sendJson(res, 404, { error: `no API method "${method}"` });
      // JSON only: a cross-site form cannot send it without a preflight, which we never grant.
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        return sendJson(res, 415, { error: 'send parameters as application/json' });
      }
      try {
        const result = await options.service.call(method, await readJson(req));
        return sendJson(res, 200, { result });
      } catch (err) {
        return sendJson(res, statusOf(err), { error: (err as Error).message });
      }
    }
    if (req.method === 'POST' && url.pathname === '/upload') {
      try {
        const dir = options.service.uploadDir(url.searchParams.get('batch') ?? '');
        const sizeParam = url.searchParams.get('size');
        const expected = sizeParam === null ? null : Number(sizeParam);
        if (expected !== null && !(Number.isSafeInteger(expected) && expected >= 0)) throw new UploadError(`bad upload size "${sizeParam}"`, 400);
        const file = await receiveUpload(req, dir, safeUploadName(url.searchParams.get('name') ?? ''), expected, options.service.maxUploadBytes());
        return sendJson(res, 200, { result: { name: path.basename(file) } });
      } catch (err) {
        // Refused before the body was read: close the connection rather than read what the cap refused.
        if (err instanceof UploadError && err.status === 413) res.setHeader('Connection', 'close');
        return sendJson(res, err instanceof UploadError ? err.status : 400, { error: (err as Error).message });
      }
    }
    if (req.method === 'GET' || req.method === 'HEAD') return serveStatic(res, url.pathname);
    return send(res, 405, 'method not allowed');
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: Error) => {
      if (!res.headersSent) send(res, 500, err.message);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}/?token=${options.token}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
