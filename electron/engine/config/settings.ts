import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ensurePrivateDir, makePrivate, PRIVATE_FILE_MODE } from './private-files.js';

/*
 * User settings, shared by the CLI, the browser mode and the desktop app, stored as
 * `<data-dir>/settings.json`. Secrets never live here: the desktop app keeps the API key
 * with Electron safeStorage, the CLI reads ANTHROPIC_API_KEY from the environment.
 */

export const Settings = z.object({
  /** Embedding model id (transformers.js layout under the models folder). Empty: the default. */
  model: z.string().default(''),
  /** Models folder. Empty: the default search order (see embed/model-config). */
  modelsDir: z.string().default(''),
  /** Claude model that writes lessons. Empty: the current default (lesson/request.ts). */
  lessonModel: z.string().default(''),
  /** Privacy layer 2: a cluster may leave the machine only if it spans this many sessions... */
  minSessions: z.number().int().min(1).default(3),
  /** ...and this many projects or conversations. */
  minProjects: z.number().int().min(1).default(1),
  /** Names to scrub besides the ones found automatically (colleagues, customers...). */
  scrubNames: z.array(z.string()).default([]),
  /**
   * When the app (desktop window, `reverie serve`, `reverie dream --watch`) dreams on its own:
   * 'nightly' once a day at `dreamAt`, 'hourly' every hour at `dreamAt`'s minute, 'off' only
   * when asked. A slot missed while the machine slept or the app was closed runs once at start.
   */
  dreamSchedule: z.enum(['nightly', 'hourly', 'off']).default('nightly'),
  /** Local wall-clock time of the nightly dream, HH:MM (24-hour). */
  dreamAt: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM, 00:00 to 23:59')
    .default('03:00'),
  /**
   * What an agent may see through `reverie mcp`: false (default) only the project of the agent's
   * working directory; true every project (as `reverie mcp --all-projects`).
   */
  agentAllProjects: z.boolean().default(false),
  /**
   * The app (desktop window and `reverie serve`): an import that brought new or changed sessions
   * starts the analysis by itself (cancellable), so the person lands on patterns.
   */
  autoAnalyze: z.boolean().default(true),
  /*
   * Caps on hostile or broken input (import/limits.ts); raise them for an unusually large real export.
   * A zip member may unpack to at most `maxUnzippedMB`, and one larger than 1 MB to at most
   * `maxZipRatio` times its compressed size (real logs compress 3 to 30 times; zip bombs 1,000).
   */
  maxUnzippedMB: z.number().int().min(1).default(2048),
  maxZipRatio: z.number().int().min(1).default(200),
  /** The longest line of a JSONL or text log, and the largest element of a streamed JSON array. */
  maxLineMB: z.number().int().min(1).max(400).default(64),
  /** Browser mode (`reverie serve`): the largest file that can be uploaded for import. */
  maxUploadMB: z.number().int().min(1).default(2048),
});
export type Settings = z.infer<typeof Settings>;

export const SETTINGS_FILE = 'settings.json';

export function defaultSettings(): Settings {
  return Settings.parse({});
}

/** Reads the settings; a missing file means defaults, a broken one is a clear error. */
export function loadSettings(dataDir: string): Settings {
  const file = path.join(dataDir, SETTINGS_FILE);
  if (!existsSync(file)) return defaultSettings();
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file} is not valid JSON (${(err as Error).message}); fix or delete it to return to defaults`);
  }
  const parsed = Settings.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: setting ${issue.path.join('.')} ${issue.message}`);
  }
  return parsed.data;
}

/** Validates and writes the settings atomically (write to a temporary file, then rename). */
export function saveSettings(dataDir: string, changes: Partial<Settings>): Settings {
  const next = Settings.parse({ ...loadSettings(dataDir), ...changes });
  ensurePrivateDir(dataDir);
  const file = path.join(dataDir, SETTINGS_FILE);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(next, null, 2)}\n`, { mode: PRIVATE_FILE_MODE });
  makePrivate(`${file}.tmp`); // a temporary file left by a crash keeps its old mode
  renameSync(`${file}.tmp`, file);
  return next;
}
