// Agent-log corpus, SECOND HELD-OUT part. The first held-out part (held-out.ts) was scored once,
// its misses were read and fixed, so it is no longer unseen. This part was written and committed
// after that reading and before those fixes, and is scored only at the end. Its templates (other
// tools and log sources), value pools (other languages, names, handles, companies) and seed are its own.
import type { ScrubCorpus } from '../scrub-corpus.js';
import { buildFrom, item, type Pools, type Template } from './gen.js';

export const HELD_OUT_2_POOLS: Pools = {
  people: {
    cs: [['Tereza', 'Jiří', 'Kateřina', 'Ondřej', 'Zuzana', 'Vojtěch'], ['Dvořák', 'Procházková', 'Černý', 'Veselá', 'Horák', 'Marek']],
    hu: [['Zsófia', 'Bence', 'Réka', 'Levente', 'Dóra', 'Gergely'], ['Nagy', 'Kovács', 'Szabó', 'Tóth', 'Varga', 'Horváth']],
    ro: [['Ioana', 'Mihai', 'Andreea', 'Bogdan', 'Cristina', 'Radu'], ['Popescu', 'Ionescu', 'Dumitru', 'Stoica', 'Munteanu', 'Constantin']],
    fi: [['Aino', 'Eero', 'Helmi', 'Juho', 'Sanni', 'Ville'], ['Virtanen', 'Korhonen', 'Mäkinen', 'Nieminen', 'Heikkinen', 'Laine']],
    vi: [['Minh', 'Thảo', 'Quang', 'Lan', 'Tuấn', 'Hương'], ['Nguyễn', 'Trần', 'Phạm', 'Hoàng', 'Vũ', 'Đặng']],
    id: [['Putri', 'Agus', 'Dewi', 'Budi', 'Sari', 'Rizky'], ['Santoso', 'Wijaya', 'Saputra', 'Hidayat', 'Kusuma', 'Pratama']],
  },
  handles: ['tdvorak', 'bnagy', 'ipopescu', 'eevirtanen', 'minh.ng', 'psantoso', 'zkovacs', 'rstoica', 'hlaine', 'qpham', 'dwijaya', 'ocerny'],
  orgs: ['vltava-data', 'dunaparts', 'carpati-soft', 'saimaa-tech', 'mekong-pay', 'nusantara-io', 'tatra-cloud', 'baltica-ops'],
  tlds: ['internal', 'cz', 'hu', 'ro', 'fi', 'vn', 'id', 'home.arpa', 'net', 'co'],
  code: {
    functions: ['WarehouseLoader.flush', 'compute_totals', 'useSessionGuard', 'emitMetrics', 'InventoryRepo.findBySku', 'load_fixtures', 'mergeDeltas', 'renderInvoicePdf'],
    packages: ['pydantic==2.7.4', 'next@14.2.4', 'clap v4.5.7', 'pg@8.12.0', 'sqlalchemy==2.0.31', 'vitest@1.6.0'],
    paths: ['etl/loaders/warehouse.py', 'src/middleware/session.ts', 'pkg/inventory/repo.go', 'deploy/k8s/ingress.yaml', 'crates/cli/src/main.rs', 'app/api/route.ts'],
    urls: ['https://github.com/pydantic/pydantic/issues/8100', 'https://nextjs.org/docs/app', 'https://www.postgresql.org/docs/16/libpq-pgpass.html', 'https://docs.rs/clap/latest/clap/'],
  },
};

const PROSE: Record<string, ((n: string) => string)[]> = {
  cs: [(n) => `Mluvil jsem s ${n}, nasazení posuneme na pondělí.`, (n) => `Podle ${n} padá build jen na CI.`],
  hu: [(n) => `Beszéltem ${n} kollégával, a migráció péntekre csúszik.`, (n) => `${n} szerint a teszt csak CI-n hibás.`],
  ro: [(n) => `Am vorbit cu ${n} și mutăm lansarea pe luni.`, (n) => `După ${n}, testul pică doar în CI.`],
  fi: [(n) => `Puhuin ${n} kanssa, julkaisu siirtyy maanantaille.`, (n) => `${n} sanoi, että testi kaatuu vain CI:ssä.`],
  vi: [(n) => `Tôi đã nói chuyện với ${n}, việc triển khai dời sang thứ Hai.`, (n) => `Theo ${n}, bài test chỉ lỗi trên CI.`],
  id: [(n) => `Saya sudah bicara dengan ${n}, rilis diundur ke Senin.`, (n) => `Menurut ${n}, tesnya hanya gagal di CI.`],
};

export const HELD_OUT_2_TEMPLATES: Template[] = [
  (g) => {
    const u = g.handle();
    const ip = g.ip();
    return {
      text: `Mar 03 09:14:22 web-1 sshd[2231]: Accepted publickey for ${u} from ${ip} port 51234 ssh2: ED25519 SHA256:${g.s('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 43)}`,
      items: [item('journal:user', 'USER', u), item('journal:ip', 'IP', ip)],
      keep: ['Accepted publickey for'],
    };
  },
  (g) => {
    const u = g.handle();
    const ip = g.ip();
    return { text: `sshd[991]: Failed password for invalid user ${u} from ${ip} port 40022 ssh2`, items: [item('journal:invalid-user', 'USER', u), item('journal:failed-ip', 'IP', ip)], keep: ['Failed password for invalid user'] };
  },
  (g) => {
    const u = g.handle();
    const h = g.host();
    return { text: `$ ssh-copy-id -i ~/.ssh/id_ed25519.pub ${u}@${h}\nNumber of key(s) added: 1`, items: [item('ssh-copy-id:user', 'USER', u), item('ssh-copy-id:host', 'HOST', h)], keep: ['Number of key(s) added: 1'] };
  },
  (g) => {
    const h = g.host();
    return { text: `$ ssh-keyscan -H ${h} >> ~/.ssh/known_hosts\n# ${h}:22 SSH-2.0-OpenSSH_9.6`, items: [item('ssh-keyscan:host', 'HOST', h)], keep: ['~/.ssh/known_hosts', 'SSH-2.0-OpenSSH_9.6'] };
  },
  (g) => {
    const h = g.host();
    return {
      text: `$ git push\nTo ssh://${h}/srv/git/inventory.git\n ! [rejected]        main -> main (fetch first)\nerror: failed to push some refs`,
      items: [item('git:push-to-host', 'HOST', h)],
      keep: ['! [rejected]        main -> main (fetch first)', 'error: failed to push some refs'],
    };
  },
  (g) => {
    const u = g.handle();
    const t = g.providerKey();
    const h = `git.${g.org()}.${g.pick(['cz', 'hu', 'ro'])}`;
    return { text: `# ~/.git-credentials\nhttps://${u}:${t}@${h}`, items: [item('git-credentials:user', 'USER', u), item('git-credentials:token', 'SECRET', t), item('git-credentials:host', 'HOST', h)], keep: [] };
  },
  (g) => {
    const u = g.handle();
    const h = g.host();
    return { text: `svn checkout svn+ssh://${u}@${h}/repos/legacy/trunk legacy`, items: [item('svn:user', 'USER', u), item('svn:host', 'HOST', h)], keep: ['/repos/legacy/trunk'] };
  },
  (g) => {
    const u = g.handle();
    const h = g.host();
    return { text: `$ psql -h ${h} -p 5432 -U ${u} -d warehouse\npsql: error: connection to server failed: FATAL:  password authentication failed`, items: [item('psql:host', 'HOST', h), item('psql:user', 'USER', u)], keep: ['password authentication failed'] };
  },
  (g) => {
    const pw = g.password();
    const h = g.host();
    return { text: `# ~/.pgpass\n${h}:5432:warehouse:etl_loader:${pw}`, items: [item('pgpass:host', 'HOST', h), item('pgpass:password', 'PASSWORD', pw)], keep: ['# ~/.pgpass'] };
  },
  (g) => {
    const u = g.handle();
    const pw = g.password();
    const h = g.host();
    return { text: `# ~/.netrc\nmachine ${h}\n  login ${u}\n  password ${pw}`, items: [item('netrc:host', 'HOST', h), item('netrc:user', 'USER', u), item('netrc:password', 'PASSWORD', pw)], keep: ['# ~/.netrc'] };
  },
  (g) => {
    const u = g.handle();
    const pw = g.password();
    const ip = g.ip();
    return { text: `mongosh "mongodb://${u}:${pw}@${ip}:27017/admin?authSource=admin"`, items: [item('mongosh:user', 'USER', u), item('mongosh:password', 'PASSWORD', pw), item('mongosh:ip', 'IP', ip)], keep: ['authSource=admin'] };
  },
  (g) => {
    const pw = g.password();
    return {
      text: `  mysql:\n    image: mysql:8.4\n    environment:\n      MYSQL_ROOT_PASSWORD: ${pw}\n      MYSQL_DATABASE: shop`,
      items: [item('compose:root-password', 'PASSWORD', pw)],
      keep: ['image: mysql:8.4', 'MYSQL_DATABASE: shop'],
    };
  },
  (g) => {
    const tok = g.token(40, 56);
    return { text: `kubectl config set-credentials ci-bot --token=${tok}\nUser "ci-bot" set.`, items: [item('kubectl:set-credentials', 'SECRET', tok)], keep: ['User "ci-bot" set.'] };
  },
  (g) => {
    const h = g.host();
    const ip = g.ip();
    return {
      text: `$ kubectl get ingress\nNAME   CLASS   HOSTS                ADDRESS        PORTS\nweb    nginx   ${h}   ${ip}   80, 443`,
      items: [item('kubectl:ingress-host', 'HOST', h), item('kubectl:ingress-ip', 'IP', ip)],
      keep: ['80, 443'],
    };
  },
  (g) => {
    const [f, l] = g.person();
    const e = g.email(f, l);
    const ip = g.ip();
    return {
      text: `2025-05-02 11:02:33,481 WARNING auth.views: lockout for ${e} after 5 attempts (ip=${ip})`,
      items: [item('pylog:email', 'EMAIL', e), item('pylog:ip', 'IP', ip)],
      keep: ['WARNING auth.views'],
    };
  },
  (g) => {
    const ip = g.ip();
    const h = g.host();
    return {
      text: `2025/05/02 10:00:01 [error] 31#31: *7 connect() failed (111: Connection refused) while connecting to upstream, client: ${ip}, server: ${h}, request: "GET /api HTTP/1.1"`,
      items: [item('nginx:client-ip', 'IP', ip), item('nginx:server-host', 'HOST', h)],
      keep: ['connect() failed (111: Connection refused)'],
    };
  },
  (g) => {
    const u = g.handle();
    return {
      text: `PHP Fatal error:  Uncaught PDOException: could not find driver in C:\\Users\\${u}\\projects\\shop\\db.php:12`,
      items: [item('trace:php-windows-user', 'USER', u)],
      keep: ['Uncaught PDOException: could not find driver'],
    };
  },
  (g) => {
    const h = g.host();
    return {
      text: `urllib3.exceptions.MaxRetryError: HTTPSConnectionPool(host='${h}', port=443): Max retries exceeded with url: /v1/health`,
      items: [item('trace:python-host', 'HOST', h)],
      keep: ['urllib3.exceptions.MaxRetryError', '/v1/health'],
    };
  },
  (g) => {
    const h = g.host();
    return { text: `PING ${h} (${'10.1.2.3'}): 56 data bytes\nRequest timeout for icmp_seq 0`, items: [item('ping:host', 'HOST', h)], keep: ['Request timeout for icmp_seq 0'] };
  },
  ...Object.keys(HELD_OUT_2_POOLS.people).map((lang): Template => (g) => {
    const [f, l] = g.person(lang);
    const name = `${f} ${l}`;
    return { text: g.pick(PROSE[lang])(name), items: [item(`prose:${lang}`, 'PERSON', name)], keep: [] };
  }),
  (g) => {
    const [f, l] = g.person();
    return { text: `Reported-by: ${f} ${l}\nFixes: #${g.int(100, 9999)}`, items: [item('git:reported-by', 'PERSON', `${f} ${l}`)], keep: [] };
  },
  (g) => {
    const [f, l] = g.person();
    const e = g.email(f, l);
    return { text: `From: ${f} ${l} <${e}>\nSubject: Re: staging is down`, items: [item('mail:from-name', 'PERSON', `${f} ${l}`), item('mail:from-email', 'EMAIL', e)], keep: ['Subject: Re: staging is down'] };
  },
];

/** The second held-out part: 160 documents, seed 55333. */
export function buildHeldOut2Corpus(seed = 55333, count = 160): ScrubCorpus {
  return buildFrom(HELD_OUT_2_TEMPLATES, HELD_OUT_2_POOLS, seed, count);
}
