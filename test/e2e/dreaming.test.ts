import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { typedCall } from '../../electron/engine/api/handlers.js';
import { generateCorpus } from '../../electron/engine/demo/generate.js';
import { importPaths } from '../../electron/engine/import/run-import.js';
import { adoptLesson, getLesson, listLessons } from '../../electron/engine/lesson/store.js';
import { ARTIFACTS, haveChromium, openBrowserApp, type BrowserApp } from '../helpers/browser.js';
import { tempDir } from '../helpers/fixtures.js';
import { haveShared, sample } from '../helpers/samples.js';

/*
 * Dreaming, end to end in the real UI: a store with ten weeks of history, a home folder whose
 * ~/.claude/projects holds a real Claude Code transcript and a week of sessions with a
 * correction never seen before. The first screen offers the folder, one click watches it,
 * Dream now imports and analyses, the run shows in the table, the new pattern is badged, and
 * an adopted lesson shows its verdict and takes helpful/harmful votes.
 */

const DAY = 86_400_000;
const NOW = Date.now();
const NEW_CORRECTIONS = [
  'No, no emoji in commit messages. Keep the commit message plain text.',
  "Don't put emoji in the commit message, plain text only please.",
  'No emoji in commits! Rewrite that commit message without the emoji.',
];
const NEW_SESSIONS = 8;

/** A short Claude Code transcript in which the person corrects the agent's commit message. */
function emojiSession(id: string, start: number, correction: string): string {
  const lines: string[] = [];
  let parent: string | null = null;
  let t = start;
  const add = (type: 'user' | 'assistant', content: unknown) => {
    t += 30_000;
    const uuid = `${id}-${lines.length}`;
    const message =
      type === 'user'
        ? { role: 'user', content }
        : { model: 'claude-sonnet-4-5', id: `msg_${uuid}`, type: 'message', role: 'assistant', content: [{ type: 'text', text: content }] };
    lines.push(
      JSON.stringify({ parentUuid: parent, isSidechain: false, userType: 'external', cwd: '/home/dev/code/blog', sessionId: id, version: '2.0.14', gitBranch: 'main', type, uuid, timestamp: new Date(t).toISOString(), message }),
    );
    parent = uuid;
  };
  add('user', 'Commit the changes to the blog post draft.');
  add('assistant', 'Committed: "✨ Update blog post draft 🚀".');
  add('user', correction);
  add('assistant', 'Sorry, I amended the commit message to plain text.');
  return `${lines.join('\n')}\n`;
}

describe.runIf(haveChromium() && haveShared())('dreaming, end to end', () => {
  const tmp = tempDir('reverie-e2e-dream-');
  const home = path.join(tmp.dir, 'home');
  const watchedDir = path.join(home, '.claude', 'projects');
  let app: BrowserApp;
  let page: Page;

  beforeAll(async () => {
    // The machine's agent folder: a real transcript (copied into the temp home) and the new sessions.
    const blog = path.join(watchedDir, '-home-dev-code-blog');
    mkdirSync(blog, { recursive: true });
    copyFileSync(sample('claude-code', 'agentcmd_full-session.jsonl'), path.join(watchedDir, 'agentcmd_full-session.jsonl'));
    for (let i = 0; i < NEW_SESSIONS; i++) {
      writeFileSync(path.join(blog, `emoji-${i}.jsonl`), emojiSession(`emoji-${i}`, NOW - (9 - i) * DAY, NEW_CORRECTIONS[i % NEW_CORRECTIONS.length]));
    }
    app = await openBrowserApp({ configure: (o) => (o.homeDir = home) });
    page = app.page;
    // Ten weeks of history, already in the store: the recurring patterns of the built-in sample data.
    const history = await generateCorpus({ outDir: path.join(tmp.dir, 'history'), sessions: 60, seed: 21, weeks: 10, end: new Date(NOW - DAY) });
    expect((await importPaths(app.db, history)).sessionsAdded).toBe(60);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    tmp.cleanup();
  });

  it('offers the agent folder, dreams, badges the new pattern, and shows a lesson’s effect and votes', async () => {
    const shot = (name: string) => app.shot(`dream-${name}`);
    await page.goto(app.server.url);

    // First screen: the folder is offered, not watched until the click.
    const offer = page.getByText(/We found Claude Code sessions in/);
    await offer.waitFor();
    expect(await offer.textContent()).toContain('~/.claude/projects');
    expect(await typedCall(app.service, 'listWatched', {})).toEqual([]);
    await shot('1-offer');
    await page.getByRole('button', { name: 'Watch ~/.claude/projects' }).click();
    await page.getByText(/Watching ~\/\.claude\/projects/).waitFor();
    expect((await typedCall(app.service, 'listWatched', {})).map((w) => w.path)).toEqual([watchedDir]);
    await page.getByRole('button', { name: /Dream now to import it/ }).click();

    // The Dreaming screen: the folder is listed and no longer offered.
    const screen = page.getByTestId('dreaming-screen');
    await screen.waitFor();
    const watched = page.getByTestId('watched-list');
    await expect.poll(() => watched.textContent()).toContain(watchedDir);
    expect(await page.getByTestId('watch-suggestions').count()).toBe(0);

    // Adding by path: a relative path is refused in words; a full one is listed, and can be removed.
    const folder = page.getByLabel('Folder to watch');
    await folder.fill('exports/chatgpt');
    await page.getByRole('button', { name: 'Watch folder' }).click();
    await expect.poll(() => screen.getByRole('alert').textContent()).toMatch(/full path/);
    // The browser logs the refused call's 400 itself; that one is expected, nothing else may fail.
    await expect.poll(() => app.pageErrors.filter((e) => /status of 400.*\/api\/addWatched/.test(e)).length).toBe(1);
    app.pageErrors.splice(app.pageErrors.findIndex((e) => /status of 400.*\/api\/addWatched/.test(e)), 1);
    const extra = path.join(tmp.dir, 'exports');
    mkdirSync(extra);
    await folder.fill(extra);
    await page.getByRole('button', { name: 'Watch folder' }).click();
    await expect.poll(() => watched.locator('li').count()).toBe(2);
    await page.getByRole('button', { name: `Stop watching ${extra}` }).click();
    await expect.poll(() => watched.locator('li').allTextContents()).toEqual([expect.stringContaining(watchedDir)]);

    // Dream now: the new sessions and the real transcript are imported, analysed, and the run is recorded.
    const runs = page.getByTestId('dream-runs');
    await page.getByRole('button', { name: 'Dream now', exact: true }).click();
    await runs.locator('tbody tr').first().waitFor({ timeout: 45_000 });
    const first = runs.locator('tbody tr').first();
    const cells = () => first.locator('td').allTextContents();
    // Files read, sessions new / grown: the eight new sessions and the real transcript's one session.
    await expect.poll(async () => (await cells())[3], { timeout: 45_000 }).toBe(`${NEW_SESSIONS + 1} / 0`);
    expect((await cells())[2]).toBe(`${NEW_SESSIONS + 1} of ${NEW_SESSIONS + 1}`);
    // How it analysed: the new moments joined the patterns of the first analysis, or all were re-clustered, with the reason.
    expect((await cells())[7]).toMatch(/^(analysed: \d+ joined patterns, \d+ waiting|re-clustered: \S.*)$/);
    expect(Number((await cells())[4])).toBeGreaterThan(NEW_SESSIONS);
    // The run's words, in the Dream card (the schedule card has its own status line).
    await expect.poll(() => screen.locator('[aria-labelledby=dream-heading] p.note').textContent()).toMatch(/9 new and 0 grown sessions/);
    await expect.poll(() => page.getByLabel('Store contents').textContent()).toContain(`${60 + NEW_SESSIONS + 1} sessions`);

    // What changed: the emoji correction is new (and growing), in its project only, and not before it happened.
    const changes = page.getByTestId('what-changed');
    const emojiItem = changes.getByTestId('trend-item').filter({ hasText: /emoji/ });
    await expect.poll(() => emojiItem.count()).toBe(1);
    expect(await emojiItem.locator('[data-testid=trend-badge]').allTextContents()).toContain('new');
    await shot('2-dreamed');
    await changes.getByLabel('Project').selectOption('/home/dev/code/shop-api');
    const shop = (await typedCall(app.service, 'listProjects', {})).find((p) => p.project === '/home/dev/code/shop-api')!;
    await expect.poll(() => changes.textContent()).toContain(`${shop.sessions} session${shop.sessions === 1 ? '' : 's'} (all stored) up to`);
    await expect.poll(() => emojiItem.count()).toBe(0);
    await changes.getByLabel('Project').selectOption('/home/dev/code/blog');
    await expect.poll(() => emojiItem.count()).toBe(1);
    await changes.getByLabel('Project').selectOption('');
    await changes.getByLabel('To', { exact: true }).fill(new Date(NOW - 20 * DAY).toISOString().slice(0, 10));
    await expect.poll(() => changes.textContent()).toContain(`up to ${new Date(NOW - 19 * DAY).toISOString().slice(0, 10)}`);
    expect(await emojiItem.count()).toBe(0);
    await changes.getByLabel('To', { exact: true }).fill('');

    // A second run reads nothing again.
    await page.getByRole('button', { name: 'Dream now', exact: true }).click();
    await expect.poll(() => runs.locator('tbody tr').count(), { timeout: 30_000 }).toBe(2);
    await expect.poll(() => first.locator('td').allTextContents()).toEqual(expect.arrayContaining(['0 / 0', expect.stringMatching(/nothing new to analyse/)]));

    // The sessions are there to read.
    await page.getByRole('button', { name: 'Sessions', exact: true }).click();
    await page.getByLabel('Search sessions').fill('emoji');
    await expect.poll(() => page.getByText(/^\d+ sessions?$/).textContent()).toBe(`${NEW_SESSIONS} sessions`);

    // Patterns: the new cluster carries its badges in the list.
    await page.getByRole('button', { name: 'Patterns', exact: true }).click();
    const flaggedItems = page.getByTestId('cluster-item').filter({ has: page.locator('[data-testid=trend-badge][data-flag=new]') });
    await expect.poll(() => flaggedItems.locator('.title').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/emoji/)]));
    expect(await page.getByTestId('cluster-list').getByText('↑ growing').count()).toBeGreaterThan(0);
    await shot('3-patterns');

    // Lessons: adopted just now, a lesson has too little data; adopted five weeks ago, it has a measured verdict.
    await page.getByRole('button', { name: 'Lessons', exact: true }).click();
    await page.getByRole('button', { name: 'Write offline drafts' }).click();
    const cards = page.getByTestId('lesson-card');
    await cards.first().waitFor({ timeout: 30_000 });
    const emojiCard = cards.filter({ has: page.locator('h3', { hasText: /emoji/i }) });
    expect(await emojiCard.count()).toBe(1);
    expect(await emojiCard.getByTestId('lesson-verdict').count()).toBe(0);
    await emojiCard.getByRole('button', { name: 'Adopt' }).click();
    await expect.poll(() => emojiCard.getByTestId('lesson-verdict').textContent()).toMatch(/^Too little data\./);

    const older = listLessons(app.db).find((l) => /pnpm/.test(l.title) && l.kind === 'correction')!;
    adoptLesson(app.db, older.id, new Date(NOW - 35 * DAY).toISOString());
    const effect = (await typedCall(app.service, 'lessonEffects', {})).find((e) => e.lessonId === older.id)!;
    await page.getByRole('button', { name: 'Dreaming', exact: true }).click();
    await page.getByRole('button', { name: 'Lessons', exact: true }).click();
    const olderCard = cards.filter({ has: page.locator('h3', { hasText: older.title }) });
    const verdict = olderCard.getByTestId('lesson-verdict');
    await verdict.waitFor();
    expect(effect.verdict).not.toBe('too little data');
    expect(await verdict.getAttribute('data-verdict')).toBe(effect.verdict);
    const words = (await verdict.textContent())!;
    expect(words.startsWith(`${effect.verdict.charAt(0).toUpperCase()}${effect.verdict.slice(1)}.`)).toBe(true);
    expect(words).toContain(`before ${effect.before.rate!.toFixed(2)} per session (${effect.before.moments} in ${effect.before.sessions} sessions)`);
    expect(words).toContain(`after ${effect.after.rate!.toFixed(2)} per session`);
    expect(words).toMatch(/Over 35 days either side/);

    // Helpful / harmful: each press counts one, by mouse or keyboard.
    const helpful = olderCard.getByTestId('lesson-helpful');
    const harmful = olderCard.getByTestId('lesson-harmful');
    expect(await helpful.locator('.count').textContent()).toBe('0');
    await helpful.click();
    await expect.poll(() => helpful.locator('.count').textContent()).toBe('1');
    await harmful.click();
    await expect.poll(() => harmful.locator('.count').textContent()).toBe('1');
    await helpful.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => helpful.locator('.count').textContent()).toBe('2');
    expect(await helpful.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
    expect(getLesson(app.db, older.id)).toMatchObject({ helpful: 2, harmful: 1 });
    await shot('4-lessons');
    await olderCard.screenshot({ path: path.join(ARTIFACTS, 'e2e-dream-4-lesson-card.png') });

    // Dark theme: the Dreaming screen's badges and table follow it.
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByRole('button', { name: 'Dreaming', exact: true }).click();
    await page.getByTestId('what-changed').getByTestId('trend-item').first().waitFor();
    const badge = page.getByTestId('what-changed').locator('[data-testid=trend-badge]').first();
    const [fg, bg] = await badge.evaluate((el) => [getComputedStyle(el).color, getComputedStyle(document.body).backgroundColor]);
    expect(fg).not.toBe(bg);
    await shot('5-dark');

    expect(app.pageErrors.join('\n')).toBe('');
  }, 150_000);
});
