import Anthropic, { APIConnectionError, APIError } from '@anthropic-ai/sdk';
import type { Db } from '../store/db.js';
import type { PreparedRequest } from './request.js';
import { insertOutbox, recordOutboxResult } from './store.js';

/*
 * Sends one prepared request through the official SDK, with our own retry loop so that every
 * attempt is visible: the SDK's retries are off (maxRetries: 0) and its `fetch` is wrapped to
 *  - refuse to send anything but the exact bytes that were previewed (nothing leaves otherwise),
 *  - write an outbox row just before the bytes leave and fill in the status and response after.
 * Headers (where the API key travels) are never stored; the key is also blanked out of anything
 * stored, in case a server ever echoes it.
 *
 * Retry rules: 429 (rate limit), 529 (overloaded), other 5xx, and connection failures are tried
 * again with exponential backoff (or the server's retry-after); 401/403 stop at once with a plain
 * message about the key; any other 4xx stops with the API's own message.
 */

export const DEFAULT_MAX_ATTEMPTS = 5;
export const BASE_DELAY_MS = 1000;
export const MAX_DELAY_MS = 30_000;

/** The part of a Messages API reply the lesson parser reads. */
export interface ReplyMessage {
  id?: string;
  model?: string;
  content: { type: string; text?: string }[];
  stop_reason: string | null;
  usage?: { input_tokens?: number; output_tokens?: number };
}

export interface SendOptions {
  apiKey: string;
  /** Default: ANTHROPIC_BASE_URL, then the SDK's default (api.anthropic.com). */
  baseURL?: string;
  maxAttempts?: number;
  /** Waits between attempts; tests pass a recorder. */
  sleep?: (ms: number) => Promise<void>;
  /** Per-attempt timeout; default: the SDK's, which scales with max_tokens. */
  timeoutMs?: number;
  onRetry?: (info: { attempt: number; status: number | null; delayMs: number }) => void;
  /** The fetch the SDK's calls end in (default: the global fetch). */
  fetch?: typeof fetch;
}

export interface SendResult {
  message: ReplyMessage;
  attempts: number;
  outboxIds: number[];
}

/** A failed send, with a message meant for the person at the keyboard. */
export class LessonApiError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly attempts: number,
  ) {
    super(message);
    this.name = 'LessonApiError';
  }
}

/** Thrown inside the fetch wrapper when the bytes about to leave are not the previewed ones. */
class PreviewMismatchError extends Error {}

/** A reply that came but could not be kept in the outbox: the request must not be sent again. */
class UnrecordedReplyError extends Error {}

/** A stop of ours the SDK passes up, possibly wrapped (it wraps errors thrown by `fetch` as connection errors). */
function ownStop(err: unknown): Error | null {
  for (const e of [err, (err as { cause?: unknown })?.cause]) {
    if (e instanceof PreviewMismatchError || e instanceof UnrecordedReplyError) return e;
  }
  return null;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 408 || status >= 500;
}

/** Delay before attempt `attempt + 1`: the server's retry-after when given, else backoff with jitter. */
export function retryDelayMs(attempt: number, headers?: Headers | null, random = Math.random): number {
  const ms = Number(headers?.get('retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return Math.min(ms, 2 * MAX_DELAY_MS);
  const after = headers?.get('retry-after');
  if (after) {
    const seconds = Number(after);
    const fromDate = Date.parse(after) - Date.now();
    const wait = Number.isFinite(seconds) ? seconds * 1000 : fromDate;
    if (Number.isFinite(wait) && wait >= 0) return Math.min(wait, 2 * MAX_DELAY_MS);
  }
  const exp = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1));
  // Jitter within [75%, 100%] so parallel clients do not retry in lockstep.
  return Math.round(exp * (0.75 + 0.25 * random()));
}

function redact(text: string, secret: string): string {
  return secret ? text.split(secret).join('[api key]') : text;
}

function urlOf(input: string | URL | Request): string {
  return typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
}

function keyRejected(status: number): string {
  return status === 401
    ? 'the Anthropic API key was rejected (401): set a valid key (console.anthropic.com), or write local drafts instead'
    : 'the Anthropic API key is not allowed to use this model or API (403): check the key\'s workspace and permissions, or choose another Claude model for lessons (the lessonModel setting)';
}

export async function sendLessonRequest(db: Db, request: PreparedRequest, options: SendOptions): Promise<SendResult> {
  if (!options.apiKey) throw new LessonApiError('no Anthropic API key is set: set one, or write local drafts instead', null, 0);
  const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
  const sleep = options.sleep ?? defaultSleep;
  const baseFetch = options.fetch ?? globalThis.fetch;
  const outboxIds: number[] = [];
  const secret = options.apiKey;

  const recordingFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const body = init?.body;
    if (typeof body !== 'string' || body !== request.bytes) {
      throw new PreviewMismatchError('the request the SDK was about to send differs from the previewed bytes; nothing was sent');
    }
    const id = insertOutbox(db, { url: urlOf(input), model: request.model, clusterIds: [request.clusterId], request: body });
    outboxIds.push(id);
    let response: Response;
    let text: string;
    try {
      response = await baseFetch(input, init);
      // Non-streaming replies are small; reading a clone leaves the original for the SDK.
      text = await response.clone().text();
    } catch (err) {
      try {
        recordOutboxResult(db, id, { error: redact(String((err as Error)?.message ?? err), secret) });
      } catch {
        // The network error is what the person needs to hear; the request itself is in the outbox.
      }
      throw err;
    }
    try {
      recordOutboxResult(db, id, { status: response.status, response: redact(text, secret) });
    } catch (err) {
      // Not a network failure: the request went out and was answered. Retrying would send (and
      // bill) it again and leave this row without its reply.
      throw new UnrecordedReplyError(
        `the reply to request ${id} came but could not be kept in the outbox (${(err as Error).message}); it is not sent again: try again when the store is free`,
      );
    }
    return response;
  };

  const client = new Anthropic({
    apiKey: options.apiKey,
    baseURL: options.baseURL || undefined,
    maxRetries: 0,
    timeout: options.timeoutMs,
    fetch: recordingFetch,
  });

  for (let attempt = 1; ; attempt++) {
    try {
      const message = (await client.messages.create(request.body)) as unknown as ReplyMessage;
      return { message, attempts: attempt, outboxIds };
    } catch (err) {
      const stop = ownStop(err);
      if (stop) throw new LessonApiError(stop.message, null, attempt);
      const status = err instanceof APIError && typeof err.status === 'number' ? err.status : null;
      if (status === 401 || status === 403) throw new LessonApiError(keyRejected(status), status, attempt);
      const retryable = status === null ? err instanceof APIConnectionError : isRetryableStatus(status);
      if (!retryable) {
        const detail = err instanceof APIError ? (err.apiMessage ?? err.message) : String((err as Error)?.message ?? err);
        throw new LessonApiError(
          `the Anthropic API refused the request${status ? ` (${status})` : ''}: ${redact(detail, secret)}`,
          status,
          attempt,
        );
      }
      if (attempt >= maxAttempts) {
        const what = status === 429 ? 'rate limited' : status === 529 ? 'overloaded' : status ? `failing (${status})` : 'unreachable';
        throw new LessonApiError(`the Anthropic API is ${what}; gave up after ${attempt} attempts, try again later`, status, attempt);
      }
      const delayMs = retryDelayMs(attempt, err instanceof APIError ? err.headers : null);
      options.onRetry?.({ attempt, status, delayMs });
      await sleep(delayMs);
    }
  }
}
