// Agent-log corpus, THIRD HELD-OUT part. The second held-out part (held-out-2.ts) was scored once
// (0.874), its misses were read and fixed, so it is no longer unseen. This part was written and
// committed after that reading and before those fixes, and is scored only at the end. Its templates
// (other tools and log sources), value pools (other languages, names, handles, companies) and seed
// are its own.
import type { ScrubCorpus } from '../scrub-corpus.js';
import { buildFrom, item, type Pools, type Template } from './gen.js';

export const HELD_OUT_3_POOLS: Pools = {
  people: {
    da: [['Mette', 'Rasmus', 'Signe', 'Mikkel', 'Freja', 'Anders'], ['Christensen', 'Rasmussen', 'Frederiksen', 'Thomsen', 'Kjær', 'Poulsen']],
    ca: [['Montserrat', 'Jordi', 'Núria', 'Pau', 'Laia', 'Arnau'], ['Puig', 'Vilalta', 'Ferrer', 'Casals', 'Soler', 'Roca']],
    hr: [['Ivana', 'Tomislav', 'Marija', 'Krešimir', 'Ana', 'Dario'], ['Horvat', 'Kovačević', 'Babić', 'Jurić', 'Novaković', 'Marić']],
    sw: [['Amani', 'Baraka', 'Neema', 'Juma', 'Zawadi', 'Faraji'], ['Mwangi', 'Otieno', 'Wanjiru', 'Kamau', 'Achieng', 'Njoroge']],
    el: [['Eleni', 'Nikos', 'Dimitra', 'Giorgos', 'Katerina', 'Yannis'], ['Papadopoulos', 'Georgiou', 'Nikolaidis', 'Karagianni', 'Oikonomou', 'Vlachos']],
    en: [['Harriet', 'Ellis', 'Marnie', 'Rufus', 'Tamsin', 'Declan'], ['Featherstone', 'Merriweather', 'Galloway', 'Pennington', 'Ashdown', 'Calloway']],
  },
  handles: ['mchristensen', 'jpuig', 'ihorvat', 'amwangi', 'epapadopoulos', 'hfeatherstone', 'rthomsen', 'nferrer', 'tbabic', 'bkamau', 'gvlachos', 'dcalloway'],
  orgs: ['oresund-data', 'montjuic-labs', 'adriatika', 'savanna-pay', 'aegean-soft', 'thamesworks', 'kattegat-io', 'pirineu-tech'],
  tlds: ['internal', 'dk', 'es', 'hr', 'ke', 'gr', 'co.uk', 'lan', 'corp', 'net'],
  code: {
    functions: ['SettlementJob.execute', 'fetch_rates', 'useDebouncedValue', 'parseCsvRow', 'AuditLog.append', 'sync_mailboxes', 'computeChecksum', 'renderTemplate'],
    packages: ['django==5.0.6', 'lodash-es@4.17.21', 'rand v0.8.5', 'zustand@4.5.2', 'boto3==1.34.131', 'esbuild@0.21.5'],
    paths: ['billing/settlement/job.py', 'src/components/RateTable.tsx', 'cmd/audit/main.go', 'infra/terraform/main.tf', 'scripts/rotate_keys.sh', 'lib/checksum.rs'],
    urls: ['https://github.com/django/django/pull/17000', 'https://docs.djangoproject.com/en/5.0/', 'https://www.terraform.io/docs', 'https://crates.io/crates/rand'],
  },
};

const PROSE: Record<string, ((n: string) => string)[]> = {
  da: [(n) => `Jeg har talt med ${n}, udrulningen flyttes til mandag.`, (n) => `Ifølge ${n} fejler testen kun på CI.`],
  ca: [(n) => `He parlat amb ${n} i el desplegament passa a dilluns.`, (n) => `Segons ${n}, la prova només falla a CI.`],
  hr: [(n) => `Razgovarao sam s ${n}, isporuka se pomiče na ponedjeljak.`, (n) => `Prema ${n}, test pada samo na CI-ju.`],
  sw: [(n) => `Nimeongea na ${n}, tutahamisha utoaji hadi Jumatatu.`, (n) => `Kwa mujibu wa ${n}, jaribio linashindwa kwenye CI tu.`],
  el: [(n) => `Milisa me ton ${n}, to deploy paei gia Deftera.`, (n) => `Opos eipe o ${n}, to test spaei mono sto CI.`],
  en: [(n) => `Flagging for ${n}: the nightly job skipped two tenants.`, (n) => `Per my call with ${n}, we keep the v1 endpoint.`],
};

export const HELD_OUT_3_TEMPLATES: Template[] = [
  (g) => {
    const [f, l] = g.person();
    const e = g.email(f, l);
    return { text: `$ git config --list | grep user\nuser.name=${f} ${l}\nuser.email=${e}`, items: [item('git-config:name', 'PERSON', `${f} ${l}`), item('git-config:email', 'EMAIL', e)], keep: ['git config --list'] };
  },
  (g) => {
    const u = g.handle();
    return { text: `$ gh auth status\ngithub.com\n  ✓ Logged in to github.com account ${u} (keyring)\n  - Token scopes: 'repo', 'workflow'`, items: [item('gh-auth:user', 'USER', u)], keep: ["Token scopes: 'repo', 'workflow'"] };
  },
  (g) => {
    const [f, l] = g.person();
    const e = g.email(f, l);
    return { text: `$ gcloud auth list\n   Credentialed Accounts\nACTIVE  ACCOUNT\n*       ${e}`, items: [item('gcloud:account', 'EMAIL', e)], keep: ['Credentialed Accounts'] };
  },
  (g) => {
    const u = g.handle();
    return { text: `$ id\nuid=1001(${u}) gid=1001(${u}) groups=1001(${u}),27(sudo),999(docker)`, items: [item('id:user', 'USER', u)], keep: ['27(sudo),999(docker)'] };
  },
  (g) => {
    const u = g.handle();
    const ip = g.ip();
    return { text: `$ last -n 2\n${u}    pts/0        ${ip}    Mon Mar  3 09:12   still logged in\nreboot   system boot  6.1.0-18-amd64   Mon Mar  3 08:55`, items: [item('last:user', 'USER', u), item('last:ip', 'IP', ip)], keep: ['6.1.0-18-amd64'] };
  },
  (g) => {
    const h = g.host();
    const ip = g.ip();
    return {
      text: `$ curl -v https://${h}/healthz\n*   Trying ${ip}:443...\n* Connected to ${h} (${ip}) port 443\n> GET /healthz HTTP/2`,
      items: [item('curl-v:host', 'HOST', h), item('curl-v:ip', 'IP', ip)],
      keep: ['> GET /healthz HTTP/2'],
    };
  },
  (g) => {
    const tok = g.token(32, 48);
    const h = g.host();
    return {
      text: `> POST /api/session HTTP/1.1\n> Host: ${h}\n> Cookie: sid=${tok}; theme=dark\n< HTTP/1.1 403 Forbidden`,
      items: [item('http:host', 'HOST', h), item('http:cookie', 'SECRET', tok)],
      keep: ['< HTTP/1.1 403 Forbidden'],
    };
  },
  (g) => {
    const ip = g.ip();
    const u = g.handle();
    const pw = g.password();
    return {
      text: `[web]\nweb1 ansible_host=${ip} ansible_user=${u} ansible_password=${pw}\n[web:vars]\nansible_python_interpreter=/usr/bin/python3`,
      items: [item('ansible:ip', 'IP', ip), item('ansible:user', 'USER', u), item('ansible:password', 'PASSWORD', pw)],
      keep: ['ansible_python_interpreter=/usr/bin/python3'],
    };
  },
  (g) => {
    const [f, l] = g.person();
    const e = g.email(f, l);
    return { text: `$ crontab -l\nMAILTO=${e}\n0 3 * * * /opt/backup/run.sh >> /var/log/backup.log 2>&1`, items: [item('cron:mailto', 'EMAIL', e)], keep: ['/opt/backup/run.sh', '/var/log/backup.log'] };
  },
  (g) => {
    const u = g.handle();
    const laptop = `${u}-thinkpad`;
    return {
      text: `$ cat ~/.ssh/authorized_keys\nssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${g.s('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 43)} ${u}@${laptop}`,
      items: [item('authorized-keys:user', 'USER', u)],
      keep: ['~/.ssh/authorized_keys'],
    };
  },
  (g) => {
    const ip = g.ip();
    const h = g.host();
    return { text: `$ cat /etc/hosts\n127.0.0.1 localhost\n${ip} ${h}`, items: [item('etc-hosts:ip', 'IP', ip), item('etc-hosts:host', 'HOST', h)], keep: ['127.0.0.1 localhost'] };
  },
  (g) => {
    const [f, l] = g.person();
    const e = g.email(f, l);
    const ip = g.ip();
    return {
      text: `postfix/smtp[4121]: 3F2A1C: to=<${e}>, relay=mx.${g.org()}.${g.pick(['dk', 'hr', 'gr'])}[${ip}]:25, status=bounced (550 5.1.1 user unknown)`,
      items: [item('postfix:to', 'EMAIL', e), item('postfix:relay-ip', 'IP', ip)],
      keep: ['status=bounced (550 5.1.1 user unknown)'],
    };
  },
  (g) => {
    const h = `db.${g.org()}.${g.pick(['internal', 'corp'])}`;
    return {
      text: `Outputs:\n\ndb_endpoint = "${h}"\ndb_password = <sensitive>\nvpc_id = "vpc-0a1b2c3d"`,
      items: [item('terraform:endpoint', 'HOST', h)],
      keep: ['db_password = <sensitive>', 'vpc_id = "vpc-0a1b2c3d"'],
    };
  },
  (g) => {
    const u = g.handle();
    return { text: `@${u} can you take a look at the flaky test in ci.yml? It started after #${g.int(100, 999)}.`, items: [item('mention:user', 'USER', u)], keep: [] };
  },
  (g) => {
    const [f, l] = g.person();
    return { text: `[09:41] ${f} ${l}: the staging DB is read-only again\n[09:42] bot: ack`, items: [item('chat-log:name', 'PERSON', `${f} ${l}`)], keep: ['the staging DB is read-only again'] };
  },
  (g) => {
    const pw = g.password();
    const u = g.handle();
    return { text: `$ echo '${pw}' | sudo -S -u ${u} systemctl restart app`, items: [item('sudo:password', 'PASSWORD', pw), item('sudo:user', 'USER', u)], keep: ['systemctl restart app'] };
  },
  (g) => {
    const tok = g.token(40, 40);
    return { text: `export VAULT_TOKEN=${tok}\nvault kv get secret/app`, items: [item('vault:token', 'SECRET', tok)], keep: ['vault kv get secret/app'] };
  },
  ...Object.keys(HELD_OUT_3_POOLS.people).map((lang): Template => (g) => {
    const [f, l] = g.person(lang);
    const name = `${f} ${l}`;
    return { text: g.pick(PROSE[lang])(name), items: [item(`prose:${lang}`, 'PERSON', name)], keep: [] };
  }),
];

/** The third held-out part: 200 documents, seed 31337. */
export function buildHeldOut3Corpus(seed = 31337, count = 200): ScrubCorpus {
  return buildFrom(HELD_OUT_3_TEMPLATES, HELD_OUT_3_POOLS, seed, count);
}
