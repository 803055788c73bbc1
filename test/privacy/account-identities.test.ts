import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildDigest, type DigestPolicy } from '../../electron/engine/digest/build-digest.js';
import { createScrubber } from '../../electron/engine/digest/scrub/index.js';
import { importPaths } from '../../electron/engine/import/run-import.js';
import { extractMoments } from '../../electron/engine/moments/extract.js';
import { replaceClusters } from '../../electron/engine/store/clusters.js';
import { openStore, type Db } from '../../electron/engine/store/db.js';
import { listIdentities } from '../../electron/engine/store/identities.js';
import { reverie } from '../helpers/cli.js';
import { ccLine, tempDir, writeFile, writeZip } from '../helpers/fixtures.js';
import { haveShared, sample } from '../helpers/samples.js';

/*
 * The export's own user: a Claude.ai export zip (users.json + conversations.json) and a ChatGPT
 * export folder (conversations.json + user.json) name the owner; a Claude Code transcript ran in
 * the owner's home folder. Imported, the identities are stored once, with the sessions; digests of
 * the moments those sessions give contain none of them, while words and code stay.
 */

const OWNER = 'Xiomara Okonkwo-Lindqvist';
const CLAUDE_EMAIL = 'xiomara.ol@kestrelmail.net';
const CLAUDE_PHONE = '+447700900123';
const GPT_EMAIL = 'xiomara83@fastmail.fm';
const GPT_PHONE = '+1 (415) 555-0186';

/** Everything that must not reach a digest, in the spellings the sessions use. */
const LEAKS = ['Xiomara', 'Okonkwo', 'Lindqvist', 'kestrelmail', 'xiomara83', 'qzwelch', '07700', '900123', '900-123', '555-0186', '5550186'];
/** Words and code the lessons need. */
const KEPT = ['parseConfig()', 'useState', 'ParseError', 'footer', 'pnpm'];

const CORRECTIONS = [
  `No, that's wrong: sign the release notes as ${OWNER} and keep parseConfig() in the title.`,
  `No, you forgot the footer again. Thanks, Xiomara; sign as ${OWNER}, mail ${CLAUDE_EMAIL} if the build breaks, keep useState.`,
  'No, that is not what I asked. Okonkwo-Lindqvist is my surname; call me on 07700-900-123 when the ParseError is fixed.',
];
const GPT_CORRECTIONS = [
  'No, that is wrong: git clone git@github.com:xiomara83/dotfiles fails, use pnpm for the install.',
  'No, you forgot the footer again; text me at 415.555.0186 once parseConfig() passes.',
];

function claudeConversation(n: number, correction: string) {
  const at = `2026-02-0${n + 1}T10:00:00Z`;
  const message = (i: number, sender: 'human' | 'assistant', text: string) => ({
    uuid: `c${n}-m${i}`,
    text,
    content: [{ type: 'text', text }],
    sender,
    created_at: at,
    updated_at: at,
    attachments: [],
    files: [],
  });
  return {
    uuid: `c${n}`,
    name: `chat ${n}`,
    created_at: at,
    updated_at: at,
    account: { uuid: 'acc-1' },
    chat_messages: [
      message(0, 'human', 'Write the release notes for the parser fix.'),
      message(1, 'assistant', 'Here are the release notes for the parser fix.'),
      message(2, 'human', correction),
    ],
  };
}

function chatgptConversation(n: number, correction: string) {
  const node = (id: string, parent: string | null, child: string | null, role: string | null, text: string) => ({
    id,
    parent,
    children: child ? [child] : [],
    message: role
      ? { id, author: { role, name: null }, create_time: 1767000000 + n * 86400, content: { content_type: 'text', parts: [text] }, weight: 1, recipient: 'all' }
      : null,
  });
  return {
    title: `gpt ${n}`,
    create_time: 1767000000 + n * 86400,
    update_time: 1767000000 + n * 86400,
    mapping: {
      root: node('root', null, `g${n}a`, null, ''),
      [`g${n}a`]: node(`g${n}a`, 'root', `g${n}b`, 'user', 'Set up the dotfiles repo for me.'),
      [`g${n}b`]: node(`g${n}b`, `g${n}a`, `g${n}c`, 'assistant', 'Done: the dotfiles repo is set up.'),
      [`g${n}c`]: node(`g${n}c`, `g${n}b`, null, 'user', correction),
    },
    current_node: `g${n}c`,
    conversation_id: `gpt-${n}`,
    id: `gpt-${n}`,
  };
}

const USERS_JSON = JSON.stringify([{ uuid: 'acc-1', full_name: OWNER, email_address: CLAUDE_EMAIL, verified_phone_number: CLAUDE_PHONE }]);
const USER_JSON = JSON.stringify({ id: 'user-Qz81xLmB2', email: GPT_EMAIL, chatgpt_plus_user: false, phone_number: GPT_PHONE });
const CLAUDE_CONVERSATIONS = JSON.stringify(CORRECTIONS.map((c, i) => claudeConversation(i, c)));

describe('the export owner, from import to digest', () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);

  /** Writes the three inputs into a fresh folder; `broken` truncates the sessions files. */
  async function exportsIn(name: string, broken = false) {
    const root = path.join(dir, name);
    const gpt = path.join(root, 'chatgpt');
    const cc = path.join(root, 'claude-code');
    mkdirSync(gpt, { recursive: true });
    mkdirSync(cc, { recursive: true });
    const cut = (s: string) => (broken ? s.slice(0, s.length - 40) : s);
    // users.json first in the zip, user.json after conversations.json in the folder: both orders.
    const zip = await writeZip(path.join(root, 'claude-export.zip'), { 'users.json': USERS_JSON, 'conversations.json': cut(CLAUDE_CONVERSATIONS) });
    writeFile(gpt, 'conversations.json', cut(JSON.stringify(GPT_CORRECTIONS.map((c, i) => chatgptConversation(i, c)))));
    writeFile(gpt, 'user.json', USER_JSON);
    const cwd = { cwd: '/Users/qzwelch/code/app', sessionId: 'cc-1' };
    writeFile(
      cc,
      'cc-1.jsonl',
      [
        ccLine('user', 'u1', null, 'Add a retry to the fetch helper.', cwd),
        ccLine('assistant', 'a1', 'u1', [{ type: 'text', text: 'Added a retry loop to fetchJson.' }], cwd),
        ccLine('user', 'u2', 'a1', 'No, that is wrong: qzwelch asked for exponential backoff, keep parseConfig() as is.', cwd),
      ].join('\n'),
    );
    return { zip, gpt, cc };
  }

  const values = (db: Db) => listIdentities(db).map((i) => `${i.kind}:${i.value}`).sort();

  it('stores the identities of the account files with the sessions, once, and never reports them as files', async () => {
    const { zip, gpt, cc } = await exportsIn('ok');
    const db = openStore(':memory:');
    const first = await importPaths(db, [zip, gpt, cc]);
    expect(first.failed).toBe(0);
    expect(first.sessionsAdded).toBe(6);
    expect(first.files.map((f) => path.basename(f.file)).sort()).toEqual(['cc-1.jsonl', 'conversations.json', 'conversations.json']);
    expect(values(db)).toEqual(
      ['email:xiomara.ol@kestrelmail.net', 'email:xiomara83@fastmail.fm', `name:${OWNER}`, 'phone:+14155550186', 'phone:+447700900123'].sort(),
    );
    // Each identity points at the import of the sessions file it came with.
    const sources = db.prepare('SELECT id, path FROM import_sources').all() as { id: number; path: string }[];
    const pathOf = (id: number | null) => sources.find((s) => s.id === id)?.path ?? '';
    for (const i of listIdentities(db)) expect(pathOf(i.sourceId)).toMatch(/conversations\.json$/);

    const before = listIdentities(db);
    const again = await importPaths(db, [zip, gpt, cc]);
    expect(again.failed).toBe(0);
    expect(again.files.every((f) => f.alreadyImported)).toBe(true);
    expect(listIdentities(db)).toEqual(before);
    await importPaths(db, [zip, gpt], { force: true });
    expect(listIdentities(db)).toEqual(before);
  });

  it('stores none when the sessions beside the account files fail, or when an account file is named alone', async () => {
    const { zip, gpt } = await exportsIn('broken', true);
    const db = openStore(':memory:');
    const r = await importPaths(db, [zip, gpt]);
    expect(r.failed).toBe(2);
    expect(r.files.every((f) => /conversations\.json$/.test(f.file) && f.error)).toBe(true);
    expect(listIdentities(db)).toEqual([]);

    const alone = await importPaths(db, [path.join(gpt, 'user.json')]);
    expect(alone.failed).toBe(0);
    expect(listIdentities(db)).toEqual([]);
  });

  it('keeps every name part, e-mail, phone and home-folder user out of the digest, and words and code in', async () => {
    const { zip, gpt, cc } = await exportsIn('digest');
    const db = openStore(':memory:');
    await importPaths(db, [zip, gpt, cc]);
    extractMoments(db);
    const moments = db.prepare("SELECT id, session_id, text FROM moments WHERE kind = 'correction' ORDER BY id").all() as {
      id: number;
      session_id: number;
      text: string;
    }[];
    expect(moments).toHaveLength(6);
    // Without the stored identities the usual layers miss some of them: the test means something.
    const unaided = (await createScrubber().scrubAll(moments.map((m) => m.text))).join('\n');
    expect(LEAKS.filter((l) => unaided.includes(l)).length).toBeGreaterThan(2);

    const [clusterId] = replaceClusters(
      db,
      'm',
      'correction',
      [
        {
          kind: 'correction',
          label: 'wrong, footer, parseConfig',
          keywords: ['wrong', 'footer', 'parseConfig'],
          size: moments.length,
          sessions: moments.length,
          projects: 2,
          firstSeen: '2026-01-01T00:00:00Z',
          lastSeen: '2026-03-01T00:00:00Z',
          weekly: [],
          // The digest shows the five most representative: the first moment (whose full name the
          // second repeats) goes last, so every other spelling is in the examples.
          members: moments.map((m, i) => ({ momentId: m.id, score: i === 0 ? 0.5 : 1 - i / 100 })),
        },
      ],
      null,
    );
    const policy: DigestPolicy = { minSessions: 3, minProjects: 1, names: [], userNames: [], homeDirs: [] };
    const digest = await buildDigest(db, clusterId, policy);
    for (const leak of LEAKS) expect(digest.text, leak).not.toContain(leak);
    for (const word of KEPT) expect(digest.text, word).toContain(word);
    expect(digest.examples).toHaveLength(5);
    expect(digest.text).toMatch(/<PERSON_1>/);
    expect(digest.text).toMatch(/<PHONE_\d>/);
    expect(digest.text).toMatch(/<USER_\d>/);
  });

  it('reverie anonymize uses the identities stored in the data dir', async () => {
    const { zip } = await exportsIn('cli');
    const dataDir = path.join(dir, 'cli-data');
    expect(reverie(['--data-dir', dataDir, 'import', zip]).code).toBe(0);
    const r = reverie(['--data-dir', dataDir, 'anonymize', '-'], {}, 'Xiomara said Okonkwo-Lindqvist owns parseConfig(); call 07700-900-123.\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('<PERSON_1> said <PERSON_1> owns parseConfig(); call <PHONE_1>.\n');
  });
});

describe.runIf(haveShared())('the owner of the real exports', () => {
  it('reads users.json beside Claude.ai conversations and user.json inside the ChatGPT zip, and nothing else', async () => {
    const db = openStore(':memory:');
    const r = await importPaths(db, [sample('claude-ai-export'), sample('chatgpt-export')]);
    expect(r.failed).toBe(0);
    // The ChatGPT export's phone number is redacted to zeros: it identifies no one and is not kept.
    expect(values(db)).toEqual(['email:redacted@example.invalid', 'email:test_user_1@example.com', 'phone:+61400400400', 'username:test_user_1']);
  });
  const values = (db: Db) => listIdentities(db).map((i) => `${i.kind}:${i.value}`).sort();
});
