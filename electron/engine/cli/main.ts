import { Command, CommanderError } from 'commander';
import type { CliContext, GlobalOptions } from './context.js';
import { isCliError } from './errors.js';
import { showControls } from '../../../shared/untrusted-text.js';

/*
 * Each command's module is imported only when that command runs: `reverie --help` and the hooks
 * Claude Code runs at every session start must not pay for onnxruntime, transformers.js,
 * hnswlib, compromise or the Anthropic SDK (bench/cli-start.ts measures the start-up).
 */
const analyze = () => import('./commands/analyze.js');
const dream = () => import('./commands/dream.js');
const lessons = () => import('./commands/lessons.js');
const sessions = () => import('./commands/sessions.js');
const agent = () => import('./commands/agent.js');

/** Builds the `reverie` command line. Every command opens the store lazily, so `--help` touches nothing. */
export function buildProgram(run: (action: (ctx: CliContext) => Promise<number> | number) => Promise<void>): Command {
  const program = new Command('reverie')
    .description('Reverie: finds what keeps recurring in your agent sessions and turns it into lessons. Everything stays on this machine.')
    .option('--data-dir <dir>', 'where the store lives (env REVERIE_DATA_DIR; default: the per-user app data folder)')
    .option('--json', 'machine-readable output')
    .option('--model <id>', 'embedding model id (env REVERIE_MODEL; default Xenova/all-MiniLM-L6-v2)')
    .option('--models-dir <dir>', 'folder holding models in transformers.js layout (env REVERIE_MODELS_DIR)')
    .showHelpAfterError();

  program
    .command('import')
    .description('import log files, folders (recursively) and zip archives; the format is detected from content')
    .argument('<path...>', 'files, folders or zips')
    .option('--force', 'read files again even if the same bytes were imported before')
    .action((paths: string[], opts: { force?: boolean }) => run(async (ctx) => (await import('./commands/import.js')).importCommand(ctx, paths, opts)));

  program
    .command('sessions')
    .description('list stored sessions, newest first, or those matching a full-text search')
    .option('-s, --search <text>', 'full-text search over message text')
    .option('-n, --limit <n>', 'how many to list', '50')
    .action((opts: { search?: string; limit?: string }) => run(async (ctx) => (await sessions()).sessionsCommand(ctx, opts)));

  program
    .command('show')
    .description('print one session: its messages, tool calls and errors')
    .argument('<session-id>', 'the number shown by `reverie sessions`')
    .option('--branches', 'also show messages on abandoned branches')
    .action((id: string, opts: { branches?: boolean }) => run(async (ctx) => (await sessions()).showCommand(ctx, id, opts)));

  program
    .command('formats')
    .description('list the log formats Reverie can import')
    .action(() => run(async (ctx) => (await import('./commands/formats.js')).formatsCommand(ctx)));

  program
    .command('analyze')
    .description('find moments, embed them locally, index and cluster them, and lay out the map (incremental)')
    .action(() => run(async (ctx) => (await analyze()).analyzeCommand(ctx)));

  program
    .command('moments')
    .description('list the extracted moments: id, kind, which detector decided (rules or classifier), session, message, text')
    .option('--kind <kind>', 'correction, failure, task or preference')
    .option('--session <id>', 'only the moments of this session (the number shown by `reverie sessions`)')
    .option('--json', 'machine-readable output')
    .action((opts: { kind?: string; session?: string; json?: boolean }) =>
      run(async (ctx) => (await import('./commands/moments.js')).momentsCommand(ctx, opts)),
    );

  program
    .command('clusters')
    .description('list pattern clusters')
    .option('--kind <kind>', 'correction, failure, task or preference')
    .option('--sort <by>', 'size, recent or sessions', 'size')
    .option('-n, --limit <n>', 'how many to list')
    .action((opts: { kind?: string; sort?: string; limit?: string }) => run(async (ctx) => (await analyze()).clustersCommand(ctx, opts)));

  program
    .command('cluster')
    .description('show one cluster: its moments, most representative first, with links to their sessions')
    .argument('<id>', 'the number shown by `reverie clusters`')
    .action((id: string) => run(async (ctx) => (await analyze()).clusterCommand(ctx, id)));

  program
    .command('cost')
    .description('tokens and estimated cost per pattern (the failing calls and what followed until the next success), most expensive first')
    .option('--cluster <id>', 'only this pattern')
    .option('-n, --limit <n>', 'how many to list')
    .action((opts: { cluster?: string; limit?: string }) => run(async (ctx) => (await import('./commands/cost.js')).costCommand(ctx, opts)));

  program
    .command('cluster-texts')
    .description('cluster the texts of a CSV or JSONL file; prints one cluster id per input line (-1: noise)')
    .argument('<file>', 'CSV with a header row, or JSONL')
    .option('--text-column <name>', 'column or field holding the text', 'text')
    .action((file: string, opts: { textColumn?: string }) => run(async (ctx) => (await analyze()).clusterTextsCommand(ctx, file, opts)));

  program
    .command('lessons')
    .description('write lessons for eligible clusters (Claude, after you see exactly what is sent; or local drafts), then list them')
    .option('--offline', 'write local drafts only; nothing leaves this machine')
    .option('--yes', 'send without asking (the requests are still printed)')
    .option('--cluster <id>', 'only this cluster')
    .option('--list', 'only list the lessons')
    .action((opts: { offline?: boolean; yes?: boolean; cluster?: string; list?: boolean }) => run(async (ctx) => (await lessons()).lessonsCommand(ctx, opts)));

  program
    .command('lesson')
    .description('show one lesson (its scope, the rule already written, what its pattern costs), change its life cycle, or enforce it')
    .argument('<id>', 'lesson number')
    .argument('[action]', 'adopt, retire, revive, helpful, harmful or enforce (a PreToolUse hook blocking a rule the agent keeps breaking)')
    .option('--at <date>', 'with adopt: when you adopted it (you put it in your instructions by hand earlier)')
    .option('--yes', 'with enforce: install the hook (without it, only show the change)')
    .action((id: string, action: string | undefined, opts: { at?: string; yes?: boolean }) => run(async (ctx) => (await lessons()).lessonCommand(ctx, id, action, opts)));

  program
    .command('export')
    .description('export adopted lessons; into an existing CLAUDE.md or AGENTS.md only the Reverie section is rewritten')
    .option('--format <format>', 'claude-md, agents-md, cursor, prompt or json (with --project or --user: default claude-md)')
    .option('--out <file>', 'write into this file (default: print)')
    .option('--project <dir>', "this project's lessons into its own CLAUDE.md / AGENTS.md / .cursor/rules/, leaving out what its instructions already say")
    .option('--user', 'the lessons that span projects into ~/.claude/CLAUDE.md (or, with --format prompt, printed)')
    .option('--include-drafts', 'also export draft lessons')
    .action((opts: { format?: string; out?: string; includeDrafts?: boolean; project?: string; user?: boolean }) =>
      run(async (ctx) => (await lessons()).exportCommand(ctx, opts)),
    );

  program
    .command('outbox')
    .description('everything ever sent off this machine, byte for byte, with the replies')
    .argument('[id]', 'one entry in full')
    .action((id?: string) => run(async (ctx) => (await lessons()).outboxCommand(ctx, id)));

  program
    .command('anonymize')
    .description('print a file (or standard input) with secrets and personal data replaced, as digests are')
    .argument('[file]', 'file to scrub, or - for standard input')
    .action((file?: string) => run(async (ctx) => (await lessons()).anonymizeCommand(ctx, file)));

  program
    .command('delete')
    .description('delete a session, what one import brought, a project or the sample data (or --all), after showing what goes')
    .argument('[what]', 'session, source, project or sample')
    .argument('[id]', 'the session or import source id, or the project')
    .option('--all', 'delete all data (settings stay)')
    .option('-y, --yes', 'do not ask')
    .action((what: string | undefined, id: string | undefined, opts: { all?: boolean; yes?: boolean }) =>
      run(async (ctx) => (await import('./commands/delete.js')).deleteCommand(ctx, what, id, opts)),
    );

  program
    .command('settings')
    .description('show the settings, or change one: reverie settings minSessions 5')
    .argument('[key]', 'setting to change')
    .argument('[value]', 'new value (lists: comma-separated)')
    .action((key?: string, value?: string) => run(async (ctx) => (await import('./commands/settings.js')).settingsCommand(ctx, key, value)));

  program
    .command('serve')
    .description('browser mode: serve the app on 127.0.0.1 with a per-run token, print its address, and open it')
    .option('--port <n>', 'port to listen on (default: any free port)')
    .option('--no-open', 'print the address without opening a browser')
    .action((opts: { port?: string; open?: boolean }) => run(async (ctx) => (await import('./commands/serve.js')).serveCommand(ctx, opts)));

  program
    .command('demo')
    .description('run the main job on built-in sample data (synthetic agent sessions)')
    .option('--sessions <n>', 'how many sample sessions to generate', '120')
    .option('--fetch-model', 'download the default embedding model first if it is missing')
    .action((opts: { sessions?: string; fetchModel?: boolean }) => run(async (ctx) => (await import('./commands/demo.js')).demoCommand(ctx, opts)));

  program
    .command('dream')
    .description('import what is new in watched folders, then analyse incrementally; --watch repeats on an interval')
    .option('--watch', 'keep dreaming every --interval minutes until Ctrl-C')
    .option('--interval <minutes>', 'minutes between runs under --watch (default 1440: nightly)')
    .option('--runs', 'list recent dream runs: what each read, changed, and how long it took')
    .action((opts: { watch?: boolean; interval?: string; runs?: boolean }) => run(async (ctx) => (await dream()).dreamCommand(ctx, opts)));

  program
    .command('watch')
    .description('folders dream runs import from: list, add, remove, or detect the usual agent log folders')
    .argument('[action]', 'list, add, remove or detect', 'list')
    .argument('[path]', 'folder to add or remove')
    .option('--add', 'with detect: watch every folder found')
    .action((action: string, target: string | undefined, opts: { add?: boolean }) => run(async (ctx) => (await dream()).watchCommand(ctx, action, target, opts)));

  program
    .command('effect')
    .description('does each adopted lesson work? its pattern per session before and after adoption, with a verdict')
    .option('--project <name>', 'only sessions of this project')
    .option('--since <date>', 'only sessions from this date (YYYY-MM-DD)')
    .option('--until <date>', 'only sessions before this date')
    .option('--max-days <n>', 'at most this many days either side of adoption')
    .action((opts: { project?: string; since?: string; until?: string; maxDays?: string }) => run(async (ctx) => (await dream()).effectCommand(ctx, opts)));

  program
    .command('trends')
    .description('each cluster per week, per session; new and fast-growing ones flagged')
    .option('--project <name>', 'only sessions of this project')
    .option('--since <date>', 'only sessions from this date (YYYY-MM-DD)')
    .option('--until <date>', 'only sessions before this date')
    .option('--flagged', 'only new or growing clusters')
    .action((opts: { project?: string; since?: string; until?: string; flagged?: boolean }) => run(async (ctx) => (await dream()).trendsCommand(ctx, opts)));

  program
    .command('mcp')
    .description('MCP server on stdio for your agent (read-only): search_sessions, list_patterns, get_lessons, similar_failures')
    .option('--all-projects', 'answer about every project, not only the one of the agent\'s working directory')
    .action((opts: { allProjects?: boolean }) => run(async (ctx) => (await agent()).mcpCommand(ctx, opts)));

  program
    .command('hooks')
    .description('add Reverie\'s SessionStart and SessionEnd hooks to Claude Code\'s settings.json, or remove them')
    .argument('<action>', 'install, uninstall or show (what install would write)')
    .option('--scope <scope>', 'user (~/.claude/settings.json) or project (.claude/settings.json here)', 'user')
    .option('--settings <file>', 'this settings file instead')
    .option('--dry-run', 'print the file as it would become; write nothing')
    .action((action: string, opts: { scope?: string; settings?: string; dryRun?: boolean }) =>
      run(async (ctx) => (await agent()).hooksCommand(ctx, action, opts)),
    );

  program
    .command('hook')
    .description('what Claude Code\'s hooks run: session-start prints the lessons in scope, session-end imports the transcript')
    .argument('<event>', 'session-start, session-end or pre-tool-use')
    .option('--run <transcript>', '(internal) the detached work of session-end')
    .option('--block <command>', 'with pre-tool-use: deny Bash commands starting with these words')
    .option('--reason <text>', 'with pre-tool-use: what the agent is told')
    .action(async (event: string, opts: { run?: string; block?: string; reason?: string }) => {
      // The blocking hook needs no store: everything it decides by is on its command line.
      if (event === 'pre-tool-use') {
        process.exitCode = await (await agent()).preToolUseHook(opts);
        return;
      }
      // A hook must never fail the agent, not even when the store cannot be opened: that goes to the hook log.
      try {
        await run(async (ctx) => (await agent()).hookRunCommand(ctx, event, opts));
      } catch (err) {
        // A usage error (`reverie hook foo`) is said; anything else goes to the hook log.
        if (isCliError(err)) throw err;
        (await agent()).hookFailed(program.opts<GlobalOptions>(), event, err);
      }
    });

  return program;
}

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(async (action) => {
    const { openContext } = await import('./context.js');
    const ctx = openContext(program.opts<GlobalOptions>());
    try {
      exitCode = await action(ctx);
    } finally {
      ctx.db.close();
    }
  });
  program.exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    if (isCliError(err)) {
      process.stderr.write(`reverie: ${showControls(err.message)}\n`);
      return err.exitCode;
    }
    if ((err as Error).name === 'CancelledError') {
      process.stderr.write('reverie: cancelled; nothing of the interrupted file was written\n');
      return 130;
    }
    process.stderr.write(`reverie: ${showControls((err as Error).message)}\n`);
    return 1;
  }
  return exitCode;
}

process.exitCode = await main(process.argv);
