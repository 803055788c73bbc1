import type { Finding } from '../types.js';
import { GENERIC_ACCOUNTS } from './home-paths.js';
import { CODE_RECEIVERS } from '../keep-lists.js';
import { isPrivateHost } from './hosts.js';
import { isCommonWord } from './people-nlp.js';
import { isStandIn } from './util.js';

/*
 * Who logs in where, in the forms agent logs are full of:
 * - the user part of a URL (`https://ana:token@host/…`, `postgres://ana:pw@db/x`, `https://ana@jira…`);
 * - remote specs of ssh, scp, sftp, rsync and git (`ssh ana@host`, `scp f ana@host:/srv`,
 *   `rsync … ana@10.2.3.4:`, `git@git.acme.internal:team/repo.git`): the user (USER) and, when
 *   private, the host (HOST; an IP is the IP detector's);
 * - login flags of clients (`docker login -u ana`, `psql -U ana`, `curl -u ana:pw`);
 * - sshd's log lines (`Accepted publickey for ana from …`), ~/.netrc and ~/.pgpass entries, and the
 *   host argument of ssh-keyscan, ping, dig and the like.
 * Private hosts found so are returned to be replaced wherever else the digest names them.
 * Protocol and role accounts (`git@`, `oauth2:`, `postgres`, `deploy`, `root`…) name no one and stay.
 */
export const ROLE_ACCOUNTS = new Set(
  `git hg svn ssh oauth2 oauth x-access-token x-token-auth token bearer default guest anonymous ftp www www-data
  deploy deployer ops sysadmin operator service svc backup ansible gitlab-runner centos fedora debian rocky alma
  postgres postgresql mysql mariadb mongo mongodb redis rabbitmq elastic kibana oracle sa apikey api
  sudo wheel adm staff users everyone nogroup nobody daemon systemd-journal lpadmin plugdev`.split(/\s+/).filter(Boolean),
);

/** Service accounts named for their role: `app_user`, `svc_orders`, `ci-bot`, `reporting_ro`. */
const ROLE_SHAPED = /^(?:svc|app|db|api|ci|bot|sa|srv)[_-]|[_-](?:user|app|bot|svc|service|admin|ro|rw|readonly|reader|writer|loader)$/i;

export function isPersonalAccount(user: string): boolean {
  const u = user.toLowerCase();
  return u.length >= 2 && !ROLE_SHAPED.test(u) && !GENERIC_ACCOUNTS.has(u) && !isCommonWord(u) && !ROLE_ACCOUNTS.has(u) && !isStandIn(user) && !/^\d+$/.test(u) && !/^[<{$%]/.test(u);
}

const USER = String.raw`[A-Za-z_][\w.-]{0,63}`;
const HOST = String.raw`(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,252}[A-Za-z0-9])?)`;
/** `scheme://user[:password]@`: the user; the password may hold `?` or `#` when written unencoded. */
const URL_USER = new RegExp(String.raw`\b[a-z][a-z0-9+.-]{1,20}://(?<user>[^\s:@/?#"'<>]{1,64})(?::[^\s/"'<>@]{0,256})?@(?=[^\s@/"'<>])`, 'dgi');
/** A remote spec followed by a path: `user@host:/srv`, `user@host:~/x`, `git@host:team/repo.git`, `user@host:` at the end. */
const REMOTE_PATH = new RegExp(String.raw`(?<![\w.+%/:-])(?<user>${USER})@(?<host>${HOST})(?=:(?:[/~]|[\w.-]+/|[\w.-]+\.git\b|\d{1,5}/|\s|$|["'\x60]))`, 'dgm');
/** Any `user@host` in a command that runs a remote login. */
const LOGIN_LINE = /\b(?:ssh|scp|sftp|rsync|mosh|autossh|ssh-copy-id|sshfs|ProxyJump)\b/;
const REMOTE_ANY = new RegExp(String.raw`(?<![\w.+%/:-])(?<user>${USER})@(?<host>${HOST})(?![\w@])`, 'dg');
/** Clients whose `-u`/`--username` (and `-p`/`--password`) flags take a login. */
const LOGIN_CLIENT = /\b(?:sudo|su|runuser|docker|podman|nerdctl|buildah|skopeo|helm|oras|mysql|mysqldump|mariadb|psql|pg_dump|pg_restore|mongo|mongosh|mongodump|redis-cli|curl|wget|ftp|lftp|smbclient|ssh|sftp|htpasswd|twine|npm|kubectl|az|gcloud|aws|cf|oc)\b/;
const USER_FLAG = new RegExp(String.raw`(?<![\w-])(?:-u|-U|--user(?:-?name)?|--login|(?<=\bssh\s(?:[^\s]+\s)*)-l)(?:\s+|=)(?<quote>["']?)(?<user>[A-Za-z_][\w.@-]{1,63})(?::(?<pw>[^\s"']{1,128}))?\k<quote>(?![\w.-])`, 'dg');

/** Is `user@host` at [start, end) a login: followed by a remote path, or inside a remote-login command? */
export function isLoginSpec(text: string, start: number, end: number): boolean {
  if (/^:(?:[/~]|[\w.-]+\/|[\w.-]+\.git\b|\s|$)/.test(text.slice(end, end + 80))) return true;
  const from = Math.max(0, start - 300);
  const before = text.slice(from, start);
  const cut = Math.max(...['\n', ';', '|', '&', '"', '`'].map((c) => before.lastIndexOf(c)));
  return LOGIN_LINE.test(before.slice(cut + 1));
}

/** sshd's log of a login: `Accepted publickey for ana from …`, `Failed password for invalid user ana from …`, `Invalid user ana from …`. */
const SSHD = new RegExp(String.raw`\b(?:(?:Accepted|Failed|Postponed)\s+[\w-]+\s+for(?:\s+invalid\s+user)?|[Ii]nvalid\s+user|(?:Disconnected\s+from|Connection\s+closed\s+by)(?:\s+(?:invalid|authenticating))?\s+user|session\s+opened\s+for\s+user)\s+(?<user>${USER})(?=\s+(?:from\s|\d|port\s|by\s)|\(|$)`, 'dgm');
/** A command whose first argument that looks like a host name is one (`ssh-keyscan -H host`, `ping host`, `dig host`). */
const HOST_COMMAND = /\b(?:ssh|ssh-keyscan|ping6?|nslookup|dig|telnet|nc|ncat|traceroute|tracepath|mtr|whois|mosh|sftp)\s/;
const DOTTED = /(?<![\w.@/:-])(?<host>(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24})(?![\w-]|\.[A-Za-z0-9])/dg;
/** ~/.netrc: `machine HOST login USER password SECRET`, on one line or several. */
const NETRC = /\bmachine\s+(?<host>[A-Za-z0-9][\w.-]*[A-Za-z0-9])(?<rest>(?:\s+(?:login|password|account|port)\s+\S+){1,4})/dg;
const NETRC_FIELD = /\b(?<key>login|password|account)\s+(?<value>\S+)/dg;
/**
 * Account names that tools print: `id` (`uid=1001(ana)`), `gh auth status` (`Logged in to github.com
 * account ana`), `last`/`who` (`ana  pts/0 …`), and login settings of inventories and config files
 * (`ansible_user=ana`, `user: ana`, `"username": "ana"`, `login=ana`).
 */
const ID_OUTPUT = new RegExp(String.raw`\b(?:uid|gid|euid|egid|groups)=\d+\((?<user>${USER})\)`, 'dg');
const LOGGED_IN = new RegExp(String.raw`\b[Ll]ogged\s+in\s+(?:to\s+\S+\s+)?(?:account|as)\s+["'\x60]?(?<user>${USER})`, 'dg');
const WHO_LINE = new RegExp(String.raw`^(?<user>${USER})\s+(?:pts/\d+|tty\w*|console|:\d+)\s`, 'dgm');
const LOGIN_SETTING = new RegExp(
  String.raw`(?<![\w.-])(?:[A-Za-z]+_)?(?:user|USER|User|username|USERNAME|Username|UserName|user_name|userName|login|LOGIN)\\?["']?\s*(?:=|:)\s*\\?["']?(?<user>${USER})(?=\\?["']?(?:\s|$|[,;&}\]]))`,
  'dg',
);
/**
 * The account official database and broker images create at first start (`POSTGRES_USER=orders`,
 * `RABBITMQ_DEFAULT_USER: billing`): the application's own account, made for the container, not a person's login.
 */
const IMAGE_BOOTSTRAP_USER = /^(?:POSTGRES|MYSQL|MARIADB|MONGO_INITDB_ROOT|RABBITMQ_DEFAULT|MINIO_ROOT|KEYCLOAK_ADMIN|COUCHDB|INFLUXDB_ADMIN|DOCKER_INFLUXDB_INIT|CLICKHOUSE)_USER(?:NAME)?\b/;
/** `User name` in an ssh config block (`Host x` / `HostName h` / `User name`): the account it logs in as. */
const SSH_CONFIG_USER = new RegExp(String.raw`^[ \t]*User[ \t]+(?<user>${USER})[ \t]*$`, 'dgm');
const SSH_CONFIG = /^[ \t]*(?:Host|HostName|Match)[ \t]+\S/m;
/** A secret piped to a command that reads it from standard input: `echo 'pw' | sudo -S`, `… | docker login --password-stdin`. */
const ECHO_STDIN = /\becho\s+(?:-n\s+)?(?<q>["']?)(?<pw>[^\s'"|]{3,128})\k<q>\s*\|\s*(?:sudo\s+-S|\S+(?:\s+\S+)*?\s+--password-stdin|chpasswd|passwd\s+--stdin)/dg;
/** `@handle` addressing someone in prose (not a decorator, an at-rule, a scope or a JSDoc tag). */
// A handle as people write them: lower case, digits and `-`, 4 to 39 long; capitalised words after `@`
// are annotations (`@Override`, `@StateObject`), camelCase ones schema attributes (`@updatedAt`).
const MENTION = /(?<![^\s(])@(?<user>[a-z0-9](?:[a-z0-9-]{2,37}[a-z0-9]))(?=[\s,;!?)]|:(?!registry\b)|\.(?:\s|$)|$)/dg;
const AT_KEYWORDS = new Set(
  `param params returns return type typedef property prop template throws example see deprecated since author version license
  override inheritdoc link internal private public protected readonly abstract async callback constant const default description
  enum event exports file fileoverview function global ignore implements interface lends member memberof module name namespace
  augments extends class constructor todo import media keyframes font-face supports layer apply tailwind container charset page
  staticmethod classmethod dataclass cached_property abstractmethod contextmanager wraps lru_cache pytest mock patch fixture
  everyone channel here latest next beta canary types babel angular vue nuxt mui testing-library emotion rem echo
  eslint prettier typescript tailwindcss unique relation map ignore`.split(/\s+/).filter(Boolean),
);

/*
 * The owner of a git remote (decision, privacy first): in a remote, clone, fetch, pull or push, the
 * segment before the repository name is an account, most often the person's own (`alice` in
 * `git@github.com:alice/app.git`, `To github.com:alice/app.git`, `https://github.com/alice/app`,
 * `origin\thttps://…/alice/app (fetch)`, `ssh://git@host/alice/app`). It is replaced as USER and learnt
 * (the same placeholder wherever else the digest names it), even when it is a public organisation: a
 * session's own remote says who the person is or works for, and no lesson needs it. The host and the
 * repository name stay. A public repository linked in prose or docs (`github.com/vercel/next.js/issues/1`)
 * is not a remote and stays, unless the session's own remote names the same owner.
 */
/** `[user@]host:owner/repo`, the scp-like form git uses for ssh remotes. */
const GIT_SCP = /(?<![\w.+%/:@-])(?:(?<user>[A-Za-z_][\w.-]{0,63})@)?(?<host>(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}):(?<owner>[A-Za-z0-9_][\w.-]{0,62})\/(?=[\w.-]+)/dg;
/** `scheme://[user[:password]@]host[:port]/owner/repo`; `git+https://` is a package spec, not a remote. */
const GIT_URL = /(?<![\w+.-])(?<scheme>https?|ssh|git|git\+ssh)(?<!\+(?:https?|ssh|git)):\/\/(?:[^\s/@"'<>]{1,300}@)?(?<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252}[A-Za-z0-9])?)(?::\d{1,5})?\/(?<owner>[A-Za-z0-9_][\w.-]{0,62})\/(?=[\w.-])/dg;
/** A line that speaks of a remote: a git command on it, git's own output about a remote, a remote in a config file. */
const GIT_REMOTE_LINE = new RegExp(
  [
    String.raw`\bgit\s+(?:-C\s+\S+\s+)?(?:clone|remote|fetch|pull|push|submodule|ls-remote|config|archive)\b`,
    String.raw`\bgh\s+repo\s+(?:clone|fork|create|view)\b`,
    String.raw`^\s*(?:To|From)\s+\S`,
    String.raw`^remote:`,
    String.raw`^\s*(?:url|pushurl)\s*=`,
    String.raw`^[\w.-]+\t\S+\s+\((?:fetch|push)\)`,
    String.raw`\b(?:fatal|error|ERROR):\s+(?:unable to access|repository|Authentication failed|could not read|Could not read|Repository not found)`,
    String.raw`\b(?:Cloning into|[Rr]emote (?:origin|upstream)|origin\s+(?:is|at|points to))\b`,
  ].join('|'),
  'm',
);
/** Owners that name a team or a kind of code, not someone: `platform/orders-api`, `infra/terraform`. */
const GENERIC_OWNERS = new Set(
  `platform infra infrastructure backend frontend devops ops sre core team teams tools tooling internal shared common libs lib
  packages services service apps app web mobile data ml ai security docs design engineering dev product labs oss opensource
  mirror mirrors upstream vendor third_party thirdparty archive sandbox playground scratch examples templates org group groups
  users user repos repo projects project src source`.split(/\s+/).filter(Boolean),
);

/** ~/.pgpass: `host:port:database:user:password`, one per line. */
const PGPASS = /^(?<host>[A-Za-z0-9*][\w.*-]*):(?:\d{1,5}|\*):[^:\s]+:(?<user>[^:\s]+):(?<pw>\S+)$/dgm;

export interface RemoteResult {
  findings: Finding[];
  /** Account names seen (lower-cased), to be learnt like user names of home paths. */
  users: string[];
  /** Private host names seen where a host must be (lower-cased): replaced wherever else they appear. */
  hosts: string[];
}

export function remoteFindings(text: string): RemoteResult {
  const findings: Finding[] = [];
  const users = new Set<string>();
  const hosts = new Set<string>();
  /** `learn`: the name is surely an account, to be replaced wherever else it appears (not so a mention or a setting). */
  const addUserAt = (user: string, start: number, end: number, detector: string, learn = true) => {
    if (!isPersonalAccount(user) || user.includes('@')) return;
    findings.push({ start, end, type: 'USER', detector, key: user.toLowerCase() });
    if (learn) users.add(user.toLowerCase());
  };
  const addUser = (m: RegExpExecArray, detector: string, learn = true) => {
    const [start, end] = m.indices!.groups!.user!;
    addUserAt(m.groups!.user, start, end, detector, learn);
  };
  const addHost = (m: RegExpExecArray, detector: string) => {
    const host = m.groups!.host;
    // A version or an npm spec (`lodash@4.17.21`, `actions/checkout@v4`) is not a host.
    if (!/[A-Za-z]/.test(host) || /^v?\d+(?:\.\d+)*$/.test(host)) return;
    if (!isPrivateHost(host)) return;
    const [start, end] = m.indices!.groups!.host!;
    findings.push({ start, end, type: 'HOST', detector, key: host.toLowerCase() });
    if (host.includes('.')) hosts.add(host.toLowerCase());
  };
  const addPassword = (start: number, end: number, value: string, detector: string) => {
    if (!isStandIn(value)) findings.push({ start, end, type: 'PASSWORD', detector });
  };
  SSHD.lastIndex = 0;
  for (let m = SSHD.exec(text); m; m = SSHD.exec(text)) addUser(m, 'remote:sshd');
  for (const [re, detector] of [
    [ID_OUTPUT, 'remote:id'],
    [LOGGED_IN, 'remote:logged-in'],
    [WHO_LINE, 'remote:who'],
  ] as const) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) addUser(m, detector);
  }
  LOGIN_SETTING.lastIndex = 0;
  for (let m = LOGIN_SETTING.exec(text); m; m = LOGIN_SETTING.exec(text)) {
    const v = m.groups!.user;
    // sshd's banner: "Last login: Tue Dec  1 …" is a date.
    if (/\blast\s+$/i.test(text.slice(Math.max(0, m.index - 6), m.index))) continue;
    if (IMAGE_BOOTSTRAP_USER.test(m[0])) continue;
    // Code, not a setting: `user = request.user`, `user: str`, `"user": "assistant"`.
    if (v.includes('.') && CODE_RECEIVERS.has(v.split('.')[0].toLowerCase())) continue;
    if (/^(?:str|string|int|any|none|null|nil|undefined|true|false|object|dict|list|assistant|system|human|model|tool|bot|self|this|async|await|function|const|let|var|new|return|[A-Z_][A-Z0-9_]*)$/.test(v)) continue;
    addUser(m, 'remote:setting', false);
  }
  if (SSH_CONFIG.test(text)) {
    SSH_CONFIG_USER.lastIndex = 0;
    for (let m = SSH_CONFIG_USER.exec(text); m; m = SSH_CONFIG_USER.exec(text)) addUser(m, 'remote:ssh-config');
  }
  if (text.includes('@')) {
    MENTION.lastIndex = 0;
    for (let m = MENTION.exec(text); m; m = MENTION.exec(text)) {
      const u = m.groups!.user;
      if (!AT_KEYWORDS.has(u) && !/-(?:ignore|disable|expect|check|nocheck|enable)\b/.test(u)) addUser(m, 'remote:mention', false);
    }
  }
  if (text.includes('echo')) {
    ECHO_STDIN.lastIndex = 0;
    for (let m = ECHO_STDIN.exec(text); m; m = ECHO_STDIN.exec(text)) {
      const [s, e] = m.indices!.groups!.pw!;
      if (!/^\$/.test(m.groups!.pw)) addPassword(s, e, m.groups!.pw, 'remote:stdin');
    }
  }
  if (text.includes('machine')) {
    NETRC.lastIndex = 0;
    for (let m = NETRC.exec(text); m; m = NETRC.exec(text)) {
      // An entry has a login and a password; "the machine learning login flow" is prose.
      if (!/\blogin\s/.test(m.groups!.rest) || !/\bpassword\s/.test(m.groups!.rest) || isCommonWord(m.groups!.host.toLowerCase())) continue;
      addHost(m, 'remote:netrc');
      const at = m.indices!.groups!.rest![0];
      NETRC_FIELD.lastIndex = 0;
      for (let f = NETRC_FIELD.exec(m.groups!.rest); f; f = NETRC_FIELD.exec(m.groups!.rest)) {
        const [s, e] = f.indices!.groups!.value!;
        if (f.groups!.key === 'login') addUserAt(f.groups!.value, at + s, at + e, 'remote:netrc');
        else addPassword(at + s, at + e, f.groups!.value, 'remote:netrc');
      }
    }
  }
  if (text.includes(':')) {
    PGPASS.lastIndex = 0;
    for (let m = PGPASS.exec(text); m; m = PGPASS.exec(text)) {
      addHost(m, 'remote:pgpass');
      addUser(m, 'remote:pgpass');
      const [s, e] = m.indices!.groups!.pw!;
      addPassword(s, e, m.groups!.pw, 'remote:pgpass');
    }
  }
  if (text.includes('://')) {
    URL_USER.lastIndex = 0;
    for (let m = URL_USER.exec(text); m; m = URL_USER.exec(text)) addUser(m, 'remote:url-user');
  }
  for (const cmd of commands(text)) {
    const c = HOST_COMMAND.exec(cmd.text);
    if (!c) continue;
    DOTTED.lastIndex = c.index;
    const m = DOTTED.exec(cmd.text);
    if (m) addHost(shift(m, cmd.start), 'remote:command');
  }
  if (text.includes('/')) {
    const addOwner = (m: RegExpExecArray) => {
      const owner = m.groups!.user;
      if (GENERIC_OWNERS.has(owner.toLowerCase()) || /^\d+$/.test(owner) || /^(?:~|\.\.?)$/.test(owner)) return;
      addUser(m, 'remote:git-owner');
    };
    for (const line of lines(text)) {
      // ssh remotes (`git@host:owner/repo`, `ssh://…/owner/repo`) are remotes wherever they stand;
      // https and bare `host:owner/repo` only on a line that speaks of a remote.
      const remoteLine = GIT_REMOTE_LINE.test(line.text);
      GIT_SCP.lastIndex = 0;
      for (let m = GIT_SCP.exec(line.text); m; m = GIT_SCP.exec(line.text)) {
        if (!remoteLine && !(m.groups!.user && /^git$/i.test(m.groups!.user))) continue;
        addOwner(shiftOwner(m, line.start));
      }
      if (!line.text.includes('://')) continue;
      GIT_URL.lastIndex = 0;
      for (let m = GIT_URL.exec(line.text); m; m = GIT_URL.exec(line.text)) {
        if (!remoteLine && !/ssh/.test(m.groups!.scheme)) continue;
        addOwner(shiftOwner(m, line.start));
      }
    }
  }
  if (!text.includes('@') && !/-(?:u|U|l|-user|-username|-login)\b/.test(text)) return { findings, users: [...users], hosts: [...hosts] };
  REMOTE_PATH.lastIndex = 0;
  for (let m = REMOTE_PATH.exec(text); m; m = REMOTE_PATH.exec(text)) {
    addUser(m, 'remote:spec');
    addHost(m, 'remote:spec');
  }
  for (const line of commands(text)) {
    if (LOGIN_LINE.test(line.text)) {
      REMOTE_ANY.lastIndex = 0;
      for (let m = REMOTE_ANY.exec(line.text); m; m = REMOTE_ANY.exec(line.text)) {
        const shifted = shift(m, line.start);
        addUser(shifted, 'remote:login');
        addHost(shifted, 'remote:login');
      }
    }
    if (LOGIN_CLIENT.test(line.text)) {
      USER_FLAG.lastIndex = 0;
      for (let m = USER_FLAG.exec(line.text); m; m = USER_FLAG.exec(line.text)) {
        const shifted = shift(m, line.start);
        addUser(shifted, 'remote:flag');
        const pw = m.groups!.pw;
        if (pw && !isStandIn(pw)) {
          const [s, e] = m.indices!.groups!.pw!;
          findings.push({ start: line.start + s, end: line.start + e, type: 'PASSWORD', detector: 'remote:flag' });
        }
      }
    }
  }
  return { findings, users: [...users], hosts: [...hosts] };
}

/**
 * The text cut into commands: at line ends, `;`, `|`, `&`, quotes and runs of spaces (JSON escapes
 * masked as spaces), so a flag is judged by the command it belongs to, not by another on a long
 * line of raw JSON.
 */
function* commands(text: string): Generator<{ text: string; start: number }> {
  const cut = /[\n;|&"\x60]|\s{2,}/g;
  let start = 0;
  for (let m = cut.exec(text); ; m = cut.exec(text)) {
    const end = m ? m.index : text.length;
    if (end > start) yield { text: text.slice(start, end), start };
    if (!m) return;
    start = m.index + m[0].length;
  }
}

function* lines(text: string): Generator<{ text: string; start: number }> {
  let start = 0;
  for (const l of text.split('\n')) {
    yield { text: l, start };
    start += l.length + 1;
  }
}

/** A remote match on a line, as a match of its owner (the `user` group addUser reads), moved to the whole text. */
function shiftOwner(m: RegExpExecArray, by: number): RegExpExecArray {
  const [s, e] = m.indices!.groups!.owner!;
  const copy = Object.assign([m[0]], { index: m.index + by, input: m.input, groups: { user: m.groups!.owner } }) as unknown as RegExpExecArray;
  copy.indices = Object.assign([] as unknown as RegExpIndicesArray, { groups: { user: [s + by, e + by] } });
  return copy;
}

/** A match on a line, its indices moved to the whole text. */
function shift(m: RegExpExecArray, by: number): RegExpExecArray {
  const groups = m.indices!.groups!;
  const moved: Record<string, [number, number]> = {};
  for (const [k, v] of Object.entries(groups)) if (v) moved[k] = [v[0] + by, v[1] + by];
  const copy = Object.assign([...m], { index: m.index + by, input: m.input, groups: m.groups }) as unknown as RegExpExecArray;
  copy.indices = Object.assign([] as unknown as RegExpIndicesArray, { groups: moved });
  return copy;
}
