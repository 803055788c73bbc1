import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium, openBrowserApp, type BrowserApp } from '../helpers/browser.js';
import { lessonsReply } from '../helpers/fake-anthropic.js';
import { haveShared } from '../helpers/samples.js';

/*
 * The real UI in browser mode: figures that two screens show agree (a pattern's trend on Patterns
 * and Dreaming, drafts written against the lessons listed), and the consent step shows what
 * leaves per pattern, readable, and sends only the patterns left ticked.
 */

describe.runIf(haveChromium() && haveShared())('numbers that agree, and consent you can audit', () => {
  let app: BrowserApp;
  let page: Page;
  const hash = () => page.evaluate(() => location.hash);

  beforeAll(async () => {
    app = await openBrowserApp({ settings: { autoAnalyze: false } });
    page = app.page;
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  it('shows the same trend for a pattern on Patterns and on Dreaming, and as many lessons as drafts it says it left', async () => {
    await page.goto(app.server.url);
    await page.getByRole('button', { name: 'Try with sample data' }).click();
    await expect
      .poll(() => page.locator('.welcome > .card').first().getByTestId('import-summary').textContent(), { timeout: 60_000 })
      .toContain('120 new sessions');
    await page.getByRole('button', { name: 'Patterns', exact: true }).click();
    await page.getByRole('button', { name: 'Analyse sessions' }).click();
    await page.getByTestId('next-step').waitFor({ timeout: 120_000 });
    const items = page.getByTestId('cluster-item');
    const listed = await items.evaluateAll((els) =>
      els.map((el) => ({
        label: el.querySelector('.title')!.textContent!,
        direction: el.querySelector('[data-testid=trend]')?.getAttribute('data-direction') ?? null,
        growing: !!el.querySelector('[data-testid=trend-badge][data-flag=growing]'),
        fresh: !!el.querySelector('[data-testid=trend-badge][data-flag=new]'),
      })),
    );
    expect(listed.length).toBeGreaterThan(2);
    // Every pattern has a direction, and "growing" in words exactly when it has the growing badge.
    for (const c of listed) {
      expect(['growing', 'steady', 'fading', 'quiet']).toContain(c.direction);
      expect(c.growing).toBe(c.direction === 'growing');
    }
    await app.shot('numbers-1-patterns');

    await page.getByRole('button', { name: 'Dreaming', exact: true }).click();
    const changed = page.getByTestId('what-changed');
    await changed.locator('p.muted').first().waitFor();
    await expect.poll(() => changed.textContent()).toMatch(/\d+ sessions? \(/);
    const flagged = await changed.getByTestId('trend-item').evaluateAll((els) =>
      els.map((el) => ({
        label: el.querySelector('button.link, strong')!.textContent!,
        growing: !!el.querySelector('[data-testid=trend-badge][data-flag=growing]'),
        fresh: !!el.querySelector('[data-testid=trend-badge][data-flag=new]'),
      })),
    );
    const names = (xs: { label: string }[]) => xs.map((x) => x.label).sort();
    expect(names(flagged.filter((c) => c.growing))).toEqual(names(listed.filter((c) => c.growing)));
    expect(names(flagged.filter((c) => c.fresh))).toEqual(names(listed.filter((c) => c.fresh)));
    await app.shot('numbers-2-dreaming');

    // Drafts: the note's "N lessons in all now" is the number of lesson cards listed.
    await page.getByRole('button', { name: 'Lessons', exact: true }).click();
    await page.getByRole('button', { name: 'Write offline drafts' }).click();
    const note = page.locator('p.note');
    await expect.poll(() => note.textContent(), { timeout: 60_000 }).toMatch(/^Wrote \d+ local drafts?/);
    const said = Number((await note.textContent())!.match(/(\d+) lessons? in all now/)![1]);
    await expect.poll(() => page.getByTestId('lesson-card').count()).toBe(said);
    // A lesson's pattern size is the size its pattern shows.
    const evidence = (await page.getByTestId('evidence-link').first().textContent())!;
    const seen = Number(evidence.match(/^pattern seen (\d+) times|^(\d+) moments? of evidence/)!.slice(1).find(Boolean));
    await page.getByTestId('evidence-link').first().click();
    await expect.poll(hash).toMatch(/^#\/patterns\/\d+$/);
    await expect.poll(() => page.getByTestId('cluster-detail').locator('p').first().textContent()).toContain(` ${seen} times in `);
  }, 300_000);

  it('shows what leaves per pattern, links to Settings for the key, and sends only the ticked patterns', async () => {
    await page.getByRole('button', { name: 'Lessons', exact: true }).click();
    await page.getByRole('button', { name: 'Ask Claude…' }).click();
    const consent = page.getByTestId('consent');
    await consent.waitFor({ timeout: 60_000 });
    // Without a key, the way to add one is a link to Settings.
    await consent.getByTestId('consent-settings').click();
    await expect.poll(hash).toBe('#/settings');
    await page.getByLabel('New key').fill('sk-ant-e2e-fake-key-0003');
    await page.getByRole('button', { name: 'Set key' }).click();
    await expect.poll(() => page.getByTestId('key-status').textContent()).toBe('A key is set.');

    await page.getByRole('button', { name: 'Lessons', exact: true }).click();
    await page.getByRole('button', { name: 'Ask Claude…' }).click();
    await consent.waitFor({ timeout: 60_000 });
    const cards = consent.getByTestId('consent-pattern');
    const n = await cards.count();
    expect(n).toBeGreaterThanOrEqual(2);
    // Readable first: names and examples visible, the raw bytes hidden until asked for.
    expect(await cards.first().locator('strong').first().textContent()).toBeTruthy();
    expect(await cards.first().locator('.consent-examples li').count()).toBeGreaterThan(0);
    expect(await consent.getByTestId('request-bytes').first().isVisible()).toBe(false);
    expect(await consent.textContent()).not.toMatch(/\bcluster \d+/);

    // Untick the first pattern: its request is the one left out.
    const leftOut = Number(await cards.first().getAttribute('data-cluster'));
    await cards.first().getByTestId('consent-choose').uncheck();
    await consent.getByTestId('consent-raw').click();
    expect(await consent.getByTestId('request-bytes').first().isVisible()).toBe(true);
    const bytes = await consent.getByTestId('request-bytes').evaluateAll((els) => els.map((e) => ({ cluster: Number(e.getAttribute('data-cluster')), text: e.textContent! })));
    expect(bytes).toHaveLength(n);
    await app.shot('consent-1-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await app.shot('consent-2-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    app.anthropic.script(...Array.from({ length: n - 1 }, () => lessonsReply([])));
    await consent.getByRole('button', { name: `Send ${n - 1} request${n - 1 === 1 ? '' : 's'}` }).click();
    await expect.poll(() => page.locator('p.note').textContent(), { timeout: 60_000 }).toMatch(/^Sent \d+ request/);
    const sent = app.anthropic.requests.map((r) => r.body.toString('utf8'));
    // Exactly the ticked requests' bytes, in order; the unticked one never left.
    expect(sent).toEqual(bytes.filter((b) => b.cluster !== leftOut).map((b) => b.text));
    expect(sent).not.toContain(bytes.find((b) => b.cluster === leftOut)!.text);
    // The Outbox holds every byte that left, and only that.
    await page.getByRole('button', { name: 'Outbox', exact: true }).click();
    await expect.poll(() => page.getByTestId('outbox').locator('details').count()).toBe(n - 1);
    expect(app.pageErrors).toEqual([]);
  }, 180_000);
});
