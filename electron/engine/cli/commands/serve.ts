import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createApiHandlers } from '../../api/handlers.js';
import { memoryKeyStore } from '../../api/key-store.js';
import { createDreamScheduler } from '../../jobs/app-scheduler.js';
import type { DreamScheduler } from '../../dream/schedule.js';
import { findRendererDir } from '../../server/renderer-dir.js';
import { startServer } from '../../server/server.js';
import { CliError, type CliContext } from '../context.js';
import { embedConfig } from '../embed-config.js';

/** Opens the address in the person's browser; failure to open is not an error (the address is printed). */
function openBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  try {
    spawn(cmd, args, { stdio: 'ignore', detached: true }).on('error', () => {}).unref();
  } catch {
    // The printed address is enough.
  }
}

/**
 * `reverie serve [--port N] [--no-open]`: browser mode. Serves the interface and the API on
 * 127.0.0.1 with a fresh random token, prints the address, and runs until interrupted.
 */
export async function serveCommand(ctx: CliContext, opts: { port?: string; open?: boolean }): Promise<number> {
  const port = opts.port === undefined ? 0 : Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port takes a port number, got "${opts.port}"`);
  const rendererDir = findRendererDir();
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    ctx.err('The interface is not built yet: run `npm run build:renderer` first (the API works without it).');
  }
  const { model, modelsDir } = embedConfig(ctx);
  // Browser mode keeps the API key in this process's memory only: typed in the UI, or ANTHROPIC_API_KEY.
  const keyStore = memoryKeyStore(process.env.ANTHROPIC_API_KEY ?? null);
  // A schedule changed in the app applies at once (the scheduler is made below, once the server is up).
  let dreams: DreamScheduler | null = null;
  const service = createApiHandlers({ db: ctx.db, dataDir: ctx.dataDir, model, modelsDir, keyStore, onSettingsSaved: () => dreams?.reschedule() });
  const token = randomBytes(24).toString('base64url');
  const server = await startServer({ port, token, service, staticDir: rendererDir });
  ctx.out(`Reverie is running at ${server.url}`);
  ctx.out('Only this machine can reach it. Press Ctrl+C to stop.');
  if (opts.open !== false) openBrowser(server.url);
  // Dreams on the schedule in settings (default nightly) for as long as the server runs.
  dreams = createDreamScheduler(ctx.db, {
    dataDir: ctx.dataDir,
    model,
    modelsDir,
    onRun: (o) => o.error && ctx.err(`Dream run failed: ${o.error.message}`),
    onError: (err) => ctx.err(`Dream schedule: ${err.message}`),
  });
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await dreams.stop();
  await server.close();
  await service.close();
  return 0;
}
