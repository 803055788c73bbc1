import { ApiValidationError } from '../../../shared/api.js';

/** A request for something that is not there (a session, a cluster, a lesson): HTTP 404. */
export class NotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}

/** A job was asked for while another one runs on the same store: HTTP 409. */
export class BusyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BusyError';
  }
}

/** The HTTP status for an API error (also carried in IPC replies, so both faces agree). */
export function statusOf(err: unknown): number {
  if (err instanceof ApiValidationError) return 400;
  if (err instanceof NotFoundError) return 404;
  if (err instanceof BusyError) return 409;
  return 500;
}
