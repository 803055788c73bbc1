import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { CSP } from '../api/content-policy.js';

/*
 * Browser mode listens on 127.0.0.1 only, but any web page the person visits can still send
 * requests there. Three checks keep those out:
 *   - Host must name this server (127.0.0.1:PORT or localhost:PORT): a DNS-rebinding page
 *     reaches us under its own host name and is refused;
 *   - Origin, when sent, must be this server: cross-site requests are refused;
 *   - every request carries the per-run token: as a header, or as the cookie set when the
 *     person opens the printed URL (`/?token=...`).
 */

export const TOKEN_HEADER = 'x-reverie-token';

export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function hostAllowed(req: IncomingMessage, port: number): boolean {
  return allowedHosts(port).includes((req.headers.host ?? '').toLowerCase());
}

export function originAllowed(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  return allowedHosts(port).some((h) => origin.toLowerCase() === `http://${h}`);
}

/** Cookies are shared across ports of one host, so the name carries the port. */
export function cookieName(port: number): string {
  return `reverie_token_${port}`;
}

function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

export function tokensEqual(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function hasToken(req: IncomingMessage, port: number, token: string): boolean {
  const header = req.headers[TOKEN_HEADER];
  return tokensEqual(typeof header === 'string' ? header : undefined, token) || tokensEqual(readCookie(req, cookieName(port)), token);
}

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
