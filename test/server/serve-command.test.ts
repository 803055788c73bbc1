import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/fixtures.js';
import { REPO_DIR } from '../helpers/samples.js';

describe('reverie serve', () => {
  it('prints a loopback address with a fresh token, answers with it only, and stops cleanly on SIGINT', async () => {
    const data = tempDir();
    const child = spawn(process.execPath, [path.join(REPO_DIR, 'bin', 'reverie.mjs'), '--data-dir', data.dir, 'serve', '--no-open'], {
      cwd: REPO_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          const m = /Reverie is running at (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,})/.exec(out);
          if (m) resolve(m[1]);
        });
        child.on('exit', (code) => reject(new Error(`exited ${code} before printing the address: ${out}`)));
      });
      const { origin, searchParams } = new URL(url);
      const token = searchParams.get('token')!;
      const call = (headers: Record<string, string>) =>
        fetch(`${origin}/api/status`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });
      expect((await call({})).status).toBe(401);
      const ok = await call({ 'x-reverie-token': token });
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as { result: { sessions: number } }).result.sessions).toBe(0);
      const code = await new Promise<number | null>((resolve) => {
        child.on('exit', resolve);
        child.kill('SIGINT');
      });
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      data.cleanup();
    }
  });
});
