import { resolveDataDir } from '../config/paths.js';
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
  out: (text: string) => void;
  err: (text: string) => void;
}

export function openContext(options: GlobalOptions): CliContext {
  const dataDir = resolveDataDir(options.dataDir);
  return {
    options,
    dataDir,
    json: options.json === true,
    db: openStore(dataDir),
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
  };
}

export { CliError } from './errors.js';
