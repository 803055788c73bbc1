import { resolveDataDir } from '../config/paths.js';
import { loadSettings } from '../config/settings.js';
import { resolveEmbedConfig, type EmbedConfig } from '../embed/model-config.js';
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

/** Thrown by commands for a clean one-line error and an exit code, instead of a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** The embedding model and its folder: flags, then env, then settings, then defaults. */
export function embedConfig(ctx: CliContext): EmbedConfig {
  return resolveEmbedConfig({
    model: ctx.options.model,
    modelsDir: ctx.options.modelsDir,
    settings: loadSettings(ctx.dataDir),
    dataDir: ctx.dataDir,
  });
}
