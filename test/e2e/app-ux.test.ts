import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium, openBrowserApp, type BrowserApp } from '../helpers/browser.js';
import { ccLine } from '../helpers/fixtures.js';
import { haveShared, sample } from '../helpers/samples.js';

/*
 * The app as a person uses it (browser mode, Chromium): titles that can be read, search that finds
 * tool output and marks it, a next step after every step, the URL that keeps the screen and the
 * selection (Back, reload), and deleting a session, the sample data and everything.
 */

/** A Claude Code transcript whose only mention of `word` is a failing tool's output. */
function toolOutputLog(file: string, word: string): string {
  const lines = [
    ccLine('user', 'u1', null, 'Run the gateway tests and tell me what broke'),
    ccLine('assistant', 'a1', 'u1', [{ type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'make test-gateway' } }]),
    ccLine('user', 'u2', 'a1', [{ type: 'tool_result', tool_use_id: 'toolu_1', content: `FAIL: ${word} handshake timed out after 30s`, is_error: true }], {
      toolUseResult: 'error',
    }),
    ccLine('assistant', 'a2', 'u2', 'The handshake test timed out.'),
  ].map((l) => l.replace(/"sess-1"/, '"sess-tool-output"'));
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** Every visible session row's title, facts and snippet boxes: none may overlap or be squeezed. */
async function rowLayout(page: Page) {
  return page.getByTestId('session-list').getByRole('option').evaluateAll((rows) =>
    rows.slice(0, 12).map((row) => {
      const box = (el: Element | null) => (el ? el.getBoundingClientRect() : null);
      const r = row.getBoundingClientRect();
      const title = box(row.querySelector('[data-testid=session-title]'))!;
      const facts = box(row.querySelector('.facts'))!;
      const snippet = box(row.querySelector('[data-testid=search-snippet]'));
      return {
        titleHeight: title.height,
        titleText: row.querySelector('[data-testid=session-title]')!.textContent,
        ordered: title.bottom <= facts.top + 0.5 && (!snippet || facts.bottom <= snippet.top + 0.5),
        inside: (snippet ?? facts).bottom <= r.bottom + 0.5,
        factsOneLine: facts.height < 26,
      };
    }),
  );
}

describe.runIf(haveChromium() && haveShared())('the app as a person uses it', () => {
  let app: BrowserApp;
  let page: Page;
  const hash = () => page.evaluate(() => location.hash);
  const sessionsCount = async () => Number((await page.locator('.list-pane > p.muted').textContent())!.match(/^\d+/)![0]);

  beforeAll(async () => {
    // This test reads import summaries and takes the next steps by hand (auto-analyse.test.ts: the analysis by itself).
    app = await openBrowserApp({ settings: { autoAnalyze: false } });
    page = app.page;
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  it('imports, reads titles, searches tool output, follows next steps, keeps the URL, and deletes', async () => {
    await page.goto(app.server.url);
    await page.getByRole('button', { name: 'Try with sample data' }).click();
    const sampleSummary = page.locator('.welcome > .card').first().getByTestId('import-summary');
    await expect.poll(() => sampleSummary.textContent(), { timeout: 60_000 }).toContain('120 new sessions');
    // A title-less Aider history and a transcript whose word lives only in a tool's output.
    const word = 'quokkagateway';
    await page.getByTestId('drop-zone').locator('input[type=file]').setInputFiles([
      sample('aider', 'mozgoslav_.aider.chat.history.md'),
      toolOutputLog(path.join(app.work, 'tool-output.jsonl'), word),
    ]);
    const uploadSummary = page.locator('.import').getByTestId('import-summary');
    await expect.poll(() => uploadSummary.textContent(), { timeout: 30_000 }).toMatch(/2 files read: [1-9]\d* new session/);
    // Import finished ends with the next step.
    expect(await uploadSummary.getByTestId('next-step').textContent()).toContain('Analyse what came in');
    await app.shot('ux-1-import-next-step');

    // 1. Titles: every row shows its title on a line of its own, at both window sizes; the Aider session has one.
    await page.getByRole('button', { name: 'Sessions', exact: true }).click();
    const list = page.getByTestId('session-list');
    await list.getByRole('option').first().waitFor();
    const titles = await page.getByTestId('session-title').allTextContents();
    expect(titles.filter((t) => t === '(untitled)')).toEqual([]);
    const aider = (await app.service.call('listSessions', { limit: 1000 })) as { format: string; title: string | null }[];
    expect(aider.find((s) => s.format === 'aider')?.title).toMatch(/\S{3}/);
    for (const [width, height] of [
      [1440, 900],
      [1024, 700],
    ]) {
      await page.setViewportSize({ width, height });
      for (const row of await rowLayout(page)) {
        expect(row.titleHeight).toBeGreaterThan(14);
        expect(row.ordered && row.inside && row.factsOneLine).toBe(true);
        expect(row.titleText).not.toBe('');
      }
      await app.shot(`ux-2-sessions-${width}`);
    }

    // 2. Search: each hit its own snippet, tool output found, the match marked where the hit opens.
    await page.getByLabel('Search sessions').fill('pnpm');
    await expect.poll(() => page.getByTestId('search-snippet').count()).toBeGreaterThan(1);
    const snippets = await page.getByTestId('search-snippet').allTextContents();
    expect(new Set(snippets).size).toBeGreaterThan(1);
    expect(await page.getByTestId('search-snippet').first().locator('mark').first().textContent()).toMatch(/^pnpm$/i);
    for (const row of await rowLayout(page)) expect(row.ordered && row.inside && row.titleHeight > 14).toBe(true);
    await app.shot('ux-3-search-1024');
    await page.setViewportSize({ width: 1440, height: 900 });
    for (const row of await rowLayout(page)) expect(row.ordered && row.inside && row.titleHeight > 14).toBe(true);

    await page.getByLabel('Search sessions').fill(word);
    await expect.poll(() => list.getByRole('option').count()).toBe(1);
    expect(await page.getByTestId('search-snippet').textContent()).toContain(word);
    await list.getByRole('option').first().click();
    const match = page.getByTestId('focused-message').getByTestId('search-match');
    await match.first().waitFor();
    expect(await match.first().textContent()).toBe(word);
    expect(await match.first().isVisible()).toBe(true);
    expect(await page.getByTestId('reader-title').textContent()).toBe('Run the gateway tests and tell me what broke');
    await app.shot('ux-4-search-hit-marked');

    // 3. The URL holds screen, session, search and message: a reload keeps them; Back returns within the app.
    const opened = await hash();
    expect(opened).toMatch(new RegExp(`^#/sessions/\\d+\\?q=${word}&m=\\d+$`));
    await page.reload();
    await page.getByTestId('focused-message').getByTestId('search-match').first().waitFor();
    expect(await hash()).toBe(opened);
    expect(await page.getByLabel('Search sessions').inputValue()).toBe(word);
    await page.goBack();
    await expect.poll(hash).toBe(`#/sessions?q=${word}`);
    expect(await page.getByTestId('session-reader').count()).toBe(0);
    await page.goForward();
    await page.getByTestId('session-reader').waitFor();

    // Import → analyse through the next step; the analysis ends with its own next step.
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(hash).toBe('#/import');
    await page.goBack();
    await expect.poll(hash).toBe(opened);
    await page.goForward();
    await page.getByRole('button', { name: 'Try with sample data' }).waitFor();
    // The summaries are gone with the screen; a new import ends with the next step again.
    await page.getByTestId('drop-zone').locator('input[type=file]').setInputFiles([toolOutputLog(path.join(app.work, 'again.jsonl'), word)]);
    await page.locator('.import').getByTestId('next-step').click();
    await expect.poll(hash).toBe('#/sessions');
    await page.getByRole('button', { name: 'Patterns', exact: true }).click();
    await page.getByRole('button', { name: 'Analyse sessions' }).click();
    const next = page.getByTestId('next-step');
    await next.waitFor({ timeout: 90_000 });
    expect(await next.textContent()).toContain('write drafts');
    await app.shot('ux-5-analysis-next-step');
    await next.click();
    await expect.poll(hash).toBe('#/lessons');
    // No lessons yet, with patterns waiting: the empty screen offers to write them, not to analyse.
    const empty = page.getByTestId('lessons-empty');
    expect(await empty.textContent()).toMatch(/\d+ patterns? (is|are) waiting/);
    expect(await empty.textContent()).not.toMatch(/Analyse/);
    await app.shot('ux-6-lessons-empty');

    // A cluster's detail writes its lesson and leads to it; Back returns to the cluster, which now links to it.
    await page.goBack();
    await expect.poll(hash).toBe('#/patterns');
    await page.getByTestId('cluster-item').first().click();
    await expect.poll(hash).toMatch(/^#\/patterns\/\d+$/);
    const clusterHash = await hash();
    await page.getByTestId('write-lesson').click();
    await expect.poll(hash, { timeout: 30_000 }).toMatch(/^#\/lessons\/\d+$/);
    const focused = page.locator('[data-testid=lesson-card][data-focused=true]');
    await focused.waitFor();
    await app.shot('ux-7-lesson-from-cluster');
    await page.goBack();
    await expect.poll(hash).toBe(clusterHash);
    await page.getByTestId('open-lesson').first().click();
    await focused.waitFor();
    await page.reload();
    await focused.waitFor();

    // 4. Deleting: one session from the reader, with what it removes shown before.
    await page.goto(`${app.server.url.split('?')[0].replace(/\/$/, '')}/#/sessions?q=${word}`);
    await expect.poll(() => list.getByRole('option').count()).toBe(1);
    await list.getByRole('option').first().click();
    await page.getByTestId('session-reader').getByTestId('delete').click();
    const plan = page.getByTestId('delete-plan');
    expect(await plan.textContent()).toMatch(/1 sessions?.*4 messages?/);
    await app.shot('ux-8-delete-session-plan');
    await plan.getByTestId('delete-confirm').click();
    await expect.poll(() => list.getByRole('option').count()).toBe(0);
    expect(await page.getByTestId('session-reader').count()).toBe(0);

    // The sample data: tagged in the list, removed in one click from Settings (after its plan).
    await page.getByLabel('Search sessions').fill('');
    await expect.poll(() => page.getByText(/from the sample data/).count()).toBe(1);
    const before = await sessionsCount();
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByTestId('delete-sample').click();
    expect(await page.getByTestId('delete-plan').textContent()).toMatch(/120 sessions?/);
    await page.getByTestId('delete-confirm').click();
    await expect.poll(() => page.getByTestId('delete-note').textContent()).toContain('120 sessions');
    await page.getByRole('button', { name: 'Sessions', exact: true }).click();
    await expect.poll(sessionsCount).toBe(before - 120);
    expect(await page.getByText(/from the sample data/).count()).toBe(0);

    // Everything: the counts go to zero and the index files go.
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByTestId('delete-all').click();
    await app.shot('ux-9-delete-all-plan');
    await page.getByTestId('delete-confirm').click();
    await expect.poll(() => page.getByLabel('Store contents').textContent()).toBe('0 sessions · 0 patterns · 0 lessons');
    const indexDir = path.join(app.dataDir, 'index');
    expect(existsSync(indexDir) ? readdirSync(indexDir).filter((f) => f.endsWith('.hnsw')) : []).toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    await app.shot('ux-9-deleted-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    expect(app.pageErrors.join('\n')).toBe('');
  }, 300_000);
});
