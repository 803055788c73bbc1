import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../electron/engine/server/server.js';
import { haveChromium, openBrowserApp, type BrowserApp } from '../helpers/browser.js';
import { clickPoint, sweepMap } from '../helpers/map-sweep.js';
import { lessonsReply, type FakeAnthropic } from '../helpers/fake-anthropic.js';
import { haveShared, sample } from '../helpers/samples.js';

/* The real UI in browser mode, end to end, from an empty store to a copied and exported lesson. */

describe.runIf(haveChromium() && haveShared())('browser mode, end to end', () => {
  let app: BrowserApp;
  let server: RunningServer;
  let page: Page;
  let anthropic: FakeAnthropic;
  let dataDir: string;
  let pageErrors: string[];
  const shot = (name: string) => app.shot(name);

  beforeAll(async () => {
    // Several imports read on the import screen, then one analysis by hand (auto-analyse.test.ts: by itself).
    app = await openBrowserApp({ token: 'e2e-token-4f1c9a', settings: { autoAnalyze: false } });
    ({ server, page, anthropic, dataDir, pageErrors } = app);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
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
    await expect.poll(() => sampleSummary.textContent()).toContain('120 new sessions');

    // A real third-party log through the drop zone's file input (uploaded to the local server).
    await page.getByTestId('drop-zone').locator('input[type=file]').setInputFiles([
      sample('claude-code', 'agentcmd_full-session.jsonl'),
      sample('claude-code', 'ccviewer_5c0375b4.jsonl'),
    ]);
    const uploadSummary = page.locator('.import').getByTestId('import-summary');
    await uploadSummary.waitFor({ timeout: 30_000 });
    expect(await uploadSummary.textContent()).toMatch(/2 files read: \d+ new session/);
    const rows = page.getByTestId('file-progress').locator('li');
    expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))).toEqual(['done', 'done']);

    // Dropped anywhere on the window, from another screen: a real log and a file that is not one.
    // Every upload the page makes, to check that each drop is sent once.
    const uploads: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/upload') uploads.push(new URL(r.url()).searchParams.toString());
    });
    await page.getByRole('button', { name: 'Sessions', exact: true }).click();
    const log = readFileSync(sample('claude-code', 'agentcmd_full-session-four.jsonl'), 'utf8');
    await page.evaluate((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'four.jsonl'));
      dt.items.add(new File(['just some notes, not a log'], 'notes.txt'));
      const fire = (type: string) => document.body.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
      fire('dragenter');
      fire('dragover');
      fire('drop');
    }, log);
    await expect.poll(() => rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-state'))), { timeout: 30_000 }).toEqual(['done', 'failed']);
    expect(await rows.nth(1).textContent()).toMatch(/notes\.txt.*unknown format/);
    expect(await uploadSummary.textContent()).toMatch(/1 files? could not be imported/);
    await shot('2-imported');
    expect(uploads).toHaveLength(2);
    // Coming back to the import screen later does not import the last drop again.
    await page.getByRole('button', { name: 'Sessions', exact: true }).click();
    const watched = page.waitForResponse((r) => r.url().endsWith('/api/detectWatched'));
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await watched; // the screen's effects have run (they ask for it when it opens)
    expect(uploads).toHaveLength(2);
    expect(await rows.count()).toBe(0);

    await page.getByRole('button', { name: 'Sessions', exact: true }).click();
    const list = page.getByTestId('session-list');
    await list.getByRole('option').first().waitFor();
    await page.getByLabel('Search sessions').fill('pnpm');
    await expect.poll(() => page.getByText(/^\d+ sessions?$/).textContent()).not.toMatch(/^12[2-9]/);
    await list.getByRole('option').first().click();
    await page.getByTestId('session-reader').waitFor();
    await shot('3-sessions');

    await page.getByRole('button', { name: 'Patterns', exact: true }).click();
    await page.getByRole('button', { name: 'Analyse sessions' }).click();
    await page.getByTestId('cluster-item').first().waitFor({ timeout: 60_000 });
    // The header's counts change when the analysis ends and may reflow the page: wait for them first.
    await expect.poll(() => page.getByLabel('Store contents').textContent()).toMatch(/ [1-9]\d* patterns/);
    const canvas = page.getByTestId('cluster-map');
    const box = await canvas.boundingBox();
    expect(box!.width).toBeGreaterThan(100);
    expect(await page.locator('.map-wrap .error').allTextContents()).toEqual([]);
    // Hover a point: its words show; click a clustered point (noise opens nothing): its cluster opens.
    const opened = () => page.evaluate(() => document.querySelector('[data-testid=cluster-detail] h3')?.textContent ?? null);
    const found = await sweepMap(page, canvas, (tips) => tips.some((t) => t.cluster >= 0));
    expect(found[0]?.text).toMatch(/^(correction|failure|task|preference): \S/);
    const point = found.find((t) => t.cluster >= 0);
    expect(point).toBeDefined();
    expect(await opened()).toBeNull();
    // The map fills its frame (nothing of it hidden under the list), so the point is on the canvas itself.
    const frame = await page.locator('.map-wrap').boundingBox();
    const now = (await canvas.boundingBox())!;
    expect(Math.abs(now.width - (frame!.width - 2))).toBeLessThan(2);
    expect(await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.getAttribute('data-testid'), [now.x + point!.x, now.y + point!.y])).toBe('cluster-map');
    await clickPoint(page, canvas, point!);
    await expect.poll(opened, { timeout: 15_000 }).not.toBeNull();
    const picked = await opened();
    expect(await page.locator('.cluster-item[aria-pressed=true] .title').textContent()).toBe(picked);
    // The map follows its frame when the window narrows: the drawing buffer is resized, not stretched.
    const backing = () => canvas.evaluate((el: HTMLCanvasElement) => ({ buffer: el.width / devicePixelRatio, shown: el.getBoundingClientRect().width }));
    const wide = await backing();
    await page.setViewportSize({ width: 1000, height: 900 });
    await expect.poll(async () => { const b = await backing(); return b.shown < wide.shown - 50 && Math.abs(b.buffer - b.shown) < 2; }).toBe(true);
    await page.setViewportSize({ width: 1280, height: 900 });
    const firstLabel = await page.getByTestId('cluster-item').first().locator('.title').textContent();
    await page.getByTestId('cluster-item').first().click();
    const detail = page.getByTestId('cluster-detail');
    // The detail of the cluster picked on the map shows until the new one has loaded.
    await expect.poll(() => detail.locator('h3').textContent()).toBe(firstLabel);
    expect(await detail.locator('.members li').count()).toBeGreaterThan(0);
    // A sparkline per cluster; sorting by trend and filtering by project change the list.
    const items = page.getByTestId('cluster-item');
    const total = await items.count();
    expect(await page.getByTestId('cluster-list').getByTestId('sparkline').count()).toBe(total);
    const labels = () => items.locator('.title').allTextContents();
    const bySize = await labels();
    await page.getByLabel('Sort clusters by').selectOption('trend');
    await expect.poll(async () => (await labels()).join('|')).not.toBe(bySize.join('|'));
    expect([...(await labels())].sort()).toEqual([...bySize].sort());
    await page.getByLabel('Sort clusters by').selectOption('size');
    const project = page.getByLabel('Project');
    const firstProject = await project.locator('option').nth(1).getAttribute('value');
    await project.selectOption(firstProject!);
    await expect.poll(() => items.count()).toBeLessThan(total);
    await project.selectOption('');
    await expect.poll(() => items.count()).toBe(total);

    await shot('4-patterns');

    // Keyboard only: arrow keys move in the cluster list, Enter opens a cluster, Enter on a member opens its message.
    await items.first().focus();
    await page.keyboard.press('ArrowDown');
    const second = await items.nth(1).locator('.title').textContent();
    expect(await page.evaluate(() => document.activeElement?.querySelector('.title')?.textContent)).toBe(second);
    await page.keyboard.press('Enter');
    await expect.poll(() => detail.locator('h3').textContent()).toBe(second);
    await detail.locator('.members button').first().focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('focused-message').waitFor();
    // Focus moves in an effect after the message renders, so wait for it rather than race it.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('focused-message');
    await page.keyboard.press('Shift+Tab');
    await page.getByRole('button', { name: 'Patterns', exact: true }).focus();
    await page.keyboard.press('Enter');
    await items.first().waitFor();

    await page.getByRole('button', { name: 'Lessons', exact: true }).click();
    await page.getByRole('button', { name: 'Write offline drafts' }).click();
    await page.getByTestId('lesson-card').first().waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('p.note').textContent()).toMatch(/Wrote \d+ local draft/);
    const card = page.getByTestId('lesson-card').first();
    const title = await card.locator('h3').textContent();
    const rule = await card.locator('.rule').textContent();
    await card.getByTestId('copy-lesson').click();
    await expect.poll(() => card.getByTestId('action-note').textContent()).toContain('Copied');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied.startsWith(`${title}: ${rule}`)).toBe(true);
    await card.getByRole('button', { name: 'Adopt' }).click();
    await expect.poll(() => page.getByTestId('export-preview').textContent()).toContain(rule!.slice(0, 30));
    await shot('5-lessons');

    // Edit a lesson's words: it is saved, and an adopted lesson goes back to draft.
    await card.getByRole('button', { name: 'Edit' }).click();
    await card.getByLabel('Rule').fill('Run the linter before committing: the CI rejects unlinted code.');
    await card.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => card.locator('.rule').textContent()).toBe('Run the linter before committing: the CI rejects unlinted code.');
    expect(await card.locator('.badge:not([data-testid=lesson-scope])').textContent()).toBe('draft');
    // The evidence link opens the lesson's pattern.
    await card.getByTestId('evidence-link').click();
    await page.getByTestId('cluster-detail').waitFor();
    await page.getByRole('button', { name: 'Lessons', exact: true }).click();
    await page.getByTestId('lesson-card').first().waitFor();
    // Copy all copies the adopted lessons only (the edited one is a draft again until re-adopted).
    const copyAll = page.getByRole('button', { name: /^Copy all adopted/ });
    expect(await copyAll.isDisabled()).toBe(true);
    await page.getByTestId('lesson-card').first().getByRole('button', { name: 'Adopt' }).click();
    await expect.poll(() => copyAll.isDisabled()).toBe(false);
    await copyAll.click();
    await expect.poll(() => page.locator('.toolbar').getByTestId('action-note').textContent()).toMatch(/^Copied 1 adopted lesson: “/);
    const all = await page.evaluate(() => navigator.clipboard.readText());
    expect(all.split('\n')).toHaveLength(1);
    expect(all).toContain('Run the linter before committing');

    // Nothing has left yet.
    await page.getByRole('button', { name: 'Outbox', exact: true }).click();
    await expect.poll(() => page.getByTestId('outbox').textContent()).toContain('Nothing has ever left this machine');
    await shot('6-outbox-empty');

    // The API key, set in Settings, is never shown again.
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await expect.poll(() => page.getByTestId('key-status').textContent()).toBe('No key is set.');
    await page.getByLabel('New key').fill('sk-ant-e2e-fake-key-0001');
    await page.getByRole('button', { name: 'Set key' }).click();
    await expect.poll(() => page.getByTestId('key-status').textContent()).toBe('A key is set.');
    expect(await page.content()).not.toContain('sk-ant-e2e-fake-key-0001');
    expect(await page.getByTestId('data-dir').textContent()).toBe(dataDir);
    await shot('9-settings');

    // The consent step: every request shown byte for byte; Cancel sends nothing, Send sends exactly those bytes.
    await page.getByRole('button', { name: 'Lessons', exact: true }).click();
    await page.getByRole('button', { name: 'Ask Claude…' }).click();
    const consent = page.getByTestId('consent');
    await consent.waitFor({ timeout: 30_000 });
    await consent.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => consent.count()).toBe(0);
    expect(anthropic.requests).toHaveLength(0);
    await page.getByRole('button', { name: 'Ask Claude…' }).click();
    await consent.waitFor({ timeout: 30_000 });
    const shown = page.getByTestId('request-bytes');
    const n = await shown.count();
    expect(n).toBeGreaterThan(0);
    const firstBytes = (await shown.first().textContent())!;
    expect(firstBytes).toContain('Pattern digest:');
    await shot('8-consent');
    anthropic.script(
      ...Array.from({ length: n }, (_, i) =>
        lessonsReply([{ action: 'add', targets: [], title: `Claude lesson ${i}`, rule: `Run \`make check${i}\` before pushing.`, why: 'seen often', applies_when: 'before a push', confidence: 0.8 }]),
      ),
    );
    await consent.getByRole('button', { name: new RegExp(`^Send ${n} request`) }).click();
    await expect.poll(() => page.locator('p.note').textContent(), { timeout: 30_000 }).toContain(`Sent ${n} request${n === 1 ? '' : 's'} to Claude`);
    expect(anthropic.requests).toHaveLength(n);
    expect(anthropic.requests[0].body.toString('utf8')).toBe(firstBytes);
    expect(String(anthropic.requests[0].headers['x-api-key'] ?? anthropic.requests[0].headers.authorization)).toContain('sk-ant-e2e-fake-key-0001');
    await expect.poll(() => page.getByTestId('lesson-card').locator('h3').allTextContents()).toContain('Claude lesson 0');

    await page.getByRole('button', { name: 'Outbox', exact: true }).click();
    const sent = page.getByTestId('outbox').locator('details');
    await expect.poll(() => sent.count()).toBe(n);
    expect(await sent.first().locator('summary').textContent()).toContain(`${anthropic.url}/v1/messages`);
    expect(await page.getByTestId('outbox').textContent()).not.toContain('sk-ant-e2e-fake-key-0001');
    await shot('6-outbox');

    // Keyboard: focus is visible on the first control; dark mode follows the system.
    // From a fresh load (the route stays in the URL), so Tab starts at the top of the document and not
    // after the last control clicked.
    await page.reload();
    await page.getByTestId('outbox').waitFor();
    await page.keyboard.press('Tab');
    const ring = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      return { tag: el.tagName, outline: getComputedStyle(el).outlineStyle };
    });
    // The first stop is the skip link past the screen tabs.
    expect(ring).toEqual({ tag: 'A', outline: 'solid' });
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const light = await background();
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await background()).not.toBe(light);
    await shot('7-dark');

    expect(pageErrors.join('\n')).toBe('');
    // The whole journey; on a shared 2-core machine it takes close to two minutes.
  }, 180_000);
});
