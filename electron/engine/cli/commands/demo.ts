import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateCorpus } from '../../demo/generate.js';
import { assertModelUsable, DEFAULT_MODEL, repoDir, type EmbedConfig } from '../../embed/model-config.js';
import type { CliContext } from '../context.js';
import { embedConfig } from '../embed-config.js';
import { analyzeCommand, clustersCommand } from './analyze.js';
import { importCommand } from './import.js';
import { exportCommand, lessonsCommand } from './lessons.js';

/** The small model shipped beside development checkouts (../shared/models), for CI and offline work. */
const SHARED_MODEL = { model: 'energetic-ai/use-lite-en', dir: ['..', 'shared', 'models'] };

/**
 * Finds a usable embedding model for the demo: the configured one; else (with --fetch-model)
 * the default downloaded once; else the test model of a development checkout; else null.
 */
async function demoModel(ctx: CliContext, fetch: boolean): Promise<EmbedConfig | null> {
  const configured = embedConfig(ctx);
  let problem: string;
  try {
    assertModelUsable(configured.model, configured.modelsDir);
    return configured;
  } catch (err) {
    problem = (err as Error).message;
  }
  const repo = repoDir();
  const explicit = ctx.options.model || ctx.options.modelsDir || process.env.REVERIE_MODEL || process.env.REVERIE_MODELS_DIR;
  if (fetch && !explicit && configured.model === DEFAULT_MODEL && repo) {
    try {
      const script = pathToFileURL(path.join(repo, 'scripts', 'fetch-model.mjs')).href;
      const { main } = (await import(script)) as { main: (argv: string[]) => Promise<void> };
      await main([]);
      const fetched = embedConfig(ctx);
      assertModelUsable(fetched.model, fetched.modelsDir);
      return fetched;
    } catch (err) {
      ctx.err(`Could not download ${DEFAULT_MODEL}: ${(err as Error).message}`);
    }
  }
  if (!explicit && repo) {
    const dir = path.join(repo, ...SHARED_MODEL.dir);
    if (existsSync(path.join(dir, SHARED_MODEL.model))) {
      ctx.err(`Using the test model ${SHARED_MODEL.model} from ${dir} instead.`);
      return { model: SHARED_MODEL.model, modelsDir: dir };
    }
  }
  ctx.err(`Skipping the analysis: ${problem}`);
  return null;
}

/**
 * `reverie demo`: the main job on built-in sample data. Generates synthetic agent sessions,
 * imports them, analyses them locally, writes local draft lessons and shows the export.
 */
export async function demoCommand(ctx: CliContext, opts: { sessions?: string; fetchModel?: boolean }): Promise<number> {
  const sessions = opts.sessions ? Number(opts.sessions) : 120;
  const dir = path.join(ctx.dataDir, 'sample-data');
  const files = await generateCorpus({ outDir: dir, sessions });
  const say = (text: string) => !ctx.json && ctx.out(text);
  say(`1. Generated ${files.length} sample Claude Code sessions in ${dir}`);
  let code = await importCommand(ctx, [dir], { quiet: true });
  const model = await demoModel(ctx, opts.fetchModel === true);
  if (!model) return code;
  ctx.options.model = model.model;
  ctx.options.modelsDir = model.modelsDir;
  say(`\n2. Analysing them on this machine with ${model.model}:`);
  code ||= await analyzeCommand(ctx);
  say('\nThe biggest patterns:');
  if (!ctx.json) clustersCommand(ctx, { limit: '8' });
  say('\n3. Local draft lessons (no API key needed; nothing leaves this machine):');
  code ||= await lessonsCommand(ctx, { offline: true });
  say('\n4. What `reverie export --format claude-md --include-drafts` would add to CLAUDE.md:\n');
  if (!ctx.json) exportCommand(ctx, { format: 'claude-md', includeDrafts: true });
  say(
    '\nNext: `reverie lesson <id> adopt`, `reverie export --format claude-md --out CLAUDE.md`, ' +
      '`reverie lessons` with ANTHROPIC_API_KEY set to have Claude write them, `reverie import <your logs>`.',
  );
  return code;
}
