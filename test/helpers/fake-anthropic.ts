import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * A fake Anthropic Messages API on 127.0.0.1 for tests that drive the real SDK: it records every
 * request (method, path, headers, the raw body bytes) and answers with scripted replies in order.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The body exactly as it arrived. */
  body: Buffer;
}

export interface FakeReply {
  status: number;
  /** JSON-serialised unless already a string. */
  body: unknown;
  headers?: Record<string, string>;
}

export interface FakeAnthropic {
  /** Base URL for the SDK (`http://127.0.0.1:PORT`). */
  url: string;
  requests: RecordedRequest[];
  /** Queues replies; each request takes the next one. */
  script: (...replies: FakeReply[]) => void;
  close: () => Promise<void>;
}

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

/** An Anthropic-shaped error reply. */
export function errorReply(status: number, message = 'scripted error', headers?: Record<string, string>): FakeReply {
  return {
    status,
    headers,
    body: { type: 'error', error: { type: ERROR_TYPES[status] ?? 'api_error', message }, request_id: `req_${status}` },
  };
}

export interface ActionReply {
  action: 'add' | 'edit' | 'merge';
  targets: number[];
  title: string;
  rule: string;
  why: string;
  applies_when: string;
  confidence: number;
}

/** A successful structured-output reply: one text block holding the JSON, as the API returns it. */
export function lessonsReply(actions: ActionReply[], options: { model?: string; stopReason?: string; text?: string; patternName?: string } = {}): FakeReply {
  return {
    status: 200,
    body: {
      id: 'msg_fake',
      type: 'message',
      role: 'assistant',
      model: options.model ?? 'claude-sonnet-5-5',
      content: [
        // Adaptive thinking comes first on current models, with its text omitted by default.
        { type: 'thinking', thinking: '', signature: 'sig' },
        { type: 'text', text: options.text ?? JSON.stringify(options.patternName === undefined ? { actions } : { pattern_name: options.patternName, actions }) },
      ],
      stop_reason: options.stopReason ?? 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 1234, output_tokens: 321 },
    },
  };
}

export async function startFakeAnthropic(): Promise<FakeAnthropic> {
  const requests: RecordedRequest[] = [];
  const queue: FakeReply[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      const reply =
        req.method === 'POST' && req.url === '/v1/messages'
          ? (queue.shift() ?? errorReply(500, 'no scripted reply left'))
          : errorReply(400, `unexpected ${req.method} ${req.url}`);
      const payload = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      res.writeHead(reply.status, { 'content-type': 'application/json', 'request-id': 'req_fake', ...reply.headers });
      res.end(payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script: (...replies) => queue.push(...replies),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
