// Agent-log corpus, FIFTH HELD-OUT part. Parts 1 to 4 were each scored once unseen, then their misses
// were read and fixed (0.983, 0.874, 0.744, 0.946 at their one unseen scoring). This part is the
// everyday mix of an agent session again (git remotes and clones, ssh and scp, docker and kubectl,
// config files, stack traces, chat in several languages), with its own phrasings (a zsh prompt `❯`),
// pools and seed. Written and committed before the change that replaces the owner of a git remote
// (`git@github.com:owner/repo.git`, `To github.com:owner/repo.git`, clone URLs), and scored once after it.
import type { ScrubCorpus } from '../scrub-corpus.js';
import { buildFrom, item, type Pools, type Template } from './gen.js';

export const HELD_OUT_5_POOLS: Pools = {
  people: {
    et: [['Kadri', 'Tõnis', 'Liis', 'Mihkel', 'Triin', 'Rein'], ['Tamm', 'Saar', 'Sepp', 'Kask', 'Mägi', 'Rebane']],
    lt: [['Rūta', 'Tomas', 'Eglė', 'Mindaugas', 'Gintarė', 'Darius'], ['Kazlauskas', 'Jankauskas', 'Petrauskas', 'Žukauskas', 'Butkus', 'Paulauskas']],
    is: [['Guðrún', 'Sigurður', 'Hildur', 'Bjarni', 'Ragnheiður', 'Kári'], ['Jónsdóttir', 'Sigurðsson', 'Magnússon', 'Gunnarsdóttir', 'Einarsson', 'Ólafsdóttir']],
    sk: [['Miroslava', 'Ľubomír', 'Veronika', 'Branislav', 'Silvia', 'Rastislav'], ['Hudák', 'Baláž', 'Šimko', 'Oravcová', 'Kršák', 'Múčka']],
    ga: [['Aoife', 'Cillian', 'Siobhán', 'Oisín', 'Niamh', 'Ruairí'], ['Ó Súilleabháin', 'Ní Bhriain', 'Mac Cárthaigh', 'Breathnach', 'Ó Ceallaigh', 'Nic Aodha']],
    en: [['Ottoline', 'Bartholomew', 'Clementine', 'Percival', 'Araminta', 'Hamish'], ['Fotheringham', 'Threlfall', 'Grimshaw', 'Ollerenshaw', 'Bickerstaff', 'Dunwoody']],
  },
  handles: ['ktamm', 'rkazlauskas', 'gjonsdottir', 'mhudak', 'bfotheringham', 'aoife-b', 'tsaar', 'dbutkus', 'kari.e', 'vsimko', 'hgrimshaw', 'oisin-oc'],
  orgs: ['peipsi-tech', 'nemunas-data', 'vatna-soft', 'liffey-labs', 'hekla-systems', 'daugava-io', 'kerry-cloud', 'danubia-works'],
  tlds: ['ee', 'lt', 'is', 'sk', 'ie', 'internal', 'lan', 'io', 'net'],
  code: {
    functions: ['OrderSaga.compensate', 'parse_manifest', 'useDebouncedValue', 'RateLimiter.acquire', 'fetch_exchange_rates', 'renderInvoicePdf', 'KafkaConsumer.poll', 'settle_batch'],
    packages: ['axum v0.7.5', 'fastapi==0.111.0', 'zod@3.23.8', 'pydantic==2.7.4', 'vitest@1.6.0', 'tokio v1.38.0'],
    paths: ['crates/api/src/routes.rs', 'app/services/rates.py', 'src/hooks/useDebouncedValue.ts', 'pkg/limiter/limiter.go', 'k8s/base/deployment.yaml', 'scripts/migrate.sh'],
    urls: ['https://github.com/tokio-rs/axum/blob/main/ECOSYSTEM.md', 'https://fastapi.tiangolo.com/tutorial/', 'https://kubernetes.io/docs/reference/kubectl/', 'https://github.com/sveltejs/kit/issues/11200'],
  },
};

const LATIN = ['et', 'lt', 'is', 'sk', 'en'];

const PROSE: Record<string, ((n: string) => string)[]> = {
  et: [(n) => `${n} ütles, et andmebaasi migratsioon jääb reedeni ootele.`, (n) => `Palun küsi ${n} käest, kas sertifikaat on uuendatud.`],
  lt: [(n) => `${n} patvirtino, kad eilė vėl stringa naktį.`, (n) => `Prieš trinant lentelę reikia pranešti ${n}.`],
  is: [(n) => `${n} sagði að cron-verkið keyri tvisvar á nóttu.`, (n) => `Geturðu spurt ${n} hvort lykillinn hafi verið endurnýjaður?`],
  sk: [(n) => `${n} už opravu schválil, môžeš mergnúť.`, (n) => `Opýtaj sa ${n}, či ešte beží ten cronjob.`],
  ga: [(n) => `Labhair mé le ${n} inné faoin imirce.`, (n) => `Dúirt ${n} go bhfuil an teastas imithe in éag.`],
  en: [(n) => `Looping in ${n}, who owns the billing webhooks.`, (n) => `${n} asked whether we can drop the legacy endpoint next sprint.`],
};

export const HELD_OUT_5_TEMPLATES: Template[] = [
  // ---- git remotes of the session's own repositories: the owner is a person's account
  (g) => {
    const u = g.handle();
    return {
      text: `❯ git remote -v\norigin\thttps://github.com/${u}/dotfiles (fetch)\norigin\thttps://github.com/${u}/dotfiles (push)`,
      items: [item('remote-v-https:owner', 'USER', u)],
      keep: ['/dotfiles (fetch)'],
    };
  },
  (g) => {
    const u = g.handle();
    const repo = g.pick(['ledger-cli', 'habit-tracker', 'blog-engine']);
    return {
      text: `❯ git clone git@gitlab.com:${u}/${repo}.git\nCloning into '${repo}'...\nremote: Enumerating objects: 412, done.`,
      items: [item('clone-ssh:owner', 'USER', u)],
      keep: [`Cloning into '${repo}'...`, 'remote: Enumerating objects: 412, done.'],
    };
  },
  (g) => {
    const u = g.handle();
    return {
      text: `remote:\nremote: Create a pull request for 'fix/tz-offset' on GitHub by visiting:\nremote:      https://github.com/${u}/invoicer/pull/new/fix/tz-offset\nremote:\nTo github.com:${u}/invoicer.git\n * [new branch]      fix/tz-offset -> fix/tz-offset`,
      items: [item('push-pr:owner', 'USER', u)],
      keep: ['* [new branch]      fix/tz-offset -> fix/tz-offset'],
    };
  },
  (g) => {
    const u = g.handle();
    return {
      text: `❯ git pull\nFrom ssh://bitbucket.org/${u}/infra-notes\n   3c4d5e6..7f8a9b0  main       -> origin/main\nAlready up to date.`,
      items: [item('pull-ssh:owner', 'USER', u)],
      keep: ['Already up to date.'],
    };
  },
  (g) => {
    const u = g.handle();
    return {
      text: `fatal: unable to access 'https://github.com/${u}/scraper.git/': Could not resolve host: github.com`,
      items: [item('fatal-access:owner', 'USER', u)],
      keep: ['Could not resolve host: github.com'],
    };
  },
  // ---- a public project in prose: stays
  (g) => {
    const u = g.pick(['https://github.com/tokio-rs/tokio/issues/6400', 'https://github.com/pydantic/pydantic-core/releases', 'https://github.com/kubernetes/kubernetes/pull/120000']);
    return { text: `The upstream fix is tracked in ${u}; pin until it ships.`, items: [], keep: [u] };
  },
  // ---- ssh, scp
  (g) => {
    const u = g.handle();
    const h = g.host();
    return {
      text: `❯ ssh -i ~/.ssh/id_ed25519 ${u}@${h} 'systemctl status api --no-pager'\n● api.service - Rates API\n     Active: failed (Result: exit-code)`,
      items: [item('ssh-i:user', 'USER', u), item('ssh-i:host', 'HOST', h)],
      keep: ['Active: failed (Result: exit-code)'],
    };
  },
  (g) => {
    const u = g.handle();
    const ip = g.ip();
    return {
      text: `❯ scp /Users/${u}/Downloads/orders-dump.sql ${ip}:/tmp/\norders-dump.sql          100%   48MB  11.2MB/s   00:04`,
      items: [item('scp-mac:user', 'USER', u), item('scp-mac:ip', 'IP', ip)],
      keep: ['/tmp/'],
    };
  },
  // ---- docker, kubectl
  (g) => {
    const u = g.handle();
    return {
      text: `❯ echo $CR_PAT | docker login ghcr.io -u ${u} --password-stdin\nLogin Succeeded`,
      items: [item('ghcr-login:user', 'USER', u)],
      keep: ['Login Succeeded', 'ghcr.io'],
    };
  },
  (g) => {
    const pw = g.password();
    return {
      text: `❯ kubectl get secret db-creds -o jsonpath='{.data.password}' | base64 -d\n${pw}`,
      items: [item('kubectl-secret:password', 'PASSWORD', pw)],
      keep: [`jsonpath='{.data.password}'`],
    };
  },
  (g) => {
    const h = g.host();
    const tok = g.token(32, 48);
    return {
      text: `❯ kubectl config view --minify --raw\nclusters:\n- cluster:\n    server: https://${h}:6443\n  name: prod\nusers:\n- name: prod-admin\n  user:\n    token: ${tok}`,
      items: [item('kubeconfig:host', 'HOST', h), item('kubeconfig:token', 'SECRET', tok)],
      keep: ['name: prod-admin'],
    };
  },
  (g) => {
    const [f, l] = g.person(g.pick(LATIN));
    const e = g.email(f, l);
    return {
      text: `❯ kubectl logs deploy/notifier --since=1h | grep bounce\n2026-12-01T08:14:22Z WARN mail bounced for ${e}: 550 5.1.1 user unknown`,
      items: [item('kubectl-log:email', 'EMAIL', e)],
      keep: ['550 5.1.1 user unknown'],
    };
  },
  // ---- config
  (g) => {
    const [f, l] = g.person(g.pick(LATIN));
    const e = g.email(f, l);
    return {
      text: `❯ cat ~/.gitconfig\n[user]\n\tname = ${f} ${l}\n\temail = ${e}\n[pull]\n\trebase = true`,
      items: [item('gitconfig:name', 'PERSON', `${f} ${l}`), item('gitconfig:email', 'EMAIL', e)],
      keep: ['rebase = true'],
    };
  },
  (g) => {
    const pw = g.password();
    const h = g.host();
    return {
      text: `spring:\n  datasource:\n    url: jdbc:postgresql://${h}:5432/orders\n    username: orders_app\n    password: ${pw}`,
      items: [item('spring:host', 'HOST', h), item('spring:password', 'PASSWORD', pw)],
      keep: ['username: orders_app'],
    };
  },
  (g) => {
    const k = g.providerKey();
    return { text: `❯ export OPENAI_API_KEY=${k}\n❯ python scripts/eval.py --limit 20`, items: [item('export:key', 'SECRET', k)], keep: ['python scripts/eval.py --limit 20'] };
  },
  // ---- stack traces
  (g) => {
    const u = g.handle();
    return {
      text: `  File "/home/${u}/.venv/lib/python3.12/site-packages/httpx/_client.py", line 1014, in send\nhttpx.ConnectError: [Errno -2] Name or service not known`,
      items: [item('py-frame:user', 'USER', u)],
      keep: ['httpx.ConnectError: [Errno -2] Name or service not known'],
    };
  },
  (g) => {
    const u = g.handle();
    return {
      text: `Error: ENOENT: no such file or directory, open '/Users/${u}/work/shop/.env.local'\n    at Object.openSync (node:fs:573:18)`,
      items: [item('node-enoent:user', 'USER', u)],
      keep: ['node:fs:573:18', '.env.local'],
    };
  },
  (g) => {
    const ip = g.ip();
    return {
      text: `panic: dial tcp ${ip}:5432: connect: connection refused\n\ngoroutine 1 [running]:\nmain.main()\n\t/app/cmd/server/main.go:41 +0x1c5`,
      items: [item('go-panic:ip', 'IP', ip)],
      keep: ['/app/cmd/server/main.go:41'],
    };
  },
  // ---- git authorship
  (g) => {
    const [f, l] = g.person(g.pick(LATIN));
    const e = g.email(f, l);
    return {
      text: `commit ${g.sha()}\nAuthor: ${f} ${l} <${e}>\nDate:   Tue Dec 1 09:12:44 2026 +0200\n\n    fix(rates): round half to even`,
      items: [item('git-show:author', 'PERSON', `${f} ${l}`), item('git-show:email', 'EMAIL', e)],
      keep: ['fix(rates): round half to even'],
    };
  },
  // ---- chat
  ...Object.keys(HELD_OUT_5_POOLS.people).map((lang): Template => (g) => {
    const [f, l] = g.person(lang);
    const name = `${f} ${l}`;
    return { text: g.pick(PROSE[lang])(name), items: [item(`prose:${lang}`, 'PERSON', name)], keep: [] };
  }),
];

/** The fifth held-out part: 200 documents, seed 51515. */
export function buildHeldOut5Corpus(seed = 51515, count = 200): ScrubCorpus {
  return buildFrom(HELD_OUT_5_TEMPLATES, HELD_OUT_5_POOLS, seed, count);
}
