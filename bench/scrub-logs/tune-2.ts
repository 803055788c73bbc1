// Agent-log corpus, SECOND TUNING part, written after part 6 was frozen (held-out-6.ts): the shapes
// part 5 missed (Kubernetes secrets printed or stored base64, names with Irish and Gaelic particles,
// Estonian names that are also English words) and names found by context ("Hi X", "Cheers, X",
// "X wrote", "cc @x"), in templates, pools and a seed of its own. The detectors were tuned on its misses.
import type { ScrubCorpus } from '../scrub-corpus.js';
import { ALNUM, buildFrom, item, type Pools, type Template } from './gen.js';

export const TUNE_2_POOLS: Pools = {
  people: {
    ga: [['Éabha', 'Ciarán', 'Róisín', 'Fionnán', 'Méabh', 'Darragh'], ['Ó Ceallacháin', 'Ní Mhurchú', 'Mac Aodha', 'Ó Conchúir', 'Nic Dhonnchadha', 'Ó hAodha']],
    et: [['Margus', 'Eha', 'Jaan', 'Merike', 'Toomas', 'Anu'], ['Kuusk', 'Raud', 'Pärn', 'Kivi', 'Lill', 'Vaher']],
    gd: [['Eilidh', 'Calum', 'Mòrag', 'Ruaridh', 'Seonag', 'Iain'], ['MacLeòid', 'NicDhòmhnaill', 'MacAoidh', 'Caimbeul', 'Moireasdan', 'Mac an t-Saoir']],
    mi: [['Aroha', 'Tama', 'Mere', 'Wiremu', 'Hine', 'Rawiri'], ['Ngata', 'Parata', 'Tipene', 'Horomona', 'Te Awa', 'Rangi']],
    zu: [['Thandiwe', 'Sipho', 'Nomvula', 'Bongani', 'Lindiwe', 'Themba'], ['Dlamini', 'Nkosi', 'Mthembu', 'Zulu', 'Ndlovu', 'Khumalo']],
    ko: [['Seojun', 'Meiling', 'Daeho', 'Yuna', 'Jianguo', 'Hyejin'], ['Park', 'Chen', 'Jung', 'Wang', 'Choi', 'Liu']],
    ar: [['Layla', 'Karim', 'Nasrin', 'Omid', 'Yasmin', 'Tariq'], ['Haddad', 'Rahimi', 'Mansour', 'Karimi', 'Nasser', 'Tehrani']],
    en: [['Faith', 'Forrest', 'Joy', 'Heath', 'Iris', 'Clay'], ['Fields', 'Stone', 'Rivers', 'Baker', 'Wood', 'Brook']],
  },
  handles: ['eoceallachain', 'mkuusk', 'emacleoid', 'angata', 'tdlamini', 'sjpark', 'lhaddad', 'fstone', 'jraud', 'cmacaoidh', 'bnkosi', 'ktehrani'],
  orgs: ['corrib-data', 'toome-tech', 'skye-soft', 'waikato-io', 'drakensberg-ops', 'hangang-labs', 'zagros-cloud', 'tees-works'],
  tlds: ['ie', 'ee', 'scot', 'nz', 'za', 'kr', 'internal', 'corp', 'lan'],
  code: {
    functions: ['InvoiceBatch.flush', 'resolve_tenant', 'usePagedQuery', 'CircuitBreaker.trip', 'decode_packet', 'AuditLog.append', 'run_backfill', 'drawSparkline'],
    packages: ['reqwest v0.12.4', 'alembic==1.13.1', 'swr@2.2.5', 'uvicorn==0.30.1', 'rollup@4.18.0', 'anyhow v1.0.86'],
    paths: ['src/invoices/batch.ts', 'tenants/resolve.py', 'ui/src/hooks/usePagedQuery.ts', 'internal/breaker/breaker.go', 'charts/api/values.yaml', 'db/migrations/0107_audit.sql'],
    urls: ['https://docs.rs/anyhow/latest/anyhow/', 'https://alembic.sqlalchemy.org/en/latest/', 'https://kubernetes.io/docs/concepts/configuration/secret/', 'https://github.com/vercel/swr/issues/2800'],
  },
};

const b64 = (s: string) => Buffer.from(s).toString('base64');

const PROSE: Record<string, ((n: string) => string)[]> = {
  ga: [(n) => `${n} a dúirt go bhfuil an freastalaí síos.`, (n) => `Ar labhair tú le ${n} faoin gcúltaca?`],
  et: [(n) => `${n} ütles eile, et test kukub CI-s läbi.`, (n) => `Palun saada see ${n} kätte enne reedet.`],
  gd: [(n) => `Thuirt ${n} gu bheil an teisteanas air tighinn gu crìch.`, (n) => `${n} is looking after the backups this week.`],
  mi: [(n) => `Kōrero ki a ${n} mō te hekenga.`, (n) => `${n} confirmed the cron job runs twice a night.`],
  zu: [(n) => `${n} uthe i-build iphukile kusukela izolo.`, (n) => `Please loop in ${n}, she owns the billing service.`],
  ko: [(n) => `${n} approved the schema change this morning.`, (n) => `I asked ${n} to pair on the flaky test.`],
  ar: [(n) => `${n} thinks the index is missing on orders.created_at.`, (n) => `Waiting on ${n} for the production credentials.`],
  en: [(n) => `${n} said the deploy window moved to Thursday.`, (n) => `Could you ask ${n} whether the cache is still warm?`],
};

export const TUNE_2_TEMPLATES: Template[] = [
  // ---- Kubernetes secrets
  (g) => {
    const pw = g.password();
    const e = b64(pw);
    const u = b64('app');
    return {
      text: `$ kubectl get secret pg-credentials -o yaml\napiVersion: v1\ndata:\n  password: ${e}\n  username: ${u}\nkind: Secret\nmetadata:\n  name: pg-credentials\n  namespace: default\ntype: Opaque`,
      items: [item('k8s-yaml:password', 'SECRET', e)],
      keep: ['name: pg-credentials', 'namespace: default'],
    };
  },
  (g) => {
    const tok = g.token(30, 40);
    const e = b64(tok);
    return {
      text: `$ kubectl get secret api-token -o jsonpath='{.data.token}'\n${e}`,
      items: [item('k8s-jsonpath:token', 'SECRET', e)],
      keep: [`jsonpath='{.data.token}'`],
    };
  },
  (g) => {
    const pw = g.password();
    return {
      text: `$ kubectl get secret mysql-root -o go-template='{{.data.rootPassword | base64decode}}'\n${pw}`,
      items: [item('k8s-template:password', 'PASSWORD', pw)],
      keep: ['base64decode'],
    };
  },
  (g) => {
    const pw = g.password();
    return {
      text: `$ kubectl get secret rabbitmq -o jsonpath="{.data.rabbitmq-password}" | base64 -d; echo\n${pw}`,
      items: [item('k8s-b64d:password', 'PASSWORD', pw)],
      keep: ['base64 -d; echo'],
    };
  },
  (g) => {
    const pw = g.password();
    const tok = g.token(20, 30);
    return {
      text: `# charts/api/templates/secret.yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: api-secrets\ndata:\n  redis-password: ${b64(pw)}\n  session-key: ${b64(tok)}`,
      items: [item('k8s-manifest:password', 'SECRET', b64(pw)), item('k8s-manifest:key', 'SECRET', b64(tok))],
      keep: ['name: api-secrets'],
    };
  },
  (g) => {
    const blob = 'Ag' + g.s(`${ALNUM}+/`, 300) + '==';
    return {
      text: `apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: db\nspec:\n  encryptedData:\n    password: ${blob}`,
      items: [item('sealed:blob', 'SECRET', blob)],
      keep: ['kind: SealedSecret'],
    };
  },
  (g) => {
    const pw = g.password();
    return {
      text: `$ base64 -d <<< ${b64(pw)}\n${pw}`,
      items: [item('herestring:encoded', 'SECRET', b64(pw)), item('herestring:plain', 'PASSWORD', pw)],
      keep: [],
    };
  },
  (g) => {
    const pw = g.password();
    return {
      text: `$ echo -n '${pw}' | base64\n${b64(pw)}`,
      items: [item('encode:plain', 'PASSWORD', pw), item('encode:encoded', 'SECRET', b64(pw))],
      keep: [],
    };
  },
  (g) => ({
    text: `$ kubectl describe secret pg-credentials\nName:         pg-credentials\nType:  Opaque\n\nData\n====\npassword:  ${g.int(8, 30)} bytes\nusername:  3 bytes`,
    items: [],
    keep: ['Name:         pg-credentials', 'username:  3 bytes'],
  }),
  (g) => {
    const pw = g.password();
    return {
      text: `secretGenerator:\n- name: app-env\n  literals:\n  - DATABASE_PASSWORD=${pw}\n  - LOG_FORMAT=json`,
      items: [item('kustomize:password', 'PASSWORD', pw)],
      keep: ['LOG_FORMAT=json'],
    };
  },
  // ---- remotes
  (g) => {
    const u = g.handle();
    const h = g.host();
    const ip = g.ip();
    return {
      text: `$ ssh -J ${u}@${h} admin@${ip}\nLast login: Tue Dec  1 08:01:12 2026`,
      items: [item('ssh-jump:user', 'USER', u), item('ssh-jump:host', 'HOST', h), item('ssh-jump:ip', 'IP', ip)],
      keep: ['Last login: Tue Dec  1 08:01:12 2026'],
    };
  },
  (g) => {
    const u = g.handle();
    const h = g.host();
    return {
      text: `Host build\n    HostName ${h}\n    User ${u}\n    Port 2222`,
      items: [item('sshconf:host', 'HOST', h), item('sshconf:user', 'USER', u)],
      keep: ['Port 2222'],
    };
  },
  (g) => {
    const [f, l] = g.person();
    const e = g.email(f, l);
    return { text: `$ git config --get user.email\n${e}`, items: [item('git-config-get:email', 'EMAIL', e)], keep: ['git config --get user.email'] };
  },
  // ---- names by context
  (g) => {
    const [f] = g.person();
    return { text: `Hello ${f},\n\nthe staging deploy is blocked on the failing migration.`, items: [item('hello:first', 'PERSON', f)], keep: ['the staging deploy is blocked on the failing migration.'] };
  },
  (g) => {
    const [f] = g.person();
    return { text: `Pushed the fix to the branch. Cheers, ${f}`, items: [item('cheers:first', 'PERSON', f)], keep: ['Pushed the fix to the branch.'] };
  },
  (g) => {
    const [f, l] = g.person();
    return { text: `Best regards,\n${f} ${l}\nPlatform team`, items: [item('regards:person', 'PERSON', `${f} ${l}`)], keep: ['Platform team'] };
  },
  (g) => {
    const [f] = g.person();
    return { text: `> ${f} wrote:\n> can we pin the alembic version?`, items: [item('wrote:first', 'PERSON', f)], keep: ['can we pin the alembic version?'] };
  },
  (g) => {
    const [f] = g.person();
    return { text: `Thanks ${f}! That fixed the import error.`, items: [item('thanks:first', 'PERSON', f)], keep: ['That fixed the import error.'] };
  },
  (g) => {
    const u = g.handle();
    return { text: `Reviewed, two nits inline. /cc @${u}`, items: [item('cc:user', 'USER', u)], keep: ['Reviewed, two nits inline.'] };
  },
  (g) => {
    const [f] = g.person();
    return { text: `ping @${f} — the alert fired again at 03:12`, items: [item('ping-at:first', 'PERSON', f)], keep: ['the alert fired again at 03:12'] };
  },
  (g) => {
    const [f, l] = g.person();
    return { text: `cc ${f} ${l}`, items: [item('cc:person', 'PERSON', `${f} ${l}`)], keep: [] };
  },
  // ---- prose in several languages, full names
  ...Object.keys(TUNE_2_POOLS.people).map((lang): Template => (g) => {
    const [f, l] = g.person(lang);
    const name = `${f} ${l}`;
    return { text: g.pick(PROSE[lang])(name), items: [item(`prose:${lang}`, 'PERSON', name)], keep: [] };
  }),
];

/** The second tuning part: 200 documents, seed 72727. */
export function buildTune2Corpus(seed = 72727, count = 200): ScrubCorpus {
  return buildFrom(TUNE_2_TEMPLATES, TUNE_2_POOLS, seed, count);
}
