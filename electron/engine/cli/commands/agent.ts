import { spawn } from 'node:child_process';
import { realpathSync } from 'node:fs';
import type { HookEvent, SettingsScope } from '../../agent/claude-settings.js';
import type { PreToolUseInput } from '../../agent/block-hook.js';
import { logHook, parseHookInput, readStdin } from '../../agent/hook-input.js';
import { sessionStartAnswer } from '../../agent/session-start.js';
import { resolveDataDir } from '../../config/paths.js';
import { CliError, type CliContext, type GlobalOptions } from '../context.js';

/*
 * The agent's side of the CLI: `reverie mcp` (the MCP server), `reverie hooks install|uninstall`
 * (Claude Code's settings.json) and `reverie hook session-start|session-end` (what those hooks
 * run). The hooks are on the agent's critical path: they import only what they need (the
 * scrubber only on a cache miss, the settings' schema and the analysis only in the detached
 * session-end worker); everything else here is imported by the command that uses it.
 */

export const REVERIE_VERSION = '0.1.0';

/** A scrubber built the way digests build theirs (settings, owner identities, session folders). */
async function makeScrubber(ctx: CliContext) {
  const [{ loadSettings }, { scrubberOptionsFor }, { createScrubber }] = await Promise.all([
    import('../../config/settings.js'),
    import('../../digest/build-digest.js'),
    import('../../digest/scrub/index.js'),
  ]);
  return createScrubber(scrubberOptionsFor(ctx.db, loadSettings(ctx.dataDir)));
}

/** The global options to hand on to a child `reverie` (the store and the model). */
function globalArgs(ctx: CliContext): string[] {
  const o = ctx.options;
  return [
    '--data-dir',
    ctx.dataDir,
    ...(o.model ? ['--model', o.model] : []),
    ...(o.modelsDir ? ['--models-dir', o.modelsDir] : []),
  ];
}

export async function mcpCommand(ctx: CliContext, opts: { allProjects?: boolean }): Promise<number> {
  const [{ createMcpServer }, { StdioServerTransport }, { loadSettings }, { embedConfig }] = await Promise.all([
    import('../../agent/mcp-server.js'),
    import('@modelcontextprotocol/sdk/server/stdio.js'),
    import('../../config/settings.js'),
    import('../embed-config.js'),
  ]);
  const settings = loadSettings(ctx.dataDir);
  const config = embedConfig(ctx);
  let index: { knn: (v: Float32Array, k: number) => { ids: number[] } } | null | undefined;
  const embedQuery = async (text: string) => {
    const [{ assertModelUsable }, { embedTexts }, { HnswIndex }] = await Promise.all([
      import('../../embed/model-config.js'),
      import('../../embed/embed-texts.js'),
      import('../../index/hnsw-index.js'),
    ]);
    try {
      assertModelUsable(config.model, config.modelsDir);
    } catch {
      return null;
    }
    const [vector] = await embedTexts([text], { ...config, inProcess: true });
    if (index === undefined) {
      const opened = HnswIndex.open(ctx.dataDir, config.model, vector!.length);
      // No saved index for this model (never analysed): nothing to search by meaning.
      index = opened.rebuiltBecause ? null : opened;
    }
    const found = index;
    return found ? { nearest: (k: number) => found.knn(vector!, k).ids } : null;
  };
  const server = createMcpServer({
    db: ctx.db,
    cwd: process.cwd(),
    allProjects: opts.allProjects === true || settings.agentAllProjects,
    model: config.model,
    makeScrubber: () => makeScrubber(ctx),
    embedQuery,
    version: REVERIE_VERSION,
  });
  if (process.stdin.isTTY) {
    // Run by hand in a terminal: say what it is waiting for (stderr: stdout is the protocol's).
    ctx.err('reverie mcp speaks the Model Context Protocol on stdin and stdout, for an agent to start it; register it with `reverie hooks install` (which prints the commands) or see the README. Ctrl-C stops it.');
  }
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = resolve;
    process.stdin.once('end', resolve);
  });
  await server.connect(transport);
  await closed;
  await server.close();
  return 0;
}

const EVENT: Record<string, HookEvent> = { 'session-start': 'SessionStart', 'session-end': 'SessionEnd' };

export async function hooksCommand(
  ctx: CliContext,
  action: string,
  opts: { scope?: string; settings?: string; dryRun?: boolean },
): Promise<number> {
  const [{ applyHooksPlan, planHooks, settingsFile }, { hookCommands, mcpRegistration }] = await Promise.all([
    import('../../agent/claude-settings.js'),
    import('../../agent/setup.js'),
  ]);
  if (action !== 'install' && action !== 'uninstall' && action !== 'show') throw new CliError(`unknown action "${action}": install, uninstall or show`);
  const scope = (opts.scope ?? 'user') as SettingsScope;
  if (scope !== 'user' && scope !== 'project') throw new CliError(`--scope is user or project, not "${opts.scope}"`);
  const file = opts.settings ?? settingsFile(scope);
  const commands = hookCommands(ctx.dataDir);
  let plan;
  try {
    plan = planHooks(file, action === 'uninstall' ? 'uninstall' : 'install', commands);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  if (action === 'show' || opts.dryRun) {
    if (ctx.json) ctx.out(JSON.stringify(plan, null, 2));
    else {
      ctx.out(plan.changed ? `${file} would become:\n${plan.after}` : `${file}: nothing to change`);
    }
    return 0;
  }
  const { backup } = applyHooksPlan(plan);
  if (ctx.json) ctx.out(JSON.stringify({ file, action, changed: plan.changed, backup, commands }, null, 2));
  else if (!plan.changed) ctx.out(`${file}: Reverie's hooks are already ${action === 'install' ? 'in place' : 'gone'}; nothing changed`);
  else {
    ctx.out(`${action === 'install' ? 'Added' : 'Removed'} Reverie's SessionStart and SessionEnd hooks ${action === 'install' ? 'to' : 'from'} ${file}`);
    if (backup) ctx.out(`The file as it was: ${backup}`);
    if (action === 'install') for (const c of Object.values(commands)) ctx.out(`  ${c}`);
  }
  if (action === 'install' && !ctx.json) {
    const mcp = mcpRegistration(ctx.dataDir);
    ctx.out(`\nTo let the agent ask Reverie itself (MCP), register the server:\n  ${mcp.claudeCode}\nor for Codex, in ~/.codex/config.toml:\n${mcp.codexToml}`);
  }
  return 0;
}

/**
 * `reverie hook session-start|session-end`, run by Claude Code. Exit code 0 whatever happens
 * (an error goes to <data-dir>/logs/hooks.log): a memory tool must never stop the agent.
 */
export async function hookRunCommand(ctx: CliContext, name: string, opts: { run?: string }): Promise<number> {
  const event = EVENT[name];
  if (!event) throw new CliError(`unknown hook "${name}": session-start or session-end`);
  try {
    if (opts.run) return await sessionEndWork(ctx, opts.run);
    const input = parseHookInput(await readStdin());
    if (event === 'SessionStart') {
      const answer = await sessionStartAnswer(ctx.db, ctx.dataDir, input.cwd ?? process.cwd(), () => makeScrubber(ctx));
      if (answer.stdout) process.stdout.write(`${answer.stdout}\n`);
      return 0;
    }
    if (!input.transcriptPath) {
      logHook(ctx.dataDir, `session-end: no transcript_path in the hook input (session ${input.sessionId ?? '?'})`);
      return 0;
    }
    // The import and analysis run detached, so the agent is not kept waiting while Reverie reads.
    const entry = process.argv[1] ? realpathSync(process.argv[1]) : undefined;
    if (!entry) throw new Error('cannot tell where this reverie command is');
    spawn(process.execPath, [entry, ...globalArgs(ctx), 'hook', 'session-end', '--run', input.transcriptPath], {
      detached: true,
      stdio: 'ignore',
    }).unref();
    return 0;
  } catch (err) {
    logHook(ctx.dataDir, `${name}: ${(err as Error).message}`);
    return 0;
  }
}

/** A hook that failed before it could start (the store would not open): logged, and the agent goes on. */
export function hookFailed(options: GlobalOptions, event: string, err: unknown): void {
  logHook(resolveDataDir(options.dataDir), `${event}: ${(err as Error).message}`);
}

/** The detached half of session-end: a dream run over the one transcript (import, then analysis as the dream rules say). */
async function sessionEndWork(ctx: CliContext, transcript: string): Promise<number> {
  const [{ runDream }, { closeEmbedPools }, { embedConfig }] = await Promise.all([
    import('../../dream/dream-run.js'),
    import('../../embed/embed-texts.js'),
    import('../embed-config.js'),
  ]);
  try {
    const run = await runDream(ctx.db, { ...embedConfig(ctx), dataDir: ctx.dataDir, trigger: 'hook', paths: [transcript] });
    logHook(ctx.dataDir, `session-end: ${transcript}: dream run ${run.id}: ${run.sessionsAdded} added, ${run.sessionsUpdated} updated, ${run.momentsAdded} moments`);
  } catch (err) {
    logHook(ctx.dataDir, `session-end: ${transcript}: ${(err as Error).message}`);
  } finally {
    await closeEmbedPools();
  }
  return 0;
}

/**
 * `reverie hook pre-tool-use --block WORDS --reason TEXT`: Claude Code's PreToolUse hook for a
 * rule the agent keeps breaking (agent/block-hook.ts). Prints the deny decision for a Bash call
 * that runs the blocked command, nothing otherwise; unreadable input lets the call through.
 */
export async function preToolUseHook(opts: { block?: string; reason?: string }): Promise<number> {
  if (!opts.block?.trim()) throw new CliError('pre-tool-use needs --block <command words>');
  const { blockDecision } = await import('../../agent/block-hook.js');
  let input: unknown;
  try {
    input = JSON.parse(await readStdin());
  } catch {
    return 0;
  }
  if (!input || typeof input !== 'object') return 0;
  const decision = blockDecision(input as PreToolUseInput, opts.block, opts.reason ?? `Blocked by a hook Reverie installed: do not run \`${opts.block}\`.`);
  if (decision) process.stdout.write(`${decision}\n`);
  return 0;
}
