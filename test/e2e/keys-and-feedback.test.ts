import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium, openBrowserApp, type BrowserApp } from '../helpers/browser.js';
import { waitForJob } from '../helpers/jobs.js';
import { haveShared, sample } from '../helpers/samples.js';

/*
 * Keyboard and feedback, end to end (browser mode, Chromium): the session list is one Tab stop
 * whose arrows move and whose Enter opens the reader; a skip link past the screen tabs; feedback
 * beside the action that caused it, then gone; the dream schedule shown and changed; the detected
 * format per imported file and failed files unlike good ones; the Lessons screen's export at the top,
 * Copy all (adopted only), a roomy editor, counters only on adopted lessons; words, not ids or "(s)".
 */

const SIZES = [
  [1440, 900],
  [1024, 700],
] as const;

/** What the focused element is: its tag, role, test id, and whether it sits in the list, the reader, the nav or main. */
function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      tag: el?.tagName ?? null,
      role: el?.getAttribute('role') ?? null,
      testId: el?.getAttribute('data-testid') ?? null,
      text: el?.textContent ?? '',
      index: el?.getAttribute('data-index') ?? null,
      inList: !!el?.closest('[data-testid=session-list]'),
      inReader: !!el?.closest('[data-testid=session-reader]'),
      inNav: !!el?.closest('nav'),
      inMain: !!el?.closest('main'),
    };
  });
}

/** Text the page shows that should never be there: "(s)" plurals and format ids. */
async function idsAndPlurals(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => document.querySelector('main')!.innerText + document.querySelector('header')!.innerText);
  return [...text.matchAll(/\S*\((s|ies|es)\)|\b(claude-md|agents-md|claude-code|gemini-cli|copilot-chat)\b/g)].map((m) => m[0]);
}

async function shots(app: BrowserApp, name: string) {
  for (const [width, height] of SIZES) {
    await app.page.setViewportSize({ width, height });
    for (const scheme of ['light', 'dark'] as const) {
      await app.page.emulateMedia({ colorScheme: scheme });
      await app.shot(`keys-${name}-${width}-${scheme}`);
    }
  }
  await app.page.emulateMedia({ colorScheme: 'light' });
  await app.page.setViewportSize({ width: 1440, height: 900 });
}

/** The vertical gap between two elements' boxes, and whether `note` is inside the viewport. */
async function besides(page: Page, note: Locator, button: Locator) {
  const [a, b] = [await note.boundingBox(), await button.boundingBox()];
  const viewport = page.viewportSize()!;
  return {
    gap: a && b ? Math.abs(a.y + a.height / 2 - (b.y + b.height / 2)) : Infinity,
    inView: !!a && a.y >= 0 && a.y + a.height <= viewport.height,
  };
}

describe.runIf(haveChromium() && haveShared())('keyboard, feedback and words', () => {
  let app: BrowserApp;
  let page: Page;

  beforeAll(async () => {
    app = await openBrowserApp({ settings: { autoAnalyze: false } });
    page = app.page;
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(app.server.url);
    await page.getByTestId('drop-zone').waitFor();
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  it('shows the detected format of each file, and a failed file unlike a good one', async () => {
    const broken = path.join(app.work, 'broken.json');
    writeFileSync(broken, '{"messages": [{"role": "user", "content": "cut off');
    const notes = path.join(app.work, 'notes.txt');
    writeFileSync(notes, 'just some notes, not a log\n');
    await page.getByTestId('drop-zone').locator('input[type=file]').setInputFiles([
      sample('claude-code', 'agentcmd_full-session.jsonl'),
      sample('codex', 'rollout-2025-09-24T20-12-23-01997ea4.jsonl'),
      broken,
      notes,
    ]);
    const summary = page.locator('.import').getByTestId('import-summary');
    await summary.waitFor({ timeout: 30_000 });
    const rows = page.getByTestId('file-progress').locator('li');
    expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))).toEqual(['done', 'done', 'failed', 'failed']);
    expect(await rows.nth(0).getByTestId('file-format').textContent()).toBe('Claude Code');
    expect(await rows.nth(1).getByTestId('file-format').textContent()).toBe('Codex CLI');
    expect(await summary.getByTestId('import-formats').textContent()).toBe('Detected: Claude Code (1 file), Codex CLI (1 file).');
    expect(await summary.textContent()).toMatch(/2 files could not be imported/);

    // A failed row's bar, name and edge are the error colour; a good row's are not.
    const look = (row: Locator) =>
      row.evaluate((li) => ({
        bar: getComputedStyle(li.querySelector('progress')!).accentColor,
        name: getComputedStyle(li.querySelector('strong')!).color,
        edge: getComputedStyle(li).borderLeftColor,
        error: getComputedStyle(document.querySelector('.error') ?? li).color,
      }));
    const [good, bad] = [await look(rows.nth(0)), await look(rows.nth(2))];
    expect(bad.bar).not.toBe(good.bar);
    expect(bad.name).not.toBe(good.name);
    expect(bad.name).toBe(bad.error);
    expect(bad.edge).toBe(bad.error);
    // The reasons name no command to type.
    const reasons = await rows.evaluateAll((els) => els.slice(2).map((e) => e.textContent ?? ''));
    expect(reasons[1]).toContain('unknown format');
    for (const reason of reasons) expect(reason).not.toMatch(/`|reverie [a-z]/);
    expect(await idsAndPlurals(page)).toEqual([]);
    await shots(app, 'import-report');
  }, 90_000);

  it('names the import limit a file hit, and the limit is raised in Settings', async () => {
    // A real Claude Code log whose first request is a little over 1 MB long: refused under a 1 MB cap,
    // read once the cap is raised.
    const lines = readFileSync(sample('claude-code', 'agentcmd_full-session.jsonl'), 'utf8').split('\n').filter(Boolean);
    const at = lines.findIndex((l) => {
      const o = JSON.parse(l) as { type?: string; message?: { content?: unknown } };
      return o.type === 'user' && typeof o.message?.content === 'string';
    });
    const entry = JSON.parse(lines[at]!) as { message: { content: string } };
    entry.message.content = `please read this: ${'x'.repeat(1_100_000)}`;
    lines[at] = JSON.stringify(entry);
    const long = path.join(app.work, 'long-line.jsonl');
    writeFileSync(long, `${lines.join('\n')}\n`);
    const importIt = async () => {
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      await page.getByTestId('drop-zone').locator('input[type=file]').setInputFiles([long]);
      const summary = page.locator('.import').getByTestId('import-summary');
      await summary.waitFor({ timeout: 30_000 });
      return summary;
    };
    const setLimit = async (mb: number) => {
      await page.getByRole('button', { name: 'Settings', exact: true }).click();
      const field = page.getByTestId('limit-maxLineMB');
      await field.fill(String(mb));
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByText('Saved.').waitFor();
      return field;
    };
    const field = await setLimit(1);
    await shots(app, 'settings-import-limits');
    const refused = await importIt();
    expect(await refused.textContent()).toMatch(/line \d+: longer than 1 MB; not read \(raise the maxLineMB setting, in the app Settings → Import limits/);
    expect((await app.service.call('getSettings', {})) as { maxLineMB: number }).toMatchObject({ maxLineMB: 1 });
    await setLimit(2);
    expect(await field.inputValue()).toBe('2');
    const read = await importIt();
    expect(await read.textContent()).not.toMatch(/could not be imported/);
    expect((await app.service.call('getSettings', {})) as { maxLineMB: number }).toMatchObject({ maxLineMB: 2 });
  }, 90_000);

  it('makes the session list one Tab stop: arrows move, Enter opens the reader and focus goes there; a skip link passes the tabs', async () => {
    const sampleJob = (await app.service.call('importSample', {})) as { jobId: string };
    await waitForJob(app.service, sampleJob.jobId);
    await page.goto(`${app.server.url.split('#')[0]}#/sessions`);
    const list = page.getByTestId('session-list');
    await list.getByRole('option').nth(5).waitFor();

    // The skip link is the first Tab stop, hidden until focused; Enter lands in main, and Tab goes on inside it.
    await page.locator('body').focus();
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ tag: 'A', testId: 'skip-link', text: 'Skip to content' });
    const link = (await page.getByTestId('skip-link').boundingBox())!;
    expect(link.y).toBeGreaterThanOrEqual(0);
    await app.shot('keys-skip-link');
    await page.keyboard.press('Enter');
    expect(await focused(page)).toMatchObject({ tag: 'MAIN' });
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ inMain: true, inNav: false });
    expect(await page.evaluate(() => location.hash)).toBe('#/sessions');

    // From the search box one Tab reaches the list, on exactly one row; one more Tab leaves it.
    await page.getByLabel('Search sessions').focus();
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ role: 'option', index: '0', inList: true });
    expect(await list.locator('[role=option][tabindex="0"]').count()).toBe(1);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toMatchObject({ role: 'option', index: '2' });
    await page.keyboard.press('ArrowUp');
    expect(await focused(page)).toMatchObject({ role: 'option', index: '1' });
    expect(await list.locator('[role=option][tabindex="0"]').getAttribute('data-index')).toBe('1');
    // End goes to the last session (rendered on demand in the virtual list), Home back to the first.
    const total = Number((await page.locator('.list-pane > p.muted').textContent())!.match(/^\d+/)![0]);
    await page.keyboard.press('End');
    await expect.poll(async () => (await focused(page)).index).toBe(String(total - 1));
    await page.keyboard.press('Home');
    await expect.poll(async () => (await focused(page)).index).toBe('0');
    await page.keyboard.press('ArrowDown');
    const title = await list.locator('[data-index="1"] [data-testid=session-title]').textContent();

    // Enter opens it and moves focus into the reader (its title); Tab goes on into the reader, not to the next row.
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#\/sessions\/\d+$/);
    await expect.poll(async () => (await focused(page)).testId).toBe('reader-title');
    expect(await page.getByTestId('reader-title').textContent()).toBe(title);
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ inReader: true, inList: false });
    // Back into the list with Shift+Tab: the open session's row is its Tab stop.
    await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toMatchObject({ role: 'option', index: '1' });
    expect(await list.locator('[aria-selected=true]').getAttribute('data-index')).toBe('1');
    // Row facts name the format in words.
    expect(await list.getByRole('option').first().locator('.facts').textContent()).not.toMatch(/claude-code|\(s\)/);
    expect(await idsAndPlurals(page)).toEqual([]);
    await shots(app, 'sessions');
  }, 120_000);

  it('shows the dream schedule and its next run, and changes it', async () => {
    await page.getByRole('button', { name: 'Dreaming', exact: true }).click();
    const card = page.getByTestId('dream-schedule');
    await expect.poll(() => card.getByTestId('schedule-now').textContent()).toContain('Dreams every night at 03:00.');
    expect(await card.getByTestId('next-dream').textContent()).toMatch(/^(Next run (today|tomorrow) at 0?3:00( AM)?\.|A run was missed)/);

    await card.getByTestId('schedule-select').selectOption('hourly');
    await card.getByTestId('schedule-minute').fill('15');
    const save = card.getByTestId('schedule-save');
    await save.click();
    const note = card.getByTestId('action-note');
    await expect.poll(() => note.textContent()).toMatch(/^Saved: the next run is (today|tomorrow) at \d\d?:15/);
    expect(await besides(page, note, save)).toMatchObject({ inView: true });
    expect((await besides(page, note, save)).gap).toBeLessThan(30);
    expect(await card.getByTestId('schedule-now').textContent()).toContain('Dreams every hour at 15 minutes past.');
    expect(await app.service.call('getSettings', {})).toMatchObject({ dreamSchedule: 'hourly', dreamAt: '03:15' });
    await shots(app, 'dream-schedule');

    await card.getByTestId('schedule-select').selectOption('off');
    await save.click();
    await expect.poll(() => card.getByTestId('schedule-now').textContent()).toContain('off');
    expect(await card.getByTestId('next-dream').count()).toBe(0);
    await page.reload();
    await expect.poll(() => page.getByTestId('schedule-select').inputValue()).toBe('off');
    expect(await idsAndPlurals(page)).toEqual([]);
  }, 60_000);

  it('puts Lessons feedback beside the action and lets it go; export near the top; Copy all copies the adopted; counters only on adopted lessons', async () => {
    const analysis = (await app.service.call('analyze', {})) as { jobId: string };
    expect((await waitForJob(app.service, analysis.jobId)).state).toBe('done');
    await page.getByRole('button', { name: 'Lessons', exact: true }).click();
    await page.getByRole('button', { name: 'Write offline drafts' }).click();
    const cards = page.getByTestId('lesson-card');
    await cards.nth(3).waitFor({ timeout: 30_000 });
    const count = await cards.count();
    expect(count).toBeGreaterThan(3);

    // The export is reachable without scrolling; its formats are named as people know them.
    await page.evaluate(() => window.scrollTo(0, 0));
    const panel = page.getByTestId('export-panel');
    const top = (await panel.boundingBox())!;
    expect(top.y + top.height).toBeLessThan(900);
    const options = await panel.getByTestId('export-format').locator('option').allTextContents();
    expect(options).toContain('CLAUDE.md');
    expect(options).toContain('AGENTS.md');
    expect(options.join(' ')).not.toMatch(/claude-md|agents-md/);

    // Drafts have no helpful/harmful buttons; nothing is adopted, so Copy all is off.
    expect(await page.getByTestId('lesson-helpful').count()).toBe(0);
    const copyAll = page.getByRole('button', { name: /^Copy all adopted/ });
    expect(await copyAll.isDisabled()).toBe(true);

    // Adopt the last card, far down the page: "Adopted" appears beside its button, in view, then goes.
    const last = cards.nth(count - 1);
    const adopt = last.getByRole('button', { name: 'Adopt' });
    await adopt.scrollIntoViewIfNeeded();
    await adopt.click();
    const note = last.getByTestId('action-note');
    await expect.poll(() => note.textContent()).toBe('Adopted: it is in the export now.');
    const near = await besides(page, note, last.getByRole('button', { name: 'Edit' }));
    expect(near.inView).toBe(true);
    expect(near.gap).toBeLessThan(40);
    expect(await page.locator('p.note').filter({ hasText: 'Adopted' }).count()).toBe(0);
    await app.shot('keys-lessons-adopted-note');
    // Now adopted, it has the counters; the drafts still do not.
    expect(await last.getByTestId('lesson-helpful').count()).toBe(1);
    expect(await page.getByTestId('lesson-helpful').count()).toBe(1);
    await expect.poll(() => note.textContent(), { timeout: 8_000 }).toBe('');

    // Copy all copies the adopted lessons only, and says which.
    const first = cards.nth(0);
    await first.getByRole('button', { name: 'Adopt' }).click();
    await expect.poll(() => copyAll.textContent()).toBe('Copy all adopted (2)');
    const titles = [await first.locator('h3').textContent(), await last.locator('h3').textContent()];
    await page.evaluate(() => window.scrollTo(0, 0));
    await copyAll.click();
    const toolbarNote = page.locator('.toolbar').getByTestId('action-note');
    await expect.poll(() => toolbarNote.textContent()).toBe(`Copied 2 adopted lessons: “${titles[0]}”, “${titles[1]}”.`);
    // Beside the button, or on the line under it when the words are long.
    expect((await besides(page, toolbarNote, copyAll)).gap).toBeLessThan(50);
    const copied = (await page.evaluate(() => navigator.clipboard.readText())).split('\n');
    expect(copied).toHaveLength(2);
    expect(copied[0].startsWith(`${titles[0]}: `)).toBe(true);
    expect(copied[1].startsWith(`${titles[1]}: `)).toBe(true);
    expect(await panel.locator('h3').textContent()).toBe('Export 2 adopted lessons');

    // The editor takes the whole row of cards, with room to write.
    const second = cards.nth(1);
    await second.getByRole('button', { name: 'Edit' }).click();
    const grid = (await page.locator('.cards').boundingBox())!;
    const editor = (await second.boundingBox())!;
    expect(editor.width).toBeGreaterThan(grid.width * 0.95);
    expect((await second.getByLabel('Rule').boundingBox())!.width).toBeGreaterThan(grid.width * 0.8);
    await shots(app, 'lessons-editor');
    await second.getByRole('button', { name: 'Cancel' }).click();

    // Retiring leaves a line in the card's place saying so.
    const retired = await second.locator('h3').textContent();
    await second.getByRole('button', { name: 'Retire' }).click();
    await expect.poll(() => page.getByTestId('lesson-retired').textContent()).toContain(`Retired “${retired}”`);
    expect(await idsAndPlurals(page)).toEqual([]);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shots(app, 'lessons');
    expect(app.pageErrors.join('\n')).toBe('');
  }, 180_000);
});
