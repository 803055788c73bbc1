import path from 'node:path';
import { generateCorpus } from '../../demo/generate.js';
import type { CliContext } from '../context.js';
import { importCommand } from './import.js';
import { sessionsCommand } from './sessions.js';

/**
 * `reverie demo`: the main job on built-in sample data. Generates a synthetic corpus of
 * agent sessions into the data folder, imports it, and shows what was stored.
 */
export async function demoCommand(ctx: CliContext, opts: { sessions?: string }): Promise<number> {
  const sessions = opts.sessions ? Number(opts.sessions) : 120;
  const dir = path.join(ctx.dataDir, 'sample-data');
  const files = await generateCorpus({ outDir: dir, sessions });
  if (!ctx.json) ctx.out(`Generated ${files.length} sample Claude Code sessions in ${dir}\n`);
  const code = await importCommand(ctx, [dir], { quiet: true });
  if (!ctx.json) {
    ctx.out('\nNewest sessions:');
    sessionsCommand(ctx, { limit: '5' });
    ctx.out('\nSessions that mention pnpm (full-text search):');
    sessionsCommand(ctx, { search: 'pnpm', limit: '3' });
    ctx.out('\nNext: `reverie sessions --search TEXT`, `reverie show <id>`, `reverie import <your logs>`.');
  }
  return code;
}
