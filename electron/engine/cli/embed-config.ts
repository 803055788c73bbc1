import { loadSettings } from '../config/settings.js';
import { resolveEmbedConfig, type EmbedConfig } from '../embed/model-config.js';
import type { CliContext } from './context.js';

/** The embedding model and its folder: flags, then env, then settings, then defaults. */
export function embedConfig(ctx: CliContext): EmbedConfig {
  return resolveEmbedConfig({
    model: ctx.options.model,
    modelsDir: ctx.options.modelsDir,
    settings: loadSettings(ctx.dataDir),
    dataDir: ctx.dataDir,
  });
}
