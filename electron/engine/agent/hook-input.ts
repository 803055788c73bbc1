import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

/*
 * What Claude Code writes on a hook's stdin: one JSON object with `session_id`,
 * `transcript_path`, `cwd`, `hook_event_name` and, per event, `source` (SessionStart:
 * startup, resume, clear, compact) or `reason` (SessionEnd). A hook must never fail or hang
 * the agent: input is read with a size and time limit, and whatever goes wrong is written to
 * Reverie's hook log, not to the agent.
 */

export interface HookInput {
  sessionId?: string;
  transcriptPath?: string;
  cwd?: string;
  event?: string;
  source?: string;
  reason?: string;
}

const MAX_INPUT_BYTES = 1 << 20;
const READ_TIMEOUT_MS = 2_000;

/** Reads stdin to its end (at most 1 MB, at most 2 s; nothing when it is a terminal). */
export function readStdin(stream: NodeJS.ReadStream = process.stdin): Promise<string> {
  if (stream.isTTY) return Promise.resolve('');
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      clearTimeout(timer);
      stream.removeAllListeners('data');
      stream.pause();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const timer = setTimeout(done, READ_TIMEOUT_MS);
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_INPUT_BYTES) chunks.push(chunk);
      else done();
    });
    stream.once('end', done);
    stream.once('error', done);
  });
}

const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

/** The fields Reverie uses; throws a worded error for input that is not a JSON object. */
export function parseHookInput(text: string): HookInput {
  if (!text.trim()) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(`hook input is not JSON: ${(err as Error).message}`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('hook input is not a JSON object');
  const v = value as Record<string, unknown>;
  return {
    sessionId: str(v.session_id),
    transcriptPath: str(v.transcript_path),
    cwd: str(v.cwd),
    event: str(v.hook_event_name),
    source: str(v.source),
    reason: str(v.reason),
  };
}

/** `<data-dir>/logs/hooks.log`, where hooks write what went wrong (never to the agent). */
export function hookLogFile(dataDir: string): string {
  return path.join(dataDir, 'logs', 'hooks.log');
}

export function logHook(dataDir: string, line: string): void {
  try {
    mkdirSync(path.dirname(hookLogFile(dataDir)), { recursive: true, mode: 0o700 });
    appendFileSync(hookLogFile(dataDir), `${new Date().toISOString()} ${line.replace(/\s+/g, ' ')}\n`, { mode: 0o600 });
  } catch {
    // A hook that cannot even log still must not fail the agent.
  }
}
