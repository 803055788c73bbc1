import { ApiValidationError } from '../../../shared/api.js';
import { BusyError, NotFoundError } from '../api/errors.js';

/** The HTTP status for an API error (also carried in IPC replies, so both faces agree). */
export function statusOf(err: unknown): number {
  if (err instanceof ApiValidationError) return 400;
  if (err instanceof NotFoundError) return 404;
  if (err instanceof BusyError) return 409;
  return 500;
}
