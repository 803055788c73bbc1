/** The message of anything thrown (a thrown string or object has no `.message`). */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Anything thrown, as an Error (kept as is when it already is one). */
export function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
