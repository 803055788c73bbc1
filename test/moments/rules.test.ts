import { describe, expect, it } from 'vitest';
import type { MomentKind } from '../../shared/types.js';
import { extractDrafts, type MomentDraft } from '../../electron/engine/moments/rules.js';
import { agent, call, result, session, user, type Turn } from './session.js';

/** Kinds found per message position. */
function kinds(turns: Turn[]): Record<number, MomentKind[]> {
  const out: Record<number, MomentKind[]> = {};
  for (const d of extractDrafts(session(turns))) (out[d.messageId - 100] ??= []).push(d.kind);
  for (const k of Object.keys(out)) out[Number(k)].sort();
  return out;
}

function draft(turns: Turn[], seq: number, kind: MomentKind): MomentDraft | undefined {
  return extractDrafts(session(turns)).find((d) => d.messageId === 100 + seq && d.kind === kind);
}

const opened = [user('Add a CSV export to the reports page'), agent('I added an export button that writes reports.csv.')];

describe('who counts as the person', () => {
  it('ignores sub-agent prompts, injected system text and edited-away branches', () => {
    expect(
      kinds([
        ...opened,
        user("Analyse the project structure. Don't touch anything, never push.", { sidechain: true }),
        { role: 'system', text: 'Always use pnpm. Never run npm.' },
        user("No, that's wrong, always use tabs", { offThread: true }),
      ]),
    ).toEqual({ 0: ['task'] });
  });

  it('ignores a CLI confirmation prompt echoed into the user line', () => {
    expect(kinds([...opened, user("Add file to the chat? (Y)es/(N)o/(A)ll [Yes]: no, don't")])).toEqual({ 0: ['task'] });
  });
});

describe('task', () => {
  it('is the first message that says what the session is about, after greetings and bare commands', () => {
    const turns = [user('hey there!'), agent('Hello! How can I help?'), user('/clear'), user('Fix the flaky login test in auth.spec.ts')];
    expect(kinds(turns)).toEqual({ 3: ['task'] });
    expect(draft(turns, 3, 'task')).toMatchObject({ text: 'Fix the flaky login test in auth.spec.ts', context: null });
  });

  it('keeps a slash command with arguments as the request', () => {
    expect(kinds([user('/review check the payment module for race conditions')])).toEqual({ 0: ['task'] });
  });

  it('is a later message that restarts explicitly', () => {
    expect(kinds([...opened, user('Next task: write a migration that adds an index on users.email')])).toEqual({
      0: ['task'],
      2: ['task'],
    });
  });

  it('is a later request on a subject the exchange did not touch', () => {
    expect(kinds([...opened, user('Can you write a short poem about autumn leaves falling in the rain?')])).toEqual({
      0: ['task'],
      2: ['task'],
    });
  });

  it('is not an acknowledgement, a follow-up on the same subject, or a request pointing back at the output', () => {
    expect(
      kinds([
        ...opened,
        user('ok continue'),
        agent('Done.'),
        user('Can the reports export also include the totals row?'),
        agent('Added the totals row to the CSV.'),
        user('Make it bold in the header please'),
      ]),
    ).toEqual({ 0: ['task'] });
  });

  it('skips opening thanks to find the request, and a request pointing back stays a follow-up', () => {
    expect(kinds([...opened, user('Thank you, that was great. Could you draft an agenda for the Friday review meeting?')])).toEqual({
      0: ['task'],
      2: ['task'],
    });
    expect(kinds([...opened, user('Thank you, that was great. Could you draft this again for the Friday review meeting?')])).toEqual({
      0: ['task'],
    });
    expect(kinds([...opened, user('Can you suggest a few more names for her?')])).toEqual({ 0: ['task'] });
  });

  it('judges new words against the whole session, so going back to earlier work is no new subject', () => {
    const turns = [
      ...opened,
      user('Can you write a short poem about autumn leaves falling in the rain?'),
      agent('Leaves drift down in the autumn rain...'),
      user('Could you add a totals row to the reports export?'),
    ];
    expect(kinds(turns)).toEqual({ 0: ['task'], 2: ['task'] });
  });

  it('is never a request to go on with the same answer', () => {
    expect(kinds([...opened, user('Thanks! Can you carry on?')])).toEqual({ 0: ['task'] });
  });

  it('is a new brief spelled out over several lines, even on files the session knows', () => {
    const brief = 'Implement the PDF variant of the reports export in src/reports/export.ts:\n- one page per report\n- totals row at the end\n- same file name as the CSV';
    expect(kinds([...opened, user(brief)])).toEqual({ 0: ['task'], 2: ['task'] });
  });

  it('is the person starting on something of their own in new words', () => {
    expect(kinds([...opened, user('I would like to create a podcast about gardening. Any tips?')])).toEqual({ 0: ['task'], 2: ['task'] });
    // The same opener about the work at hand is a follow-up.
    expect(kinds([...opened, user('I would like to add a reports export button to the page')])).toEqual({ 0: ['task'] });
  });

  it('is the next step of a plan announced with "now implement ..."', () => {
    expect(kinds([...opened, user('Now implement the PDF export for the reports page')])).toEqual({ 0: ['task'], 2: ['task'] });
  });

  it('is a request after a long pause (a new sitting), even on nearby words', () => {
    const turns: Turn[] = [
      user('Add a CSV export to the reports page', { timestamp: '2026-01-01T09:00:00Z' }),
      agent('Added the export button for reports.', []),
      user('Can you add a PDF export to the reports page too?', { timestamp: '2026-01-02T09:00:00Z' }),
    ];
    turns[1].timestamp = '2026-01-01T09:01:00Z';
    expect(kinds(turns)).toEqual({ 0: ['task'], 2: ['task'] });
    turns[2].timestamp = '2026-01-01T09:05:00Z';
    expect(kinds(turns)).toEqual({ 0: ['task'] });
  });
});

describe('correction', () => {
  const cases: [string, boolean][] = [
    ['No, I meant the staging database', true],
    ['nope', true],
    ['Stop. Revert the last change', true],
    ['Hold off on running the migration', true],
    ['I said to use the v2 endpoint', true],
    ['i never said to rewrite that file', true],
    ['You forgot to update the tests', true],
    ["You're not simplifying them. Fewer words", true],
    ['That is completely wrong', true],
    ['it doesnt show the new column', true],
    ['Still failing with the same error', true],
    ['No rows are loading in the table now', true],
    ["Why doesn't the save button appear?", true],
    ["It's supposed to be addressed to the employee", true],
    ['That was too long for the form', true],
    ["please don't touch the config files", true],
    ['No thanks, that is all for today', false],
    ["I don't know which one I prefer", false],
    ['Thanks! Can you also add a footer?', false],
    ['Great, what about the mobile layout?', false],
    ["I can't find the Advanced tab under Settings", true],
    ["It won't let me paste the code there", true],
    ["It's a bit cheesy. Any other suggestions?", true],
    ["This is great, however it isn't child friendly", true],
    ['Sounds great but I want something more out of the box', true],
    ['the number is still small', true],
    ["I just noticed you've not included the revised section", true],
    ['Its not working', true],
    ["I don't see why we need stats for the team", false],
    ['How do I not show some pages in the menu?', false],
    ['Can you please write it again for a mother and daughter born on the same day', false],
    ['I said to myself that I would finish it today', false],
    ["Don't write any code yet, just the folders", false],
    ["Great, but can you also add a footer?", false],
    ['Here is their reply: "I am sorry to hear that you have not been able to build funds for the winter" - how do I answer?', false],
  ];
  it.each(cases)('%s -> %s', (text, expected) => {
    expect(kinds([...opened, user(text)])[2]?.includes('correction') ?? false).toBe(expected);
  });

  it('reads an error pasted back after the agent changed something, but not in the first message', () => {
    const trace = "TypeError: Cannot read properties of undefined (reading 'map')\n    at List (List.tsx:12:5)";
    expect(kinds([...opened, user(trace)])[2]).toEqual(['correction']);
    expect(kinds([user(trace)])).toEqual({ 0: ['task'] });
  });

  it('takes the same request sent again as a correction', () => {
    const ask = 'test-logs/build-error.txt has the build log, fix it';
    expect(kinds([user(ask), agent('Fixed the build by moving the server file.'), user(ask)])).toEqual({
      0: ['task'],
      2: ['correction'],
    });
  });

  it('turns an interrupt marker into a correction naming what the agent was doing', () => {
    const turns = [...opened, agent('', [call('Bash', { command: 'rm -rf dist && npm run build' })]), user('[Request interrupted by user for tool use]')];
    expect(kinds(turns)[3]).toEqual(['correction']);
    expect(draft(turns, 3, 'correction')!.text).toBe('Interrupted: Bash rm -rf dist && npm run build');
  });

  it('turns a rejected tool call into a correction, not a failure', () => {
    const turns = [
      ...opened,
      agent('Let me edit the file.', [call('Edit', { file_path: 'src/app.ts', old_string: 'a', new_string: 'b' })]),
      result(
        "The user doesn't want to proceed with this tool use. The tool use was rejected (eg. if it was a file edit, the new_string was NOT written to the file).",
        true,
      ),
    ];
    expect(kinds(turns)[3]).toEqual(['correction']);
    expect(draft(turns, 3, 'correction')).toMatchObject({ text: 'Rejected Edit src/app.ts', context: 'Let me edit the file. | Edit src/app.ts' });
  });

  it('keeps the excerpt of a long message around the correction', () => {
    const long = `${'The report page renders the summary cards and the chart. '.repeat(12)}But you forgot to add the export button entirely.`;
    const d = draft([...opened, user(long)], 2, 'correction')!;
    expect(d.text.length).toBeLessThanOrEqual(400);
    expect(d.text).toContain('you forgot to add the export button');
    expect(d.context).toContain('I added an export button');
  });
});

describe('preference', () => {
  const cases: [string, boolean][] = [
    ['From now on, run the linter before every commit', true],
    ['Always use pnpm for installs', true],
    ['We use pnpm, not npm', true],
    ['Never push to main without asking me first', true],
    ['Keep it simple and short', true],
    ['Use date-fns instead of moment in this repo', true],
    ['Do not touch any files in the legacy folder', true],
    ['Explain each command before you execute it', true],
    ['Can you auto accept all changes for the rest of this session?', true],
    ["I don't want to use the company's name in the posts, for privacy", true],
    ['Fix the chart so that it does not use Chart.js or any external library', true],
    ['I always forget where the config lives', false],
    ["Don't write any code yet, just plan", false],
    ['Why do we use Redux here?', false],
    ['so we do not overwrite any production data', false],
    ['Going forward, always add a changelog entry', true],
    ['Could you include the disclaimer next time you write a draft?', true],
    ['The replies should not be too long', true],
    ["I'd like the book not to be too daunting for the reader", true],
    ['Going forward I will review the pull requests myself', false],
    ['We will come back to this in the future', false],
    ['I want this book to be about prompts', false],
    ['Sit in a circle; you might discover new things every time you play!', false],
    ["I'd rather burn out than fade away", false],
    ['Please tidy this e-mail: "Hi Jo, all invoices need a purchase order going forward please, thanks"', false],
  ];
  it.each(cases)('%s -> %s', (text, expected) => {
    expect(kinds([...opened, user(text)])[2]?.includes('preference') ?? false).toBe(expected);
  });

  it('stated inside a correction, is the correction (one kind), whose text carries the rule', () => {
    expect(kinds([...opened, user("No, don't use axios here, use fetch instead of axios")])[2]).toEqual(['correction']);
  });

  it('a prohibition naming what the agent just did is a correction; one that names nothing it did, a preference', () => {
    const ran = agent('Installing.', [call('Bash', { command: 'npm install' })]);
    expect(kinds([opened[0], ran, user("Don't use npm in this repo, it's pnpm. Redo the install with pnpm.")])[2]).toEqual(['correction']);
    expect(kinds([...opened, user('Never push to main without asking me first')])[2]).toEqual(['preference']);
  });

  it('in a sentence of its own beside a correction, is a second moment', () => {
    expect(kinds([...opened, user('No, that is wrong. From now on, always use fetch instead of axios.')])[2]).toEqual(['correction', 'preference']);
  });
});

describe('failure', () => {
  const ran = (name: string, input: unknown) => agent('Running it.', [call(name, input)]);

  it('writes a flagged failure as tool, command and first error lines, without terminal escapes', () => {
    const turns = [
      ...opened,
      ran('Bash', { command: 'npm test -- reports' }),
      result('\u001b[31mFAIL\u001b[39m src/reports.test.ts\n  ● export › writes totals\n    AssertionError: expected 3 to be 4\n', true),
    ];
    const d = draft(turns, 3, 'failure')!;
    expect(d.text).toBe('Bash: npm test -- reports → AssertionError: expected 3 to be 4 | FAIL src/reports.test.ts');
    expect(d.context).toBe('Running it. | Bash npm test -- reports');
  });

  it('notes a non-zero exit code and drops tool wrappers', () => {
    const turns = [
      ...opened,
      ran('execute_command', { command: 'terraform plan' }),
      result('Command failed with exit code 1.\nOutput:\nError: No value for required variable', true),
    ];
    expect(draft(turns, 3, 'failure')!.text).toBe('execute_command: terraform plan → exit 1: Error: No value for required variable');
  });

  it('does not count a search that found nothing', () => {
    expect(kinds([...opened, ran('shell', { command: ['bash', '-lc', 'rg "TODO" src'] }), result('', true)])[3]).toBeUndefined();
    expect(kinds([...opened, ran('execute_command', { command: 'netstat -ano | findstr "5432"' }), result('Command failed with exit code 1.', true)])[3]).toBeUndefined();
    // A search that failed for another reason is a failure.
    expect(kinds([...opened, ran('shell', { command: 'rg "a\\nb" src' }), result('rg: the literal "\\n" is not allowed in a regex', true)])[3]).toEqual(['failure']);
  });

  it('finds failures the log did not flag from the first lines only', () => {
    const traceback = 'Traceback (most recent call last):\n  File "x.py", line 3, in <module>\nValueError: bad value';
    expect(draft([...opened, ran('python', 'import x'), result(traceback)], 3, 'failure')!.text).toContain('ValueError: bad value');
    expect(kinds([...opened, ran('fetch', { url: 'https://x.test' }), result('Internal Server Error')])[3]).toEqual(['failure']);
    const json = JSON.stringify({ detail: 'Something went wrong accessing document. File may be private' });
    expect(draft([...opened, ran('access_pdf', { url: 'https://docs.test/d/1' }), result(json)], 3, 'failure')!.text).toBe(
      'access_pdf: https://docs.test/d/1 → Something went wrong accessing document. File may be private',
    );
    // A file that was read fine, with the word "error" further down, is not a failure.
    const source = ['import x from "y";', 'export function f() {', '  return 1;', '}', 'throw new Error("unreachable");'].join('\n');
    expect(kinds([...opened, ran('Read', { file_path: 'src/f.ts' }), result(source)])[3]).toBeUndefined();
    expect(kinds([...opened, ran('execute_command', { command: 'npm install' }), result('Command executed successfully (exit code 0). Output: added 3 packages')])[3]).toBeUndefined();
  });

  it('gives one failure per message and also counts failures of sub-agents', () => {
    const turns: Turn[] = [
      ...opened,
      agent('', [call('Read', { file_path: 'a.ts' }, 'a'), call('Read', { file_path: 'b.ts' }, 'b')]),
      { role: 'tool', results: [{ callId: 'a', output: 'File does not exist.', isError: true }, { callId: 'b', output: 'File does not exist.', isError: true }] },
      { role: 'assistant', text: '', calls: [call('Bash', { command: 'ls missing' }, 's')], sidechain: true },
      { role: 'tool', results: [{ callId: 's', output: 'ls: missing: No such file or directory', isError: true }], sidechain: true },
    ];
    expect(kinds(turns)).toEqual({ 0: ['task'], 3: ['failure'], 5: ['failure'] });
    expect(draft(turns, 3, 'failure')!.text).toBe('Read: a.ts → File does not exist.');
  });

  it('summarises a patch call by the file it changes', () => {
    const patch = "apply_patch <<'PATCH'\n*** Begin Patch\n*** Update File: src/App.tsx\n@@\n-a\n+b\n*** End Patch\nPATCH";
    const turns = [...opened, ran('shell', { command: ['bash', '-lc', patch] }), result('error: Failed to find expected lines ["a"] in src/App.tsx', true)];
    expect(draft(turns, 3, 'failure')!.text).toBe(
      "shell: apply_patch <<'PATCH' *** Update File: src/App.tsx → error: Failed to find expected lines [\"a\"] in src/App.tsx",
    );
  });
});

describe('moment texts', () => {
  it('are one line and at most 400 characters', () => {
    const huge = `Please build the importer. ${'It must read every row and column carefully. '.repeat(40)}`;
    const turns = [user(huge), agent('', [call('Bash', { command: 'make' })]), result(`${'x'.repeat(900)}\nerror: ${'y'.repeat(900)}`, true)];
    for (const d of extractDrafts(session(turns))) {
      expect(d.text.length).toBeLessThanOrEqual(400);
      expect(d.text).not.toMatch(/\n/);
      expect((d.context ?? '').length).toBeLessThanOrEqual(400);
    }
  });
});
