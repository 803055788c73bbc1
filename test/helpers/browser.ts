import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { createApiHandlers, type ApiService } from '../../electron/engine/api/handlers.js';
import { saveSettings, type Settings } from '../../electron/engine/config/settings.js';
import { startServer, type RunningServer } from '../../electron/engine/server/server.js';
import { openStore, type Db } from '../../electron/engine/store/db.js';
import { startFakeAnthropic, type FakeAnthropic } from './fake-anthropic.js';
import { MODELS_DIR, REPO_DIR } from './samples.js';

/*
 * The real UI in browser mode for end-to-end tests: the renderer built with vite, served by
 * startServer over a fresh data folder, driven in Debian's Chromium (never a downloaded browser)
 * through playwright-core. Screenshots go to test/artifacts/ (git-ignored, kept by CI).
 */

export const CHROMIUM = '/usr/bin/chromium';
export const TEST_MODEL = 'energetic-ai/use-lite-en';
export const ARTIFACTS = path.join(REPO_DIR, 'test', 'artifacts');

/** Flags from DEVELOPERS.md: headless, offline, and WebGL2 through SwiftShader for the map. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

/** Chromium present; on CI its absence is a failure, not a skip. */
export function haveChromium(): boolean {
  const present = existsSync(CHROMIUM);
  if (!present && process.env.CI) throw new Error(`CI is set but ${CHROMIUM} is missing: the end-to-end tests must run there`);
  return present;
}

export interface BrowserApp {
  work: string;
  dataDir: string;
  /** The renderer build, so another server can serve the same UI. */
  staticDir: string;
  db: Db;
  service: ApiService;
  server: RunningServer;
  anthropic: FakeAnthropic;
  context: BrowserContext;
  page: Page;
  /** Errors the page threw or logged; a test ends by asserting there were none. */
  pageErrors: string[];
  /** A full-page screenshot as test/artifacts/e2e-<name>.png. */
  shot(name: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Builds the renderer, starts the API over a fresh store, a fake Claude server and Chromium.
 * `configure` may adjust the service options (for example a clock or a schedule) before the server starts;
 * `settings` are saved in the data folder first (for example `autoAnalyze: false` for a test about imports).
 */
export async function openBrowserApp(
  options: { token?: string; configure?: (opts: Parameters<typeof createApiHandlers>[0]) => void; settings?: Partial<Settings> } = {},
): Promise<BrowserApp> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const work = mkdtempSync(path.join(os.tmpdir(), 'reverie-e2e-'));
  const dataDir = path.join(work, 'data');
  const staticDir = path.join(work, 'renderer');
  // The production build people run: under vitest NODE_ENV is "test", from which vite and its React
  // plugin would make React's development build (StrictMode's doubled effects, slower renders).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.join(REPO_DIR, 'vite.config.ts'), root: path.join(REPO_DIR, 'renderer'), mode: 'production', logLevel: 'error', build: { outDir: staticDir, emptyOutDir: true } });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  const db = openStore(dataDir);
  if (options.settings) saveSettings(dataDir, options.settings);
  const anthropic = await startFakeAnthropic();
  const opts: Parameters<typeof createApiHandlers>[0] = { db, dataDir, model: TEST_MODEL, modelsDir: MODELS_DIR, anthropicBaseURL: anthropic.url };
  options.configure?.(opts);
  const service = createApiHandlers(opts);
  const server = await startServer({ token: options.token ?? `e2e-${Math.random().toString(36).slice(2, 10)}`, service, staticDir });
  const context = await chromium.launchPersistentContext(path.join(work, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: `http://127.0.0.1:${server.port}` });
  const page = context.pages()[0] ?? (await context.newPage());
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') pageErrors.push(`${msg.text()} ${msg.location().url}`);
  });
  return {
    work,
    dataDir,
    staticDir,
    db,
    service,
    server,
    anthropic,
    context,
    page,
    pageErrors,
    shot: async (name) => {
      await page.screenshot({ path: path.join(ARTIFACTS, `e2e-${name}.png`), fullPage: true });
    },
    close: async () => {
      await context.close();
      await server.close();
      await service.close();
      await anthropic.close();
      db.close();
      rmSync(work, { recursive: true, force: true });
    },
  };
}
