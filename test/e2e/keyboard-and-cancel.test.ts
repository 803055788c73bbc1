import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium, openBrowserApp, type BrowserApp } from '../helpers/browser.js';
import { holdNextJob } from '../helpers/jobs.js';
import { errorReply, lessonsReply } from '../helpers/fake-anthropic.js';
import { haveShared, sample } from '../helpers/samples.js';

/*
 * The real UI in browser mode: cancelling one file of an import, the map from the keyboard, and
 * sending lessons to Claude as a job with progress and cancel.
 */

const ZIP = 'bobbytango_chatgpt_export_2023-09-27.zip';

describe.runIf(haveChromium() && haveShared())('keyboard access and cancelling, end to end', () => {
  let app: BrowserApp;
  let page: Page;

  beforeAll(async () => {
    // Imports here stay on their summary; auto-analyse.test.ts covers the analysis an import starts.
    app = await openBrowserApp({ settings: { autoAnalyze: false } });
    page = app.page;
    await page.goto(app.server.url);
    await page.getByTestId('drop-zone').waitFor();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
  });

  it('cancels one file of a running import from its row: it is skipped, the others import, the summary says so', async () => {
    const release = holdNextJob(app.service);
    await page.getByTestId('drop-zone').locator('input[type=file]').setInputFiles([
      sample('chatgpt-export', ZIP),
      sample('codex', 'rollout-2025-09-24T20-12-23-01997ea4.jsonl'),
      sample('claude-code', 'agentcmd_full-session.jsonl'),
    ]);
    const rows = page.getByTestId('file-progress').locator('li');
    const states = () => rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));
    // All three sent; the import job runs (held before its first file).
    await expect.poll(states, { timeout: 15_000 }).toEqual(['importing', 'importing', 'importing']);
    expect(await rows.getByRole('button', { name: /^Cancel / }).count()).toBe(3);

    // From the keyboard: the zip's own Cancel, then Enter; the engine has the cancel before it reads anything.
    const cancelled = page.waitForResponse((r) => r.url().endsWith('/api/cancelImportFile'));
    await page.getByRole('button', { name: `Cancel ${ZIP}` }).focus();
    await page.keyboard.press('Enter');
    expect(await (await cancelled).json()).toEqual({ result: { cancelled: true } });
    expect(await rows.nth(0).textContent()).toContain('cancelling…');
    release();

    const summary = page.locator('.import').getByTestId('import-summary');
    await summary.waitFor({ timeout: 30_000 });
    expect(await states()).toEqual(['cancelled', 'done', 'done']);
    expect(await rows.nth(0).textContent()).toContain('cancelled: nothing of it was written');
    expect(await page.getByTestId('cancelled-files').textContent()).toMatch(new RegExp(`^1 file cancelled by you, nothing of them was written: ${ZIP.replace(/\./g, '\\.')}\\.`));
    expect(await summary.textContent()).toMatch(/2 files read: [1-9]\d* new session/);
    const formats = app.db.prepare('SELECT format, count(*) AS n FROM sessions GROUP BY format').all() as { format: string; n: number }[];
    expect(formats.map((f) => f.format).sort()).toEqual(['claude-code', 'codex']);
    await app.shot('cancel-1-import');
  }, 60_000);

  it('moves through the map from the keyboard: a cursor with the words, an announcement, Enter opens the cluster, Escape clears', async () => {
    await page.getByRole('button', { name: 'Try with sample data' }).click();
    await expect.poll(() => page.locator('.welcome > .card').first().getByTestId('import-summary').textContent(), { timeout: 30_000 }).toMatch(/new sessions?\b/);
    await page.getByRole('button', { name: 'Patterns', exact: true }).click();
    await page.getByRole('button', { name: 'Analyse sessions' }).click();
    await page.getByTestId('cluster-item').first().waitFor({ timeout: 60_000 });
    const canvas = page.getByTestId('cluster-map');
    await expect.poll(async () => Number(await canvas.getAttribute('data-drawn')), { timeout: 15_000 }).toBeGreaterThan(0);

    // Tab from the last toolbar control lands on the map, with the focus ring showing.
    await page.getByLabel('Colour by').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('cluster-map');
    // A ring drawn inside the canvas (the map's frame clips anything outside it).
    expect(await page.evaluate(() => {
      const style = getComputedStyle(document.activeElement!);
      return [style.outlineStyle, parseFloat(style.outlineWidth) > 0, parseFloat(style.outlineOffset) < 0];
    })).toEqual(['solid', true, true]);
    await app.shot('cancel-2-map-focus');

    const tip = page.getByTestId('map-tip');
    const announce = page.getByTestId('map-announce');
    // A key press is settled when the announcement names the moment under the cursor (its words arrive asynchronously).
    const press = async (key: string) => {
      await page.keyboard.press(key);
      await expect.poll(async () => (await announce.getAttribute('data-moment')) === (await canvas.getAttribute('data-cursor'))).toBe(true);
      return {
        moment: await canvas.getAttribute('data-cursor'),
        x: Number(await tip.getAttribute('data-x')),
        y: Number(await tip.getAttribute('data-y')),
        said: (await announce.textContent()) ?? '',
      };
    };
    const first = await press('ArrowRight');
    expect(first.moment).not.toBeNull();
    const tipText = tip.getByTestId('tip-text');
    expect(await tipText.textContent()).toMatch(/^(correction|failure|task|preference): \S/);
    // The announcement: the words, then the pattern (and the variant of it the moment belongs to) or none.
    expect(first.said).toMatch(/^(correction|failure|task|preference): .+ — (pattern .+|not in a pattern)$/);
    expect(first.said.startsWith((await tipText.textContent())!.slice(0, 40))).toBe(true);

    // Arrows move in their direction on screen (y grows downwards there); from the middle of the map there is room.
    const right = await press('ArrowRight');
    expect(right.moment).not.toBe(first.moment);
    expect(right.x).toBeGreaterThan(first.x);
    const down = await press('ArrowDown');
    expect(down.moment).not.toBe(right.moment);
    expect(down.y).toBeGreaterThan(right.y);

    // Walk until the cursor is on a point of a pattern (noise opens nothing), then Enter opens its pattern.
    const keys = ['ArrowLeft', 'ArrowUp', 'ArrowRight', 'ArrowDown'];
    let at = down;
    for (let i = 0; i < 40 && !/ — pattern /.test(at.said); i++) at = await press(keys[i % 4]);
    const said = (await announce.textContent())!;
    const label = said.split(' — pattern ')[1].split(', variant ')[0];
    expect(label).toBeTruthy();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('cluster-detail').locator('h3').textContent(), { timeout: 15_000 }).toBe(label);
    await app.shot('cancel-2-map-keyboard');

    await canvas.focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => tip.count()).toBe(0);
    expect(await announce.textContent()).toBe('');
  }, 90_000);

  it('sends lessons as a job: shows each request sent, and Cancel stops before the next one', async () => {
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByLabel('New key').fill('sk-ant-e2e-fake-key-0002');
    await page.getByRole('button', { name: 'Set key' }).click();
    await expect.poll(() => page.getByTestId('key-status').textContent()).toBe('A key is set.');

    await page.getByRole('button', { name: 'Lessons', exact: true }).click();
    await page.getByRole('button', { name: 'Ask Claude…' }).click();
    const consent = page.getByTestId('consent');
    await consent.waitFor({ timeout: 30_000 });
    const shown = await consent.getByTestId('request-bytes').allTextContents();
    const n = shown.length;
    expect(n).toBeGreaterThanOrEqual(3);
    // The first request is answered; the second is asked to come back in a minute, so the job waits there.
    app.anthropic.script(
      lessonsReply([{ action: 'add', targets: [], title: 'Answered lesson', rule: 'Run `make check` before pushing.', why: 'seen often', applies_when: 'before a push', confidence: 0.8 }]),
      errorReply(529, 'overloaded', { 'retry-after-ms': '60000' }),
    );
    await consent.getByRole('button', { name: `Send ${n} request${n === 1 ? '' : 's'}` }).click();
    const progress = page.getByTestId('send-progress');
    await expect.poll(() => progress.textContent(), { timeout: 15_000 }).toMatch(new RegExp(`^1 of ${n} sent · request 2: overloaded, trying again in 60 s`));
    await app.shot('cancel-3-sending');

    await consent.getByRole('button', { name: 'Cancel sending' }).click();
    await expect.poll(() => page.locator('p.note').textContent(), { timeout: 15_000 }).toBe(
      `Stopped after 1 of ${n} requests was answered; 1 change to the lessons. The other ${n - 1} were not sent after you cancelled. Everything that left is in the Outbox.`,
    );
    expect(await consent.count()).toBe(0);
    // Exactly the bytes shown left, in order: the answered request and the one attempt of the second.
    expect(app.anthropic.requests.map((r) => r.body.toString('utf8'))).toEqual(shown.slice(0, 2));
    await expect.poll(() => page.getByTestId('lesson-card').locator('h3').allTextContents()).toContain('Answered lesson');

    await page.getByRole('button', { name: 'Outbox', exact: true }).click();
    await expect.poll(() => page.getByTestId('outbox').locator('details').count()).toBe(2);
    expect(app.anthropic.requests).toHaveLength(2);
    await app.shot('cancel-4-outbox');

    expect(app.pageErrors.join('\n')).toBe('');
  }, 60_000);
});
