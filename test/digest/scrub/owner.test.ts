import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readAccountFile } from '../../../electron/engine/import/account-files.js';
import { createScrubber } from '../../../electron/engine/digest/scrub/index.js';
import { haveShared, sample } from '../../helpers/samples.js';

/** A scrubber knowing only the owner (no NLP, no machine user): what it replaces, the owner rules did. */
const owner = (o: Parameters<typeof createScrubber>[0]) => createScrubber({ nlpPeople: false, ...o });

describe('owner identities in the scrubber', () => {
  it('replaces the full name in any case and spacing, with or without accents, and its capitalised parts', async () => {
    const s = owner({ owner: { names: ['Zoë Okonkwo-Lindqvist'] } });
    const out = await s.scrubAll([
      'Signed: Zoë Okonkwo-Lindqvist. Also ZOË OKONKWO-LINDQVIST and zoe  okonkwo-lindqvist.',
      'Thanks Zoë, and Zoe too. Okonkwo-Lindqvist approved it.',
    ]);
    expect(out[0]).toBe('Signed: <PERSON_1>. Also <PERSON_1> and <PERSON_1>.');
    expect(out[1]).toBe('Thanks <PERSON_1>, and <PERSON_1> too. <PERSON_1> approved it.');
  });

  it('leaves a name part in lower case, and parts shorter than three letters or particles, alone', async () => {
    const s = owner({ owner: { names: ['Al de Castellane'] } });
    expect(await s.scrub('Al said the de facto castellane() helper moved; Castellane disagreed.')).toBe(
      'Al said the de facto castellane() helper moved; <PERSON_1> disagreed.',
    );
  });

  it('keeps "will" and "grant" as words and code when the owner is called Will Grant', async () => {
    const s = owner({ owner: { names: ['Will Grant'] } });
    const text = [
      'Will this work? Grant access to the bucket first; you will grant it later.',
      'I asked Will and he said Grant.create() and new Will() are fine: MAX_WILL, willGrant(), grant_type=will.',
      '- Grant read access',
      'Reviewed by Will Grant (WILL GRANT).',
    ].join('\n');
    expect(await s.scrub(text)).toBe(
      [
        'Will this work? Grant access to the bucket first; you will grant it later.',
        'I asked <PERSON_1> and he said Grant.create() and new Will() are fine: MAX_WILL, willGrant(), grant_type=will.',
        '- Grant read access',
        'Reviewed by <PERSON_1> (<PERSON_1>).',
      ].join('\n'),
    );
  });

  it('treats a part the text also uses in lower case as a word, but a distinctive one as a name everywhere', async () => {
    // "Bramble" is in no word list: only this text's own "bramble" makes it a word here.
    const s = owner({ owner: { names: ['Bramble Ravensworth'] } });
    expect(await s.scrub('Bramble tests use the bramble runner. Ravensworth said: thanks Bramble.')).toBe(
      'Bramble tests use the bramble runner. <PERSON_1> said: thanks <PERSON_1>.',
    );
    expect(await s.scrub('Bramble said the build passed.')).toBe('<PERSON_1> said the build passed.');
  });

  it('replaces the e-mail (also URL-encoded) and its local part, and the phone however it is written', async () => {
    const s = owner({ owner: { emails: ['Qx.Brandt77@Kestrelmail.net'], phones: ['+44 7700 900123'] } });
    const out = await s.scrub(
      'mail qx.brandt77@kestrelmail.net or qx.brandt77%40kestrelmail.net; repo github.com/qx.brandt77/x. ' +
        'Call +447700900123, 07700-900-123 or (07700) 900 123; build 1770090012345 stays.',
    );
    expect(out).toBe(
      'mail <EMAIL_1> or <EMAIL_1>; repo github.com/<USER_1>/x. Call <PHONE_1>, <PHONE_1> or <PHONE_1>; build 1770090012345 stays.',
    );
  });

  it('takes handles as account names, but not the local part of a reserved example address', async () => {
    const s = owner({ owner: { names: ['test_user_1'], emails: ['redacted@example.invalid'] } });
    expect(await s.scrub('ping test_user_1 or TEST_USER_1; the redacted value; redacted@example.invalid')).toBe(
      'ping <USER_1> or <USER_1>; the redacted value; <EMAIL_1>',
    );
  });

  it('learns user names from the stored sessions folders, but not ordinary words or container folders', async () => {
    const s = owner({ knownPaths: ['/Users/qzwelch/code/app', '/home/will/x', '/home/workspace/y', 'C:\\Users\\Brandt Q\\repo'] });
    expect(await s.scrub('qzwelch pushed; you will see the workspace; ask Brandt Q')).toBe('<USER_1> pushed; you will see the workspace; ask <USER_2>');
  });
});

describe.runIf(haveShared())('account files of the real exports', () => {
  it('reads users.json of a Claude.ai export, and none of its other files', () => {
    const read = (f: string) => readAccountFile(readFileSync(sample('claude-ai-export', f), 'utf8'));
    expect(read('yaleman_users.json')).toEqual([
      { kind: 'username', value: 'test_user_1' },
      { kind: 'email', value: 'test_user_1@example.com' },
      { kind: 'phone', value: '+61400400400' },
    ]);
    for (const f of ['yaleman_projects.json', 'yaleman_memories.json', 'yaleman_conversations.json', 'osteele_claude-bakery-chat.json']) {
      expect(read(f), f).toBeNull();
    }
  });
});
