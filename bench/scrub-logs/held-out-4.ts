// Agent-log corpus, FOURTH HELD-OUT part. Held-out parts 1 to 3 were each scored once, then their
// misses were read and fixed (0.983, 0.874, 0.744 at their first and only unseen scoring). Parts 2
// and 3 were written to probe formats not covered yet, so they are harsher than ordinary logs. This
// part instead draws the everyday mix of an agent session (git, package managers, docker, curl,
// ssh, env files, tracebacks, chat), with its own phrasings, pools and seed. Written and committed
// after reading part 3's misses and before fixing them; scored only at the end.
import type { ScrubCorpus } from '../scrub-corpus.js';
import { buildFrom, item, type Pools, type Template } from './gen.js';

export const HELD_OUT_4_POOLS: Pools = {
  people: {
    no: [['Solveig', 'Håkon', 'Ingvild', 'Torbjørn', 'Sigrid', 'Eirik'], ['Haugen', 'Bakken', 'Solheim', 'Lunde', 'Strand', 'Dahl']],
    fr: [['Ophélie', 'Gaëtan', 'Séverine', 'Baptiste', 'Maëlle', 'Quentin'], ['Marchand', 'Perrin', 'Boucher', 'Lemaire', 'Guérin', 'Caron']],
    de: [['Gisela', 'Dietmar', 'Ulrike', 'Reinhard', 'Wiebke', 'Torsten'], ['Baumann', 'Scholz', 'Lorenz', 'Kuhn', 'Engel', 'Pohl']],
    es: [['Amparo', 'Fermín', 'Rocío', 'Eusebio', 'Itziar', 'Leandro'], ['Aguirre', 'Valverde', 'Cordero', 'Montero', 'Pascual', 'Quintana']],
    en: [['Philippa', 'Barnaby', 'Rosamund', 'Crispin', 'Henrietta', 'Lachlan'], ['Winterbottom', 'Stanhope', 'Aldridge', 'Ravenscroft', 'Lockhart', 'Prendergast']],
  },
  handles: ['shaugen', 'gmarchand', 'dscholz', 'avalverde', 'pwinterbottom', 'hbakken', 'qcaron', 'ukuhn', 'lquintana', 'bstanhope', 'tdahl', 'rlockhart'],
  orgs: ['fjellnett', 'loire-numerique', 'rheinblick', 'ebro-sistemas', 'pennine-data', 'nordkapp-io', 'garonne-labs', 'severn-works'],
  tlds: ['internal', 'no', 'fr', 'de', 'es', 'co.uk', 'com', 'local', 'corp'],
  code: {
    functions: ['InvoiceMailer.deliver', 'resolve_tenant', 'useFeatureFlag', 'hydrateStore', 'TenantRepo.byDomain', 'apply_discount', 'debounceSearch', 'serializeOrder'],
    packages: ['flask==3.0.3', 'typescript@5.4.5', 'anyhow v1.0.86', 'dayjs@1.11.11', 'requests==2.32.3', 'tailwindcss@3.4.4'],
    paths: ['mailers/invoice.rb', 'src/flags/useFeatureFlag.ts', 'tenants/resolve.py', 'web/store/hydrate.ts', 'internal/tenant/repo.go', 'docs/runbook.md'],
    urls: ['https://github.com/pallets/flask/issues/5000', 'https://www.typescriptlang.org/tsconfig', 'https://docs.github.com/en/actions', 'https://pypi.org/project/requests/'],
  },
};

const PROSE: Record<string, ((n: string) => string)[]> = {
  no: [(n) => `Jeg snakket med ${n}, vi venter med migreringen til mandag.`],
  fr: [(n) => `${n} m'a confirmé que le cron tourne deux fois.`, (n) => `Il faudrait prévenir ${n} avant de supprimer la table.`],
  de: [(n) => `${n} hat den Fix schon reviewt, bitte mergen.`, (n) => `Kannst du ${n} fragen, ob der Cronjob noch läuft?`],
  es: [(n) => `${n} confirmó que el cron se ejecuta dos veces.`, (n) => `Avísale a ${n} antes de borrar la tabla.`],
  en: [(n) => `${n} mentioned the webhook retries are capped at five.`, (n) => `Can you ping ${n} about the expired certificate?`],
};

export const HELD_OUT_4_TEMPLATES: Template[] = [
  (g) => {
    const u = g.handle();
    return { text: `$ git push origin feature/rates\nTo github.com:${u}/rates-service.git\n   4f1c2d0..9a8b7c6  feature/rates -> feature/rates`, items: [item('git-push:user-org', 'USER', u)], keep: ['feature/rates -> feature/rates'] };
  },
  (g) => {
    const [f, l] = g.person();
    return { text: `$ git log --oneline --format='%h %an %s' -2\n${g.hex(7)} ${f} ${l} fix: retry on 429\n${g.hex(7)} dependabot[bot] chore(deps): bump dayjs`, items: [item('git-log:author', 'PERSON', `${f} ${l}`)], keep: ['fix: retry on 429', 'chore(deps): bump dayjs'] };
  },
  (g) => {
    const t = g.providerKey();
    return { text: `$ npm config set //registry.npmjs.org/:_authToken ${t}\n$ npm publish --access public`, items: [item('npm:auth-token', 'SECRET', t)], keep: ['npm publish --access public'] };
  },
  (g) => {
    const pw = g.password();
    const u = g.handle();
    return { text: `$ pip install --index-url https://${u}:${pw}@pypi.${g.org()}.${g.pick(['no', 'de', 'fr'])}/simple internal-utils`, items: [item('pip:user', 'USER', u), item('pip:password', 'PASSWORD', pw)], keep: ['internal-utils'] };
  },
  (g) => {
    const h = g.host();
    return { text: `$ docker push ${h}/payments/api:2.3.1\nThe push refers to repository [${h}/payments/api]\nunauthorized: authentication required`, items: [item('docker-push:registry', 'HOST', h)], keep: ['unauthorized: authentication required'] };
  },
  (g) => {
    const tok = g.token(30, 50);
    const h = g.host();
    return { text: `curl -sS -H "Authorization: token ${tok}" https://${h}/api/v4/projects | jq '.[0].name'`, items: [item('curl:auth-token', 'SECRET', tok), item('curl:host', 'HOST', h)], keep: ["jq '.[0].name'"] };
  },
  (g) => {
    const u = g.handle();
    const ip = g.ip();
    return { text: `$ ssh ${u}@${ip} -t 'tail -f /var/log/app/error.log'\nConnection to ${ip} closed.`, items: [item('ssh-tail:user', 'USER', u), item('ssh-tail:ip', 'IP', ip)], keep: ['/var/log/app/error.log'] };
  },
  (g) => {
    const pw = g.password();
    const [f, l] = g.person();
    const e = g.email(f, l);
    return {
      text: `$ cat .env.production\nAPP_URL=https://${g.org()}.${g.pick(['no', 'fr', 'de'])}\nMAIL_FROM=${e}\nDB_PASS=${pw}`,
      items: [item('dotenv:email', 'EMAIL', e), item('dotenv:db-pass', 'PASSWORD', pw)],
      keep: ['$ cat .env.production'],
    };
  },
  (g) => {
    const u = g.handle();
    return {
      text: `Traceback (most recent call last):\n  File "C:\\\\Users\\\\${u}\\\\src\\\\tenants\\\\resolve.py", line 14, in resolve_tenant\nKeyError: 'tenant_id'`,
      items: [item('traceback:windows-user', 'USER', u)],
      keep: ["KeyError: 'tenant_id'"],
    };
  },
  (g) => {
    const ip = g.ip();
    return { text: `Error: connect ETIMEDOUT ${ip}:443\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)`, items: [item('node-error:ip', 'IP', ip)], keep: ['node:net:1555:16'] };
  },
  (g) => {
    const h = g.host();
    return { text: `fetch failed: getaddrinfo EAI_AGAIN ${h}`, items: [item('node-dns:host', 'HOST', h)], keep: ['getaddrinfo EAI_AGAIN'] };
  },
  (g) => {
    const [f, l] = g.person();
    const e = g.email(f, l);
    return { text: `Hi, could you send the invoice export to ${e}? Thanks!`, items: [item('chat:email', 'EMAIL', e)], keep: [] };
  },
  (g) => {
    const pw = g.password();
    return { text: `  db:\n    image: postgres:16\n    environment:\n      - POSTGRES_USER=app\n      - POSTGRES_PASSWORD=${pw}`, items: [item('compose-list:password', 'PASSWORD', pw)], keep: ['image: postgres:16', 'POSTGRES_USER=app'] };
  },
  (g) => {
    const tok = `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify({ sub: g.handle(), exp: 1900000000 })).toString('base64url')}.${g.s('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-', 43)}`;
    return { text: `console.log('token', '${tok}')`, items: [item('log:jwt', 'JWT', tok.split('.')[1])], keep: [] };
  },
  ...Object.keys(HELD_OUT_4_POOLS.people).map((lang): Template => (g) => {
    const [f, l] = g.person(lang);
    const name = `${f} ${l}`;
    return { text: g.pick(PROSE[lang])(name), items: [item(`prose:${lang}`, 'PERSON', name)], keep: [] };
  }),
];

/** The fourth held-out part: 200 documents, seed 42424. */
export function buildHeldOut4Corpus(seed = 42424, count = 200): ScrubCorpus {
  return buildFrom(HELD_OUT_4_TEMPLATES, HELD_OUT_4_POOLS, seed, count);
}
