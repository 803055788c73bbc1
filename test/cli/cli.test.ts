import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reverie } from '../helpers/cli.js';
import { ccLine, tempDir, writeFile } from '../helpers/fixtures.js';
import { haveShared, SAMPLES_DIR } from '../helpers/samples.js';

const { dir, cleanup } = tempDir();
afterAll(cleanup);
const data = path.join(dir, 'data');

describe('reverie CLI', () => {
  it('prints help with the global options and commands', () => {
    const r = reverie(['--help']);
    expect(r.code).toBe(0);
    for (const word of ['--data-dir', '--json', 'import', 'sessions', 'show', 'demo']) expect(r.stdout).toContain(word);
  });

  it('imports, lists, searches and shows sessions; exits non-zero when a file failed', () => {
    const logs = path.join(dir, 'logs');
    const good = writeFile(dir, 'good.jsonl', [
      ccLine('user', 'u1', null, 'please stop using npm, this repo uses pnpm'),
      ccLine('assistant', 'a1', 'u1', [{ type: 'tool_use', id: 't1', name: 'Bash', input: { command: 'pnpm test' } }]),
      ccLine('user', 'u2', 'a1', [{ type: 'tool_result', tool_use_id: 't1', content: 'ERR_PNPM_NO_SCRIPT', is_error: true }]),
    ].join('\n'));
    const bad = writeFile(dir, 'bad.jsonl', '{"parentUuid":null,"sessionId":"x","type":"user"\n');
    const r = reverie(['--data-dir', data, 'import', good, bad, path.join(logs, 'nope')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✓ .*good\.jsonl \[claude-code\] \+1 session \(3 messages\)/);
    expect(r.stderr).toMatch(/✗ .*bad\.jsonl: line 1: not valid JSON/);
    expect(r.stderr).toMatch(/✗ .*nope: no such file or folder/);
    expect(r.stdout).toMatch(/1 file read: 1 new session; 3 messages added\. 2 files failed\./);

    const again = reverie(['--data-dir', data, 'import', good]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already imported/);
    // Known by its bytes: said as a file, never as "0 already stored" beside it.
    expect(again.stdout).toMatch(/^1 file was imported before \(the same bytes\) and not read again\.$/m);
    expect(again.stdout).not.toMatch(/0 already stored|0 files read/);

    const listed = JSON.parse(reverie(['--data-dir', data, '--json', 'sessions']).stdout);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ format: 'claude-code', externalId: 'sess-1', messageCount: 3 });

    const found = reverie(['--data-dir', data, 'sessions', '--search', 'pnpm']);
    expect(found.stdout).toContain('[pnpm]');
    expect(reverie(['--data-dir', data, 'sessions', '--search', 'kubernetes']).stdout).toMatch(/No session mentions/);

    const shown = reverie(['--data-dir', data, 'show', String(listed[0].id)]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('→ Bash {"command":"pnpm test"}');
    expect(shown.stdout).toContain('✗ error (Bash): ERR_PNPM_NO_SCRIPT');
  });

  it('honours REVERIE_DATA_DIR and gives clear errors for bad arguments', () => {
    const envData = path.join(dir, 'env-data');
    const r = reverie(['sessions'], { REVERIE_DATA_DIR: envData });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/No sessions stored yet/);
    const missing = reverie(['show', '999'], { REVERIE_DATA_DIR: envData });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no session 999/);
    expect(reverie(['sessions', '--limit', 'lots'], { REVERIE_DATA_DIR: envData }).stderr).toMatch(/--limit must be/);
  });

  it('runs the demo on built-in sample data: import, analysis, local lessons, export preview', () => {
    const r = reverie(['--data-dir', path.join(dir, 'demo'), 'demo', '--sessions', '30']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/30 files read: 30 new sessions/);
    if (haveShared()) {
      // Without the default model (never on CI: no network) the demo uses the test model beside the checkout.
      expect(r.stdout).toMatch(/Analysing them on this machine with /);
      expect(r.stdout).toMatch(/\d+ moments, \d+ in clusters/);
      expect(r.stdout).toMatch(/Wrote \d+ local drafts?[.;]/);
      expect(r.stdout).toContain('<!-- reverie:start -->');
    }
  });

  it.runIf(haveShared())('imports every real sample folder in one command', () => {
    const r = reverie(['--data-dir', path.join(dir, 'samples'), '--json', 'import', SAMPLES_DIR]);
    const summary = JSON.parse(r.stdout);
    const failures = summary.files.filter((f: { error?: string }) => f.error);
    expect(failures).toEqual([]);
    expect(r.code).toBe(0);
    const formats = new Set(summary.files.map((f: { format: string }) => f.format));
    for (const f of ['claude-code', 'codex', 'chatgpt', 'claude-ai', 'gemini-cli', 'cline', 'aider', 'copilot-chat', 'sharegpt', 'openai-messages', 'anthropic-messages']) {
      expect(formats).toContain(f);
    }
  });
});
