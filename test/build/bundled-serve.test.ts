import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRendererDir } from '../../electron/engine/server/renderer-dir.js';
import { buildElectron } from '../../scripts/build-electron.mjs';
import { tempDir } from '../helpers/fixtures.js';
import { REPO_DIR } from '../helpers/samples.js';

/*
 * `reverie serve` from the production bundle (dist-electron/cli.js and its chunks) finds the
 * interface at <root>/dist/renderer beside dist-electron/, as the packaged app lays them out, not
 * at the sources' place. The bundle is built under test/artifacts so it finds the repo's node_modules.
 */

describe('the interface folder that `reverie serve` serves', () => {
  it('is the dist/renderer of the sources or of the bundle layout, with an index.html, and nowhere else', () => {
    const t = tempDir();
    try {
      const bundle = path.join(t.dir, 'app', 'dist-electron');
      const sources = path.join(t.dir, 'repo', 'electron', 'engine', 'server');
      mkdirSync(bundle, { recursive: true });
      mkdirSync(sources, { recursive: true });
      const bundleUi = path.join(t.dir, 'app', 'dist', 'renderer');
      const sourcesUi = path.join(t.dir, 'repo', 'dist', 'renderer');
      // None yet: the place of each layout, which the "not built yet" message names.
      expect(findRendererDir(bundle)).toBe(bundleUi);
      expect(findRendererDir(sources)).toBe(sourcesUi);
      // A folder without index.html is not a build; with one, each layout finds its own.
      mkdirSync(bundleUi, { recursive: true });
      mkdirSync(sourcesUi, { recursive: true });
      writeFileSync(path.join(sourcesUi, 'index.html'), '<!doctype html>');
      expect(findRendererDir(sources)).toBe(sourcesUi);
      expect(findRendererDir(bundle)).toBe(bundleUi);
      writeFileSync(path.join(bundleUi, 'index.html'), '<!doctype html>');
      expect(findRendererDir(bundle)).toBe(bundleUi);
      // Some other project's build further up is never served (the page gets the API's token).
      const otherUi = path.join(t.dir, 'other', 'dist', 'renderer');
      mkdirSync(otherUi, { recursive: true });
      writeFileSync(path.join(otherUi, 'index.html'), '<!doctype html>');
      const deeper = path.join(t.dir, 'other', 'a', 'b', 'c', 'd');
      mkdirSync(deeper, { recursive: true });
      expect(findRendererDir(deeper)).not.toBe(otherUi);
    } finally {
      t.cleanup();
    }
  });

  describe('from the production bundle', () => {
    const artifacts = path.join(REPO_DIR, 'test', 'artifacts');
    mkdirSync(artifacts, { recursive: true });
    const root = mkdtempSync(path.join(artifacts, 'serve-'));
    const marker = `bundle-ui-${path.basename(root)}`;
    beforeAll(async () => {
      await buildElectron({ outdir: path.join(root, 'dist-electron'), logLevel: 'error' });
      mkdirSync(path.join(root, 'dist', 'renderer'), { recursive: true });
      writeFileSync(path.join(root, 'dist', 'renderer', 'index.html'), `<!doctype html><title>${marker}</title>`);
    });
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    it('serves the interface built beside dist-electron', async () => {
      const data = tempDir();
      const env = { ...process.env };
      delete env.NODE_OPTIONS; // plain node, as the packaged files run
      const child = spawn(process.execPath, [path.join(root, 'dist-electron', 'cli.js'), '--data-dir', data.dir, 'serve', '--no-open'], {
        cwd: REPO_DIR,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      try {
        let out = '';
        let err = '';
        child.stderr.on('data', (c: Buffer) => (err += c.toString()));
        const url = await new Promise<string>((resolve, reject) => {
          child.stdout.on('data', (c: Buffer) => {
            out += c.toString();
            const m = /Reverie is running at (\S+)/.exec(out);
            if (m) resolve(m[1]);
          });
          child.on('exit', (code) => reject(new Error(`exited ${code}: ${out} ${err}`)));
        });
        expect(err).not.toMatch(/not built yet/);
        // The address sets the token cookie and redirects to the interface, as a browser follows it.
        const entry = await fetch(url, { redirect: 'manual' });
        expect(entry.status).toBe(302);
        const cookie = entry.headers.get('set-cookie')!.split(';')[0];
        const page = await fetch(new URL('/', url), { headers: { cookie } });
        expect(page.status).toBe(200);
        expect(await page.text()).toContain(marker);
      } finally {
        child.kill('SIGINT');
        await new Promise((r) => child.once('exit', r));
        data.cleanup();
      }
    }, 60_000);
  });
});
