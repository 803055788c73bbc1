// Planted corpus for the scrubber: realistic transcript snippets (tool output, stack traces, user
// messages, config files) with fake but valid-looking secrets and personal data of every kind the
// scrubber handles, plus code identifiers, file names and error messages that must come through
// untouched. Deterministic for a seed. Used by test/digest/scrub/corpus.test.ts and the benchmark.
//
// No literal key in this file looks live: every provider secret is assembled at run time from a
// prefix split in two and random characters, so secret scanners and push protection stay quiet.
import { cpfCheckDigits, dniLetter, ibanCheckDigits, luhnCheckDigit, nirKey, verhoeffCheckDigit } from '../electron/engine/digest/scrub/checksums.js';
import type { PiiType } from '../electron/engine/digest/scrub/types.js';
import type { ScrubberOptions } from '../electron/engine/digest/scrub/index.js';
import { Random } from '../electron/engine/base/random.js';

export interface PlantedItem {
  /** `secret:github`, `phone:uk`, `user:windows` ... (the part before `:` names the family). */
  kind: string;
  /** The placeholder type the scrubber should use. */
  expected: PiiType;
  /** Strings that must not be in the output (compared case-insensitively, also with spaces and digit separators removed). */
  needles: string[];
}

export interface PlantedDoc {
  text: string;
  items: PlantedItem[];
  /** Identifiers, file names, versions, error messages... that must be in the output verbatim. */
  keep: string[];
}

export interface ScrubCorpus {
  docs: PlantedDoc[];
  /** What the settings and the export would tell the scrubber (listed names, the account). */
  options: ScrubberOptions;
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ALNUM = UPPER + LOWER + DIGITS;
const B64 = `${ALNUM}+/`;
const B64URL = `${ALNUM}_-`;

const FIRST = ['Sarah', 'Michael', 'Emily', 'David', 'Jessica', 'Daniel', 'Laura', 'Thomas', 'Rachel', 'Kevin', 'Olivia', 'Andrew', 'Hannah', 'Brian', 'Natalie', 'Steven', 'Megan', 'Patrick', 'Rebecca', 'Gregory', 'Carlos', 'Sofia', 'Elena', 'Victor', 'Monica', 'Peter', 'Julia', 'Robert', 'Alice', 'Daniela'];
const LAST = ['Johnson', 'Williams', 'Brown', 'Garcia', 'Miller', 'Davis', 'Martinez', 'Anderson', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Walker', 'Patel', 'Nguyen', 'Kowalski', 'Schmidt', 'Rossi', 'Tanaka', 'Okafor', 'Fischer', 'Novak', 'Larsen', 'Romero', 'Hughes'];
const HANDLES = ['jsmith', 'kpatel', 'mgarcia', 'dlee84', 'anna.k', 'tomasz.w', 'rbrown', 'liwei', 'h.tanaka', 'ochen', 'sgupta', 'bwilliams', 'mnovak', 'elarsen', 'fschmidt', 'jmorales', 'akowal', 'pnguyen', 'rhughes', 'dromero'];
const CORPS = ['acmecorp', 'globex', 'initech', 'umbrella-labs', 'hooli', 'vandelay', 'wayne-ent', 'stark-ind', 'cyberdyne', 'tyrell'];
const STREETS = ['Maple', 'Oak', 'Cedar', 'Elm', 'Washington', 'Lincoln', 'Highland', 'Sunset', 'Lakeview', 'Hillcrest', 'Riverside', 'Jefferson'];
const CITIES: [string, string][] = [['Springfield', 'IL'], ['Portland', 'OR'], ['Austin', 'TX'], ['Denver', 'CO'], ['Madison', 'WI'], ['Raleigh', 'NC'], ['Boise', 'ID'], ['Tucson', 'AZ']];

/** The names the corpus tells the scrubber about, as settings and the export would. */
export const LISTED_PEOPLE = ['Priya Raman', 'Tomasz Wiśniewski', 'Oluwaseun Adeyemi', 'Ingrid Solberg', 'Mateo Alvarez', 'Keiko Watanabe'];
export const ACCOUNT = { handle: 'agarcia', fullName: 'Ana García' };

/** Code and messages that must survive. Each doc weaves a few of these in. */
export const KEEP_POOL = {
  identifiers: ['useEffect', 'useState', 'getServerSideProps', 'snake_case_name', 'mapOrder', 'handleSubmit', 'UserProfileCard', '__init__', 'componentDidMount', 'parseInt', 'JSON.parse', 'Array.prototype.map', 'process.env.NODE_ENV', 'os.environ.get', 'self.assertEqual', 'fetchUserById', 'MAX_RETRY_COUNT', 'ERR_PNPM_OUTDATED_LOCKFILE', 'ECONNREFUSED', 'EADDRINUSE', 'createSlice', 'QueryClientProvider', 'pytest.fixture', 'tokenizer.encode', 'max_tokens', 'password_hash', 'validatePassword', 'getApiKey', 'SECRET_KEY_BASE', 'authTokenExpiry', 'RedisClusterConnection', 'base64EncodeUrlSafe2', 'Sha256Digest', 'X509Certificate'],
  files: ['package.json', 'tsconfig.json', 'src/orders/map.ts', 'README.md', 'docker-compose.yml', '.env.local', 'next.config.js', 'requirements.txt', 'Cargo.toml', 'src/main.rs', 'app.py', 'scripts/setup.sh', 'Makefile.in', 'public/index.html', 'styles.module.css', 'vite.config.ts', '__tests__/api.test.ts', '.github/workflows/ci.yml', 'settings.local.json', 'lib/utils/formatDate.ts', 'migrations/0042_add_orders_index.sql', 'templates/base.html'],
  errors: [
    "TypeError: Cannot read properties of undefined (reading 'id')",
    'npm ERR! code ERESOLVE',
    "ModuleNotFoundError: No module named 'requests'",
    "error TS2322: Type 'string' is not assignable to type 'number'.",
    "SyntaxError: Unexpected token '<', \"<!DOCTYPE \"... is not valid JSON",
    'fatal: not a git repository (or any of the parent directories): .git',
    'Error: listen EADDRINUSE: address already in use :::3000',
    'connect ECONNREFUSED 127.0.0.1:5432',
    'panic: runtime error: index out of range [3] with length 3',
    'Segmentation fault (core dumped)',
    'AssertionError: expected 200 to equal 404',
    'ReferenceError: window is not defined',
    "KeyError: 'user_id'",
    'error[E0382]: borrow of moved value: `config`',
    'java.lang.NullPointerException: Cannot invoke "String.length()" because "name" is null',
    'Error: Invalid hook call. Hooks can only be called inside of the body of a function component.',
    'FATAL:  password authentication failed for user "postgres"',
    'warning: LF will be replaced by CRLF in src/index.ts',
  ],
  versions: ['v18.17.1', 'react@18.2.0', '^5.3.0', 'Python 3.12.1', 'v1.2.3.4', 'Chrome/120.0.0.0', 'go1.22.3', 'node v20.11.0', 'version 10.0.19045.3803', 'lodash@4.17.21'],
  urls: ['https://github.com/vercel/next.js/issues/48748', 'https://docs.python.org/3/library/asyncio.html', 'https://registry.npmjs.org/react', 'https://stackoverflow.com/questions/4823808', 'http://localhost:3000/api/orders', 'https://api.anthropic.com/v1/messages', 'http://127.0.0.1:8080/health', 'https://pypi.org/simple/requests/'],
  words: ['Error', 'TypeError', 'React', 'npm', 'GitHub', 'Claude', 'Docker', 'Kubernetes', 'Postgres', 'Node.js', 'TypeScript', 'Jest', 'Vite', 'Redis', 'Django'],
};

/** Runs of code, made of keep-pool entries; returns the lines and what they hold. */
function filler(r: Random, n: number): { lines: string[]; keep: string[] } {
  const lines: string[] = [];
  const keep: string[] = [];
  const uuid = r.uuid();
  const sha = Array.from({ length: 40 }, () => r.pick([...'0123456789abcdef'])).join('');
  const iso = `2025-0${r.int(1, 9)}-1${r.int(0, 9)}T${r.int(10, 23)}:${r.int(10, 59)}:${r.int(10, 59)}.${r.int(100, 999)}Z`;
  const makers: (() => void)[] = [
    () => {
      const fn = r.pick(KEEP_POOL.identifiers.filter((i) => /^[a-z][A-Za-z]+$/.test(i)));
      const file = r.pick(KEEP_POOL.files.filter((f) => /\.(ts|js)$/.test(f)));
      const loc = `${file}:${r.int(2, 300)}:${r.int(1, 80)}`;
      lines.push(`    at ${fn} (${loc})`);
      keep.push(fn, loc);
    },
    () => {
      const e = r.pick(KEEP_POOL.errors);
      lines.push(e);
      keep.push(e);
    },
    () => {
      lines.push(`commit ${sha}`, `Date:   ${iso}`);
      keep.push(sha, iso);
    },
    () => {
      lines.push(`[${iso}] INFO request ${uuid} completed in ${r.int(3, 900)}ms`);
      keep.push(iso, uuid);
    },
    () => {
      const v = r.pick(KEEP_POOL.versions);
      const f = r.pick(KEEP_POOL.files);
      lines.push(`Using ${v}; edited ${f}`);
      keep.push(v, f);
    },
    () => {
      const u = r.pick(KEEP_POOL.urls);
      lines.push(`See ${u} for details.`);
      keep.push(u);
    },
    () => {
      const id = r.pick(KEEP_POOL.identifiers);
      const w = r.pick(KEEP_POOL.words);
      lines.push(`${w} complains that \`${id}\` changed between renders.`);
      keep.push(id, w);
    },
    () => {
      const short = sha.slice(0, 7);
      lines.push(`${short} fix(orders): guard against empty cart in ${r.pick(KEEP_POOL.identifiers)}`);
      keep.push(short);
    },
  ];
  for (let i = 0; i < n; i++) r.pick(makers)();
  return { lines, keep };
}

/** Builds the corpus: about 330 planted items and 60 code-only documents. */
export function buildScrubCorpus(seed = 20260101): ScrubCorpus {
  const r = new Random(seed);
  const s = (alphabet: string, n: number) => Array.from({ length: n }, () => alphabet[r.int(0, alphabet.length - 1)]).join('');
  const digits = (n: number) => s(DIGITS, n);
  const nz = (n: number) => String(r.int(1, 9)) + digits(n - 1);
  const person = () => `${r.pick(FIRST)} ${r.pick(LAST)}`;
  const corp = () => r.pick(CORPS);
  const docs: PlantedDoc[] = [];

  /** One doc: the planted line(s) amid code filler. */
  const plant = (kind: string, expected: PiiType, needles: string[], body: string) => {
    const before = filler(r, r.int(0, 2));
    const after = filler(r, r.int(1, 2));
    docs.push({
      text: [...before.lines, body, ...after.lines].join('\n'),
      items: [{ kind, expected, needles }],
      keep: [...before.keep, ...after.keep],
    });
  };

  // ---------- secrets with a provider format
  const providerSecrets: [string, () => string][] = [
    ['aws-key-id', () => 'AK' + 'IA' + s('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)],
    ['github', () => r.pick(['gh' + 'p_', 'gh' + 'o_', 'gh' + 's_']) + s(ALNUM, 36)],
    ['github-pat', () => 'github' + '_pat_' + s(ALNUM, 22) + '_' + s(ALNUM, 59)],
    ['anthropic', () => 'sk-' + 'ant-api03-' + s(B64URL, 93) + 'AA'],
    ['openai', () => 'sk-' + 'proj-' + s(B64URL, r.int(48, 156))],
    ['openai-legacy', () => 'sk-' + s(ALNUM, 20) + 'T3Blbk' + 'FJ' + s(ALNUM, 20)],
    ['slack', () => r.pick(['xo' + 'xb-', 'xo' + 'xp-']) + nz(11) + '-' + nz(13) + '-' + s(ALNUM, 24)],
    ['stripe', () => r.pick(['sk' + '_live_', 'rk' + '_live_']) + s(ALNUM, r.int(24, 99))],
    ['google', () => 'AI' + 'za' + s(B64URL, 35)],
    ['gitlab', () => 'gl' + 'pat-' + s(B64URL, 20)],
    ['huggingface', () => 'hf' + '_' + s(ALNUM, 34)],
    ['npm', () => 'np' + 'm_' + s(ALNUM, 36)],
    ['sendgrid', () => 'S' + 'G.' + s(B64URL, 22) + '.' + s(B64URL, 43)],
  ];
  const secretContexts: ((name: string, v: string) => string)[] = [
    (name, v) => `$ cat .env\nNODE_ENV=development\n${name.toUpperCase().replace(/-/g, '_')}_KEY=${v}\nPORT=3000`,
    (_n, v) => `I accidentally pasted my key into the chat: ${v} — can you rotate it?`,
    (_n, v) => `const client = new Client({ apiKey: "${v}", timeout: 30_000 });`,
    (_n, v) => `export default {\n  credentials: '${v}',\n}`,
    (_n, v) => `curl -s https://api.example.com/v1/items -H "X-Api-Key: ${v}"`,
    (_n, v) => `Tool result: {"ok":false,"error":"invalid_auth","token_used":"${v}"}`,
    (_n, v) => `git push https://${v}@github.com/acme/shop.git main`,
  ];
  for (const [name, make] of providerSecrets) {
    for (let i = 0; i < 3; i++) {
      const v = make();
      plant(`secret:${name}`, 'SECRET', [v], r.pick(secretContexts)(name, v));
    }
  }
  for (let i = 0; i < 4; i++) {
    const v = s(`${ALNUM}/+`, 40);
    plant('secret:aws-secret', 'SECRET', [v], r.pick([
      `[default]\naws_access_key_id = ${'AK' + 'IA' + s(UPPER + '234567', 16)}\naws_secret_access_key = ${v}\nregion = eu-west-1`,
      `export AWS_SECRET_ACCESS_KEY=${v}`,
    ]));
  }
  // ---------- secrets with no known format: found by entropy or by the name they are assigned to
  for (let i = 0; i < 12; i++) {
    const v = s(ALNUM, r.int(24, 48));
    plant('secret:high-entropy', 'SECRET', [v], r.pick([
      `The webhook signing secret is ${v}, set it in the dashboard.`,
      `Response headers:\nx-request-id: ${r.uuid()}\nx-session: ${v}`,
      `invite link: https://app.${corp()}.com/join/${v}`,
      `SESSION_SECRET=${v}`,
      `{"client_secret": "${v}", "grant_type": "client_credentials"}`,
      `--api-token ${v}`,
    ]));
  }
  for (let i = 0; i < 4; i++) {
    const v = s(B64URL, r.int(30, 60)) + digits(2);
    plant('secret:bearer', 'SECRET', [v], `> GET /v2/orders HTTP/1.1\n> Host: api.example.com\n> Authorization: Bearer ${v}\n< HTTP/1.1 401 Unauthorized`);
  }

  // ---------- private keys
  const pemBody = (first: string, lines: number) => {
    const body = Array.from({ length: lines }, () => s(B64, 64));
    body[0] = first + body[0].slice(first.length);
    return body;
  };
  for (let i = 0; i < 10; i++) {
    const label = r.pick(['RSA PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'EC PRIVATE KEY', 'PRIVATE KEY', 'ENCRYPTED PRIVATE KEY']);
    const body = pemBody(label.startsWith('OPENSSH') ? 'b3BlbnNzaC1rZXktdjEAAAAA' : 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC', r.int(5, 25));
    const needles = [body[1], body[body.length - 2]];
    const variant = i % 4;
    if (variant === 0) plant('private-key:pem', 'PRIVATE_KEY', needles, `$ cat ~/.ssh/id_deploy\n-----BEGIN ${label}-----\n${body.join('\n')}\n-----END ${label}-----`);
    else if (variant === 1)
      plant('private-key:json-escaped', 'PRIVATE_KEY', needles, `{"type": "service_account", "project_id": "orders-prod", "private_key_id": "${s('0123456789abcdef', 40)}", "private_key": "-----BEGIN ${label}-----\\n${body.join('\\n')}\\n-----END ${label}-----\\n", "client_email": "svc@orders-prod.iam.gserviceaccount.com"}`);
    else if (variant === 2) plant('private-key:truncated', 'PRIVATE_KEY', needles, `Output (truncated):\n-----BEGIN ${label}-----\n${body.join('\n')}`);
    else plant('private-key:in-env', 'PRIVATE_KEY', needles, `JWT_PRIVATE_KEY="-----BEGIN ${label}-----\n${body.join('\n')}\n-----END ${label}-----"`);
  }

  // ---------- JWTs
  const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  for (let i = 0; i < 10; i++) {
    const payload = b64url({ sub: r.uuid(), name: person(), iat: 1700000000 + r.int(0, 9e7), role: r.pick(['admin', 'user']) });
    const sig = s(B64URL, 43);
    const jwt = `${b64url({ alg: r.pick(['HS256', 'RS256']), typ: 'JWT' })}.${payload}.${sig}`;
    plant('jwt', 'JWT', [payload, sig], r.pick([
      `document.cookie: session=${jwt}; Path=/; HttpOnly`,
      `Authorization: Bearer ${jwt}`,
      `localStorage.getItem("token") returned ${jwt}`,
      `{"access_token":"${jwt}","expires_in":3600}`,
    ]));
  }

  // ---------- passwords
  const password = () =>
    r.pick([
      () => `${r.pick(['Summer', 'Winter', 'Dragon', 'Monkey', 'Sunshine', 'Falcon'])}${r.int(10, 2030)}!`,
      () => `${s(LOWER, 5)}_${s(LOWER, 4)}${digits(3)}`,
      () => s(`${ALNUM}!%^*_-.`, r.int(12, 20)),
      () => `${s(UPPER, 1)}${s(LOWER, 6)}${digits(2)}${r.pick(['!', '*', '%'])}`,
    ])();
  for (let i = 0; i < 24; i++) {
    const pw = password();
    const user = r.pick(['app', 'admin', 'postgres', 'root', 'svc_orders', 'deploy']);
    const host = r.pick([`db-${r.int(1, 9)}.${corp()}.internal`, 'localhost', `${corp()}-prod.cluster-${s(LOWER + DIGITS, 12)}.eu-west-1.rds.amazonaws.com`, 'cluster0.mongodb.net']);
    const variant = i % 8;
    const body = [
      () => `DATABASE_URL=${r.pick(['postgres', 'postgresql'])}://${user}:${pw}@${host}:5432/orders`,
      () => `Error: connect to mysql://${user}:${pw}@${host}:3306/shop failed: ER_ACCESS_DENIED_ERROR`,
      () => `const uri = "mongodb+srv://${user}:${pw}@${host}/test?retryWrites=true&w=majority";`,
      () => `"ConnectionStrings": { "Default": "Server=tcp:sql-prod.database.windows.net,1433;Database=orders;User ID=${user};Password=${pw};Encrypt=true;" }`,
      () => `database:\n  host: localhost\n  user: ${user}\n  password: ${pw}\n  port: 5432`,
      () => `$ export POSTGRES_PASSWORD=${pw}\n$ docker compose up -d db`,
      () => `{"username": "${user}", "password": "${pw}", "remember": true}`,
      () => r.pick([`mysql -u ${user} -p${pw} orders < dump.sql`, `psql --username=${user} --password=${pw} -h localhost`, `redis-cli -u redis://default:${pw}@localhost:6379 ping`]),
    ][variant]();
    plant(`password:${['url-postgres', 'url-mysql', 'url-mongodb', 'conn-string', 'yaml', 'env', 'json', 'cli'][variant]}`, 'PASSWORD', [pw], body);
  }

  // ---------- e-mails
  for (let i = 0; i < 24; i++) {
    const f = r.pick(FIRST);
    const l = r.pick(LAST);
    const email = r.pick([
      `${f.toLowerCase()}.${l.toLowerCase()}@${corp()}.com`,
      `${f[0].toLowerCase()}${l.toLowerCase()}${r.int(1, 99)}@gmail.com`,
      `${r.pick(HANDLES)}+${r.pick(['test', 'dev', 'billing'])}@outlook.com`,
      `${f.toLowerCase()}_${l.toLowerCase()}@${corp()}.co.uk`,
      `${l.toLowerCase()}.${f[0].toLowerCase()}@uni-${corp()}.de`,
    ]);
    plant(`email:${['git-log', 'prose', 'json', 'config', 'mailto'][i % 5]}`, 'EMAIL', [email], [
      `commit ${s('0123456789abcdef', 40)}\nAuthor: ${f} ${l} <${email}>\nDate:   Tue Mar 4 10:22:01 2025 +0100`,
      `Please add ${email} to the list of admins.`,
      `{"id": ${r.int(1, 9999)}, "email": "${email}", "verified": false}`,
      `$ git config --global user.email "${email}"`,
      `<a href="mailto:${email}">Contact support</a>`,
    ][i % 5]);
  }

  // ---------- phone numbers
  const area = () => `${r.int(2, 9)}${digits(2)}`;
  const phones: [string, () => string][] = [
    ['us-parens', () => `(${area()}) ${r.int(2, 9)}${digits(2)}-${digits(4)}`],
    ['us-dashes', () => `${area()}-${r.int(2, 9)}${digits(2)}-${digits(4)}`],
    ['us-dots', () => `${area()}.${r.int(2, 9)}${digits(2)}.${digits(4)}`],
    ['us-intl', () => `+1 ${area()} ${r.int(2, 9)}${digits(2)} ${digits(4)}`],
    ['uk', () => r.pick([`+44 20 7946 0${digits(3)}`, `07700 900${digits(3)}`, `020 7946 0${digits(3)}`, `+44 7700 900${digits(3)}`])],
    ['de', () => r.pick([`+49 30 ${nz(8)}`, `030 ${nz(7)}`, `+49 176 ${nz(8)}`])],
    ['fr', () => r.pick([`+33 6 ${digits(2)} ${digits(2)} ${digits(2)} ${digits(2)}`, `06 ${digits(2)} ${digits(2)} ${digits(2)} ${digits(2)}`, `01.${digits(2)}.${digits(2)}.${digits(2)}.${digits(2)}`])],
    ['in', () => `+91 ${r.int(7, 9)}${digits(4)} ${digits(5)}`],
    ['context', () => `${area()}${r.int(2, 9)}${digits(6)}`],
  ];
  for (const [name, make] of phones) {
    for (let i = 0; i < 3; i++) {
      const p = make();
      const body =
        name === 'context'
          ? r.pick([`phone: ${p}`, `Call me at ${p} when the build is green.`, `{"name": "Support", "phone": "${p}"}`])
          : r.pick([
              `My number is ${p}, text me if the deploy fails.`,
              `{"contact": {"tel": "${p}", "preferred": true}}`,
              `ValidationError: "${p}" is not a valid E.164 number`,
              `BEGIN:VCARD\nFN:Support Desk\nTEL;TYPE=cell:${p}\nEND:VCARD`,
            ]);
      plant(`phone:${name}`, 'PHONE', [p], body);
    }
  }

  // ---------- IP addresses
  for (let i = 0; i < 16; i++) {
    const v4 = r.pick([`10.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`, `192.168.${r.int(0, 255)}.${r.int(1, 254)}`, `172.${r.int(16, 31)}.${r.int(0, 255)}.${r.int(1, 254)}`, `${r.int(11, 223)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`]);
    const v6 = `2001:db8:${s('0123456789abcdef', 4)}:${s('0123456789abcdef', 3)}::${s('0123456789abcdef', 2)}`;
    const ip = i % 4 === 3 ? v6 : v4;
    plant(`ip:${i % 4 === 3 ? 'v6' : 'v4'}`, 'IP', [ip], r.pick([
      `ssh: connect to host ${ip} port 22: Connection timed out`,
      `Failed to connect to ${ip.includes(':') ? `[${ip}]` : ip}:5432 (ECONNREFUSED)`,
      `X-Forwarded-For: ${ip}`,
      `${ip} - - [10/Oct/2025:13:55:36 +0000] "GET /api/orders HTTP/1.1" 500 612`,
      `inet ${ip} netmask 255.255.255.0 broadcast 0.0.0.0`,
    ]));
  }

  // ---------- postal addresses
  for (let i = 0; i < 16; i++) {
    const variant = i % 4;
    let street: string;
    let tail: string;
    if (variant === 0) {
      const [city, st] = r.pick(CITIES);
      street = `${r.int(10, 9999)} ${r.pick(STREETS)} ${r.pick(['Street', 'Avenue', 'Road', 'Drive', 'Lane', 'Blvd'])}`;
      tail = `${st} ${digits(5)}`;
      street = `${street}`;
      plant('address:us', 'ADDRESS', [street, tail], r.pick([`Ship to: ${street}, ${city}, ${tail}`, `{"shipping_address": "${street}, ${city}, ${tail}"}`, `I moved, my new address is ${street}, ${city}, ${tail}.`]));
    } else if (variant === 1) {
      street = `${r.int(1, 250)} ${r.pick(['Baker', 'Station', 'Church', 'Victoria', 'Mill', 'Park'])} ${r.pick(['Street', 'Road', 'Lane', 'Close', 'Gardens'])}`;
      tail = `${r.pick(['SW1A', 'NW1', 'M1', 'EH1', 'B33'])} ${r.int(1, 9)}${s('ABDEFGHJLNPQRSTUWXYZ', 2)}`;
      plant('address:uk', 'ADDRESS', [street, tail], r.pick([`Invoice address: ${street}, London ${tail}`, `Please post it to ${street}, Manchester ${tail}.`]));
    } else if (variant === 2) {
      street = `${r.pick(['Haupt', 'Bahnhof', 'Schiller', 'Goethe', 'Linden', 'Berliner'])}${r.pick(['straße', 'strasse', 'weg', 'allee'])} ${r.int(1, 180)}`;
      tail = `${nz(5)} ${r.pick(['Berlin', 'München', 'Hamburg', 'Köln'])}`;
      plant('address:de', 'ADDRESS', [street, tail], r.pick([`Lieferadresse: ${street}, ${tail}`, `Rechnung an ${street}, ${tail} senden`]));
    } else {
      street = `${r.int(1, 140)} ${r.pick(['rue', 'avenue', 'boulevard'])} ${r.pick(['de la République', 'Victor Hugo', 'de Rivoli', 'Jean Jaurès', 'des Lilas'])}`;
      tail = `750${r.int(10, 20)} Paris`;
      plant('address:fr', 'ADDRESS', [street, tail], r.pick([`Adresse de livraison : ${street}, ${tail}`, `Envoyez la facture au ${street}, ${tail}.`]));
    }
  }

  // ---------- payment cards
  const cardPrefixes: [string, number][] = [['4', 16], ['51', 16], ['55', 16], ['2221', 16], ['34', 15], ['37', 15], ['6011', 16], ['4', 13]];
  for (let i = 0; i < 16; i++) {
    const [prefix, len] = cardPrefixes[i % cardPrefixes.length];
    const partial = prefix + digits(len - prefix.length - 1);
    const card = partial + luhnCheckDigit(partial);
    const written = r.pick([card, card.replace(/(\d{4})(?=\d)/g, '$1 '), card.replace(/(\d{4})(?=\d)/g, '$1-')]);
    plant('card', 'CARD', [card], r.pick([
      `Card ${written} was declined (insufficient_funds).`,
      `{"card_number": "${written}", "exp": "0${r.int(1, 9)}/2${r.int(6, 9)}", "cvc": "${digits(3)}"}`,
      `I used my card ${written} for the test order by mistake.`,
    ]));
  }

  // ---------- IBANs
  const ibanFormats: [string, () => string][] = [
    ['DE', () => digits(18)],
    ['GB', () => s(UPPER, 4) + digits(14)],
    ['FR', () => digits(23)],
    ['NL', () => s(UPPER, 4) + digits(10)],
    ['ES', () => digits(20)],
    ['IT', () => s(UPPER, 1) + digits(10) + s(DIGITS + UPPER, 12)],
    ['CH', () => digits(17)],
    ['BE', () => digits(12)],
  ];
  for (let i = 0; i < 16; i++) {
    const [cc, bban] = ibanFormats[i % ibanFormats.length];
    const b = bban();
    const iban = `${cc}${ibanCheckDigits(cc, b)}${b}`;
    const written = i % 2 ? iban : iban.replace(/(.{4})(?=.)/g, '$1 ');
    plant('iban', 'IBAN', [iban], r.pick([`Please wire the refund to ${written}.`, `{"iban": "${written}", "bic": "DEUTDEFF"}`, `IBAN: ${written}`]));
  }

  // ---------- national identity numbers
  const ninoLetters = 'ABCEHJKLMNPRSTWXYZ';
  const ids: [string, () => string][] = [
    ['ssn', () => `${r.int(100, 665)}-${r.int(10, 99)}-${r.int(1000, 9999)}`],
    ['nino', () => `${s(ninoLetters, 1)}${s(ninoLetters, 1)} ${digits(2)} ${digits(2)} ${digits(2)} ${s('ABCD', 1)}`],
    ['nir', () => {
      const n = `${r.int(1, 2)}${digits(2)}${String(r.int(1, 12)).padStart(2, '0')}${r.int(10, 95)}${digits(3)}${digits(3)}`;
      return `${n[0]} ${n.slice(1, 3)} ${n.slice(3, 5)} ${n.slice(5, 7)} ${n.slice(7, 10)} ${n.slice(10, 13)} ${nirKey(n)}`;
    }],
    ['dni', () => {
      const n = nz(8);
      return `${n}${dniLetter(n)}`;
    }],
    ['cpf', () => {
      const n = nz(9);
      const d = n + cpfCheckDigits(n);
      return `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6, 9)}-${d.slice(9)}`;
    }],
    ['aadhaar', () => {
      const n = `${r.int(2, 9)}${digits(10)}`;
      const d = n + verhoeffCheckDigit(n);
      return `${d.slice(0, 4)} ${d.slice(4, 8)} ${d.slice(8)}`;
    }],
  ];
  for (const [name, make] of ids) {
    for (let i = 0; i < 4; i++) {
      const id = make();
      plant(`national-id:${name}`, 'NATIONAL_ID', [id], r.pick([
        `The onboarding form rejected ${id} as invalid.`,
        `{"customer": {"tax_id": "${id}", "country": "${r.pick(['US', 'GB', 'FR', 'ES', 'BR', 'IN'])}"}}`,
        `Here is my ID number if you need it: ${id}`,
      ]));
    }
  }

  // ---------- user names in home folders (learnt, then caught elsewhere too)
  for (let i = 0; i < 20; i++) {
    const u = HANDLES[i % HANDLES.length];
    const variant = i % 6;
    const body = [
      `    at Object.<anonymous> (/Users/${u}/code/shop/src/server.ts:42:13)\n    at Module._compile (node:internal/modules/cjs/loader:1376:14)`,
      `  File "/home/${u}/projects/api/.venv/lib/python3.11/site-packages/requests/adapters.py", line 519, in send`,
      `PS C:\\Users\\${u}\\source\\repos\\Billing> dotnet build`,
      `{"cwd": "C:\\\\Users\\\\${u}\\\\Documents\\\\orders", "gitBranch": "main"}`,
      `$ ls /mnt/c/Users/${u}/Downloads\nexport.zip  invoice.pdf`,
      `Cloning into '/Users/${u}/src/dotfiles'...\nremote: Repository https://github.com/${u}/dotfiles not found.`,
    ][variant];
    plant(`user:${['mac', 'linux', 'windows', 'windows-json', 'wsl', 'learnt'][variant]}`, 'USER', [u], body);
  }
  for (let i = 0; i < 4; i++) {
    plant('user:listed', 'USER', [ACCOUNT.handle], r.pick([
      `The repo lives under ${ACCOUNT.handle} on GitHub, fork it from there.`,
      `Signed-off-by: ${ACCOUNT.handle}`,
      `uid=501(${ACCOUNT.handle}) gid=20(staff) groups=20(staff),12(everyone)`,
    ]));
  }

  // ---------- private host names
  for (let i = 0; i < 20; i++) {
    const c = corp();
    const variant = i % 7;
    const host = [
      `jenkins.${c}.internal`,
      `build-${r.int(1, 40)}.local`,
      `grafana.${c}.net`,
      `api.staging.${c}.io`,
      `${r.pick(FIRST)}s-MacBook-Pro`,
      `DESKTOP-${s(UPPER + DIGITS, 7)}`,
      `pg-primary-${r.int(1, 9)}`,
    ][variant];
    const body = [
      `curl: (6) Could not resolve host: ${host}`,
      `Connecting to ${host}:8080... failed: Connection refused.`,
      `Open https://${host}/d/${s(LOWER + DIGITS, 8)}/latency?orgId=1 to see the spike.`,
      `getaddrinfo ENOTFOUND ${host}`,
      `Last login: Mon Mar  3 09:12:44 on ttys001\n${r.pick(['dev', 'ana'])}@${host} ~ % npm test`,
      `Computer name: ${host}\nOS: Windows 11 Pro 23H2`,
      `spring.datasource.url=jdbc:postgresql://${host}:5432/orders\nhost: ${host}`,
    ][variant];
    plant(`host:${['internal', 'local', 'corp-url', 'corp-bare', 'device', 'windows-device', 'single-label'][variant]}`, 'HOST', [host], body);
  }

  // ---------- person names: listed in settings, the account's full name, and found by NLP
  for (let i = 0; i < 12; i++) {
    const name = LISTED_PEOPLE[i % LISTED_PEOPLE.length];
    const first = name.split(' ')[0];
    const body = i < 6
      ? r.pick([`${name} asked us to keep the old endpoint until Friday.`, `cc ${name} — she owns the billing service.`, `Reviewed-by: ${name}`])
      : r.pick([`Thanks ${first}, merged.`, `${first} says the flaky test is in __tests__/api.test.ts.`]);
    plant('person:listed', 'PERSON', [i < 6 ? name : first], body);
  }
  for (let i = 0; i < 4; i++) {
    plant('person:account', 'PERSON', [ACCOUNT.fullName], r.pick([`Co-authored-by: ${ACCOUNT.fullName}`, `Hi, I am ${ACCOUNT.fullName}, the maintainer of this repo.`]));
  }
  for (let i = 0; i < 24; i++) {
    const name = person();
    plant('person:nlp', 'PERSON', [name], r.pick([
      `I talked to ${name} this morning; they want the retry logic to back off exponentially.`,
      `${name} reviewed the PR and asked us to keep the effect out of the render path.`,
      `Can you add ${name} as a reviewer on the migration?`,
      `Per ${name}'s comment, rename the handler before we merge.`,
      `Message from ${name}: the staging deploy is broken again.`,
      `Meeting notes: ${name} will take over the on-call rotation next week.`,
      `The customer, ${name}, reported that checkout fails on Safari.`,
    ]));
  }

  // Names from outside the English lexicon: the hard case for the NLP step.
  const intlFirst = ['Wei', 'Aarav', 'Chiara', 'Olumide', 'Siddharth', 'Yusuf', 'Anastasia', 'Dmitri', 'Nkechi', 'Haruto', 'Björn', 'Zainab'];
  const intlLast = ['Zhang', 'Sharma', 'Bianchi', 'Bakare', 'Iyer', 'Demir', 'Volkova', 'Petrov', 'Okonkwo', 'Sato', 'Lindqvist', 'Haddad'];
  for (let i = 0; i < 12; i++) {
    const name = `${intlFirst[i]} ${r.pick(intlLast)}`;
    plant('person:nlp-intl', 'PERSON', [name], r.pick([
      `I talked to ${name} this morning about the failing import.`,
      `${name} from the data team says the schema changed.`,
      `Please loop in ${name}, who wrote the original parser.`,
    ]));
  }

  // ---------- code only: nothing to remove, everything must stay
  for (let i = 0; i < 60; i++) {
    const f = filler(r, r.int(3, 6));
    docs.push({ text: f.lines.join('\n'), items: [], keep: f.keep });
  }
  return { docs, options: { userNames: [ACCOUNT.handle, ACCOUNT.fullName], extraNames: LISTED_PEOPLE } };
}

/** Digits with the separators people put between them removed: "+1 (415) 555-0132" → "14155550132". */
function joinDigits(s: string): string {
  return s.replace(/[+()]/g, '').replace(/(?<=\d)[\s.-]+(?=\d)/g, '');
}

export function leaked(output: string, needle: string): boolean {
  const out = output.toLowerCase();
  const n = needle.toLowerCase();
  if (out.includes(n)) return true;
  if (n.length >= 10 && out.replace(/\s+/g, '').includes(n.replace(/\s+/g, ''))) return true;
  const d = n.replace(/\D/g, '');
  return d.length >= 7 && /^[\d\s().+-]+$/.test(n) && joinDigits(out).includes(d);
}

export interface ScrubScore {
  perKind: Record<string, { planted: number; caught: number; typed: number }>;
  planted: number;
  caught: number;
  recall: number;
  keepTotal: number;
  keepSurvived: number;
  survival: number;
  /** Up to 20 examples of what went wrong, for the report. */
  misses: string[];
  damaged: string[];
}

/** Scores outputs (in corpus order): recall over planted items and survival of the keep strings. */
export function scoreScrub(corpus: ScrubCorpus, outputs: readonly string[]): ScrubScore {
  const perKind: ScrubScore['perKind'] = {};
  let planted = 0;
  let caught = 0;
  let keepTotal = 0;
  let keepSurvived = 0;
  const misses: string[] = [];
  const damaged: string[] = [];
  corpus.docs.forEach((doc, i) => {
    const out = outputs[i];
    for (const item of doc.items) {
      const k = (perKind[item.kind] ??= { planted: 0, caught: 0, typed: 0 });
      k.planted++;
      planted++;
      const leak = item.needles.find((n) => leaked(out, n));
      if (!leak) {
        k.caught++;
        caught++;
        if (out.includes(`<${item.expected}_`)) k.typed++;
      } else if (misses.length < 20) misses.push(`${item.kind}: ${JSON.stringify(leak)} in ${JSON.stringify(out.slice(0, 300))}`);
    }
    for (const keep of doc.keep) {
      keepTotal++;
      if (out.includes(keep)) keepSurvived++;
      else if (damaged.length < 20) damaged.push(`${JSON.stringify(keep)} in ${JSON.stringify(out.slice(0, 300))}`);
    }
  });
  return { perKind, planted, caught, recall: caught / planted, keepTotal, keepSurvived, survival: keepSurvived / keepTotal, misses, damaged };
}
