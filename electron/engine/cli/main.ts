import { Command, CommanderError } from 'commander';
import { CliError, openContext, type CliContext, type GlobalOptions } from './context.js';
import { demoCommand } from './commands/demo.js';
import { formatsCommand } from './commands/formats.js';
import { importCommand } from './commands/import.js';
import { sessionsCommand, showCommand } from './commands/sessions.js';
import { settingsCommand } from './commands/settings.js';

/** Builds the `reverie` command line. Every command opens the store lazily, so `--help` touches nothing. */
export function buildProgram(run: (action: (ctx: CliContext) => Promise<number> | number) => Promise<void>): Command {
  const program = new Command('reverie')
    .description('Reverie: finds what keeps recurring in your agent sessions and turns it into lessons. Everything stays on this machine.')
    .option('--data-dir <dir>', 'where the store lives (env REVERIE_DATA_DIR; default: the per-user app data folder)')
    .option('--json', 'machine-readable output')
    .showHelpAfterError();

  program
    .command('import')
    .description('import log files, folders (recursively) and zip archives; the format is detected from content')
    .argument('<path...>', 'files, folders or zips')
    .option('--force', 'read files again even if the same bytes were imported before')
    .action((paths: string[], opts: { force?: boolean }) => run((ctx) => importCommand(ctx, paths, opts)));

  program
    .command('sessions')
    .description('list stored sessions, newest first, or those matching a full-text search')
    .option('-s, --search <text>', 'full-text search over message text')
    .option('-n, --limit <n>', 'how many to list', '50')
    .action((opts: { search?: string; limit?: string }) => run((ctx) => sessionsCommand(ctx, opts)));

  program
    .command('show')
    .description('print one session: its messages, tool calls and errors')
    .argument('<session-id>', 'the number shown by `reverie sessions`')
    .option('--branches', 'also show messages on abandoned branches')
    .action((id: string, opts: { branches?: boolean }) => run((ctx) => showCommand(ctx, id, opts)));

  program
    .command('formats')
    .description('list the log formats Reverie can import')
    .action(() => run((ctx) => formatsCommand(ctx)));

  program
    .command('settings')
    .description('show the settings, or change one: reverie settings minSessions 5')
    .argument('[key]', 'setting to change')
    .argument('[value]', 'new value (lists: comma-separated)')
    .action((key?: string, value?: string) => run((ctx) => settingsCommand(ctx, key, value)));

  program
    .command('demo')
    .description('run the main job on built-in sample data (synthetic agent sessions)')
    .option('--sessions <n>', 'how many sample sessions to generate', '120')
    .action((opts: { sessions?: string }) => run((ctx) => demoCommand(ctx, opts)));

  return program;
}

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(async (action) => {
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
    if (err instanceof CliError) {
      process.stderr.write(`reverie: ${err.message}\n`);
      return err.exitCode;
    }
    if ((err as Error).name === 'CancelledError') {
      process.stderr.write('reverie: cancelled; nothing of the interrupted file was written\n');
      return 130;
    }
    process.stderr.write(`reverie: ${(err as Error).message}\n`);
    return 1;
  }
  return exitCode;
}

process.exitCode = await main(process.argv);
