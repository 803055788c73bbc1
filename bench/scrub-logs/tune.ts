// Agent-log corpus, TUNING part: the detectors were tuned looking at the misses on this part only.
// Its templates, value pools and seed are its own; the held-out part (held-out.ts) shares none of them.
import type { ScrubCorpus } from '../scrub-corpus.js';
import { buildFrom, fold, item, type Pools, type Template } from './gen.js';

export const TUNE_POOLS: Pools = {
  people: {
    fr: [['Élodie', 'Mathieu', 'Aurélien', 'Clémence', 'Geneviève', 'Yannick', 'Margaux', 'Thibault'], ['Moreau', 'Lefèvre', 'Girard', 'Fontaine', 'Chevalier', 'Rousseau', 'Dubois', 'Faure']],
    de: [['Jürgen', 'Annika', 'Wolfgang', 'Friederike', 'Lukas', 'Henrike', 'Matthias', 'Sabine'], ['Weiß', 'Schröder', 'Hoffmann', 'Krüger', 'Zimmermann', 'Vogel', 'Brandt', 'Köhler']],
    es: [['Begoña', 'Alejandro', 'Lucía', 'Íñigo', 'Marisol', 'Rodrigo', 'Ximena', 'Gonzalo'], ['Ruiz', 'Fernández', 'Jiménez', 'Castillo', 'Ortega', 'Navarro', 'Iglesias', 'Herrera']],
    en: [['Bethany', 'Malcolm', 'Gwendolyn', 'Desmond', 'Rosalind', 'Trevor', 'Imogen', 'Fraser'], ['Pemberton', 'Ashworth', 'Blackwood', 'Fairbanks', 'Whitlock', 'Hargreaves', 'Kingsley', 'Thornton']],
  },
  handles: ['elodie.m', 'jweiss', 'bruiz', 'mpemberton', 'a.girard', 'lkrueger', 'rcastillo', 'dashworth', 'yfontaine', 'hvogel', 'xherrera', 'tthornton'],
  orgs: ['nordwind-logistik', 'bellevue-assur', 'solaria', 'quintafarm', 'brightmoor', 'kestrelpay', 'ventana-labs', 'oakhurst'],
  tlds: ['internal', 'corp', 'de', 'fr', 'es', 'com', 'net', 'io', 'lan'],
  code: {
    functions: ['processQueue', 'handleWebhook', 'OrderService.place', 'useCartStore', 'parse_invoice', 'Router.handle', 'validateSchema', 'retryWithBackoff'],
    packages: ['zod@3.23.8', 'express@4.19.2', '@types/node@20.14.2', 'psycopg2-binary==2.9.9', 'tokio v1.38.0', 'prisma@5.15.0'],
    paths: ['src/orders/checkout.ts', 'app/models/invoice.py', 'lib/cart/store.ts', 'services/billing/handler.go', 'config/deploy.yml', 'tests/test_invoice.py'],
    urls: ['https://github.com/colinhacks/zod/issues/2061', 'https://registry.npmjs.org/express', 'https://docs.docker.com/compose/', 'https://kubernetes.io/docs/concepts/'],
  },
};

const PROSE: Record<string, ((n: string) => string)[]> = {
  fr: [
    (n) => `Merci ! J'ai vu avec ${n} ce matin, elle valide le schéma de la table orders.`,
    (n) => `D'après ${n}, le build casse depuis la mise à jour de vite.`,
    (n) => `Peux-tu demander à ${n} de relire la PR avant vendredi ?`,
  ],
  de: [
    (n) => `Laut ${n} ist der Build seit dem Update kaputt.`,
    (n) => `Ich habe mit ${n} gesprochen, wir lassen den alten Endpoint noch drin.`,
    (n) => `Bitte schick das an ${n}, sie kümmert sich um die Migration.`,
  ],
  es: [
    (n) => `Según ${n}, hay que migrar la base de datos antes del lunes.`,
    (n) => `Hablé con ${n} y dice que el test falla en CI.`,
    (n) => `¿Puedes añadir a ${n} como revisor del PR?`,
  ],
  en: [
    (n) => `Quick note: ${n} wants the retry logic behind a feature flag.`,
    (n) => `I paired with ${n} on this yesterday and we found the race.`,
  ],
};

export const TUNE_TEMPLATES: Template[] = [
  // ---- remote shells and copies
  (g) => {
    const ip = g.ip();
    return { text: `$ ssh deploy@${ip}\nWelcome to Ubuntu 22.04.4 LTS (GNU/Linux 5.15.0-105-generic x86_64)`, items: [item('ssh:ip', 'IP', ip)], keep: ['Ubuntu 22.04.4 LTS', '5.15.0-105-generic'] };
  },
  (g) => {
    const u = g.handle();
    const h = g.host();
    return { text: `Run: ssh -i ~/.ssh/id_ed25519 ${u}@${h} 'sudo systemctl restart nginx'`, items: [item('ssh:user', 'USER', u), item('ssh:host', 'HOST', h)], keep: ['~/.ssh/id_ed25519', 'systemctl restart nginx'] };
  },
  (g) => {
    const u = g.handle();
    const h = g.host();
    return {
      text: `$ scp dist/app.tar.gz ${u}@${h}:/srv/releases/\napp.tar.gz                                   100%   14MB  11.2MB/s   00:01`,
      items: [item('scp:user', 'USER', u), item('scp:host', 'HOST', h)],
      keep: ['dist/app.tar.gz', '/srv/releases/'],
    };
  },
  (g) => {
    const ip = g.ip();
    const u = g.handle();
    return {
      text: `rsync -avz --delete -e "ssh -p 2222" ./build/ ${u}@${ip}:/var/www/html/\nsending incremental file list\nsent 1,204 bytes  received 35 bytes`,
      items: [item('rsync:user', 'USER', u), item('rsync:ip', 'IP', ip)],
      keep: ['./build/', '/var/www/html/', 'sending incremental file list'],
    };
  },
  (g) => {
    const h = g.host();
    return {
      text: `ssh: Could not resolve hostname ${h}: Name or service not known\nlost connection`,
      items: [item('ssh:host-error', 'HOST', h)],
      keep: ['Name or service not known'],
    };
  },
  // ---- git remotes
  (g) => {
    const repo = g.pick(['vercel/next.js', 'facebook/react', 'nodejs/node', 'vitejs/vite']);
    const sha = g.sha();
    return {
      text: `$ git remote -v\norigin\tgit@github.com:${repo}.git (fetch)\norigin\tgit@github.com:${repo}.git (push)\n$ git log -1 --format=%H\n${sha}`,
      items: [],
      keep: [`git@github.com:${repo}.git`, sha],
    };
  },
  (g) => {
    const u = g.handle();
    const t = g.providerKey();
    return {
      text: `$ git clone https://${u}:${t}@github.com/${g.org()}/billing.git\nCloning into 'billing'...`,
      items: [item('git:url-user', 'USER', u), item('git:url-token', 'SECRET', t)],
      keep: ["Cloning into 'billing'..."],
    };
  },
  (g) => {
    const h = g.host();
    return {
      text: `$ git remote add upstream git@${h}:platform/orders-api.git\n$ git fetch upstream\nfatal: Could not read from remote repository.`,
      items: [item('git:ssh-host', 'HOST', h)],
      keep: ['platform/orders-api.git', 'fatal: Could not read from remote repository.'],
    };
  },
  // ---- connection strings
  (g) => {
    const u = g.handle();
    const pw = g.password();
    return {
      text: `DATABASE_URL="postgres://${u}:${pw}@db:5432/orders?sslmode=disable"`,
      items: [item('conn:postgres-user', 'USER', u), item('conn:postgres-password', 'PASSWORD', pw)],
      keep: ['DATABASE_URL', '5432/orders?sslmode=disable'],
    };
  },
  (g) => {
    const pw = g.password();
    const cluster = `cluster0.${g.s('abcdefghijklmnopqrstuvwxyz0123456789', 5)}.mongodb.net`;
    return {
      text: `MongoServerSelectionError: connection <monitor> to mongodb+srv://admin:${pw}@${cluster}/shop closed`,
      items: [item('conn:mongo-password', 'PASSWORD', pw), item('conn:mongo-host', 'HOST', cluster)],
      keep: ['MongoServerSelectionError'],
    };
  },
  (g) => {
    const pw = g.password();
    const h = g.host();
    return {
      text: `REDIS_URL=redis://:${pw}@${h}:6379/0\nError: Redis connection to ${h}:6379 failed - connect ETIMEDOUT`,
      items: [item('conn:redis-password', 'PASSWORD', pw), item('conn:redis-host', 'HOST', h)],
      keep: ['REDIS_URL', 'connect ETIMEDOUT'],
    };
  },
  (g) => {
    const u = g.handle();
    const h = g.host();
    return {
      text: `Open https://${u}@${h}/browse/OPS-${g.int(100, 999)} and check the attachment.`,
      items: [item('url:userinfo-user', 'USER', u), item('url:userinfo-host', 'HOST', h)],
      keep: [],
    };
  },
  // ---- docker
  (g) => {
    const u = g.handle();
    const pw = g.password();
    const h = `registry.${g.org()}.io`;
    return {
      text: `$ docker login -u ${u} -p ${pw} ${h}\nWARNING! Using --password via the CLI is insecure. Use --password-stdin.`,
      items: [item('docker:login-user', 'USER', u), item('docker:login-password', 'PASSWORD', pw), item('docker:registry', 'HOST', h)],
      keep: ['Use --password-stdin.'],
    };
  },
  (g) => {
    const id = g.hex(12);
    const ip = `172.${g.int(17, 30)}.0.${g.int(2, 40)}`;
    return {
      text: `$ docker ps\nCONTAINER ID   IMAGE                COMMAND                  STATUS\n${id}   postgres:16-alpine   "docker-entrypoint.s…"   Up 3 minutes\n$ docker inspect -f '{{.NetworkSettings.IPAddress}}' ${id}\n${ip}`,
      items: [item('docker:ip', 'IP', ip)],
      keep: [id, 'postgres:16-alpine', 'docker-entrypoint.s…'],
    };
  },
  (g) => {
    const pw = g.password();
    return {
      text: `docker run -d --name pg -e POSTGRES_PASSWORD=${pw} -p 5432:5432 postgres:15`,
      items: [item('docker:env-password', 'PASSWORD', pw)],
      keep: ['postgres:15', '5432:5432'],
    };
  },
  // ---- kubectl
  (g) => {
    const pod = `api-${g.hex(9)}-${g.s('bcdfghjklmnpqrstvwxz2456789', 5)}`;
    const ip = `10.244.${g.int(0, 9)}.${g.int(2, 250)}`;
    const node = `ip-10-0-${g.int(0, 9)}-${g.int(2, 250)}.eu-west-1.compute.internal`;
    return {
      text: `$ kubectl get pods -o wide\nNAME                   READY   STATUS             RESTARTS   IP            NODE\n${pod}   0/1     CrashLoopBackOff   5          ${ip}   ${node}`,
      items: [item('kubectl:pod-ip', 'IP', ip), item('kubectl:node', 'HOST', node)],
      keep: [pod, 'CrashLoopBackOff'],
    };
  },
  (g) => {
    const pw = g.password();
    return {
      text: `kubectl create secret generic db-creds --from-literal=username=orders --from-literal=password=${pw}\nsecret/db-creds created`,
      items: [item('kubectl:literal-password', 'PASSWORD', pw)],
      keep: ['secret/db-creds created'],
    };
  },
  (g) => {
    const h = g.host();
    const tok = g.token(40, 60);
    return {
      text: `apiVersion: v1\nclusters:\n- cluster:\n    server: https://${h}:6443\n  name: prod\nusers:\n- name: ci\n  user:\n    token: ${tok}`,
      items: [item('kubeconfig:server', 'HOST', h), item('kubeconfig:token', 'SECRET', tok)],
      keep: ['apiVersion: v1'],
    };
  },
  // ---- config files
  (g) => {
    const [f, l] = g.person();
    const e = g.email(f, l);
    const pw = g.password();
    return {
      text: `# .env\nNODE_ENV=production\nSMTP_HOST=smtp.sendgrid.net\nSMTP_USER=apikey\nSMTP_PASS=${pw}\nADMIN_EMAIL=${e}`,
      items: [item('env:password', 'PASSWORD', pw), item('env:email', 'EMAIL', e)],
      keep: ['NODE_ENV=production', 'SMTP_HOST=smtp.sendgrid.net'],
    };
  },
  (g) => {
    const h = g.host();
    const pw = g.password();
    return {
      text: `[client]\nuser = reporting\npassword = ${pw}\nhost = ${h}\nport = 3306`,
      items: [item('ini:password', 'PASSWORD', pw), item('ini:host', 'HOST', h)],
      keep: ['port = 3306'],
    };
  },
  (g) => {
    const [f, l] = g.person();
    const e = g.email(f, l);
    return {
      text: `{\n  "name": "@${g.org()}/ui-kit",\n  "version": "2.${g.int(0, 9)}.${g.int(0, 20)}",\n  "author": "${f} ${l} <${e}>",\n  "dependencies": { "react": "^18.2.0" }\n}`,
      items: [item('json:author-name', 'PERSON', `${f} ${l}`), item('json:author-email', 'EMAIL', e)],
      keep: ['"react": "^18.2.0"'],
    };
  },
  (g) => {
    const ip = g.ip();
    const pw = g.password();
    return {
      text: `services:\n  api:\n    image: node:20-slim\n    environment:\n      DB_HOST: ${ip}\n      DB_PASSWORD: "${pw}"`,
      items: [item('yaml:ip', 'IP', ip), item('yaml:password', 'PASSWORD', pw)],
      keep: ['image: node:20-slim'],
    };
  },
  // ---- stack traces
  (g) => {
    const u = g.handle();
    return {
      text: `Traceback (most recent call last):\n  File "/home/${u}/work/etl/run.py", line 88, in <module>\n    main()\n  File "/usr/lib/python3.11/asyncio/runners.py", line 190, in run\nConnectionResetError: [Errno 104] Connection reset by peer`,
      items: [item('trace:home-user', 'USER', u)],
      keep: ['/usr/lib/python3.11/asyncio/runners.py', 'ConnectionResetError: [Errno 104] Connection reset by peer'],
    };
  },
  (g) => {
    const h = g.host();
    const ip = g.ip();
    return {
      text: `java.net.ConnectException: Connection refused: ${h}/${ip}:5432\n\tat org.postgresql.core.v3.ConnectionFactoryImpl.openConnectionImpl(ConnectionFactoryImpl.java:319)\n\tat com.zaxxer.hikari.pool.HikariPool.createPoolEntry(HikariPool.java:476)`,
      items: [item('trace:java-host', 'HOST', h), item('trace:java-ip', 'IP', ip)],
      keep: ['org.postgresql.core.v3.ConnectionFactoryImpl.openConnectionImpl(ConnectionFactoryImpl.java:319)'],
    };
  },
  // ---- chat prose in several languages
  ...Object.keys(TUNE_POOLS.people).map((lang): Template => (g) => {
    const [f, l] = g.person(lang);
    const name = `${f} ${l}`;
    return { text: g.pick(PROSE[lang])(name), items: [item(`prose:${lang}`, 'PERSON', name)], keep: [] };
  }),
  (g) => {
    const [f, l] = g.person();
    const e = g.email(f, l);
    return {
      text: `$ git log -1\ncommit ${g.sha()}\nAuthor: ${f} ${l} <${e}>\n\n    fix(cart): guard against empty cart`,
      items: [item('git:author-name', 'PERSON', `${f} ${l}`), item('git:author-email', 'EMAIL', e)],
      keep: ['fix(cart): guard against empty cart'],
    };
  },
  (g) => {
    const [f, l] = g.person();
    const u = `${fold(f).toLowerCase()}`;
    return {
      text: `Signed-off-by: ${f} ${l} <${u}@users.noreply.github.com>`,
      items: [item('git:signoff-name', 'PERSON', `${f} ${l}`)],
      keep: [],
    };
  },
];

/** The tuning part: 240 documents, seed 7101. */
export function buildTuneCorpus(seed = 7101, count = 240): ScrubCorpus {
  return buildFrom(TUNE_TEMPLATES, TUNE_POOLS, seed, count);
}
