import { resolveDataDir } from '../config/paths.js';
import { showControls } from '../../../shared/untrusted-text.js';
import { openStore, type Db } from '../store/db.js';

/** Options every command accepts (set on the root program). */
export interface GlobalOptions {
  dataDir?: string;
  json?: boolean;
  model?: string;
  modelsDir?: string;
}

export interface CliContext {
  options: GlobalOptions;
  dataDir: string;
  json: boolean;
  db: Db;
  /** A line to stdout: human text has its control characters made visible; --json output is as given. */
  out: (text: string) => void;
  /** A line to stderr, always with its control characters made visible. */
  err: (text: string) => void;
}

/*
 * Every command prints through out and err, and much of what they print comes from logs (titles,
 * messages, tool output, keywords, lessons, file names, error messages quoting a file). Escape
 * sequences in it would reach the person's terminal (OSC 52 clipboard writes, screen clears,
 * window titles), so human output shows them instead (shared/untrusted-text.ts showControls).
 * JSON output escapes them itself. Raw bytes go out only where they are the product and the
 * person asked for them: `export` to stdout (lessons already data) and `anonymize`.
 */
export function openContext(options: GlobalOptions): CliContext {
  const dataDir = resolveDataDir(options.dataDir);
  const json = options.json === true;
  return {
    options,
    dataDir,
    json,
    db: openStore(dataDir),
    out: (text) => process.stdout.write(`${json ? text : showControls(text)}\n`),
    err: (text) => process.stderr.write(`${showControls(text)}\n`),
  };
}

export { CliError } from './errors.js';
