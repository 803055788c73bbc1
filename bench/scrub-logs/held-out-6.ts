// Agent-log corpus, SIXTH HELD-OUT part. Written and committed before any of the detector changes of
// the work that followed part 5's scoring (Kubernetes secrets, non-English names, names by context),
// and never tuned on: it is scored after those changes, once, and its misses are reported, not fixed.
// Its own templates (a `%` zsh prompt, Secret manifests and `kubectl … -o yaml`, helm values, ssh
// config blocks, .npmrc/.pypirc, docker inspect, cloud CLIs, mail-style chat: "Hi X", "X wrote:",
// "cc @x"), its own pools (Welsh, Basque, Latvian, Slovene, Yoruba, Filipino, Irish, Estonian and
// East Asian names, English names that are also words) and its own seed.
import type { ScrubCorpus } from '../scrub-corpus.js';
import { ALNUM, buildFrom, DIGITS, item, LOWER, type Pools, type Template } from './gen.js';

export const HELD_OUT_6_POOLS: Pools = {
  people: {
    cy: [['Rhiannon', 'Gethin', 'Eluned', 'Iolo', 'Ffion', 'Dafydd'], ['Pryce', 'Llywelyn', 'ap Iorwerth', 'Prydderch', 'Gruffydd', 'Meredith']],
    eu: [['Ane', 'Iker', 'Maialen', 'Unai', 'Nerea', 'Gorka'], ['Etxeberria', 'Goikoetxea', 'Urrutia', 'Zubizarreta', 'Agirre', 'Larrañaga']],
    lv: [['Ilze', 'Jānis', 'Baiba', 'Artūrs', 'Dace', 'Kristaps'], ['Bērziņš', 'Ozoliņa', 'Kalniņš', 'Liepiņa', 'Krūmiņš', 'Vītola']],
    sl: [['Nuša', 'Matej', 'Špela', 'Blaž', 'Urška', 'Žiga'], ['Kranjc', 'Zupančič', 'Potočnik', 'Mlakar', 'Vidmar', 'Golob']],
    yo: [['Adebayo', 'Folake', 'Olumide', 'Yetunde', 'Babatunde', 'Funmilayo'], ['Oyelaran', 'Adebisi', 'Ogunleye', 'Balogun', 'Akinola', 'Olatunji']],
    tl: [['Maricel', 'Jomar', 'Rhea', 'Jerome', 'Lovely', 'Arnel'], ['Dela Cruz', 'Bautista', 'Mangubat', 'Villanueva', 'Macaraeg', 'Dimaculangan']],
    ga: [['Gráinne', 'Pádraig', 'Caoimhe', 'Donnchadh', 'Saoirse', 'Tadhg'], ['Ó Murchú', 'Ní Dhomhnaill', 'Mac Mathúna', 'Ó Dónaill', 'Nic Lochlainn', 'Ó Laoghaire']],
    et: [['Peeter', 'Ülle', 'Aivar', 'Kersti', 'Tiit', 'Mart'], ['Ilves', 'Kukk', 'Lepik', 'Põder', 'Oja', 'Männik']],
    ea: [['Haruto', 'Yui', 'Jiwoo', 'Xiaoling', 'Minjun', 'Sakura'], ['Takahashi', 'Yamamoto', 'Zhou', 'Kwon', 'Matsumoto', 'Lim']],
    en: [['Marigold', 'Jasper', 'Hope', 'Rowan', 'Winifred', 'Ambrose'], ['Bywater', 'Underhill', 'Hale', 'Pettigrew', 'Marsh', 'Oakes']],
  },
  handles: ['rpryce', 'iker.e', 'jberzins', 'nkranjc', 'aoyelaran', 'mdelacruz', 'gomurchu', 'pilves', 'hbywater', 'htakahashi', 'ugoikoetxea', 'dvidmar'],
  orgs: ['taff-valley', 'bidasoa-tech', 'gauja-soft', 'triglav-data', 'ogun-cloud', 'pasig-labs', 'shannon-ops', 'emajogi-io'],
  tlds: ['lv', 'si', 'ng', 'ph', 'ie', 'ee', 'eus', 'corp', 'internal', 'home.arpa'],
  code: {
    functions: ['LedgerService.reconcile', 'compute_vat', 'useInfiniteOrders', 'TokenBucket.refill', 'encode_frame', 'SessionStore.evict', 'apply_migrations', 'renderChart'],
    packages: ['serde v1.0.203', 'sqlalchemy==2.0.30', '@tanstack/react-query@5.45.1', 'celery==5.4.0', 'esbuild@0.21.5', 'clap v4.5.7'],
    paths: ['src/ledger/reconcile.ts', 'billing/vat.py', 'web/src/hooks/useInfiniteOrders.ts', 'internal/ratelimit/bucket.go', 'deploy/helm/values-prod.yaml', 'migrations/0042_add_index.sql'],
    urls: ['https://docs.rs/serde/latest/serde/', 'https://docs.sqlalchemy.org/en/20/', 'https://helm.sh/docs/chart_template_guide/', 'https://github.com/celery/celery/issues/8786'],
  },
};

const b64 = (s: string) => Buffer.from(s).toString('base64');

const PROSE: Record<string, ((n: string) => string)[]> = {
  cy: [(n) => `Siaradais i gyda ${n} ddoe am y mudo.`, (n) => `Mae ${n} yn dweud bod y dystysgrif wedi dod i ben.`],
  eu: [(n) => `${n}-ri galdetu diot ea, baina ez du erantzun.`, (n) => `Atzo ${n} esan zidan migrazioa ostiralera arte itxaroten dela.`],
  lv: [(n) => `${n} teica, ka rinda naktī atkal iestrēgst.`, (n) => `Lūdzu, pajautā ${n}, vai sertifikāts ir atjaunots.`],
  sl: [(n) => `${n} je potrdil, da cron teče dvakrat na noč.`, (n) => `Vprašaj ${n}, ali je ključ že zamenjan.`],
  yo: [(n) => `${n} from the payments team says the webhook retries are capped at five.`, (n) => `Spoke to ${n} this morning; the settlement job is paused.`],
  tl: [(n) => `Sabi ni ${n}, sira ang build simula kahapon.`, (n) => `Pakitanong kay ${n} kung na-renew na ang certificate.`],
  ga: [(n) => `Bhí ${n} ag caint faoin imirce ar maidin.`, (n) => `Chuir mé ríomhphost chuig ${n} faoin teastas.`],
  et: [(n) => `${n} kinnitas, et varukoopia jookseb öösel kaks korda.`, (n) => `Küsisin ${n} käest, kas võti on juba vahetatud.`],
  ea: [(n) => `${n} reviewed the migration and asked for a down step.`, (n) => `Pinging ${n} since they wrote the original rate limiter.`],
  en: [(n) => `${n} is on call this week, so page them if the queue backs up.`, (n) => `Per ${n}, we keep the v1 endpoint until March.`],
};

export const HELD_OUT_6_TEMPLATES: Template[] = [
  // ---- Kubernetes secrets: base64 in manifests and `-o yaml`, literals on the command line
  (g) => {
    const pw = g.password();
    const tok = g.token(28, 40);
    const e1 = b64(pw);
    const e2 = b64(tok);
    return {
      text: `% cat deploy/k8s/overlays/prod/secret.yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: ledger-env\n  namespace: ledger\ntype: Opaque\ndata:\n  DB_PASSWORD: ${e1}\n  WEBHOOK_SIGNING_KEY: ${e2}`,
      items: [item('secret-manifest:password', 'SECRET', e1), item('secret-manifest:key', 'SECRET', e2)],
      keep: ['name: ledger-env', 'type: Opaque'],
    };
  },
  (g) => {
    const u = g.handle();
    const pw = g.password();
    const auth = b64(`${u}:${pw}`);
    const cfg = b64(`{"auths":{"ghcr.io":{"auth":"${auth}"}}}`);
    return {
      text: `% kubectl get secret regcred -n ci -o yaml\napiVersion: v1\ndata:\n  .dockerconfigjson: ${cfg}\nkind: Secret\nmetadata:\n  creationTimestamp: "2026-11-30T10:02:11Z"\n  name: regcred\n  namespace: ci\n  resourceVersion: "${g.int(100000, 999999)}"\ntype: kubernetes.io/dockerconfigjson`,
      items: [item('get-secret-yaml:dockerconfig', 'SECRET', cfg)],
      keep: ['type: kubernetes.io/dockerconfigjson', 'name: regcred'],
    };
  },
  (g) => {
    const tok = g.token(32, 44);
    const e = b64(tok);
    return {
      text: `% kubectl -n payments get secret stripe-webhook -o json | jq .data\n{\n  "signing-secret": "${e}"\n}`,
      items: [item('get-secret-json:secret', 'SECRET', e)],
      keep: ['jq .data'],
    };
  },
  (g) => {
    const pw = g.password();
    return {
      text: `% kubectl create secret generic smtp-relay --from-literal=username=mailer --from-literal=password='${pw}'\nsecret/smtp-relay created`,
      items: [item('create-secret:password', 'PASSWORD', pw)],
      keep: ['secret/smtp-relay created'],
    };
  },
  (g) => {
    const pw = g.password();
    const e = b64(pw);
    return {
      text: `% echo '${e}' | base64 --decode\n${pw}%`,
      items: [item('b64-decode:encoded', 'SECRET', e), item('b64-decode:plain', 'PASSWORD', pw)],
      keep: ['base64 --decode'],
    };
  },
  (g) => {
    const pw = g.password();
    return {
      text: `# deploy/helm/values-prod.yaml\npostgresql:\n  auth:\n    username: ledger\n    postgresPassword: ${pw}\n    database: ledger_prod\n  primary:\n    persistence:\n      size: 20Gi`,
      items: [item('helm-values:password', 'PASSWORD', pw)],
      keep: ['database: ledger_prod', 'size: 20Gi'],
    };
  },
  // ---- ssh config, sftp, rsync pulls
  (g) => {
    const u = g.handle();
    const h = g.host();
    const j = g.host();
    return {
      text: `% cat ~/.ssh/config\nHost staging-db\n  HostName ${h}\n  User ${u}\n  IdentityFile ~/.ssh/id_ed25519_work\n  ProxyJump ops@${j}`,
      items: [item('ssh-config:host', 'HOST', h), item('ssh-config:user', 'USER', u), item('ssh-config:jump', 'HOST', j)],
      keep: ['Host staging-db', 'IdentityFile ~/.ssh/id_ed25519_work'],
    };
  },
  (g) => {
    const u = g.handle();
    const h = g.host();
    return {
      text: `% sftp -P 2200 ${u}@${h}\nConnected to ${h}.\nsftp> get exports/vat-2026-11.csv\nFetching /exports/vat-2026-11.csv to vat-2026-11.csv`,
      items: [item('sftp:user', 'USER', u), item('sftp:host', 'HOST', h)],
      keep: ['sftp> get exports/vat-2026-11.csv'],
    };
  },
  (g) => {
    const u = g.handle();
    const ip = g.ip();
    return {
      text: `% rsync -az --progress ${u}@${ip}:/var/backups/pg/ ./backups/\nreceiving incremental file list\nledger-2026-12-01.dump\n  1,048,576 100%   12.5MB/s    0:00:00`,
      items: [item('rsync-pull:user', 'USER', u), item('rsync-pull:ip', 'IP', ip)],
      keep: ['receiving incremental file list', './backups/'],
    };
  },
  // ---- git with a token in the remote
  (g) => {
    const u = g.handle();
    const k = 'gh' + 'p_' + g.s(ALNUM, 36);
    return {
      text: `% git remote add deploy https://${u}:${k}@github.com/${u}/ledger-infra.git\n% git push deploy main\nEverything up-to-date`,
      items: [item('remote-token:user', 'USER', u), item('remote-token:key', 'SECRET', k)],
      keep: ['Everything up-to-date'],
    };
  },
  // ---- docker
  (g) => {
    const pw = g.password();
    return {
      text: `% docker run -d --name pg -e POSTGRES_USER=ledger -e POSTGRES_PASSWORD=${pw} -p 5432:5432 postgres:16-alpine\n${g.hex(64)}`,
      items: [item('docker-run:password', 'PASSWORD', pw)],
      keep: ['postgres:16-alpine', 'POSTGRES_USER=ledger'],
    };
  },
  (g) => {
    const pw = g.password();
    const h = g.host();
    const k = g.providerKey();
    return {
      text: `% docker inspect ledger-api | jq '.[0].Config.Env'\n[\n  "REDIS_URL=redis://default:${pw}@${h}:6379/0",\n  "PAYMENTS_API_KEY=${k}",\n  "NODE_ENV=production"\n]`,
      items: [item('docker-inspect:password', 'PASSWORD', pw), item('docker-inspect:host', 'HOST', h), item('docker-inspect:key', 'SECRET', k)],
      keep: ['"NODE_ENV=production"'],
    };
  },
  // ---- package registries' credentials
  (g) => {
    const k = 'gh' + 'p_' + g.s(ALNUM, 36);
    return {
      text: `% cat .npmrc\n@taff:registry=https://npm.pkg.github.com\n//npm.pkg.github.com/:_authToken=${k}`,
      items: [item('npmrc:token', 'SECRET', k)],
      keep: ['@taff:registry=https://npm.pkg.github.com'],
    };
  },
  (g) => {
    const k = 'py' + 'pi-' + g.s(`${ALNUM}_-`, 60);
    return {
      text: `% cat ~/.pypirc\n[distutils]\nindex-servers = pypi\n\n[pypi]\nusername = __token__\npassword = ${k}`,
      items: [item('pypirc:token', 'PASSWORD', k)],
      keep: ['index-servers = pypi'],
    };
  },
  // ---- env file with a person in it
  (g) => {
    const [f, l] = g.person(g.pick(['cy', 'eu', 'lv', 'sl', 'en']));
    const e = g.email(f, l);
    const pw = `${g.s(LOWER, 4)}${g.s(DIGITS, 4)}${g.s(LOWER, 4)}`;
    return {
      text: `% cat .env.production\nMAIL_FROM="${f} ${l} <${e}>"\nSMTP_HOST=smtp.postmarkapp.com\nSMTP_PASS=${pw}\nLOG_LEVEL=info`,
      items: [item('env-mail:person', 'PERSON', `${f} ${l}`), item('env-mail:email', 'EMAIL', e), item('env-mail:password', 'PASSWORD', pw)],
      keep: ['SMTP_HOST=smtp.postmarkapp.com', 'LOG_LEVEL=info'],
    };
  },
  // ---- stack traces
  (g) => {
    const u = g.handle();
    const h = g.host();
    return {
      text: `org.postgresql.util.PSQLException: FATAL: password authentication failed for user "${u}"\n\tat org.postgresql.core.v3.ConnectionFactoryImpl.doAuthentication(ConnectionFactoryImpl.java:693)\nCaused by: java.net.ConnectException: Connection to ${h}:5432 refused.`,
      items: [item('psql-java:user', 'USER', u), item('psql-java:host', 'HOST', h)],
      keep: ['ConnectionFactoryImpl.java:693'],
    };
  },
  (g) => {
    const u = g.handle();
    return {
      text: `thread 'main' panicked at /home/${u}/.cargo/registry/src/index.crates.io-6f17d22bba15001f/tokio-1.38.0/src/runtime/blocking/pool.rs:273:21:\nCannot drop a runtime in a context where blocking is not allowed.`,
      items: [item('rust-panic:user', 'USER', u)],
      keep: ['src/runtime/blocking/pool.rs:273:21', 'Cannot drop a runtime in a context where blocking is not allowed.'],
    };
  },
  (g) => {
    const h = g.host();
    const ip = g.ip();
    return {
      text: `psycopg.OperationalError: connection failed: connection to server at "${h}" (${ip}), port 5432 failed: timeout expired`,
      items: [item('psycopg:host', 'HOST', h), item('psycopg:ip', 'IP', ip)],
      keep: ['port 5432 failed: timeout expired'],
    };
  },
  // ---- cloud CLIs and logs
  (g) => {
    const [f, l] = g.person(g.pick(['yo', 'tl', 'ea', 'ga']));
    const e = g.email(f, l);
    return {
      text: `% gcloud auth list\n       Credentialed Accounts\nACTIVE  ACCOUNT\n*       ${e}\n\nTo set the active account, run:\n    $ gcloud config set account \`ACCOUNT\``,
      items: [item('gcloud:email', 'EMAIL', e)],
      keep: ['Credentialed Accounts'],
    };
  },
  (g) => {
    const u = g.handle();
    const acct = g.s(DIGITS, 12);
    return {
      text: `% aws sts get-caller-identity\n{\n    "UserId": "AIDA${g.s('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 17)}",\n    "Account": "${acct}",\n    "Arn": "arn:aws:iam::${acct}:user/${u}"\n}`,
      items: [item('aws-arn:user', 'USER', u)],
      keep: ['aws sts get-caller-identity'],
    };
  },
  (g) => {
    const ip = g.ip();
    const u = g.handle();
    return {
      text: `${ip} - ${u} [01/Dec/2026:09:14:03 +0000] "GET /admin/exports HTTP/1.1" 401 172 "-" "curl/8.5.0"`,
      items: [item('access-log:ip', 'IP', ip), item('access-log:user', 'USER', u)],
      keep: ['"GET /admin/exports HTTP/1.1" 401'],
    };
  },
  (g) => {
    const [f, l] = g.person();
    const e = g.email(f, l);
    return {
      text: `% git log -1 --format=%B\nfix(vat): use the invoice date, not the payment date\n\nCo-authored-by: ${f} ${l} <${e}>`,
      items: [item('coauthor:person', 'PERSON', `${f} ${l}`), item('coauthor:email', 'EMAIL', e)],
      keep: ['fix(vat): use the invoice date, not the payment date'],
    };
  },
  // ---- chat by context: greetings, sign-offs, quotes, mentions
  (g) => {
    const [f] = g.person();
    return {
      text: `Hi ${f}, the nightly export failed again with the same timeout. Can you rerun it once the replica is back?`,
      items: [item('greeting:first', 'PERSON', f)],
      keep: [],
    };
  },
  (g) => {
    const [f] = g.person();
    return {
      text: `Rerunning the migration fixed it.\n\nThanks, ${f}`,
      items: [item('signoff:first', 'PERSON', f)],
      keep: ['Rerunning the migration fixed it.'],
    };
  },
  (g) => {
    const [f, l] = g.person();
    return {
      text: `On Mon, 30 Nov 2026 at 17:42, ${f} ${l} wrote:\n> the VAT rounding is off by one cent on refunds`,
      items: [item('quote-header:person', 'PERSON', `${f} ${l}`)],
      keep: ['the VAT rounding is off by one cent on refunds'],
    };
  },
  (g) => {
    const u = g.handle();
    return {
      text: `LGTM once CI is green. cc @${u} for the helm chart bump.`,
      items: [item('cc-mention:user', 'USER', u)],
      keep: ['LGTM once CI is green.'],
    };
  },
  (g) => {
    const [f] = g.person();
    return {
      text: `@${f} can you take a look at ${g.pick(HELD_OUT_6_POOLS.code.paths)} before the release?`,
      items: [item('at-first:person', 'PERSON', f)],
      keep: [],
    };
  },
  // ---- prose in several languages, full names
  ...Object.keys(HELD_OUT_6_POOLS.people).map((lang): Template => (g) => {
    const [f, l] = g.person(lang);
    const name = `${f} ${l}`;
    return { text: g.pick(PROSE[lang])(name), items: [item(`prose:${lang}`, 'PERSON', name)], keep: [] };
  }),
];

/** The sixth held-out part: 220 documents, seed 60606. */
export function buildHeldOut6Corpus(seed = 60606, count = 220): ScrubCorpus {
  return buildFrom(HELD_OUT_6_TEMPLATES, HELD_OUT_6_POOLS, seed, count);
}
