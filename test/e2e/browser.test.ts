import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHandlers, type ApiService } from '../../electron/engine/api/handlers.js';
import { startServer, type RunningServer } from '../../electron/engine/server/server.js';
import { openStore, type Db } from '../../electron/engine/store/db.js';
import { haveShared, MODELS_DIR, REPO_DIR, sample } from '../helpers/samples.js';

/*
 * The real UI in browser mode, end to end: the renderer is built with vite, served by
 * startServer over a fresh data folder, and driven in Debian's Chromium (never a downloaded
 * browser) through playwright-core. Screenshots go to test/artifacts/ (git-ignored).
 */

const CHROMIUM = '/usr/bin/chromium';
const MODEL = 'energetic-ai/use-lite-en';
const ARTIFACTS = path.join(REPO_DIR, 'test', 'artifacts');

/** Chromium present; on CI its absence is a failure, not a skip. */
function haveChromium(): boolean {
  const present = existsSync(CHROMIUM);
  if (!present && process.env.CI) throw new Error(`CI is set but ${CHROMIUM} is missing: the end-to-end tests must run there`);
  return present;
}

const ARGS = [
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

describe.runIf(haveChromium() && haveShared())('browser mode, end to end', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'reverie-e2e-'));
  const dataDir = path.join(work, 'data');
  const staticDir = path.join(work, 'renderer');
  let db: Db;
  let service: ApiService;
  let server: RunningServer;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];
  const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `e2e-${name}.png`), fullPage: true });

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await build({ configFile: path.join(REPO_DIR, 'vite.config.ts'), root: path.join(REPO_DIR, 'renderer'), logLevel: 'error', build: { outDir: staticDir, emptyOutDir: true } });
    db = openStore(dataDir);
    service = createApiHandlers({ db, dataDir, model: MODEL, modelsDir: MODELS_DIR });
    server = await startServer({ token: 'e2e-token-4f1c9a', service, staticDir });
    context = await chromium.launchPersistentContext(path.join(work, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1280, height: 900 },
    });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: `http://127.0.0.1:${server.port}` });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error') pageErrors.push(`${msg.text()} ${msg.location().url}`);
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await server?.close();
    await service?.close();
    db?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('opens with the token, imports sample data and a real log, analyses, and writes and copies a lesson', async () => {
    // A page without the token is refused; the printed address works and drops the token from the bar.
    const refused = await page.goto(`http://127.0.0.1:${server.port}/`);
    expect(refused?.status()).toBe(401);
    pageErrors.length = 0; // the refusal above logs its 401s; from here on nothing may fail
    await page.goto(server.url);
    expect(page.url()).toBe(`http://127.0.0.1:${server.port}/`);

    await expect.poll(() => page.getByText('What never leaves this machine').isVisible()).toBe(true);
    await shot('1-empty');

    await page.getByRole('button', { name: 'Try with sample data' }).click();
    const sampleSummary = page.locator('.welcome > .card').first().getByTestId('import-summary');
    await sampleSummary.waitFor({ timeout: 30_000 });
    await expect.poll(() => sampleSummary.textContent()).toContain('120 new session(s)');

    // A real third-party log through the drop zone's file input (uploaded to the local server).
    await page.getByTestId('drop-zone').locator('input[type=file]').setInputFiles([
      sample('claude-code', 'agentcmd_full-session.jsonl'),
      sample('claude-code', 'ccviewer_5c0375b4.jsonl'),
    ]);
    const uploadSummary = page.locator('.import').getByTestId('import-summary');
    await uploadSummary.waitFor({ timeout: 30_000 });
    expect(await uploadSummary.textContent()).toMatch(/2 file\(s\) read: \d+ new session/);
    await shot('2-imported');

    await page.getByRole('button', { name: 'Sessions' }).click();
    const list = page.getByTestId('session-list');
    await list.getByRole('option').first().waitFor();
    await page.getByLabel('Search sessions').fill('pnpm');
    await expect.poll(() => page.getByText(/^\d+ session\(s\)$/).textContent()).not.toMatch(/^12[2-9]/);
    await list.getByRole('option').first().click();
    await page.getByTestId('session-reader').waitFor();
    await shot('3-sessions');

    await page.getByRole('button', { name: 'Patterns' }).click();
    await page.getByRole('button', { name: 'Analyse sessions' }).click();
    await page.getByTestId('cluster-item').first().waitFor({ timeout: 60_000 });
    const canvas = page.getByTestId('cluster-map');
    const box = await canvas.boundingBox();
    expect(box!.width).toBeGreaterThan(100);
    expect(await page.locator('.map-wrap .error').allTextContents()).toEqual([]);
    const firstLabel = await page.getByTestId('cluster-item').first().locator('.title').textContent();
    await page.getByTestId('cluster-item').first().click();
    const detail = page.getByTestId('cluster-detail');
    await detail.waitFor();
    expect(await detail.locator('h3').textContent()).toBe(firstLabel);
    expect(await detail.locator('.members li').count()).toBeGreaterThan(0);
    await shot('4-patterns');

    await page.getByRole('button', { name: 'Lessons' }).click();
    await page.getByRole('button', { name: 'Write offline drafts' }).click();
    await page.getByTestId('lesson-card').first().waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('p.note').textContent()).toMatch(/Wrote \d+ local draft/);
    const card = page.getByTestId('lesson-card').first();
    const title = await card.locator('h3').textContent();
    const rule = await card.locator('.rule').textContent();
    await card.getByTestId('copy-lesson').click();
    await expect.poll(() => page.locator('p.note').textContent()).toContain('Copied');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied.startsWith(`${title}: ${rule}`)).toBe(true);
    await card.getByRole('button', { name: 'Adopt' }).click();
    await expect.poll(() => page.getByTestId('export-preview').textContent()).toContain(rule!.slice(0, 30));
    await shot('5-lessons');

    await page.getByRole('button', { name: 'Outbox' }).click();
    await expect.poll(() => page.getByTestId('outbox').textContent()).toContain('Nothing has ever left this machine');
    await shot('6-outbox');

    // Keyboard: focus is visible on the first control; dark mode follows the system.
    await page.locator('body').focus();
    await page.keyboard.press('Tab');
    const ring = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      return { tag: el.tagName, outline: getComputedStyle(el).outlineStyle };
    });
    expect(ring).toEqual({ tag: 'BUTTON', outline: 'solid' });
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const light = await background();
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await background()).not.toBe(light);
    await shot('7-dark');

    expect(pageErrors).toEqual([]);
  }, 120_000);
});
