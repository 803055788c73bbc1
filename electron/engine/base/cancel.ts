/*
 * Cancellation, shared by every step: long work takes an AbortSignal and checks it between
 * synchronous steps; a cancelled run ends with CancelledError (what callers test for to tell
 * "stopped on request" from a failure).
 */

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new CancelledError();
}
