import type { Finding } from '../types.js';
import { isPersonalAccount } from './remotes.js';
import { FULL } from './people-shape.js';

/*
 * Accounts named by what servers, databases, directories and clouds print, wherever a log line or an
 * error message puts them:
 * - a user in an error's quotes or words: `password authentication failed for user "ana"`, `Access
 *   denied for user 'ana'@'10.0.0.4'`, `role "ana" does not exist`, `Login failed for user 'CORP\ana'`,
 *   `user ana not found`, `connecting as "ana"`;
 * - the user field of an access log: Common/Combined Log Format (`1.2.3.4 - ana [01/Dec/2026:…]`),
 *   and the user keys of JSON logs (`"remote_user"`, `"user_id"`, `"ClientUsername"`, `"userId"`);
 * - Windows accounts `DOMAIN\ana` (IIS, SQL Server, Event logs);
 * - cloud identities: `arn:aws:iam::…:user/ana`, `…:assumed-role/Role/ana`, `"principalId": "AROA…:ana"`;
 * - directory names: `uid=ana,ou=people,…` (USER), `CN=Ana Ruiz,OU=…` (PERSON);
 * - syslog: `sudo: ana : …`, PostgreSQL's `%u@%d` line prefix (`[123] ana@payments FATAL:`);
 * - chat logs: IRC/WeeChat nicks (`<ana>`, `ana | text`, `-- ana (~ana@…) has joined`).
 * Role and service accounts (`postgres`, `www-data`, `app_user`) and common words stay (isPersonalAccount).
 * Each account found is learnt: replaced wherever else the digest names it.
 */
const U = String.raw`[A-Za-z_][\w.-]{0,63}`;
const Q_OPEN = String.raw`["'‘“\x60]`;
const Q_CLOSE = String.raw`["'’”\x60]`;
/** An optional Windows domain before the account: `CORP\ana`, `CORP\\ana` in JSON. */
const DOMAIN = String.raw`(?:[A-Z][A-Z0-9-]{1,14}\\{1,2})?`;

const QUOTED_ACCOUNT = new RegExp(String.raw`\b(?:[Uu]ser(?:name)?|[Rr]ole|[Ll]ogin|[Aa]ccount|[Pp]rincipal)\s+${Q_OPEN}${DOMAIN}(?<user>${U})${Q_CLOSE}`, 'dg');
const AS_ACCOUNT = new RegExp(
  String.raw`\b(?:[Cc]onnect(?:ing|ed)?|[Ll]og(?:ged|ging)?\s+in|[Ss]ign(?:ed|ing)?\s+in|[Aa]uthenticat(?:e|ed|ing)|[Rr]unning|[Bb]ind(?:ing)?)\s+as\s+(?:user\s+)?${Q_OPEN}?${DOMAIN}(?<user>${U})${Q_CLOSE}?(?=[\s,.;:)]|$)`,
  'dg',
);
const WORDED_ACCOUNT = new RegExp(
  String.raw`\b(?:for\s+user|[Uu]ser)\s+(?<user>${U})(?=\s+(?:not\s+found|does\s+not\s+exist|doesn't\s+exist|unknown|is\s+not|NOT\s+in|not\s+allowed|has\s+no|locked|from\s)|[.,;:]?\s*$)`,
  'dgm',
);
/** Common/Combined Log Format: `host ident user [dd/Mon/yyyy:hh:mm:ss zone]`. */
const CLF = new RegExp(String.raw`(?:^|[\s"])[\w.:\[\]-]+\s+\S+\s+(?<user>${DOMAIN}[A-Za-z_][\w.@-]{0,63})\s+\[\d{1,2}/[A-Z][a-z]{2}/\d{4}:\d{2}:\d{2}:\d{2}`, 'dgm');
const JSON_USER = new RegExp(
  String.raw`["']?(?:remote_user|user_?[iI][dD]|userId|user_?name|ClientUsername|[Uu]sername|UserName|preferred_username|sAMAccountName|actor|login)["']?\s*[:=]\s*["']${DOMAIN}(?<user>${U})["']`,
  'dg',
);
const WINDOWS_ACCOUNT = /(?<![\w\\/.-])[A-Z][A-Z0-9-]{1,14}\\{1,2}(?<user>[a-z][\w.-]{1,63})(?![\w.-]*\\)/dg;
const ARN_USER = /\barn:aws[\w-]*:(?:iam|sts)::\d{12}:(?:(?:user|federated-user)\/(?:[\w+=,.@-]+\/)*|assumed-role\/[\w+=,.@-]+\/)(?<user>[\w+=,.@-]+)/dg;
const PRINCIPAL_ID = /["']principalId["']\s*:\s*["'][A-Z0-9]{16,24}:(?<user>[\w+=,.@-]+)["']/dg;
const LDAP_UID = new RegExp(String.raw`\b(?:uid|sAMAccountName)=(?<user>${U})(?=,)`, 'dgi');
const LDAP_CN = new RegExp(String.raw`\bCN=(?<name>${FULL})(?=,)`, 'dgu');
const SUDO_LOG = new RegExp(String.raw`\bsudo(?:\[\d+\])?:\s+(?<user>${U})\s+:\s`, 'dg');
const PG_PREFIX = new RegExp(String.raw`\]\s+(?<user>${U})@[\w-]+\s+(?:FATAL|ERROR|LOG|WARNING|DETAIL|HINT|STATEMENT|PANIC):`, 'dg');
const CHAT_NICK = new RegExp(
  String.raw`^\[?\d{1,2}:\d{2}(?::\d{2})?\]?\s+(?:<[@+%~&]?(?<user>${U})>|[@+%~&]?(?<user2>${U})\s+\|)\s|^(?:\[?\d{1,2}:\d{2}(?::\d{2})?\]?\s+)?(?:-->|<--|--|\*{1,3})\s+(?<user3>${U})\s+\(~?[^)\s]*@[^)\s]*\)\s+has\s+(?:joined|quit|left)`,
  'dgm',
);

export interface LogAccountResult {
  findings: Finding[];
  /** Accounts found (lower-cased), to be learnt. */
  users: string[];
}

/**
 * `text` as the detectors read it (JSON escapes masked); `original` as written, where `CORP\\nadia`
 * is a Windows account, not a newline before `adia`.
 */
export function logAccountFindings(text: string, original = text): LogAccountResult {
  const findings: Finding[] = [];
  const users = new Set<string>();
  const add = (m: RegExpExecArray, detector: string, group = 'user') => {
    const user = m.groups![group];
    if (!user) return false;
    if (!isPersonalAccount(user) || user.includes('@')) return true;
    const [start, end] = m.indices!.groups![group]!;
    findings.push({ start, end, type: 'USER', detector, key: user.toLowerCase() });
    users.add(user.toLowerCase());
    return true;
  };
  const scan = (re: RegExp, detector: string, when = true, on = text) => {
    if (!when) return;
    re.lastIndex = 0;
    for (let m = re.exec(on); m; m = re.exec(on)) add(m, detector);
  };
  scan(QUOTED_ACCOUNT, 'log:quoted-account');
  scan(AS_ACCOUNT, 'log:as-account', / as /.test(text));
  scan(WORDED_ACCOUNT, 'log:worded-account', /[Uu]ser /.test(text));
  scan(CLF, 'log:access', text.includes('/20') || text.includes('/19'));
  scan(JSON_USER, 'log:json-user');
  // Raw JSON (escaped quotes in it) writes `\n` for a newline: there `ERROR\nfoo` is no account.
  const on = /\\"/.test(original) ? text : original;
  scan(WINDOWS_ACCOUNT, 'log:windows-account', on.includes('\\'), on);
  if (on !== text) scan(QUOTED_ACCOUNT, 'log:quoted-account', true, on);
  scan(ARN_USER, 'log:arn', text.includes('arn:aws'));
  scan(PRINCIPAL_ID, 'log:principal-id', text.includes('principalId'));
  scan(LDAP_UID, 'log:ldap', text.includes('='));
  scan(SUDO_LOG, 'log:sudo', text.includes('sudo'));
  scan(PG_PREFIX, 'log:pg-prefix', text.includes('@'));
  if (/\d:\d\d/.test(text)) {
    CHAT_NICK.lastIndex = 0;
    for (let m = CHAT_NICK.exec(text); m; m = CHAT_NICK.exec(text)) if (!add(m, 'log:chat-nick', 'user')) if (!add(m, 'log:chat-nick', 'user2')) add(m, 'log:chat-nick', 'user3');
  }
  if (text.includes('CN=')) {
    LDAP_CN.lastIndex = 0;
    for (let m = LDAP_CN.exec(text); m; m = LDAP_CN.exec(text)) {
      const [start, end] = m.indices!.groups!.name!;
      if (m.groups!.name.includes(' ')) findings.push({ start, end, type: 'PERSON', detector: 'log:ldap-cn', key: m.groups!.name.toLowerCase() });
    }
  }
  return { findings, users: [...users] };
}
