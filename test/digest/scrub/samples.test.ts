import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createScrubber } from '../../../electron/engine/digest/scrub/index.js';
import { importPaths } from '../../../electron/engine/import/run-import.js';
import { openStore } from '../../../electron/engine/store/db.js';
import { getSession, listSessions } from '../../../electron/engine/store/sessions.js';
import { haveShared, sample } from '../../helpers/samples.js';

/** Every text of the imported sessions, as later steps see them: messages, tool inputs, tool outputs. */
async function messageTexts(file: string): Promise<string[]> {
  const db = openStore(':memory:');
  try {
    await importPaths(db, [file]);
    const texts: string[] = [];
    for (const s of listSessions(db, { limit: 1000 })) {
      for (const m of getSession(db, s.id)!.messages) {
        texts.push(m.text, ...m.toolCalls.map((c) => c.input), ...m.toolResults.map((r) => r.output));
      }
    }
    return texts.filter(Boolean);
  } finally {
    db.close();
  }
}

/*
 * The real samples still hold their authors' names, home folders and e-mails (see
 * ../shared/samples/README.md). Found by grep: `/Users/jnarowski/` (Claude Code and Codex),
 * `C:\Users\mike.mccully` and two of his addresses plus a development database password (Cline),
 * `/Users/BHAGARO1/` (Copilot), `/Users/edobry/` (SpecStory), `/Users/aleksandr/` (Aider).
 */
describe.runIf(haveShared())('scrubbing real transcripts', () => {
  it('removes the author of a Claude Code session from paths and everywhere else, and keeps the code', async () => {
    const texts = await messageTexts(sample('claude-code', 'agentcmd_full-session.jsonl'));
    const joined = texts.join('\n');
    expect(joined).toContain('/Users/jnarowski/');
    const scrubber = createScrubber();
    const out = (await scrubber.scrubAll(texts)).join('\n');
    expect(out.toLowerCase()).not.toContain('jnarowski');
    expect(out).toContain('/Users/<USER_1>/');
    // This session holds no other personal data: all that changed is the user name and a
    // non-public host, and the code around them comes through.
    const legend = scrubber.legend();
    expect(legend.filter((e) => e.type === 'USER').map((e) => e.value.toLowerCase())).toEqual(['jnarowski']);
    expect(legend.filter((e) => e.type !== 'USER' && e.type !== 'HOST')).toEqual([]);
    expect(out.length / joined.length).toBeGreaterThan(0.97);
  });

  it('removes e-mails, the Windows user name and database passwords from a Cline history', async () => {
    const raw = readFileSync(sample('cline-roo', 'mra_api_conversation_history.json'), 'utf8');
    // The passwords are read from the sample, not written here: in database URLs and in a
    // `gcloud sql users set-password --password=\\\"...\\\"` command (JSON inside JSON).
    const passwords = new Set([...raw.matchAll(/postgresql:\/\/app_user:([^@]+)@/g)].map((m) => m[1]));
    passwords.add(/--password=\\+"([^\\"]+)/.exec(raw)![1]);
    expect(passwords.size).toBeGreaterThanOrEqual(2);
    for (const s of ['mike.mccully@noaa.gov', 'mccully.mike@gmail.com', 'C:\\\\Users\\\\mike.mccully']) expect(raw).toContain(s);
    const out = await createScrubber().scrub(raw);
    for (const s of ['mike.mccully', 'mccully.mike', ...passwords]) expect(out, s).not.toContain(s);
    // The service account e-mails name the project and go too; code keeps its shape.
    expect(out).not.toContain('iam.gserviceaccount.com');
    expect(out).toContain('z.ZodOptional<z.ZodString>');
  });

  it('keeps raw JSON exports valid JSON (placeholders never split an escape)', async () => {
    const jsonl = readFileSync(sample('codex', 'rollout-2025-09-24T19-22-20-01997e76.jsonl'), 'utf8');
    const lines = (await createScrubber().scrub(jsonl)).split('\n').filter((l) => l.trim());
    for (const l of lines) expect(() => JSON.parse(l)).not.toThrow();
    const json = await createScrubber().scrub(readFileSync(sample('cline-roo', 'mra_api_conversation_history.json'), 'utf8'));
    expect(() => JSON.parse(json)).not.toThrow();
  });

  it.each([
    ['copilot-chat', 'bunty1981_copilot-chat.json', 'BHAGARO1'],
    ['markdown-transcripts', 'specstory_minsky_2025-04-29_20-13.md', 'edobry'],
    ['aider', 'mozgoslav_.aider.chat.history.md', 'aleksandr'],
    ['aider', 'metadata-aider_.aider.chat.history.md', 'abdulalkawasmeh'],
    ['codex', 'rollout-2025-09-24T20-12-23-01997ea4.jsonl', 'jnarowski'],
  ])('removes the home-folder user name from %s/%s', async (dir, file, user) => {
    const raw = readFileSync(sample(dir, file), 'utf8');
    expect(raw).toContain(`/Users/${user}`);
    const out = await createScrubber().scrub(raw);
    expect(out.toLowerCase()).not.toContain(user.toLowerCase());
  });
});
