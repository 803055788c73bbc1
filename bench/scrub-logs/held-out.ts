// Agent-log corpus, HELD-OUT part. Written and committed before any detector was changed for this
// corpus, and scored only at the end: its misses were never looked at while tuning. Its templates
// (other commands, other config formats, other phrasings), value pools (other languages, names,
// handles, companies) and seed differ from the tuning part's (tune.ts).
import type { ScrubCorpus } from '../scrub-corpus.js';
import { buildFrom, item, type Pools, type Template } from './gen.js';

export const HELD_OUT_POOLS: Pools = {
  people: {
    it: [['Giulia', 'Lorenzo', 'Federica', 'Salvatore', 'Benedetta', 'Gianluca'], ['Esposito', 'Colombo', 'Ferraro', 'Marchetti', 'Gallo', 'Barbieri']],
    pt: [['João', 'Conceição', 'Thiago', 'Raquel', 'Vinícius', 'Fernanda'], ['Carvalho', 'Gonçalves', 'Rodrigues', 'Azevedo', 'Pereira', 'Magalhães']],
    nl: [['Maarten', 'Femke', 'Joost', 'Sanne', 'Willemijn', 'Bram'], ['Bakker', 'Visser', 'Smit', 'Mulder', 'de Groot', 'van Dijk']],
    pl: [['Katarzyna', 'Grzegorz', 'Małgorzata', 'Krzysztof', 'Agnieszka', 'Paweł'], ['Nowak', 'Wójcik', 'Kamińska', 'Lewandowski', 'Zieliński', 'Szymańska']],
    tr: [['Ayşe', 'Mehmet', 'Elif', 'Emre', 'Zeynep', 'Burak'], ['Yılmaz', 'Kaya', 'Demir', 'Çelik', 'Şahin', 'Öztürk']],
    sv: [['Linnea', 'Oskar', 'Ebba', 'Gustav', 'Maja', 'Axel'], ['Lindgren', 'Johansson', 'Bergström', 'Nyström', 'Holm', 'Sandberg']],
  },
  handles: ['gcolombo', 'joao.c', 'mbakker', 'knowak', 'ayilmaz', 'lindgren.l', 'fmarchetti', 'tazevedo', 'svisser', 'gwojcik', 'ekaya', 'oholm'],
  orgs: ['ferrovia-dati', 'pampulha', 'dijkstra-bouw', 'wisla-soft', 'anatolia-tek', 'fjordline', 'tramontana', 'lagoa-sistemas'],
  tlds: ['internal', 'local', 'it', 'pt', 'nl', 'pl', 'se', 'org', 'cloud', 'intra'],
  code: {
    functions: ['LedgerSync.run', 'reconcile_accounts', 'useInfiniteQuery', 'flushBatch', 'PaymentGateway.capture', 'build_index', 'normalizeIban', 'scheduleJob'],
    packages: ['fastapi==0.111.0', 'react-query@5.40.0', 'serde v1.0.203', 'axios@1.7.2', 'celery==5.4.0', 'vite@5.3.1'],
    paths: ['internal/ledger/sync.go', 'src/hooks/useAccounts.ts', 'workers/reconcile.py', 'charts/api/values.yaml', 'cmd/server/main.go', 'web/src/App.tsx'],
    urls: ['https://github.com/tiangolo/fastapi/discussions/9100', 'https://pypi.org/project/celery/', 'https://helm.sh/docs/intro/', 'https://go.dev/doc/modules'],
  },
};

const PROSE: Record<string, ((n: string) => string)[]> = {
  it: [
    (n) => `Ho sentito ${n} stamattina: la migrazione va rimandata a giovedì.`,
    (n) => `Secondo ${n} il test di integrazione fallisce solo su CI.`,
  ],
  pt: [
    (n) => `Falei com ${n} e o deploy de ontem quebrou o checkout.`,
    (n) => `A ${n} pediu para revisar o PR antes da release.`,
  ],
  nl: [
    (n) => `Volgens ${n} werkt de login niet meer sinds de laatste release.`,
    (n) => `Kun je ${n} toevoegen als reviewer op de migratie?`,
  ],
  pl: [
    (n) => `Rozmawiałem z ${n}, wdrożenie przesuwamy na piątek.`,
    (n) => `Według ${n} testy padają tylko na CI.`,
  ],
  tr: [
    (n) => `${n} ile konuştum, veritabanı göçü cumaya kaldı.`,
    (n) => `Bu hatayı ilk ${n} fark etti, loglara bakabilir misin?`,
  ],
  sv: [
    (n) => `Jag pratade med ${n} i morse, hon tar hand om migreringen.`,
    (n) => `Enligt ${n} går bygget sönder sedan uppdateringen.`,
  ],
};

export const HELD_OUT_TEMPLATES: Template[] = [
  // ---- remote shells and copies, other spellings
  (g) => {
    const u = g.handle();
    const ip = g.ip();
    return {
      text: `$ ssh -p 2200 -o StrictHostKeyChecking=no ${u}@${ip} uptime\n 10:42:01 up 12 days,  3:04,  1 user,  load average: 0.15, 0.09, 0.01`,
      items: [item('ssh:user', 'USER', u), item('ssh:ip', 'IP', ip)],
      keep: ['StrictHostKeyChecking=no', 'load average: 0.15, 0.09, 0.01'],
    };
  },
  (g) => {
    const u = g.handle();
    const jump = g.host();
    const target = g.host();
    return {
      text: `ssh -J ${u}@${jump} admin@${target}`,
      items: [item('ssh:jump-user', 'USER', u), item('ssh:jump-host', 'HOST', jump), item('ssh:target-host', 'HOST', target)],
      keep: [],
    };
  },
  (g) => {
    const u = g.handle();
    const h = g.host();
    return {
      text: `$ scp -r ${u}@${h}:/var/log/nginx ./logs\naccess.log                                    100%  221KB   1.1MB/s   00:00`,
      items: [item('scp:remote-source-user', 'USER', u), item('scp:remote-source-host', 'HOST', h)],
      keep: ['/var/log/nginx', 'access.log'],
    };
  },
  (g) => {
    const u = g.handle();
    const h = g.host();
    return {
      text: `sftp ${u}@${h}\nConnected to ${h}.\nsftp> put report.csv /upload/`,
      items: [item('sftp:user', 'USER', u), item('sftp:host', 'HOST', h)],
      keep: ['sftp> put report.csv /upload/'],
    };
  },
  (g) => {
    const ip = g.ip();
    return {
      text: `rsync -az ops@${ip}:/backups/nightly/ /mnt/restore/\nrsync: connection unexpectedly closed (0 bytes received so far) [Receiver]`,
      items: [item('rsync:remote-ip', 'IP', ip)],
      keep: ['/backups/nightly/', '/mnt/restore/', 'rsync: connection unexpectedly closed'],
    };
  },
  (g) => {
    const h = g.host();
    return {
      text: `Host prod-bastion\n    HostName ${h}\n    User ubuntu\n    IdentityFile ~/.ssh/prod.pem`,
      items: [item('ssh-config:hostname', 'HOST', h)],
      keep: ['IdentityFile ~/.ssh/prod.pem'],
    };
  },
  // ---- git remotes
  (g) => {
    const h = g.host();
    return {
      text: `$ git clone ssh://git@${h}:7999/core/payments.git\nCloning into 'payments'...\nPermission denied (publickey).`,
      items: [item('git:ssh-url-host', 'HOST', h)],
      keep: ["Cloning into 'payments'...", 'Permission denied (publickey).'],
    };
  },
  (g) => {
    const t = g.providerKey();
    const h = `gitlab.${g.org()}.${g.pick(['it', 'nl', 'pl'])}`;
    return {
      text: `remote: HTTP Basic: Access denied\nfatal: Authentication failed for 'https://oauth2:${t}@${h}/infra/terraform.git/'`,
      items: [item('git:https-token', 'SECRET', t), item('git:https-host', 'HOST', h)],
      keep: ['remote: HTTP Basic: Access denied'],
    };
  },
  (g) => {
    const repo = g.pick(['microsoft/TypeScript', 'rust-lang/cargo', 'pallets/flask', 'denoland/deno']);
    return {
      text: `[remote "origin"]\n\turl = git@github.com:${repo}.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*`,
      items: [],
      keep: [`git@github.com:${repo}.git`, '+refs/heads/*:refs/remotes/origin/*'],
    };
  },
  (g) => {
    const u = g.handle();
    const pw = g.password();
    return {
      text: `[url "https://${u}:${pw}@bitbucket.org/"]\n\tinsteadOf = https://bitbucket.org/`,
      items: [item('git:insteadof-user', 'USER', u), item('git:insteadof-password', 'PASSWORD', pw)],
      keep: ['insteadOf = https://bitbucket.org/'],
    };
  },
  // ---- connection strings
  (g) => {
    const u = g.handle();
    const pw = g.password();
    const h = g.host();
    return {
      text: `sqlalchemy.exc.OperationalError: (pymysql.err.OperationalError) (1045, "Access denied") engine=mysql+pymysql://${u}:${pw}@${h}/analytics`,
      items: [item('conn:mysql-user', 'USER', u), item('conn:mysql-password', 'PASSWORD', pw), item('conn:mysql-host', 'HOST', h)],
      keep: ['sqlalchemy.exc.OperationalError', 'pymysql.err.OperationalError'],
    };
  },
  (g) => {
    const u = g.handle();
    const pw = g.password();
    return {
      text: `celery worker: broker_url = 'amqp://${u}:${pw}@rabbitmq:5672//'`,
      items: [item('conn:amqp-user', 'USER', u), item('conn:amqp-password', 'PASSWORD', pw)],
      keep: ['celery worker'],
    };
  },
  (g) => {
    const pw = g.password();
    const h = g.host();
    return {
      text: `spring.datasource.url=jdbc:postgresql://${h}:5432/ledger?user=ledger_app&password=${pw}&ssl=true`,
      items: [item('conn:jdbc-password', 'PASSWORD', pw), item('conn:jdbc-host', 'HOST', h)],
      keep: ['spring.datasource.url'],
    };
  },
  (g) => {
    const u = g.handle();
    const pw = g.password();
    const cluster = `${g.org()}-prod.${g.s('abcdefghijklmnopqrstuvwxyz0123456789', 5)}.mongodb.net`;
    return {
      text: `const client = new MongoClient("mongodb+srv://${u}:${encodeURIComponent(pw)}@${cluster}/?retryWrites=true");`,
      items: [item('conn:mongo-user', 'USER', u), item('conn:mongo-password', 'PASSWORD', encodeURIComponent(pw)), item('conn:mongo-host', 'HOST', cluster)],
      keep: ['new MongoClient('],
    };
  },
  (g) => {
    const pw = g.password();
    const ip = g.ip();
    return {
      text: `redis-cli -u redis://default:${pw}@${ip}:6380 INFO replication`,
      items: [item('conn:redis-password', 'PASSWORD', pw), item('conn:redis-ip', 'IP', ip)],
      keep: ['INFO replication'],
    };
  },
  (g) => {
    const u = g.handle();
    const pw = g.password();
    const h = g.host();
    return {
      text: `curl -O ftp://${u}:${pw}@${h}/exports/daily.csv`,
      items: [item('url:ftp-user', 'USER', u), item('url:ftp-password', 'PASSWORD', pw), item('url:ftp-host', 'HOST', h)],
      keep: ['/exports/daily.csv'],
    };
  },
  // ---- docker
  (g) => {
    const h = `registry.${g.org()}.${g.pick(['cloud', 'it', 'se'])}`;
    return {
      text: `$ docker pull ${h}/team/worker:1.8.2\nError response from daemon: Get "https://${h}/v2/": unauthorized`,
      items: [item('docker:registry-host', 'HOST', h)],
      keep: ['Error response from daemon'],
    };
  },
  (g) => {
    const ip = g.ip();
    return {
      text: `db-1   | 2025-03-02 10:11:12.345 UTC [61] FATAL:  no pg_hba.conf entry for host "${ip}", user "postgres", database "app", no encryption`,
      items: [item('docker:compose-log-ip', 'IP', ip)],
      keep: ['no pg_hba.conf entry for host'],
    };
  },
  (g) => {
    const [f, l] = g.person();
    return {
      text: `$ docker inspect --format '{{ index .Config.Labels "maintainer" }}' api\n${f} ${l}`,
      items: [item('docker:label-maintainer', 'PERSON', `${f} ${l}`)],
      keep: [],
    };
  },
  // ---- kubectl and helm
  (g) => {
    const node = `worker-${g.int(1, 9)}.${g.org()}.${g.pick(['internal', 'local'])}`;
    const ip = g.ip();
    return {
      text: `$ kubectl describe node ${node}\nAddresses:\n  InternalIP:  ${ip}\n  Hostname:    ${node}\nConditions:\n  MemoryPressure   False`,
      items: [item('kubectl:node-host', 'HOST', node), item('kubectl:node-ip', 'IP', ip)],
      keep: ['MemoryPressure   False'],
    };
  },
  (g) => {
    const b64 = Buffer.from(g.password()).toString('base64');
    return {
      text: `$ kubectl get secret api-env -o yaml\napiVersion: v1\ndata:\n  DB_PASSWORD: ${b64}\nkind: Secret`,
      items: [item('kubectl:secret-b64', 'PASSWORD', b64)],
      keep: ['kind: Secret'],
    };
  },
  (g) => {
    const pw = g.password();
    return {
      text: `helm upgrade --install pg bitnami/postgresql --set auth.postgresPassword=${pw} --set primary.persistence.size=20Gi`,
      items: [item('helm:set-password', 'PASSWORD', pw)],
      keep: ['bitnami/postgresql', 'primary.persistence.size=20Gi'],
    };
  },
  // ---- config files
  (g) => {
    const t = g.token(36, 36);
    return {
      text: `# ~/.npmrc\n//npm.pkg.github.com/:_authToken=${t}\n@${g.org()}:registry=https://npm.pkg.github.com`,
      items: [item('npmrc:token', 'SECRET', t)],
      keep: ['https://npm.pkg.github.com'],
    };
  },
  (g) => {
    const [f, l] = g.person();
    const e = g.email(f, l);
    return {
      text: `[tool.poetry]\nname = "ledger-sync"\nversion = "0.4.1"\nauthors = ["${f} ${l} <${e}>"]`,
      items: [item('toml:author-name', 'PERSON', `${f} ${l}`), item('toml:author-email', 'EMAIL', e)],
      keep: ['name = "ledger-sync"', 'version = "0.4.1"'],
    };
  },
  (g) => {
    const h = g.host();
    const pw = g.password();
    return {
      text: `mail.smtp.host=${h}\nmail.smtp.port=587\nmail.smtp.password=${pw}`,
      items: [item('properties:host', 'HOST', h), item('properties:password', 'PASSWORD', pw)],
      keep: ['mail.smtp.port=587'],
    };
  },
  (g) => {
    const [f, l] = g.person();
    const e = g.email(f, l);
    const ip = g.ip();
    return {
      text: `{"level":"warn","ts":"2025-04-01T08:00:00Z","msg":"login throttled","user":"${e}","remote_addr":"${ip}"}`,
      items: [item('jsonlog:email', 'EMAIL', e), item('jsonlog:ip', 'IP', ip)],
      keep: ['"msg":"login throttled"'],
    };
  },
  // ---- stack traces
  (g) => {
    const u = g.handle();
    return {
      text: `goroutine 1 [running]:\nmain.loadConfig(...)\n\t/home/${u}/go/src/ledger/config.go:41 +0x1d4\nexit status 2`,
      items: [item('trace:go-home-user', 'USER', u)],
      keep: ['main.loadConfig(...)', 'exit status 2'],
    };
  },
  (g) => {
    const u = g.handle();
    return {
      text: `Error: Cannot find module 'dotenv'\nRequire stack:\n- /Users/${u}/dev/shop/server/index.js\n    at Module._resolveFilename (node:internal/modules/cjs/loader:1145:15)`,
      items: [item('trace:node-home-user', 'USER', u)],
      keep: ["Error: Cannot find module 'dotenv'", 'node:internal/modules/cjs/loader:1145:15'],
    };
  },
  (g) => {
    const h = g.host();
    return {
      text: `Faraday::ConnectionFailed: Failed to open TCP connection to ${h}:443 (getaddrinfo: Name or service not known)\n  from /usr/lib/ruby/3.2.0/net/http.rb:1271:in 'initialize'`,
      items: [item('trace:ruby-host', 'HOST', h)],
      keep: ['/usr/lib/ruby/3.2.0/net/http.rb:1271'],
    };
  },
  // ---- chat prose in several languages
  ...Object.keys(HELD_OUT_POOLS.people).map((lang): Template => (g) => {
    const [f, l] = g.person(lang);
    const name = `${f} ${l}`;
    return { text: g.pick(PROSE[lang])(name), items: [item(`prose:${lang}`, 'PERSON', name)], keep: [] };
  }),
  (g) => {
    const [f, l] = g.person();
    const e = g.email(f, l);
    return {
      text: `Co-authored-by: ${f} ${l} <${e}>`,
      items: [item('git:coauthor-name', 'PERSON', `${f} ${l}`), item('git:coauthor-email', 'EMAIL', e)],
      keep: [],
    };
  },
  (g) => {
    const [f, l] = g.person();
    return {
      text: `$ git blame -L 40,41 src/sync.ts\n${g.hex(8)} (${f} ${l} 2025-02-11 14:03:22 +0100 40) const retries = 3;`,
      items: [item('git:blame-name', 'PERSON', `${f} ${l}`)],
      keep: ['src/sync.ts', 'const retries = 3;'],
    };
  },
];

/** The held-out part: 200 documents, seed 90217. */
export function buildHeldOutCorpus(seed = 90217, count = 200): ScrubCorpus {
  return buildFrom(HELD_OUT_TEMPLATES, HELD_OUT_POOLS, seed, count);
}
