import { describe, expect, it } from 'vitest';
import { createScrubber } from '../../../electron/engine/digest/scrub/index.js';
import type { PiiType } from '../../../electron/engine/digest/scrub/types.js';

// Secrets are assembled at run time so no scanner flags this file.
const rnd = (alphabet: string, n: number, seed: number) => {
  let x = seed;
  return Array.from({ length: n }, () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return alphabet[x % alphabet.length];
  }).join('');
};
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const AWS_ID = 'AK' + 'IA' + rnd('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16, 1);
const AWS_SECRET = rnd(ALNUM + '/+', 40, 2);
const GH = 'gh' + 'p_' + rnd(ALNUM, 36, 3);
const ANT = 'sk-' + 'ant-api03-' + rnd(ALNUM + '_-', 93, 4) + 'AA';
const OPENAI = 'sk-' + 'proj-' + rnd(ALNUM + '_-', 64, 5);
const SLACK = 'xo' + 'xb-' + '2' + rnd('0123456789', 10, 6) + '-' + '3' + rnd('0123456789', 12, 7) + '-' + rnd(ALNUM, 24, 8);
const STRIPE = 'sk' + '_live_' + rnd(ALNUM, 32, 9);
const GOOGLE = 'AI' + 'za' + rnd(ALNUM + '_-', 35, 10);
const RANDOM = rnd(ALNUM, 40, 11);
const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.' + 'eyJ' + rnd(ALNUM, 40, 12) + '.' + rnd(ALNUM + '_-', 43, 13);
// Database URLs are put together too, so secret scanners do not flag this file.
const url = (scheme: string, rest: string) => `${scheme}://${rest}`;
const PEM_BODY = Array.from({ length: 6 }, (_, i) => rnd(ALNUM + '+/', 64, 20 + i));

/** Scrubs without the (slow) NLP step; placeholders are fresh for every call. */
async function scrub(text: string, nlpPeople = false): Promise<string> {
  return createScrubber({ nlpPeople }).scrub(text);
}

const POSITIVES: [name: string, text: string, secret: string, type: PiiType][] = [
  ['AWS access key id', `export AWS_ACCESS_KEY_ID=${AWS_ID}`, AWS_ID, 'SECRET'],
  ['AWS secret access key', `aws_secret_access_key = ${AWS_SECRET}`, AWS_SECRET, 'SECRET'],
  ['GitHub token in a remote URL', `git push https://${GH}@github.com/acme/app.git`, GH, 'SECRET'],
  ['Anthropic key', `ANTHROPIC_API_KEY=${ANT}`, ANT, 'SECRET'],
  ['OpenAI project key in code', `const openai = new OpenAI({ apiKey: "${OPENAI}" })`, OPENAI, 'SECRET'],
  ['Slack bot token', `SLACK_BOT=${SLACK}`, SLACK, 'SECRET'],
  ['Stripe live key', `Stripe.api_key = '${STRIPE}'`, STRIPE, 'SECRET'],
  ['Google API key', `https://maps.googleapis.com/maps/api/js?key=${GOOGLE}`, GOOGLE, 'SECRET'],
  ['random token with no format', `the signing secret is ${RANDOM} — keep it safe`, RANDOM, 'SECRET'],
  ['bearer token', `Authorization: Bearer ${RANDOM}`, RANDOM, 'SECRET'],
  ['JWT', `cookie: session=${JWT}; HttpOnly`, JWT.split('.')[1], 'JWT'],
  ['PEM private key', `-----BEGIN RSA PRIVATE KEY-----\nMIIE${PEM_BODY.join('\n')}\n-----END RSA PRIVATE KEY-----`, PEM_BODY[3], 'PRIVATE_KEY'],
  ['truncated PEM key', `-----BEGIN OPENSSH PRIVATE KEY-----\n${PEM_BODY.join('\n')}\n\n$ ls`, PEM_BODY[5], 'PRIVATE_KEY'],
  ['PEM key inside JSON', `{"private_key": "-----BEGIN PRIVATE KEY-----\\n${PEM_BODY.join('\\n')}\\n-----END PRIVATE KEY-----\\n"}`, PEM_BODY[2], 'PRIVATE_KEY'],
  ['password in a postgres URL', `DATABASE_URL=${url('postgres', 'app:Winter2024!x@localhost:5432/shop')}`, 'Winter2024!x', 'PASSWORD'],
  ['password in a mongodb+srv URL', url('mongodb+srv', 'bob:hunter2pass@cluster0.mongodb.net/test'), 'hunter2pass', 'PASSWORD'],
  ['password in a connection string', 'Server=tcp:db,1433;User ID=app;Password=Tr0ub4dor&3;Encrypt=true', 'Tr0ub4dor&3', 'PASSWORD'],
  ['password in YAML', 'database:\n  user: app\n  password: correcthorse42\n', 'correcthorse42', 'PASSWORD'],
  ['password in JSON', '{"username":"ana","password":"S3cure!pass"}', 'S3cure!pass', 'PASSWORD'],
  ['password in an env file', 'POSTGRES_PASSWORD=pg_s3cret_99', 'pg_s3cret_99', 'PASSWORD'],
  ['mysql -p password', 'mysql -u root -pR00tPass99 shop < dump.sql', 'R00tPass99', 'PASSWORD'],
  ['e-mail', 'please add jane.roe@acme-corp.com to the team', 'jane.roe@acme-corp.com', 'EMAIL'],
  ['URL-encoded e-mail', 'GET /users?email=jane.roe%40acme-corp.com', 'jane.roe%40acme-corp.com', 'EMAIL'],
  ['US phone', 'call me at (415) 555-0132 tomorrow', '555-0132', 'PHONE'],
  ['international phone', 'Tel: +44 20 7946 0958', '7946 0958', 'PHONE'],
  ['French phone', 'mon numéro: 06 12 34 56 78', '06 12 34 56 78', 'PHONE'],
  ['phone with a keyword and no separators', 'phone: 4155550132', '4155550132', 'PHONE'],
  ['IPv4', 'ssh: connect to host 10.20.30.40 port 22', '10.20.30.40', 'IP'],
  ['IPv6', 'inet6 2001:db8:85a3::8a2e:370:7334/64', '2001:db8:85a3::8a2e:370:7334', 'IP'],
  ['US address', 'Ship to 1600 Amphitheatre Parkway, Mountain View, CA 94043 please', 'Amphitheatre Parkway', 'ADDRESS'],
  ['UK address', 'Post it to 221B Baker Street, London NW1 6XE.', 'Baker Street', 'ADDRESS'],
  ['German address', 'Lieferadresse: Hauptstraße 5, 10115 Berlin', 'Hauptstraße 5', 'ADDRESS'],
  ['French address', 'Adresse : 12 rue de Rivoli, 75001 Paris', 'rue de Rivoli', 'ADDRESS'],
  ['Visa card with spaces', 'card 4111 1111 1111 1111 declined', '4111 1111 1111 1111', 'CARD'],
  ['Amex card solid', 'amex 378282246310005 ok', '378282246310005', 'CARD'],
  ['IBAN in groups', 'IBAN: GB82 WEST 1234 5698 7654 32', 'GB82 WEST 1234 5698 7654 32', 'IBAN'],
  ['IBAN solid', 'wire to DE89370400440532013000 today', 'DE89370400440532013000', 'IBAN'],
  ['US SSN', 'SSN 078-05-1120 on file', '078-05-1120', 'NATIONAL_ID'],
  ['UK NINO', 'NI number JG 10 37 71 A', 'JG 10 37 71 A', 'NATIONAL_ID'],
  ['Spanish DNI', 'DNI 12345678Z', '12345678Z', 'NATIONAL_ID'],
  ['Brazilian CPF', 'CPF 111.444.777-35', '111.444.777-35', 'NATIONAL_ID'],
  ['Dutch BSN after its name', 'BSN: 111222333', '111222333', 'NATIONAL_ID'],
  ['macOS home path', 'at /Users/mrossi/code/app/src/index.ts:3:1', 'mrossi', 'USER'],
  ['Linux home path', 'File "/home/kpatel/venv/lib/site.py", line 3', 'kpatel', 'USER'],
  ['Windows home path', 'PS C:\\Users\\Ana Maria\\repos> dir', 'Ana Maria', 'USER'],
  ['JSON-escaped Windows path', '{"cwd": "C:\\\\Users\\\\tnovak\\\\src"}', 'tnovak', 'USER'],
  ['internal host', 'curl: (6) Could not resolve host: jenkins.build.internal', 'jenkins.build.internal', 'HOST'],
  ['corporate host in a URL', 'open https://grafana.initech.net/d/x1', 'grafana.initech.net', 'HOST'],
  ['machine name', 'Computer name: DESKTOP-4F7K2JQ', 'DESKTOP-4F7K2JQ', 'HOST'],
  ['shell prompt host', 'ana@anas-mbp:~/code$ npm test', 'anas-mbp', 'HOST'],
];

describe('scrubber detectors: what must go', () => {
  it.each(POSITIVES)('%s', async (_name, text, secret, type) => {
    const out = await scrub(text);
    expect(out).not.toContain(secret);
    expect(out).toContain(`<${type}_1>`);
  });

  it('finds person names in prose with the NLP step, but not without it', async () => {
    const text = 'I talked to Sarah Johnson this morning about the failing build.';
    expect(await scrub(text, true)).toBe('I talked to <PERSON_1> this morning about the failing build.');
    expect(await scrub(text, false)).toBe(text);
  });

  it('replaces listed names, their capitalised parts and the account name', async () => {
    const s = createScrubber({ userNames: ['agarcia'], extraNames: ['Priya Raman'], nlpPeople: false });
    const out = await s.scrub('Reviewed-by: Priya Raman. Thanks Priya! Repo: github.com/agarcia/tools (AGarcia)');
    expect(out).toBe('Reviewed-by: <PERSON_1>. Thanks <PERSON_1>! Repo: github.com/<USER_1>/tools (<USER_1>)');
  });

  it('replaces an account name that is an ordinary word only inside home paths', async () => {
    const s = createScrubber({ userNames: ['max'], homeDirs: ['/home/max'], nlpPeople: false });
    expect(await s.scrub('cd /home/max/app && node -e "Math.max(1, 2)" # max_tokens')).toBe('cd /home/<USER_1>/app && node -e "Math.max(1, 2)" # max_tokens');
  });

  it('learns a user name from a home path and removes it everywhere in the digest', async () => {
    const s = createScrubber({ nlpPeople: false });
    const [a, b] = await s.scrubAll(['remote: https://github.com/zqlopez/dotfiles not found', 'cd /Users/zqlopez/src']);
    expect(a).toBe('remote: https://github.com/<USER_1>/dotfiles not found');
    expect(b).toBe('cd /Users/<USER_1>/src');
  });
});

const NEGATIVES: [name: string, text: string][] = [
  ['a stack trace', "TypeError: Cannot read properties of undefined (reading 'id')\n    at mapOrder (src/orders/map.ts:14:22)"],
  ['npm errors', 'npm ERR! code ERESOLVE\nnpm ERR! ERESOLVE unable to resolve dependency tree'],
  ['versions and semver', 'react@18.2.0 requires node v18.17.1; bumped ^5.3.0 → 5.4.1, build 10.0.19045.3803, v1.2.3.4'],
  ['a user agent', 'Mozilla/5.0 (Macintosh) AppleWebKit/537.36 Chrome/120.0.0.0 Safari/537.36'],
  ['UUIDs and git SHAs', 'session 123e4567-e89b-42d3-a456-426614174000 at commit 3f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39 (3f2a9c1)'],
  ['hashes', 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 and integrity sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUR4oEEwDVT+Ez4VOA=='],
  ['timestamps and line:col', '2025-03-04T10:22:01.123Z src/app.ts:120:7 at 14:22:05'],
  ['loopback and unspecified addresses', 'listening on 127.0.0.1:3000, 0.0.0.0:8080 and [::1]:5173; netmask 255.255.255.0'],
  ['public hosts', 'fetch https://registry.npmjs.org/react then https://github.com/vercel/next.js/issues/1 and docs.python.org'],
  ['code with key words', 'const password: string = req.body.password;\nif (!validatePassword(password)) return;\nconst apiKey = process.env.API_KEY;\nmax_tokens: 1024'],
  ['type annotations and env references', 'password: str = Field(...)\nSECRET_KEY = os.environ["SECRET_KEY"]\ntoken: ${{ secrets.GITHUB_TOKEN }}'],
  ['masked values', `password: ****\napi_key: <redacted>\nDATABASE_URL=${url('postgres', 'app:${DB_PASSWORD}@db:5432/app')}`],
  ['camelCase and snake_case identifiers', 'useEffect getServerSideProps snake_case_name base64EncodeUrlSafe2 X509Certificate ERR_PNPM_OUTDATED_LOCKFILE'],
  ['file names that end like domains', 'edit README.md, setup.sh, main.rs, app.py, Makefile.in, settings.local.json and .env.local'],
  ['provider ids that are not secrets', 'msg_01XFDUDYJgAACzvnptvVoYEL toolu_01A09q90qw90lq917835lq9 req_011CUzmBnYMTAQqr4Xq4iVYA'],
  ['ordinary capitalised words', 'Error: React and GitHub are fine, npm too. Claude said Docker needs Node.js; TypeError came from Jest.'],
  ['numbers that are not phone numbers', 'took 1234 ms, 2024-05-06, 404 Not Found, pid 48213, port 5432, M 170 512 472 723 1438 1003'],
  ['generic home folders', '/home/user/app, /Users/Shared/data and /home/runner/work/app'],
  ['street-like words in prose', 'String 5 failed; Spring 2024 release; 12 Main Loop iterations'],
];

describe('scrubber detectors: what must stay', () => {
  it.each(NEGATIVES)('%s', async (_name, text) => {
    expect(await scrub(text, true)).toBe(text);
  });

  it('keeps the readable parts around a replaced value', async () => {
    const out = await scrub(`Error: connect ECONNREFUSED at ${url('postgres', 'app:Winter2024!x@db.acme.internal:5432/orders')}`);
    expect(out).toBe(`Error: connect ECONNREFUSED at ${url('postgres', 'app:<PASSWORD_1>@<HOST_1>:5432/orders')}`);
  });

  it('reads raw JSON escapes as separators and keeps the JSON valid', async () => {
    const raw = JSON.stringify({ output: 'Output:\nana.k@initech.com\n', cmd: 'psql --password="Winter2024!x"', cwd: 'C:\\Users\\nancy\\src' });
    const out = await scrub(raw);
    const parsed = JSON.parse(out) as Record<string, string>;
    expect(parsed.output).toBe('Output:\n<EMAIL_1>\n');
    expect(parsed.cmd).toBe('psql --password="<PASSWORD_1>"');
    expect(parsed.cwd).toBe('C:\\Users\\<USER_1>\\src');
  });

  it('a secretlint-disable comment does not hide a key', async () => {
    expect(await scrub(`key = "${AWS_ID}" // secretlint-disable-line`)).not.toContain(AWS_ID);
  });
});

describe('scrubber robustness', () => {
  it('finds names in a long single-line paragraph', async () => {
    const filler = 'the build failed again because the cache was stale and nobody noticed it, ';
    const text = filler.repeat(60) + 'so I asked Rebecca Thompson to look. ' + filler.repeat(60);
    const out = await createScrubber().scrub(text);
    expect(out).not.toContain('Rebecca Thompson');
    expect(out).toContain('I asked <PERSON_1> to look');
  });

  it('stays linear on inputs that could make regexes backtrack', async () => {
    const N = 20_000;
    const inputs = ['1 '.repeat(N / 2), 'a.'.repeat(N / 2), 'ab:'.repeat(N / 3), '+1 2 3 4 5 6 7 8 9 '.repeat(N / 19), 'password='.repeat(N / 9), '-----BEGIN PRIVATE KEY-----\n' + 'QUJD\n'.repeat(N / 5), 'C:\\Users\\'.repeat(N / 9)];
    for (const text of inputs) {
      const t0 = performance.now();
      await createScrubber({ nlpPeople: false }).scrub(text);
      expect(performance.now() - t0, JSON.stringify(text.slice(0, 20))).toBeLessThan(2000);
    }
  });

  it('leaves nothing behind in the global performance timeline after many calls', async () => {
    const s = createScrubber({ nlpPeople: false });
    for (let i = 0; i < 300; i++) await s.scrub(`line ${i}`);
    expect(performance.getEntriesByType('mark').filter((e) => e.name.startsWith('@core>'))).toEqual([]);
  });
});
