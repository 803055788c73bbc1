// Agent-log corpus, THIRD TUNING part, written after part 7 was frozen (held-out-7.ts): part 6's misses
// (users in error quotes, access logs and ARNs, hosts under uncommon TLDs, names that are English words)
// and the same families in templates, pools and a seed of its own: database and directory errors,
// access and auth logs, cloud identities, hosts under new gTLDs and ccTLDs, home folders, names in
// non-Latin scripts, and identifiers that must stay (public docs, npm scopes, service accounts).
import type { ScrubCorpus } from '../scrub-corpus.js';
import { ALNUM, buildFrom, DIGITS, item, type Pools, type Template } from './gen.js';

export const TUNE_3_POOLS: Pools = {
  people: {
    ig: [['Chidinma', 'Obinna', 'Ngozi', 'Emeka', 'Adaeze', 'Chukwudi'], ['Okonkwo', 'Eze', 'Nwosu', 'Okafor', 'Obi', 'Nnamdi']],
    uz: [['Dilnoza', 'Jasur', 'Malika', 'Sardor', 'Gulnora', 'Bekzod'], ['Karimova', 'Yusupov', 'Rakhimova', 'Tursunov', 'Ismoilova', 'Nazarov']],
    sq: [['Arbër', 'Drita', 'Elton', 'Blerta', 'Genti', 'Mirela'], ['Hoxha', 'Krasniqi', 'Berisha', 'Gashi', 'Shehu', 'Dervishi']],
    ta: [['Karthik', 'Priyanka', 'Senthil', 'Lavanya', 'Murugan', 'Divya'], ['Subramanian', 'Ramasamy', 'Venkatesan', 'Natarajan', 'Pillai', 'Arumugam']],
    tl: [['Precious', 'Joy-Ann', 'Rommel', 'Charmaine', 'Princess', 'Marvin'], ['Soriano', 'Pangilinan', 'Manalo', 'Tolentino', 'Aquino', 'Dizon']],
    en: [['Sunny', 'Miles', 'Ivory', 'Major', 'Merry', 'Noble'], ['Carpenter', 'Glass', 'Frost', 'Weaver', 'Park-Hill', 'Mills']],
  },
  handles: ['cokonkwo', 'jyusupov', 'ahoxha', 'ksubramanian', 'psoriano', 'smills', 'neze', 'mrakhimova', 'bkrasniqi', 'lnatarajan', 'rpangilinan', 'mfrost'],
  orgs: ['niger-delta-io', 'samarkand-soft', 'butrint-data', 'kaveri-cloud', 'taal-labs', 'severnside', 'enugu-ops', 'ferghana-tech'],
  tlds: ['eus', 'ph', 'tokyo', 'nrw', 'gal', 'systems', 'digital', 'com.mx', 'co.za', 'network', 'cat', 'al', 'uz'],
  code: {
    functions: ['PaymentIntent.capture', 'split_ledger', 'useOptimisticCart', 'RetryPolicy.backoff', 'read_frames', 'WebhookRouter.dispatch', 'prune_snapshots', 'toLocaleMoney'],
    packages: ['axum v0.7.5', 'httpx==0.27.0', '@tanstack/react-table@8.17.3', 'structlog==24.2.0', 'turbo@2.0.4', 'sqlx v0.7.4'],
    paths: ['src/payments/intent.ts', 'ledger/split.py', 'web/hooks/useOptimisticCart.ts', 'internal/retry/policy.go', 'ops/ansible/site.yml', 'db/migrations/0311_webhooks.sql'],
    urls: ['https://docs.sqlalchemy.org/en/20/orm/session.html', 'https://docs.celeryq.dev/en/stable/userguide/tasks.html', 'https://www.postgresql.org/docs/16/auth-pg-hba-conf.html', 'https://cloud.google.com/iam/docs/service-account-overview', 'https://www.typescriptlang.org/docs/handbook/2/generics.html', 'https://docs.djangoproject.com/en/5.0/topics/auth/'],
  },
};

const SCRIPT_NAMES: Record<string, string[]> = {
  zh: ['赵敏', '孙丽华', '周建华', '吴晓东', '郑海燕', '黄志明'],
  ja: ['山本 直樹', '中村 愛', '小林 拓也', '加藤 美穂', '吉田 亮', '山田 花子'],
  ko: ['김민준', '이서연', '박지훈', '최유진', '정하늘', '강도윤'],
  ru: ['Игорь Смирнов', 'Елена Попова', 'Михаил Новиков', 'Татьяна Фёдорова', 'Павел Егоров', 'Юлия Козлова'],
  ar: ['أحمد المطيري', 'مريم العنزي', 'يوسف الغامدي', 'ليلى السبيعي', 'عمر الشهري', 'هند العمري'],
  fa: ['علی رضایی', 'زهرا محمدی', 'حسین احمدی', 'مریم حسینی', 'رضا کریمی', 'فاطمه موسوی'],
  he: ['דניאל אזולאי', 'רונית שפירא', 'אבי דהן', 'תמר פרידמן', 'יוסי חדד', 'ליאת גבאי'],
  hi: ['सुनील कुमार', 'अनीता मिश्रा', 'रोहित अग्रवाल', 'कविता पांडे', 'मनोज तिवारी', 'स्नेहा चौहान'],
};

const SCRIPT_PROSE: Record<string, ((n: string) => string)[]> = {
  zh: [(n) => `${n}负责支付服务，改之前先问一下她。`, (n) => `我已经把日志发给${n}了，等他回复。`],
  ja: [(n) => `${n}さんから本番DBのパスワードを受け取りました。`, (n) => `この件は${n}さんが担当です。`],
  ko: [(n) => `${n} 님이 배포를 승인했습니다.`, (n) => `${n} 씨에게 인증서 갱신을 물어봐 주세요.`],
  ru: [(n) => `Вчера ${n} перезапустил воркер.`, (n) => `${n} отвечает за биллинг, уточни у неё.`],
  ar: [(n) => `أرسلت السجلات إلى ${n} أمس.`, (n) => `${n} مسؤول عن خدمة الدفع.`],
  fa: [(n) => `${n} گفت که سرور دوباره از کار افتاده است.`, (n) => `لطفاً از ${n} درباره‌ی کلید API بپرس.`],
  he: [(n) => `${n} אחראי על שירות התשלומים.`, (n) => `שלחתי את הלוגים ל${n} אתמול.`],
  hi: [(n) => `${n} ने कल सर्वर रीस्टार्ट किया था।`, (n) => `इस बारे में ${n} जी से बात करो।`],
};

const LATIN_PROSE: Record<string, ((n: string) => string)[]> = {
  ig: [(n) => `${n} kwuru na ihe nchekwa adịghị arụ ọrụ.`, (n) => `Handing the incident over to ${n} for the night shift.`],
  uz: [(n) => `${n} serverni qayta ishga tushirdi.`, (n) => `${n} owns the ledger export; check with her first.`],
  sq: [(n) => `${n} tha se migrimi dështoi sonte.`, (n) => `Pyet ${n} për certifikatën, të lutem.`],
  ta: [(n) => `${n} wrote the retry policy, so loop them into the review.`, (n) => `Escalated to ${n} since the pager went quiet.`],
  tl: [(n) => `Tanungin mo si ${n} tungkol sa database.`, (n) => `Ayon kay ${n}, bukas pa ang deploy.`],
  en: [(n) => `Per ${n}, the retry budget is five attempts.`, (n) => `${n} (on call) acknowledged the page at 03:12.`],
};

export const TUNE_3_TEMPLATES: Template[] = [
  // ---- database and directory errors naming users
  (g) => {
    const u = g.handle();
    return {
      text: `2026-12-03 04:12:55.120 UTC [${g.int(1000, 9999)}] ${u}@payments FATAL:  password authentication failed for user "${u}"\n2026-12-03 04:12:55.120 UTC [${g.int(1000, 9999)}] DETAIL:  Connection matched pg_hba.conf line 99: "host all all 0.0.0.0/0 scram-sha-256"`,
      items: [item('pg-log:user', 'USER', u)],
      keep: ['Connection matched pg_hba.conf line 99'],
    };
  },
  (g) => {
    const u = g.handle();
    return {
      text: `pymysql.err.OperationalError: (1045, "Access denied for user '${u}'@'10.20.0.4' (using password: YES)")`,
      items: [item('pymysql:user', 'USER', u)],
      keep: ['pymysql.err.OperationalError: (1045,'],
    };
  },
  (g) => {
    const u = g.handle();
    return {
      text: `Microsoft.Data.SqlClient.SqlException (0x80131904): Login failed for user 'ACME\\${u}'.\n   at Microsoft.Data.SqlClient.SqlInternalConnection.OnError(SqlException exception)`,
      items: [item('mssql:user', 'USER', u)],
      keep: ['SqlInternalConnection.OnError'],
    };
  },
  (g) => {
    const u = g.handle();
    return {
      text: `error: role "${u}" does not exist\n    at Parser.parseErrorMessage (node_modules/pg-protocol/dist/parser.js:283:98)`,
      items: [item('node-pg-role:user', 'USER', u)],
      keep: ['node_modules/pg-protocol/dist/parser.js:283:98'],
    };
  },
  (g) => {
    const u = g.handle();
    return {
      text: `[Tue Dec 01 11:20:31.002 2026] [auth_basic:error] [pid ${g.int(100, 9999)}] [client 10.1.2.3:51234] AH01618: user ${u} not found: /admin`,
      items: [item('apache-auth:user', 'USER', u)],
      keep: ['AH01618'],
    };
  },
  (g) => {
    const u = g.handle();
    return {
      text: `$ ldapsearch -x -H ldaps://ldap.${g.org()}.${g.pick(TUNE_3_POOLS.tlds)} -D "uid=${u},ou=staff,dc=corp" -W\nldap_bind: Invalid credentials (49)`,
      items: [item('ldapsearch:user', 'USER', u)],
      keep: ['ldap_bind: Invalid credentials (49)'],
    };
  },
  (g) => {
    const u = g.handle();
    return {
      text: `Dec  3 02:14:09 bastion sudo: ${u} : user NOT in sudoers ; TTY=pts/0 ; PWD=/home/ops ; USER=root ; COMMAND=/bin/bash`,
      items: [item('sudoers:user', 'USER', u)],
      keep: ['user NOT in sudoers'],
    };
  },
  (g) => {
    const u = g.handle();
    return {
      text: `Dec  3 02:15:40 bastion sshd[${g.int(100, 9999)}]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=10.9.8.7  user=${u}`,
      items: [item('pam:user', 'USER', u)],
      keep: ['pam_unix(sshd:auth): authentication failure'],
    };
  },
  // ---- access logs
  (g) => {
    const ip = g.ip();
    const u = g.handle();
    return {
      text: `${ip} - ${u} [03/Dec/2026:07:45:12 +0000] "GET /api/v1/invoices?page=2 HTTP/1.1" 200 9132 "-" "python-requests/2.32.3" rt=0.041`,
      items: [item('nginx-combined:ip', 'IP', ip), item('nginx-combined:user', 'USER', u)],
      keep: ['"GET /api/v1/invoices?page=2 HTTP/1.1" 200'],
    };
  },
  (g) => {
    const ip = g.ip();
    const u = g.handle();
    return {
      text: `{"time_local":"03/Dec/2026:07:45:12 +0000","remote_addr":"${ip}","remote_user":"${u}","request":"DELETE /api/v1/tokens/17 HTTP/1.1","status":"204"}`,
      items: [item('nginx-json:ip', 'IP', ip), item('nginx-json:user', 'USER', u)],
      keep: ['"request":"DELETE /api/v1/tokens/17 HTTP/1.1"'],
    };
  },
  (g) => {
    const ip = g.ip();
    const u = g.handle();
    return {
      text: `{"ClientAddr":"${ip}:${g.int(30000, 60000)}","ClientUsername":"${u}","DownstreamStatus":403,"RequestMethod":"PUT","RequestPath":"/v2/charts","RouterName":"registry@file"}`,
      items: [item('traefik-json:ip', 'IP', ip), item('traefik-json:user', 'USER', u)],
      keep: ['"RouterName":"registry@file"'],
    };
  },
  (g) => {
    const u = g.handle();
    return {
      text: `{"ts":"2026-12-03T07:45:12Z","level":"info","msg":"request","method":"POST","path":"/graphql","userId":"${u}","latency_ms":38}`,
      items: [item('app-json:user', 'USER', u)],
      keep: ['"path":"/graphql"'],
    };
  },
  (g) => {
    const u = g.handle();
    const ip = g.ip();
    return {
      text: `2026-12-03 07:45:12 W3SVC1 ${ip} POST /Orders/Submit - 443 ${g.pick(['ACME', 'CORP', 'AD'])}\\${u} 10.4.4.4 Mozilla/5.0 200 0 0 88`,
      items: [item('iis-w3c:user', 'USER', u), item('iis-w3c:ip', 'IP', ip)],
      keep: ['POST /Orders/Submit'],
    };
  },
  // ---- cloud identities
  (g) => {
    const u = g.handle();
    const acct = g.s(DIGITS, 12);
    return {
      text: `$ aws sts get-caller-identity --query Arn --output text\narn:aws:iam::${acct}:user/${u}`,
      items: [item('arn-user:user', 'USER', u)],
      keep: ['--query Arn --output text'],
    };
  },
  (g) => {
    const u = g.handle();
    const acct = g.s(DIGITS, 12);
    return {
      text: `{"eventName":"DeleteBucket","userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::${acct}:assumed-role/AWSReservedSSO_Admin_0a1b2c/${u}","principalId":"AROA${g.s('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 17)}:${u}"}}`,
      items: [item('cloudtrail:user', 'USER', u)],
      keep: ['"eventName":"DeleteBucket"'],
    };
  },
  (g) => {
    const u = g.handle();
    return {
      text: `$ aws iam get-user --user-name ${u}\n{\n    "User": {\n        "Path": "/",\n        "UserName": "${u}",\n        "CreateDate": "2024-03-01T09:00:00Z"\n    }\n}`,
      items: [item('iam-get-user:user', 'USER', u)],
      keep: ['"Path": "/"'],
    };
  },
  (g) => {
    const [f, l] = g.person(g.pick(['sq', 'uz', 'en']));
    const e = g.email(f, l);
    return {
      text: `$ gcloud config list\n[core]\naccount = ${e}\nproject = ${g.org()}-staging\n\nYour active configuration is: [default]`,
      items: [item('gcloud-config:email', 'EMAIL', e)],
      keep: ['Your active configuration is: [default]'],
    };
  },
  (g) => {
    const [f, l] = g.person(g.pick(['ig', 'ta', 'tl']));
    const upn = `${f[0].toLowerCase()}${l.toLowerCase()}@${g.org().replace(/-/g, '')}.onmicrosoft.com`;
    return {
      text: `$ az ad signed-in-user show --query '{upn:userPrincipalName, name:displayName}'\n{\n  "name": "${f} ${l}",\n  "upn": "${upn}"\n}`,
      items: [item('az-user:email', 'EMAIL', upn), item('az-user:person', 'PERSON', `${f} ${l}`)],
      keep: ['az ad signed-in-user show'],
    };
  },
  // ---- hosts under ccTLDs and new gTLDs, in errors and configs
  (g) => {
    const h = g.host();
    const ip = g.ip();
    return {
      text: `psycopg2.OperationalError: connection to server at "${h}" (${ip}), port 6432 failed: FATAL:  too many connections`,
      items: [item('psycopg2:host', 'HOST', h), item('psycopg2:ip', 'IP', ip)],
      keep: ['FATAL:  too many connections'],
    };
  },
  (g) => {
    const h = g.host();
    return {
      text: `upstream api_backend {\n    server ${h}:8443 max_fails=3;\n    keepalive 32;\n}`,
      items: [item('nginx-upstream:host', 'HOST', h)],
      keep: ['keepalive 32;'],
    };
  },
  (g) => {
    const h = g.host();
    return {
      text: `$ curl -v https://${h}:9443/ready\n* Could not resolve host: ${h}\ncurl: (6) Could not resolve host: ${h}`,
      items: [item('curl-resolve:host', 'HOST', h)],
      keep: ['curl: (6) Could not resolve host:'],
    };
  },
  (g) => {
    const h = g.host();
    return {
      text: `Deployed build 4821 to ${h} and ran the smoke tests; all green.`,
      items: [item('prose-host:host', 'HOST', h)],
      keep: ['ran the smoke tests; all green.'],
    };
  },
  (g) => {
    const h = g.host();
    return {
      text: `dial tcp: lookup ${h} on 127.0.0.53:53: no such host`,
      items: [item('go-dial:host', 'HOST', h)],
      keep: ['on 127.0.0.53:53: no such host'],
    };
  },
  // ---- home folders
  (g) => {
    const u = g.handle();
    return {
      text: `error[E0433]: failed to resolve: use of undeclared crate or module \`sqlx\`\n --> /home/${u}/code/ledger/src/main.rs:12:5`,
      items: [item('home-rust:user', 'USER', u)],
      keep: ['failed to resolve: use of undeclared crate or module'],
    };
  },
  (g) => {
    const u = g.handle();
    return {
      text: `$ cd /mnt/c/Users/${u}/Projects/shop && npm ci\nnpm ERR! code EACCES`,
      items: [item('home-wsl:user', 'USER', u)],
      keep: ['npm ERR! code EACCES'],
    };
  },
  // ---- identifiers that must stay
  (g) => {
    const pw = g.password();
    return {
      text: `$ docker run --rm -e MYSQL_USER=shop -e MYSQL_DATABASE=shop -e MYSQL_PASSWORD=${pw} -e MYSQL_RANDOM_ROOT_PASSWORD=yes mysql:8.4`,
      items: [item('mysql-container:password', 'PASSWORD', pw)],
      keep: ['MYSQL_USER=shop', 'MYSQL_DATABASE=shop', 'mysql:8.4'],
    };
  },
  (g) => {
    const pw = g.password();
    return {
      text: `services:\n  queue:\n    image: rabbitmq:3.13-management\n    environment:\n      RABBITMQ_DEFAULT_USER: billing\n      RABBITMQ_DEFAULT_PASS: ${pw}`,
      items: [item('rabbit-compose:password', 'PASSWORD', pw)],
      keep: ['RABBITMQ_DEFAULT_USER: billing'],
    };
  },
  (g) => {
    const k = 'np' + 'm_' + g.s(ALNUM, 36);
    return {
      text: `$ cat .npmrc\n@severnside:registry=https://npm.pkg.github.com\n@fortawesome:registry=https://npm.fontawesome.com/\n//npm.fontawesome.com/:_authToken=${k}`,
      items: [item('npmrc-scopes:token', 'SECRET', k)],
      keep: ['@severnside:registry=https://npm.pkg.github.com', '@fortawesome:registry='],
    };
  },
  (g) => {
    const fn = g.pick(TUNE_3_POOLS.code.functions);
    return {
      text: `const { Storage } = require('@google-cloud/storage');\nimport { z } from 'zod';\nimport type { Ledger } from '@kaveri/ledger-core';\nexport { ${fn.split('.')[0]} } from './${fn.split('.')[0]}';`,
      items: [],
      keep: ["require('@google-cloud/storage')", "from '@kaveri/ledger-core'"],
    };
  },
  (g) => {
    const u = g.pick(TUNE_3_POOLS.code.urls);
    return {
      text: `The docs spell it out: ${u}`,
      items: [],
      keep: [u],
    };
  },
  (g) => {
    const tok = g.token(30, 40);
    return {
      text: `$ printenv | sort | grep -E '^(GITHUB|NODE|CI)'\nCI=true\nGITHUB_ACTOR=dependabot[bot]\nGITHUB_TOKEN=${tok}\nNODE_OPTIONS=--max-old-space-size=4096`,
      items: [item('printenv:token', 'SECRET', tok)],
      keep: ['NODE_OPTIONS=--max-old-space-size=4096', 'CI=true'],
    };
  },
  // ---- names that are words, names by context
  (g) => {
    const [f, l] = g.person('en');
    return {
      text: `Per ${f} ${l}, the refund window is thirty days.`,
      items: [item('per-name:person', 'PERSON', `${f} ${l}`)],
      keep: ['the refund window is thirty days.'],
    };
  },
  (g) => {
    const [f, l] = g.person('en');
    return {
      text: `As ${f} ${l} noted in the retro, the alert fires before the queue is actually full.`,
      items: [item('as-noted:person', 'PERSON', `${f} ${l}`)],
      keep: ['the alert fires before the queue is actually full.'],
    };
  },
  (g) => {
    const [f, l] = g.person();
    return {
      text: `Assigned to ${f} ${l}. Priority: high.`,
      items: [item('assigned:person', 'PERSON', `${f} ${l}`)],
      keep: ['Priority: high.'],
    };
  },
  ...Object.keys(SCRIPT_NAMES).map((lang): Template => (g) => {
    const n = g.pick(SCRIPT_NAMES[lang]);
    return { text: g.pick(SCRIPT_PROSE[lang])(n), items: [item(`script:${lang}`, 'PERSON', n)], keep: [] };
  }),
  ...Object.keys(TUNE_3_POOLS.people).map((lang): Template => (g) => {
    const [f, l] = g.person(lang);
    const n = `${f} ${l}`;
    return { text: g.pick(LATIN_PROSE[lang])(n), items: [item(`prose:${lang}`, 'PERSON', n)], keep: [] };
  }),
  (g) => {
    const u = g.handle();
    return {
      text: `09:41:07 -- ${u} (~${u}@${g.ip()}) has joined #deploys\n09:41:30  ${u} | is the canary still at 5%?`,
      items: [item('weechat:user', 'USER', u)],
      keep: ['is the canary still at 5%?'],
    };
  },
];

/** The third tuning part: 230 documents, seed 80818. */
export function buildTune3Corpus(seed = 80818, count = 230): ScrubCorpus {
  return buildFrom(TUNE_3_TEMPLATES, TUNE_3_POOLS, seed, count);
}
