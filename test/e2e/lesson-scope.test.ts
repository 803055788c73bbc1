import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium, openBrowserApp, type BrowserApp } from '../helpers/browser.js';
import { tempDir } from '../helpers/fixtures.js';
import { seedScopedStore, writeProjects, type ScopedProjects } from '../helpers/scoped-projects.js';

/*
 * Lessons where they belong, in the real UI (browser mode): each card says its scope, the rule
 * already written that says the same, that the agent does not follow it, and what the pattern
 * cost; the hook that would enforce the rule is shown first and written only on the click.
 */

describe.runIf(haveChromium())('lesson scope, rules already written and enforcement, end to end', () => {
  const tmp = tempDir('reverie-e2e-scope-');
  let app: BrowserApp;
  let page: Page;
  let p: ScopedProjects;

  beforeAll(async () => {
    const onDisk = writeProjects(tmp.dir);
    app = await openBrowserApp({ configure: (o) => (o.homeDir = onDisk.home) });
    p = { ...onDisk, ...seedScopedStore(app.db, onDisk) };
    page = app.page;
    await page.goto(app.server.url);
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    tmp.cleanup();
  });

  const card = (title: string) => page.getByTestId('lesson-card').filter({ has: page.getByRole('heading', { name: title }) });

  it('shows scope, the rule written but not followed, the cost, and installs the blocking hook on a click', async () => {
    await page.getByRole('button', { name: 'Lessons', exact: true }).click();
    const pnpm = card('Use pnpm');
    await pnpm.getByTestId('lesson-not-followed').waitFor({ timeout: 60_000 });
    expect(await pnpm.getByTestId('lesson-scope').textContent()).toBe('project shop');
    expect(await pnpm.getByTestId('lesson-existing').textContent()).toContain('CLAUDE.md:5');
    expect(await pnpm.getByTestId('lesson-not-followed').textContent()).toContain('4 times in 4 sessions since, last 2026-09-20');
    expect(await pnpm.getByTestId('lesson-cost').textContent()).toMatch(/Cost so far: 63\.3k tokens, \$0\.\d\d over 10 agent turns \(claude-sonnet-4-5\)/);
    expect(await card('Read the error first').getByTestId('lesson-scope').textContent()).toBe('all projects');
    expect(await card('Released migrations').getByTestId('lesson-existing').count()).toBe(0);
    await app.shot('lesson-scope');
    await page.emulateMedia({ colorScheme: 'dark' });
    await app.shot('lesson-scope-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    const settings = path.join(p.shop, '.claude', 'settings.json');
    await pnpm.getByTestId('enforce-show').click();
    const preview = pnpm.getByTestId('enforce-preview');
    await preview.waitFor();
    const shown = (await preview.locator('pre').textContent())!;
    expect(JSON.parse(shown).hooks.PreToolUse[0].hooks[0].command).toMatch(/hook pre-tool-use --block 'npm run' --reason/);
    expect(existsSync(settings)).toBe(false);
    await app.shot('lesson-enforce-preview');

    await pnpm.getByTestId('enforce-install').click();
    await pnpm.getByTestId('lesson-enforced').waitFor();
    expect(readFileSync(settings, 'utf8')).toBe(shown);
    expect(await pnpm.getByTestId('enforce-show').count()).toBe(0);
    await app.shot('lesson-enforced');
    expect(app.pageErrors).toEqual([]);
  }, 240_000);
});
