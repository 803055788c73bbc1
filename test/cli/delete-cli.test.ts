import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reverie } from '../helpers/cli.js';
import { ccLine, tempDir, writeFile } from '../helpers/fixtures.js';

/* `reverie delete`: the plan first, nothing without consent, then one session, a project, a source, everything. */

const { dir, cleanup } = tempDir();
afterAll(cleanup);
const data = path.join(dir, 'data');
const cli = (...args: string[]) => reverie(['--data-dir', data, ...args]);

function transcript(name: string, session: string, cwd: string, words: string): string {
  return writeFile(dir, name, [
    ccLine('user', `${session}-u`, null, words, { sessionId: session, cwd }),
    ccLine('assistant', `${session}-a`, `${session}-u`, 'Done.', { sessionId: session, cwd }),
  ].join('\n'));
}

const sessions = () => (JSON.parse(cli('--json', 'sessions').stdout) as { id: number; title: string; project: string }[]);

describe('reverie delete', () => {
  it('shows what goes, refuses without consent, and deletes a session, a project, a source and everything', () => {
    const a = transcript('a.jsonl', 'sa', '/home/ana/alpha', 'Rename the ledger module');
    const b = transcript('b.jsonl', 'sb', '/home/ana/beta', 'Fix the beta build');
    const c = transcript('c.jsonl', 'sc', '/home/ana/beta', 'Bump the beta version');
    expect(cli('import', a, b, c).code).toBe(0);
    expect(sessions()).toHaveLength(3);
    const ledger = sessions().find((s) => s.title === 'Rename the ledger module')!;

    // No terminal and no --yes: the plan is printed, nothing is deleted.
    const asked = cli('delete', 'session', String(ledger.id));
    expect(asked.code).toBe(1);
    expect(asked.stderr).toContain(`Delete session ${ledger.id} “Rename the ledger module”?`);
    expect(asked.stderr).toMatch(/1 session\(s\)\n\s+2 message\(s\)/);
    expect(asked.stderr).toContain('Nothing was deleted');
    expect(sessions()).toHaveLength(3);
    expect(cli('--json', 'delete', 'session', String(ledger.id)).code).not.toBe(0);

    const done = cli('--json', 'delete', 'session', String(ledger.id), '--yes');
    expect(done.code).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({ sessions: 1, messages: 2, sources: 1 });
    expect(sessions().map((s) => s.title).sort()).toEqual(['Bump the beta version', 'Fix the beta build']);
    // Its import record went with it: the same file imports again.
    expect(cli('import', a).stdout).toMatch(/1 (new|added)|added 1|\+1/);
    expect(sessions()).toHaveLength(3);

    expect(JSON.parse(cli('--json', 'delete', 'project', '/home/ana/beta', '--yes').stdout)).toMatchObject({ sessions: 2 });
    expect(sessions().map((s) => s.title)).toEqual(['Rename the ledger module']);

    expect(cli('delete', 'session', '99999', '--yes').stderr).toMatch(/no session 99999/);
    expect(cli('delete', 'nonsense').code).not.toBe(0);

    const all = cli('delete', '--all', '--yes');
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/^Deleted all data: 1 session\(s\)/);
    expect(sessions()).toEqual([]);
  });
});
