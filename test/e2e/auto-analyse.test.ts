import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium, openBrowserApp, type BrowserApp } from '../helpers/browser.js';
import { holdNextJob } from '../helpers/jobs.js';
import { haveShared, sample } from '../helpers/samples.js';

/*
 * The real UI in browser mode, with the default settings: an import that brings sessions starts the
 * analysis by itself, with progress and Cancel, and lands on Patterns; nobody clicks "Analyse".
 */

/** Drops files on the window as a person would (a drag from the file manager). */
async function dropFiles(page: Page, files: { name: string; text: string }[]) {
  await page.evaluate((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([f.text], f.name));
    const fire = (type: string) => document.body.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    fire('dragenter');
    fire('dragover');
    fire('drop');
  }, files);
}

const log = (format: string, file: string) => ({ name: file, text: readFileSync(sample(format, file), 'utf8') });

describe.runIf(haveChromium() && haveShared())('the analysis an import starts, end to end', () => {
  let app: BrowserApp;
  let page: Page;
  const hash = () => page.evaluate(() => location.hash);
  const analyses: string[] = [];
  const clusterRows = () => (app.db.prepare('SELECT count(*) AS n FROM clusters').get() as { n: number }).n;

  beforeAll(async () => {
    app = await openBrowserApp();
    page = app.page;
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/analyze') analyses.push(r.url());
    });
    await page.goto(app.server.url);
    await page.getByTestId('drop-zone').waitFor();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
  });

  it('starts by itself after the sample import, shows its progress on Patterns, and can be cancelled', async () => {
    // The analysis is held before it reads anything, so Cancel lands while it runs on any machine.
    const release = holdNextJob(app.service, 'analyze');
    await page.getByRole('button', { name: 'Try with sample data' }).click();
    await expect.poll(hash, { timeout: 60_000 }).toBe('#/patterns');
    const note = page.getByTestId('auto-analysis');
    await note.waitFor();
    expect(await note.textContent()).toBe('Finding patterns: 120 new or updated sessions just imported.');
    const toolbar = page.locator('.toolbar');
    expect(await toolbar.getByRole('progressbar').count()).toBe(1);
    expect(await toolbar.getByRole('button', { name: 'Analyse sessions' }).isDisabled()).toBe(true);
    await app.shot('auto-1-analysing');
    await toolbar.getByRole('button', { name: 'Cancel', exact: true }).click();
    release();
    await page.getByText('Analysis cancelled.').waitFor({ timeout: 30_000 });
    expect(await note.count()).toBe(0);
    expect(await page.getByTestId('cluster-item').count()).toBe(0);
    expect(clusterRows()).toBe(0);
    expect(analyses).toHaveLength(1);
    expect(app.pageErrors).toEqual([]);
  }, 120_000);

  it('dropping logs from any screen lands on the patterns without a click on Analyse', async () => {
    await page.getByRole('button', { name: 'Sessions', exact: true }).click();
    await dropFiles(page, [log('claude-code', 'agentcmd_full-session.jsonl'), log('claude-code', 'ccviewer_5c0375b4.jsonl')]);
    // Import first (the dropped files' rows), then Patterns by itself with the analysis running.
    await expect.poll(hash, { timeout: 30_000 }).toBe('#/patterns');
    expect(await page.getByTestId('auto-analysis').textContent()).toMatch(/^Finding patterns: [1-9]\d* new or updated sessions? just imported\.$/);
    await page.getByTestId('cluster-item').first().waitFor({ timeout: 120_000 });
    await expect.poll(() => page.getByLabel('Store contents').textContent()).toMatch(/ [1-9]\d* patterns/);
    expect(await page.getByRole('status').filter({ hasText: 'Analysis finished' }).textContent()).toMatch(/Analysis finished: [1-9]\d* patterns?\b/);
    // The sample sessions whose analysis was cancelled are analysed now too.
    expect(clusterRows()).toBeGreaterThan(0);
    const sampled = app.db.prepare("SELECT count(DISTINCT m.session_id) AS n FROM moments m JOIN sessions s ON s.id = m.session_id JOIN import_sources i ON i.id = s.source_id WHERE i.sample = 1").get() as { n: number };
    expect(sampled.n).toBeGreaterThan(50);
    expect(analyses).toHaveLength(2);
    await app.shot('auto-2-landed-on-patterns');
    expect(app.pageErrors).toEqual([]);
  }, 180_000);

  it('stays on the import when a file failed, analysing meanwhile; the setting turns it off', async () => {
    await dropFiles(page, [log('claude-code', 'agentcmd_full-session-four.jsonl'), { name: 'notes.txt', text: 'just some notes, not a log' }]);
    await expect.poll(hash).toBe('#/import');
    const summary = page.locator('.import').getByTestId('import-summary');
    await summary.waitFor({ timeout: 30_000 });
    expect(await summary.textContent()).toMatch(/1 file could not be imported/);
    // The analysis started by itself; the next step leads to it instead of starting another.
    await expect.poll(() => analyses.length).toBe(3);
    const next = summary.getByTestId('next-step');
    expect(await next.textContent()).toBe('Finding patterns in what came in: see them →');
    await app.shot('auto-3-failed-file-stays');
    await next.click();
    await expect.poll(hash).toBe('#/patterns');
    await page.getByRole('status').filter({ hasText: 'Analysis finished' }).waitFor({ timeout: 120_000 });
    expect(analyses).toHaveLength(3);

    // Off in Settings: an import ends on its summary with the manual next step, and nothing is analysed.
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const box = page.getByTestId('auto-analyze');
    expect(await box.isChecked()).toBe(true);
    await box.uncheck();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved.').waitFor();
    await app.shot('auto-4-setting');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByTestId('drop-zone').locator('input[type=file]').setInputFiles([sample('codex', 'rollout-2025-09-24T20-12-23-01997ea4.jsonl')]);
    await summary.waitFor({ timeout: 30_000 });
    expect(await summary.getByTestId('next-step').textContent()).toBe('Analyse what came in →');
    expect(await hash()).toBe('#/import');
    expect(analyses).toHaveLength(3);
    expect(app.pageErrors).toEqual([]);
  }, 240_000);
});
