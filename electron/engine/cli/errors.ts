/** Thrown by commands for a clean one-line error and an exit code, instead of a stack trace. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/**
 * Whether `err` is a CliError. By name as well as by class: command modules are loaded lazily and,
 * in the bundle, may carry their own copy of this class in a chunk.
 */
export function isCliError(err: unknown): err is CliError {
  return err instanceof CliError || (err instanceof Error && err.name === 'CliError' && typeof (err as CliError).exitCode === 'number');
}
