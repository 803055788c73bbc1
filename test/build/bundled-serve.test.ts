import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRendererDir } from '../../electron/engine/server/serve-command.js';
import { buildElectron } from '../../scripts/build-electron.mjs';
import { tempDir } from '../helpers/fixtures.js';
import { REPO_DIR } from '../helpers/samples.js';

/*
 * `reverie serve` from the production bundle (dist-electron/cli.js and its chunks) finds the
 * interface at <root>/dist/renderer beside dist-electron/, as the packaged app lays them out, not
 * at the sources' place. The bundle is built under test/artifacts so it finds the repo's node_modules.
 */

describe('the interface folder that `reverie serve` serves', () => {
  it('is the nearest dist/renderer above the code, with an index.html', () => {
    const t = tempDir();
    try {
      const code = path.join(t.dir, 'app', 'dist-electron');
      mkdirSync(code, { recursive: true });
      // None yet: the checkout-relative place, which the "not built yet" message names.
      expect(findRendererDir(code)).toBe(path.resolve(code, '..', '..', '..', 'dist', 'renderer'));
      // A folder without index.html is not a build.
      mkdirSync(path.join(t.dir, 'app', 'dist', 'renderer'), { recursive: true });
      expect(findRendererDir(code)).not.toBe(path.join(t.dir, 'app', 'dist', 'renderer'));
      writeFileSync(path.join(t.dir, 'app', 'dist', 'renderer', 'index.html'), '<!doctype html>');
      expect(findRendererDir(code)).toBe(path.join(t.dir, 'app', 'dist', 'renderer'));
      expect(findRendererDir(path.join(code, 'deeper', 'still'))).toBe(path.join(t.dir, 'app', 'dist', 'renderer'));
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
