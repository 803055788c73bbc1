// Agent-log corpus, SEVENTH HELD-OUT part. Written and committed before any of the detector changes of
// the work that followed part 6's scoring (users in error quotes and access logs, cloud ARNs, hosts
// under uncommon TLDs, names that are English words, identifier keeping), and never tuned on: it is
// scored once, after those changes, and its misses are reported, not fixed.
// Its own templates (a `λ` prompt, database and directory errors naming users, access logs of Apache,
// nginx, Caddy, Traefik, HAProxy and IIS, AWS/GCP/Azure identities, home folders on three systems,
// chat prose in Chinese, Japanese, Russian, Ukrainian, Arabic, Hebrew and Hindi scripts), its own pools
// (Portuguese-Brazilian, Hausa, Kazakh, Maltese, Bengali names, English names that are words) and seed.
import type { ScrubCorpus } from '../scrub-corpus.js';
import { ALNUM, buildFrom, DIGITS, HEXD, item, LOWER, type Pools, type Template } from './gen.js';

export const HELD_OUT_7_POOLS: Pools = {
  people: {
    br: [['Thaís', 'Caio', 'Luana', 'Everton', 'Jéssica', 'Wellington'], ['Albuquerque', 'Nascimento', 'Cavalcanti', 'Bezerra', 'Siqueira', 'Damasceno']],
    ha: [['Aisha', 'Musa', 'Zainab', 'Abdullahi', 'Hauwa', 'Sani'], ['Danjuma', 'Abubakar', 'Garba', 'Lawal', 'Bello', 'Yakubu']],
    kk: [['Aigerim', 'Nurlan', 'Dinara', 'Yerlan', 'Saule', 'Askar'], ['Nurpeisov', 'Tokayeva', 'Zhaksybekov', 'Seitkali', 'Abenova', 'Omarov']],
    mt: [['Ġorġ', 'Ċettina', 'Ċensu', 'Rita', 'Ninu', 'Doris'], ['Borg', 'Camilleri', 'Vella', 'Farrugia', 'Zammit', 'Grech']],
    bn: [['Anika', 'Rafiq', 'Tahmina', 'Sourav', 'Nusrat', 'Arnab'], ['Chowdhury', 'Hossain', 'Mukherjee', 'Banerjee', 'Rahman', 'Sarkar']],
    en: [['Dawn', 'Sterling', 'Autumn', 'Chase', 'Hunter', 'Gale'], ['Shepherd', 'Rich', 'Gardner', 'Fox', 'Lane', 'Bishop']],
  },
  handles: ['talbuquerque', 'mdanjuma', 'anurpeisov', 'gborg', 'rchowdhury', 'dshepherd', 'cnascimento', 'zgarba', 'dtokayeva', 'mcamilleri', 'shossain', 'cfox'],
  orgs: ['capibaribe', 'sahel-grid', 'altai-soft', 'valletta-io', 'padma-cloud', 'wessex-ops', 'jacuipe-data', 'kano-labs'],
  tlds: ['tech', 'app', 'xyz', 'berlin', 'bzh', 'africa', 'com.br', 'co.jp', 'com.au', 'engineering', 'studio', 'mt'],
  code: {
    functions: ['OrderSaga.compensate', 'normalize_phone', 'useDebouncedValue', 'LeaseManager.renew', 'parse_manifest', 'OutboxRelay.drain', 'rebuild_search_index', 'formatCurrency'],
    packages: ['tokio v1.38.0', 'pydantic==2.7.4', '@radix-ui/react-dialog@1.1.1', 'gunicorn==22.0.0', 'vitest@1.6.0', 'thiserror v1.0.61'],
    paths: ['src/orders/saga.ts', 'contacts/phone.py', 'app/hooks/useDebouncedValue.ts', 'pkg/lease/manager.go', 'infra/terraform/iam.tf', 'db/migrate/20261130_add_outbox.rb'],
    urls: ['https://docs.pydantic.dev/latest/concepts/validators/', 'https://fastapi.tiangolo.com/tutorial/dependencies/', 'https://learn.microsoft.com/en-us/azure/role-based-access-control/overview', 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles.html', 'https://www.prisma.io/docs/orm/prisma-client', 'https://pkg.go.dev/context'],
  },
};

/** Names in scripts other than Latin, written as their languages write them (family name first where it is). */
const SCRIPT_NAMES: Record<string, string[]> = {
  zh: ['王秀英', '李建国', '张丽娟', '刘洋', '陈志强', '杨静'],
  ja: ['佐藤 健太', '鈴木 美咲', '高橋 大輔', '田中 陽菜', '渡辺 翔', '伊藤 さくら'],
  ru: ['Дмитрий Волков', 'Анна Соколова', 'Сергей Кузнецов', 'Ольга Морозова', 'Алексей Лебедев', 'Наталья Павлова'],
  uk: ['Олена Шевчук', 'Тарас Бондаренко', 'Ірина Коваленко', 'Богдан Ткаченко', 'Оксана Мельник', 'Андрій Кравчук'],
  ar: ['محمد العتيبي', 'فاطمة الزهراني', 'عبدالله القحطاني', 'نورة الشمري', 'خالد الدوسري', 'سارة الحربي'],
  he: ['נועה כהן', 'איתי לוי', 'מיכל פרץ', 'יונתן מזרחי', 'שירה אברהם', 'עומר ביטון'],
  hi: ['राहुल शर्मा', 'प्रिया वर्मा', 'अमित गुप्ता', 'नेहा सिंह', 'विकास यादव', 'पूजा जोशी'],
};

const SCRIPT_PROSE: Record<string, ((n: string) => string)[]> = {
  zh: [(n) => `昨天${n}说迁移脚本在生产环境跑了两次。`, (n) => `请问一下${n}，证书是不是已经续期了？`],
  ja: [(n) => `${n}さんがマイグレーションのレビューをしてくれました。`, (n) => `${n}さんに本番のログを確認してもらえますか？`],
  ru: [(n) => `${n} сказал, что миграция упала ночью.`, (n) => `Спроси у ${n}, обновили ли сертификат.`],
  uk: [(n) => `${n} підтвердила, що бекап запускається двічі.`, (n) => `Напиши ${n}, будь ласка, про ключі доступу.`],
  ar: [(n) => `قال ${n} إن النشر فشل مرة أخرى الليلة.`, (n) => `من فضلك اسأل ${n} عن صلاحيات قاعدة البيانات.`],
  he: [(n) => `${n} אמרה שהמיגרציה נכשלה בלילה.`, (n) => `תשאל את ${n} אם התעודה חודשה.`],
  hi: [(n) => `${n} ने बताया कि बिल्ड कल से टूटा हुआ है।`, (n) => `कृपया ${n} से पूछो कि सर्टिफिकेट रिन्यू हुआ या नहीं।`],
};

const LATIN_PROSE: Record<string, ((n: string) => string)[]> = {
  br: [(n) => `O ${n} falou que o deploy de ontem quebrou o checkout.`, (n) => `Pergunta pra ${n} se a chave da API já foi trocada.`],
  ha: [(n) => `${n} ya ce an gyara matsalar da sabar.`, (n) => `Looping in ${n} from the mobile team about the push certificates.`],
  kk: [(n) => `${n} миграцияны тексерді.`, (n) => `${n} owns the settlement service, ask before touching it.`],
  mt: [(n) => `${n} qal li l-backup ma ħadimx il-lejl li għadda.`, (n) => `Staqsi lil ${n} dwar iċ-ċertifikat.`],
  bn: [(n) => `${n} বলেছে যে সার্ভারটা আবার ডাউন।`, (n) => `Paired with ${n} on the flaky payment test yesterday.`],
  en: [(n) => `${n} signed off on the schema change, so we can ship it.`, (n) => `Talked to ${n}; the batch job stays paused until Monday.`],
};

const az = (n: number) => `${n}`.padStart(2, '0');

export const HELD_OUT_7_TEMPLATES: Template[] = [
  // ---- database and directory errors naming a user
  (g) => {
    const u = g.handle();
    const ip = g.ip();
    return {
      text: `λ mysql -h ${ip} -u ${u} -p orders\nEnter password:\nERROR 1045 (28000): Access denied for user '${u}'@'${ip}' (using password: YES)`,
      items: [item('mysql-denied:user', 'USER', u), item('mysql-denied:ip', 'IP', ip)],
      keep: ['ERROR 1045 (28000): Access denied for user', '(using password: YES)'],
    };
  },
  (g) => {
    const u = g.handle();
    return {
      text: `psql: error: connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: FATAL:  role "${u}" does not exist`,
      items: [item('pg-role:user', 'USER', u)],
      keep: ['/var/run/postgresql/.s.PGSQL.5432', 'does not exist'],
    };
  },
  (g) => {
    const u = g.handle();
    const h = g.host();
    return {
      text: `pymongo.errors.OperationFailure: Authentication failed., full error: {'ok': 0.0, 'errmsg': 'Authentication failed.', 'code': 18, 'codeName': 'AuthenticationFailed'}\n  while connecting as "${u}" to ${h}:27017`,
      items: [item('mongo-auth:user', 'USER', u), item('mongo-auth:host', 'HOST', h)],
      keep: ["'codeName': 'AuthenticationFailed'"],
    };
  },
  (g) => {
    const u = g.handle();
    const o = g.org();
    return {
      text: `ldap_bind: Invalid credentials (49)\n\tadditional info: 80090308: LdapErr: DSID-0C09044E\nbind DN: uid=${u},ou=people,dc=${o.replace(/-/g, '')},dc=local`,
      items: [item('ldap-dn:user', 'USER', u)],
      keep: ['ldap_bind: Invalid credentials (49)', 'ou=people'],
    };
  },
  (g) => {
    const u = g.handle();
    return {
      text: `sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) FATAL:  no pg_hba.conf entry for host "127.0.0.1", user "${u}", database "orders", SSL off`,
      items: [item('pg-hba:user', 'USER', u)],
      keep: ['no pg_hba.conf entry for host', 'database "orders", SSL off'],
    };
  },
  (g) => {
    const u = g.handle();
    return {
      text: `Dec 02 03:11:47 gw sudo[${g.int(1000, 99999)}]: ${u} : 3 incorrect password attempts ; TTY=pts/1 ; PWD=/srv/app ; USER=root ; COMMAND=/usr/bin/systemctl restart app`,
      items: [item('sudo-log:user', 'USER', u)],
      keep: ['USER=root', 'COMMAND=/usr/bin/systemctl restart app'],
    };
  },
  // ---- access logs of several servers
  (g) => {
    const ip = g.ip();
    const u = g.handle();
    return {
      text: `${ip} - ${u} [02/Dec/2026:14:03:22 +0100] "POST /api/v2/orders HTTP/2.0" 201 512 "https://shop.example.com/cart" "Mozilla/5.0 (X11; Linux x86_64)"`,
      items: [item('apache-combined:ip', 'IP', ip), item('apache-combined:user', 'USER', u)],
      keep: ['"POST /api/v2/orders HTTP/2.0" 201'],
    };
  },
  (g) => {
    const ip = g.ip();
    const u = g.handle();
    return {
      text: `{"level":"info","ts":1764680000.123,"logger":"http.log.access","msg":"handled request","request":{"remote_ip":"${ip}","method":"GET","uri":"/metrics","headers":{"User-Agent":["Prometheus/2.53.0"]}},"user_id":"${u}","status":401}`,
      items: [item('caddy-json:ip', 'IP', ip), item('caddy-json:user', 'USER', u)],
      keep: ['"logger":"http.log.access"', '"uri":"/metrics"'],
    };
  },
  (g) => {
    const ip = g.ip();
    const u = g.handle();
    return {
      text: `${ip} - ${u} [02/Dec/2026:09:00:01 +0000] "GET /dashboard HTTP/1.1" 200 1843 "-" "Mozilla/5.0" ${g.int(10, 999)} "websecure-dashboard@docker" "http://172.18.0.4:3000" 12ms`,
      items: [item('traefik-access:ip', 'IP', ip), item('traefik-access:user', 'USER', u)],
      keep: ['"websecure-dashboard@docker"'],
    };
  },
  (g) => {
    const ip = g.ip();
    const u = g.handle();
    return {
      text: `2026-12-02 08:15:43 10.0.0.5 GET /reports/q4.xlsx - 443 CORP\\${u} ${ip} Mozilla/5.0+(Windows+NT+10.0) - 200 0 0 ${g.int(10, 900)}`,
      items: [item('iis-log:user', 'USER', u), item('iis-log:ip', 'IP', ip)],
      keep: ['GET /reports/q4.xlsx'],
    };
  },
  (g) => {
    const ip = g.ip();
    const u = g.handle();
    return {
      text: `Dec  2 10:42:17 lb1 haproxy[812]: ${ip}:${g.int(30000, 65000)} [02/Dec/2026:10:42:17.311] https-in~ api/api2 0/0/1/12/13 200 734 - - ---- 3/3/0/0/0 0/0 {${u}} "GET /v1/me HTTP/1.1"`,
      items: [item('haproxy-log:ip', 'IP', ip), item('haproxy-log:user', 'USER', u)],
      keep: ['https-in~ api/api2', '"GET /v1/me HTTP/1.1"'],
    };
  },
  // ---- cloud identities
  (g) => {
    const u = g.handle();
    const acct = g.s(DIGITS, 12);
    return {
      text: `An error occurred (AccessDenied) when calling the PutObject operation: User: arn:aws:sts::${acct}:assumed-role/DeveloperAccess/${u} is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::build-artifacts/app.zip"`,
      items: [item('aws-assumed:user', 'USER', u)],
      keep: ['An error occurred (AccessDenied) when calling the PutObject operation', 'assumed-role/DeveloperAccess/', 'is not authorized to perform: s3:PutObject'],
    };
  },
  (g) => {
    const u = g.handle();
    const acct = g.s(DIGITS, 12);
    return {
      text: `λ aws iam list-access-keys --user-name ${u}\n{\n    "AccessKeyMetadata": [\n        {\n            "UserName": "${u}",\n            "AccessKeyId": "AKIA${g.s('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}",\n            "Status": "Active"\n        }\n    ]\n}\n# arn:aws:iam::${acct}:user/engineering/${u}`,
      items: [item('aws-iam-keys:user', 'USER', u)],
      keep: ['"Status": "Active"', 'aws iam list-access-keys'],
    };
  },
  (g) => {
    const [f, l] = g.person(g.pick(['br', 'mt', 'bn', 'en']));
    const e = g.email(f, l);
    const proj = `${g.org()}-prod-${g.int(100, 999)}`;
    return {
      text: `λ gcloud projects get-iam-policy ${proj} --format=json | jq '.bindings[0]'\n{\n  "members": [\n    "user:${e}",\n    "serviceAccount:ci-deployer@${proj}.iam.gserviceaccount.com"\n  ],\n  "role": "roles/run.admin"\n}`,
      items: [item('gcp-iam:email', 'EMAIL', e), item('gcp-iam:project', 'HOST', `${proj}.iam.gserviceaccount.com`)],
      keep: ['"role": "roles/run.admin"'],
    };
  },
  (g) => {
    const [f, l] = g.person(g.pick(['ha', 'kk', 'en', 'br']));
    const upn = `${f.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '')}.${l.toLowerCase()}@${g.org().replace(/-/g, '')}.onmicrosoft.com`;
    return {
      text: `λ az account show\n{\n  "environmentName": "AzureCloud",\n  "id": "${g.r.uuid()}",\n  "isDefault": true,\n  "name": "Pay-As-You-Go",\n  "state": "Enabled",\n  "user": {\n    "name": "${upn}",\n    "type": "user"\n  }\n}`,
      items: [item('azure-upn:email', 'EMAIL', upn)],
      keep: ['"environmentName": "AzureCloud"', '"type": "user"'],
    };
  },
  // ---- hosts under many TLDs
  (g) => {
    const h = g.host();
    return {
      text: `λ curl -sS https://${h}/healthz\ncurl: (60) SSL certificate problem: unable to get local issuer certificate`,
      items: [item('curl-host:host', 'HOST', h)],
      keep: ['SSL certificate problem: unable to get local issuer certificate'],
    };
  },
  (g) => {
    const h = g.host();
    const ip = g.ip();
    return {
      text: `λ dig +short ${h}\n${ip}\nλ nc -vz ${h} 443\nConnection to ${h} (${ip}) 443 port [tcp/https] succeeded!`,
      items: [item('dig-host:host', 'HOST', h), item('dig-host:ip', 'IP', ip)],
      keep: ['443 port [tcp/https] succeeded!'],
    };
  },
  (g) => {
    const h = g.host();
    return {
      text: `Error: getaddrinfo ENOTFOUND ${h}\n    at GetAddrInfoReqWrap.onlookup [as oncomplete] (node:dns:109:26) {\n  errno: -3008,\n  code: 'ENOTFOUND',\n  syscall: 'getaddrinfo',\n  hostname: '${h}'\n}`,
      items: [item('enotfound:host', 'HOST', h)],
      keep: ['GetAddrInfoReqWrap.onlookup', "code: 'ENOTFOUND'"],
    };
  },
  // ---- home folders on three systems
  (g) => {
    const u = g.handle();
    return {
      text: `Traceback (most recent call last):\n  File "/home/${u}/work/api/contacts/phone.py", line 88, in normalize_phone\n    raise ValueError("bad number")\nValueError: bad number`,
      items: [item('home-linux:user', 'USER', u)],
      keep: ['contacts/phone.py", line 88, in normalize_phone'],
    };
  },
  (g) => {
    const u = g.handle();
    return {
      text: `PS C:\\Users\\${u}\\source\\repos\\Orders> dotnet build\nC:\\Users\\${u}\\source\\repos\\Orders\\Orders.csproj : error NU1301: Unable to load the service index for source https://api.nuget.org/v3/index.json.`,
      items: [item('home-windows:user', 'USER', u)],
      keep: ['error NU1301: Unable to load the service index for source https://api.nuget.org/v3/index.json.'],
    };
  },
  (g) => {
    const u = g.handle();
    return {
      text: `λ ls -la /Users/${u}/Library/Application\\ Support/Code/User/\n-rw-r--r--  1 ${u}  staff  2210 Dec  2 09:12 settings.json`,
      items: [item('home-mac:user', 'USER', u)],
      keep: ['settings.json'],
    };
  },
  // ---- identifiers that must stay: packages, scopes, env var names, role accounts
  (g) => {
    const pw = g.password();
    return {
      text: `λ cat docker-compose.yml\nservices:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: orders\n      POSTGRES_DB: orders\n      POSTGRES_PASSWORD: ${pw}\n    user: postgres`,
      items: [item('compose:password', 'PASSWORD', pw)],
      keep: ['POSTGRES_USER: orders', 'user: postgres', 'image: postgres:16'],
    };
  },
  (g) => {
    const k = 'np' + 'm_' + g.s(ALNUM, 36);
    return {
      text: `λ cat package.json | jq .dependencies\n{\n  "@radix-ui/react-dialog": "^1.1.1",\n  "@sentry/node": "^8.13.0",\n  "@aws-sdk/client-s3": "^3.600.0"\n}\nλ echo "//registry.npmjs.org/:_authToken=${k}" >> ~/.npmrc`,
      items: [item('npm-token:key', 'SECRET', k)],
      keep: ['"@radix-ui/react-dialog": "^1.1.1"', '"@sentry/node": "^8.13.0"', '"@aws-sdk/client-s3": "^3.600.0"'],
    };
  },
  (g) => {
    const fn = g.pick(HELD_OUT_7_POOLS.code.functions);
    return {
      text: `import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';\nimport * as Sentry from '@sentry/node';\nconst bucket = process.env.ARTIFACTS_BUCKET ?? 'build-artifacts';\n// ${fn} retries on ThrottlingException`,
      items: [],
      keep: ["from '@aws-sdk/client-s3'", "from '@sentry/node'", 'process.env.ARTIFACTS_BUCKET', fn],
    };
  },
  (g) => {
    const tok = g.token(32, 40);
    return {
      text: `λ env | grep -E 'AWS|SENTRY'\nAWS_PROFILE=dev-admin\nAWS_REGION=eu-central-1\nSENTRY_DSN=https://${g.hex(32)}@o${g.int(100000, 999999)}.ingest.sentry.io/${g.int(1000000, 9999999)}\nSENTRY_AUTH_TOKEN=${tok}`,
      items: [item('env-grep:token', 'SECRET', tok)],
      keep: ['AWS_PROFILE=dev-admin', 'AWS_REGION=eu-central-1'],
    };
  },
  (g) => {
    const u = g.pick(HELD_OUT_7_POOLS.code.urls);
    return {
      text: `The validator docs cover this case: ${u} (see also https://docs.python.org/3/library/functools.html#functools.cache).`,
      items: [],
      keep: [u, 'https://docs.python.org/3/library/functools.html#functools.cache'],
    };
  },
  (g) => {
    const pw = g.password();
    const u = g.handle();
    return {
      text: `[Unit]\nDescription=Orders worker\n[Service]\nUser=www-data\nGroup=www-data\nEnvironment=DATABASE_URL=postgres://orders:${pw}@localhost:5432/orders\n# last edited by ${u}`,
      items: [item('systemd-unit:password', 'PASSWORD', pw), item('systemd-unit:user', 'USER', u)],
      keep: ['User=www-data', 'Group=www-data', 'Environment=DATABASE_URL='],
    };
  },
  // ---- chat: names that are words, names by context, co-authors
  (g) => {
    const [f, l] = g.person('en');
    return {
      text: `As ${f} ${l} pointed out in standup, the cache key ignores the locale.`,
      items: [item('word-name:person', 'PERSON', `${f} ${l}`)],
      keep: ['the cache key ignores the locale.'],
    };
  },
  (g) => {
    const [f, l] = g.person();
    const e = g.email(f, l);
    return {
      text: `commit ${g.hex(40)}\nAuthor: ${f} ${l} <${e}>\nDate:   Tue Dec 1 18:22:09 2026 +0100\n\n    orders: compensate on partial capture`,
      items: [item('git-author:person', 'PERSON', `${f} ${l}`), item('git-author:email', 'EMAIL', e)],
      keep: ['orders: compensate on partial capture'],
    };
  },
  (g) => {
    const [f] = g.person();
    return {
      text: `Morning ${f}! The outbox relay is stuck again, dead letters piling up since 02:00.`,
      items: [item('morning:first', 'PERSON', f)],
      keep: ['The outbox relay is stuck again'],
    };
  },
  (g) => {
    const [f, l] = g.person();
    return {
      text: `Reviewed-by: ${f} ${l}\nSigned-off-by: ${f} ${l}`,
      items: [item('trailer:person', 'PERSON', `${f} ${l}`)],
      keep: [],
    };
  },
  // ---- chat prose, other scripts
  ...Object.keys(SCRIPT_NAMES).map((lang): Template => (g) => {
    const n = g.pick(SCRIPT_NAMES[lang]);
    return { text: g.pick(SCRIPT_PROSE[lang])(n), items: [item(`script:${lang}`, 'PERSON', n)], keep: [] };
  }),
  // ---- chat prose, Latin script
  ...Object.keys(HELD_OUT_7_POOLS.people).map((lang): Template => (g) => {
    const [f, l] = g.person(lang);
    const n = `${f} ${l}`;
    return { text: g.pick(LATIN_PROSE[lang])(n), items: [item(`prose:${lang}`, 'PERSON', n)], keep: [] };
  }),
  // ---- a password in a connection string, a token in a header
  (g) => {
    const u = g.handle();
    const pw = g.password();
    const h = g.host();
    return {
      text: `λ export DATABASE_URL="mysql://${u}:${pw}@${h}:3306/orders?ssl-mode=REQUIRED"\nλ bin/rails db:migrate`,
      items: [item('mysql-url:user', 'USER', u), item('mysql-url:password', 'PASSWORD', pw), item('mysql-url:host', 'HOST', h)],
      keep: ['bin/rails db:migrate', 'ssl-mode=REQUIRED'],
    };
  },
  (g) => {
    const tok = `${g.s(LOWER + DIGITS, 8)}.${g.s(HEXD, 40)}`;
    return {
      text: `λ curl -H "X-Api-Key: ${tok}" https://api.${g.org()}.${g.pick(HELD_OUT_7_POOLS.tlds)}/v1/me\n{"error":"expired"}`,
      items: [item('api-key-header:key', 'SECRET', tok)],
      keep: ['{"error":"expired"}'],
    };
  },
  (g) => {
    const t = `${az(g.int(0, 23))}:${az(g.int(0, 59))}`;
    const u = g.handle();
    return {
      text: `[${t}] <${u}> anyone know why the staging deploy is stuck on "waiting for lease"?`,
      items: [item('irc-nick:user', 'USER', u)],
      keep: ['waiting for lease'],
    };
  },
];

/** The seventh held-out part: 240 documents, seed 70717. */
export function buildHeldOut7Corpus(seed = 70717, count = 240): ScrubCorpus {
  return buildFrom(HELD_OUT_7_TEMPLATES, HELD_OUT_7_POOLS, seed, count);
}
