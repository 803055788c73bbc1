import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAgentStore } from '../helpers/agent-store.js';
import { haveChromium, openBrowserApp, TEST_MODEL, type BrowserApp } from '../helpers/browser.js';
import { tempDir } from '../helpers/fixtures.js';

/*
 * "Connect to your agent", end to end in the real UI: the exact settings.json change is shown
 * before anything is written, one click writes it into the (test) home folder, the hook it wrote
 * works as Claude Code would run it, and one click takes it out again. The MCP registration
 * commands are there to copy.
 */

describe.runIf(haveChromium())('connect to your agent, end to end', () => {
  const tmp = tempDir('reverie-e2e-connect-');
  const home = path.join(tmp.dir, 'home');
  const project = path.join(tmp.dir, 'shop-api');
  const settings = path.join(home, '.claude', 'settings.json');
  let app: BrowserApp;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(home, { recursive: true });
    mkdirSync(project, { recursive: true });
    app = await openBrowserApp({ configure: (o) => (o.homeDir = home) });
    seedAgentStore(app.db, { a: project, b: path.join(tmp.dir, 'ledger'), model: TEST_MODEL });
    page = app.page;
    await page.goto(app.server.url);
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    tmp.cleanup();
  });

  it('shows the change, writes it on a click, and the hook it wrote gives Claude the lessons of the project', async () => {
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    const preview = page.getByTestId('settings-after');
    await preview.waitFor();
    expect(await page.getByTestId('hooks-state').textContent()).toBe(`This is the change to ${settings} (a new file):`);
    const shown = (await preview.textContent())!;
    expect(JSON.parse(shown).hooks.SessionStart[0].hooks[0].command).toMatch(/--data-dir .* hook session-start$/);
    expect(existsSync(settings)).toBe(false);
    expect(await page.getByTestId('mcp-claude').textContent()).toMatch(/^claude mcp add --scope user reverie -- .*reverie\.mjs --data-dir .* mcp$/);
    expect(await page.getByTestId('mcp-codex').textContent()).toContain('[mcp_servers.reverie]');
    await app.shot('connect-before');
    await page.emulateMedia({ colorScheme: 'dark' });
    await app.shot('connect-before-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    await page.getByTestId('hooks-install').click();
    await page.getByTestId('hooks-uninstall').waitFor();
    // Exactly what was shown is what was written.
    expect(readFileSync(settings, 'utf8')).toBe(shown);
    expect(await page.getByTestId('hooks-state').textContent()).toBe(`Reverie's hooks are in ${settings}.`);

    const command = JSON.parse(readFileSync(settings, 'utf8')).hooks.SessionStart[0].hooks[0].command as string;
    const run = spawnSync('/bin/sh', ['-c', command], { input: JSON.stringify({ cwd: project, hook_event_name: 'SessionStart', source: 'startup' }), encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).hookSpecificOutput.additionalContext).toContain('Use pnpm');
    await app.shot('connect-installed');

    await page.getByTestId('hooks-uninstall').click();
    await page.getByTestId('hooks-install').waitFor();
    expect(JSON.parse(readFileSync(settings, 'utf8'))).toEqual({});
    expect(app.pageErrors).toEqual([]);
  });

  it('a project scope needs the project folder, and names a missing one', async () => {
    await page.getByLabel('For one project').check();
    await page.getByLabel('Project folder').fill(path.join(tmp.dir, 'nowhere'));
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain(`no folder ${path.join(tmp.dir, 'nowhere')}`);
    await page.getByLabel('Project folder').fill(project);
    await page.getByTestId('settings-after').waitFor();
    expect(await page.getByTestId('hooks-state').textContent()).toContain(path.join(project, '.claude', 'settings.json'));
  });
});
