import { describe, expect, it } from 'vitest';
import { createScrubber } from '../../../electron/engine/digest/scrub/index.js';

// Tokens are put together at run time so no scanner flags this file.
const GH = 'gh' + 'p_' + 'Q7d2Lk9Vb3Xw8Rt5Ny1Mz6Pa4Hc0Jf2Ge7Ds';
const url = (scheme: string, rest: string) => `${scheme}://${rest}`;

/** Fresh placeholders for every call; `nlp` turns on the name finders. */
async function scrub(text: string, nlp = false): Promise<string> {
  return createScrubber({ nlpPeople: nlp }).scrub(text);
}

describe('logins in commands, remotes and URLs', () => {
  it.each([
    ['ssh to an address: the address goes, a role account stays', 'ssh deploy@10.2.3.4', 'ssh deploy@<IP_1>'],
    ['scp to a private host', 'scp dist/app.tgz alice.w@files.nordwind.internal:/srv/', 'scp dist/app.tgz <USER_1>@<HOST_1>:/srv/'],
    ['rsync over ssh to an address', 'rsync -avz -e "ssh -p 2222" ./build/ mkowal@192.168.4.7:/var/www/', 'rsync -avz -e "ssh -p 2222" ./build/ <USER_1>@<IP_1>:/var/www/'],
    ['a jump host', 'ssh -J jdupont@bastion.acme.corp admin@10.0.0.5', 'ssh -J <USER_1>@<HOST_1> admin@<IP_1>'],
    ['a git remote on a private host', 'git remote add up git@git.acme.internal:team/api.git', 'git remote add up git@<HOST_1>:team/api.git'],
    ['a token and its user in a clone URL (and the owner of the remote)', `git clone https://bruiz:${GH}@github.com/acme/billing.git`, 'git clone https://<USER_1>:<PASSWORD_1>@github.com/<USER_2>/billing.git'],
    ['a user in a URL without a password', 'open https://lkrueger@jira.kestrel.de/browse/OPS-1', 'open https://<USER_1>@<HOST_1>/browse/OPS-1'],
    ['a URL password with ? and # in it', `REDIS_URL=${url('redis', ':Kestrel14?#x@cache.acme.internal:6379/0')}`, `REDIS_URL=${url('redis', ':<PASSWORD_1>@<HOST_1>:6379/0')}`],
    ['a personal database user', `DATABASE_URL=${url('postgres', 'dashworth:Sommer2030!@db:5432/orders')}`, `DATABASE_URL=${url('postgres', '<USER_1>:<PASSWORD_1>@db:5432/orders')}`],
    ['docker login flags', 'docker login -u mpemberton -p cicbr-ayqdk-62 registry.acme.io', 'docker login -u <USER_1> -p <PASSWORD_1> <HOST_1>'],
    ['curl -u user:password', 'curl -u tthornton:Xy7!pQ2zR https://api.acme.io/v1', 'curl -u <USER_1>:<PASSWORD_1> https://<HOST_1>/v1'],
    ['a host before an address, as Java prints it', 'Connection refused: db-3.acme.internal/10.4.5.6:5432', 'Connection refused: <HOST_1>/<IP_1>:5432'],
    ['a dotted random password', 'password = kdTA2H.ZKagT2z', 'password = <PASSWORD_1>'],
    ['a host after a network word, under any country code', 'Failed to open TCP connection to jenkins-14.pampulha.pl:443', 'Failed to open TCP connection to <HOST_1>:443'],
    ['a host in a DNS error', 'fetch failed: getaddrinfo EAI_AGAIN app13.ams.loire.no', 'fetch failed: getaddrinfo EAI_AGAIN <HOST_1>'],
    ['ssh config HostName', 'Host prod\n    HostName wiki.ferrovia.pl\n    User ubuntu', 'Host prod\n    HostName <HOST_1>\n    User ubuntu'],
    ['sshd log lines', 'sshd[9]: Failed password for invalid user bnagy from 10.9.8.7 port 4022 ssh2', 'sshd[9]: Failed password for invalid user <USER_1> from <IP_1> port 4022 ssh2'],
    ['a .netrc entry', 'machine files.acme.internal\n  login minh.ng\n  password rplye-pcbxe-93', 'machine <HOST_1>\n  login <USER_1>\n  password <PASSWORD_1>'],
    ['a .pgpass line', 'db.acme.internal:5432:warehouse:tdvorak:Wo3afxx^SNr12Qm', '<HOST_1>:5432:warehouse:<USER_1>:<PASSWORD_1>'],
    ['the user of id', 'uid=1001(nferrer) gid=1001(nferrer) groups=1001(nferrer),27(sudo)', 'uid=1001(<USER_1>) gid=1001(<USER_1>) groups=1001(<USER_1>),27(sudo)'],
    ['gh auth status', 'Logged in to github.com account jpuig (keyring)', 'Logged in to github.com account <USER_1> (keyring)'],
    ['a login in an inventory', 'web1 ansible_host=10.0.0.5 ansible_user=tbabic', 'web1 ansible_host=<IP_1> ansible_user=<USER_1>'],
    ['who is logged in', 'jpuig    pts/0        10.1.1.9    Mon Mar  3 09:12', '<USER_1>    pts/0        <IP_1>    Mon Mar  3 09:12'],
    ['an @mention', '@ihorvat can you look at ci.yml?', '@<USER_1> can you look at ci.yml?'],
    ['a password piped to sudo -S', "echo 'Kestrel216?' | sudo -S -u rthomsen true", "echo '<PASSWORD_1>' | sudo -S -u <USER_1> true"],
    ['a random cookie value after =', 'Cookie: sid=C17Xb0nPWq8RdgNRdH1pSqkUegYtqZjb4Mq5HaLwq391; theme=dark', 'Cookie: sid=<SECRET_1>; theme=dark'],
    ['the host of ssh-keyscan, and the same host later', 'ssh-keyscan -H node29.vltava.id >> ~/.ssh/known_hosts\n# node29.vltava.id:22 SSH-2.0', 'ssh-keyscan -H <HOST_1> >> ~/.ssh/known_hosts\n# <HOST_1>:22 SSH-2.0'],
  ])('%s', async (_name, text, expected) => {
    expect(await scrub(text)).toBe(expected);
  });

  it('learns a login name and removes it elsewhere in the digest', async () => {
    const [a, b] = await createScrubber({ nlpPeople: false }).scrubAll(['scp f.txt zqlopez@files.acme.internal:/tmp/', 'owner: zqlopez']);
    expect(a).toBe('scp f.txt <USER_1>@<HOST_1>:/tmp/');
    expect(b).toBe('owner: <USER_1>');
  });

  it.each([
    ['public repositories linked in prose', 'The fix is in https://github.com/vercel/next.js/issues/1 and github.com/tokio-rs/tokio'],
    ['team and group owners of a remote', 'git remote add up git@gitlab.com:platform/orders-api.git\nTo gitlab.com:infra/terraform.git'],
    ['package specs from git', 'pip install git+https://github.com/psf/black.git && npm i git+ssh://git@github.com:psf/black.git'],
    ['paths after a port that are no remote', 'open http://localhost:3000/api/users; image: redis:7/alpine'],
    ['a role account on a generic host', url('postgres', 'postgres:${PGPASSWORD}@db:5432/app')],
    ['service accounts named for their role', `${url('postgresql', 'app_user:${PW}@db/app')} --username=svc_orders user: reporting_ro`],
    ['versions of scoped packages and products', 'npm i @acme/ui@1.2.3.4; Chrome/120.0.0.0 Safari/537.36'],
    ['flags named in prose', 'WARNING! Using --password via the CLI is insecure. Use --password-stdin.'],
    ['-u and -l of commands that take no login', 'git push -u origin main && gsutil mb -p proj-dev-1 -l us-central1 --project demo'],
    ['member access after a password key', 'password = credentials.db.password'],
    ['file names after network words', 'Connected to the DB; rename it to app.py and connect to config.local_settings'],
    ['public hosts after commands', 'ping -c 1 registry.npmjs.org && dig github.com'],
    ['decorators, annotations and pragmas after @', '@staticmethod\n@Override\n// @ts-ignore\n@updatedAt @id @apply\nnpm i @types/node'],
    ['code that assigns a user', 'user = request.user\nuser: str\n"role": "user", "user": "assistant"'],
    ['prose about machines', 'The machine learning login flow and the password reset page'],
  ])('keeps %s', async (_name, text) => {
    expect(await scrub(text)).toBe(text);
  });
});

describe('the owner of a git remote (an account: USER, learnt; host and repository name stay)', () => {
  it.each([
    ['an ssh remote', 'git@github.com:alice/app.git', 'git@github.com:<USER_1>/app.git'],
    ['git remote add', 'git remote add origin git@gitlab.com:b.ortiz/notes.git', 'git remote add origin git@gitlab.com:<USER_1>/notes.git'],
    ['git push output', '$ git push\nTo github.com:acme/api.git\n   1a2b3c4..5d6e7f8  main -> main', '$ git push\nTo github.com:<USER_1>/api.git\n   1a2b3c4..5d6e7f8  main -> main'],
    ['git clone over https', 'git clone https://github.com/alice/app', 'git clone https://github.com/<USER_1>/app'],
    ['git remote -v', 'origin\thttps://github.com/alice/app (fetch)\norigin\thttps://github.com/alice/app (push)', 'origin\thttps://github.com/<USER_1>/app (fetch)\norigin\thttps://github.com/<USER_1>/app (push)'],
    ['the pull-request link git push prints', 'remote:      https://github.com/alice/app/pull/new/fix-x', 'remote:      https://github.com/<USER_1>/app/pull/new/fix-x'],
    ['an ssh URL with a port, on a private host', 'ssh://git@git.acme.internal:7999/alice/app.git', 'ssh://git@<HOST_1>:7999/<USER_1>/app.git'],
    ['a fetch', 'From ssh://bitbucket.org/alice/infra\n   3c4d5e6..7f8a9b0  main -> origin/main', 'From ssh://bitbucket.org/<USER_1>/infra\n   3c4d5e6..7f8a9b0  main -> origin/main'],
    ['a git error', "fatal: unable to access 'https://github.com/alice/app.git/': Could not resolve host: github.com", "fatal: unable to access 'https://github.com/<USER_1>/app.git/': Could not resolve host: github.com"],
    ['a remote in .git/config', '[remote "origin"]\n\turl = https://gitlab.com/alice/app.git', '[remote "origin"]\n\turl = https://gitlab.com/<USER_1>/app.git'],
    ['a public organisation as the session\'s own remote', 'origin\tgit@github.com:vercel/next.js.git (fetch)', 'origin\tgit@github.com:<USER_1>/next.js.git (fetch)'],
  ])('%s', async (_name, text, expected) => {
    expect(await scrub(text)).toBe(expected);
  });

  it('is learnt: the same placeholder wherever else the digest names the owner, a docs link of the same owner included', async () => {
    const [a, b] = await createScrubber({ nlpPeople: false }).scrubAll([
      'git clone git@github.com:alice/app.git',
      'alice asked for it; see https://github.com/alice/app/issues/3 and https://github.com/vercel/next.js/issues/1',
    ]);
    expect(a).toBe('git clone git@github.com:<USER_1>/app.git');
    expect(b).toBe('<USER_1> asked for it; see https://github.com/<USER_1>/app/issues/3 and https://github.com/vercel/next.js/issues/1');
  });
});

describe('person names by shape, in any language', () => {
  it.each([
    ['French prose', "J'ai vu avec Aurélien Chevalier ce matin.", "J'ai vu avec <PERSON_1> ce matin."],
    ['German prose', 'Laut Friederike Brandt ist der Build kaputt.', 'Laut <PERSON_1> ist der Build kaputt.'],
    ['a surname that is also a place', 'Gianluca Colombo\nreviewed it', '<PERSON_1>\nreviewed it'],
    ['a git author with an e-mail', 'Author: Jürgen Köhler <jk@example.org>', 'Author: <PERSON_1> <<EMAIL_1>>'],
    ['a package author', '"author": "Élodie Girard <elodie@solaria.fr>"', '"author": "<PERSON_1> <<EMAIL_1>>"'],
    ['a git trailer without an address', 'Reported-by: Ondřej Dvořák', 'Reported-by: <PERSON_1>'],
  ])('%s', async (_name, text, expected) => {
    expect(await scrub(text, true)).toBe(expected);
  });

  it('names in handles and addresses do not make a surname an ordinary word', async () => {
    expect(await scrub('Cc: g.colombo@ferrovia.it\nGianluca Colombo signed off', true)).not.toContain('Colombo signed');
  });

  it.each([
    ['headings', '## Codebase Audit\n**Next Milestone** is close'],
    ['quoted titles', '{"title":"Codebase Audit"} changed title to: "Codebase Audit"'],
    ['words with English noun endings', 'the Internal Refinement step and the Recursive Fibonacci demo'],
    ['contractions before a name-like word', "They're Kane's problem"],
    ['title-case words also written in lower case', 'Run Tests again: run tests passes now'],
  ])('keeps %s', async (_name, text) => {
    expect(await scrub(text, true)).toBe(text);
  });

  it('finds nothing by shape without the name finders', async () => {
    const text = "J'ai vu avec Aurélien Chevalier ce matin.";
    expect(await scrub(text, false)).toBe(text);
  });

  it('stays linear on long runs of name-shaped words, logins and URLs', async () => {
    for (const text of ['Aa Bb '.repeat(5000), 'a@b:'.repeat(5000), 'ssh -l x '.repeat(3000), 'x://a:b@'.repeat(3000), 'Connected to a.'.repeat(3000)]) {
      const t0 = performance.now();
      await createScrubber().scrub(text);
      expect(performance.now() - t0, text.slice(0, 20)).toBeLessThan(3000);
    }
  });
});
