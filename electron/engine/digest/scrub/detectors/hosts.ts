import { isIP } from 'node:net';
import { parse as parseDomain } from 'tldts';
import {
  AWS_LABEL,
  CODE_RECEIVERS,
  CODE_TLDS,
  GENERIC_SINGLE_HOSTS,
  INTERNAL_TLDS,
  PUBLIC_DOMAINS,
  RESERVED,
  SERVICE_LABELS,
  STRONG_TLDS,
  TENANT_DOMAINS,
  WEAK_TLDS,
} from '../keep-lists.js';
import type { Finding } from '../types.js';
import { GENERIC_ACCOUNTS } from './home-paths.js';
import { isCommonWord } from './people-nlp.js';
import { groupSpan } from './util.js';

/*
 * Host names. Decision: a host is kept readable only when it is known to be public and shared
 * (see keep-lists.ts: github.com, registry.npmjs.org, docs.python.org, localhost, example.com...);
 * every other host is replaced, since an unknown domain is as likely to name an employer, a customer
 * or a home network as a public site. Hosts are found in URLs, in `host: …` settings, in shell
 * prompts (`ana@ana-mbp:~$`), as machine names (`Anas-MacBook-Pro`, `DESKTOP-4F7K2JQ`) and as bare
 * dotted names with a recognised top-level domain.
 */

/** Should this host name be replaced? */
export function isPrivateHost(raw: string): boolean {
  const host = raw.toLowerCase().replace(/\.$/, '');
  if (!host || isIP(host.replace(/^\[|\]$/g, '')) || /^[<{$%]/.test(host)) return false;
  if (RESERVED.test(host)) return false;
  const labels = host.split('.');
  if (labels.length === 1) return !GENERIC_SINGLE_HOSTS.has(host) && !/^\d+$/.test(host);
  if (INTERNAL_TLDS.test(host)) return true;
  if (host.endsWith('.amazonaws.com') || host.endsWith('.amazonaws.com.cn')) return !labels.every((l) => AWS_LABEL.test(l));
  for (let i = labels.length - 2; i >= 0; i--) {
    const domain = labels.slice(i).join('.');
    if (TENANT_DOMAINS.has(domain)) return !(i === 0 || (i === 1 && SERVICE_LABELS.has(labels[0])));
  }
  for (let i = labels.length - 2; i >= 0; i--) if (PUBLIC_DOMAINS.has(labels.slice(i).join('.'))) return false;
  return true;
}

const URL_HOST = /\b[a-z][a-z0-9+.-]{1,20}:\/\/(?:[^\s/@?#"'<>]*@)?(?<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_](?:[A-Za-z0-9._-]{0,252}[A-Za-z0-9_])?)/dg;
/** A URL whose password holds `?` or `#` unencoded: URL_HOST would stop at them and miss the host. */
const URL_HOST_AFTER_PASSWORD = /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s:@/?#"'<>]{0,128}:[^\s/"'<>@]{0,256}[?#][^\s/"'<>@]{0,256}@(?<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_](?:[A-Za-z0-9._-]{0,252}[A-Za-z0-9_])?)/dg;
const SETTING_HOST =
  /(?<![\w-])(?:host(?:name)?|HostName|Host|HOST(?:NAME)?|[A-Z_]*_HOST)["']?\s*[:=]\s*["']?(?<host>[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252}[A-Za-z0-9])?)(?![\w([]|\.[A-Za-z_])/dg;
const PROMPT = /(?<![\w.+-])(?<user>[a-z_][\w.-]{0,31})@(?<host>[A-Za-z0-9][\w-]{0,62}(?:\.[\w-]+)*)(?=:\s?[~/]|\s+[~/][^\s]*\]?\s?[$#%>])/dg;
const BRACKET_PROMPT = /\[(?<user>[a-z_][\w.-]{0,31})@(?<host>[A-Za-z0-9][\w.-]{0,62}) [^\]\n]{0,80}\][$#]/dg;
const DEVICE =
  /(?<![\w-])(?:[A-Z][\w'’]*(?:s|'s|’s)?-(?:MacBook(?:-Pro|-Air)?|iMac(?:-Pro)?|Mac-mini|Mac-Studio|MBP|MBA|Mini|iPhone|iPad|PC|Laptop|Desktop)(?:-\d+)?|DESKTOP-[A-Z0-9]{7}|LAPTOP-[A-Z0-9]{8}|WIN-[A-Z0-9]{11})(?:\.(?:local|lan|home))?(?![\w-])/g;
const INTERNAL = /(?<![\w.@/\\-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})\.)+(?:local|lan|internal|intranet|corp|localdomain|home\.arpa|intra)(?![\w-]|\.[A-Za-z0-9])/g;
/**
 * A dotted name right after words that say a host follows (`Connected to X.`, `connection to X:443`,
 * `Could not resolve hostname X`, ssh config `HostName X`): judged whatever its top-level domain.
 */
const AFTER_NETWORK_WORD =
  /\b(?:[Cc]onnect(?:ed|ing)?\s+to|[Cc]onnections?\s+to|[Rr]esolve\s+(?:host(?:name)?\s+)?|ENOTFOUND|EAI_AGAIN|EAI_NONAME|EAI_FAIL|NXDOMAIN|lookup|[Ss]erver\s+at|Host[Nn]ame|[Hh]ostname\s*[:=]?|[Hh]ost\s+is)\s+["'\x60(]?(?<host>(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24})(?![\w-]|\.[A-Za-z0-9]|\()/dg;
const BARE = /(?<![\w.@/\\:$-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?<tld>[a-z]{2,12})(?![\w-]|\.[A-Za-z0-9]|\()/dg;

/** A dotted name with a port (`db.acme.berlin:5432`, nginx `server h:8443;`): a host under any ICANN top-level domain. */
const HOST_PORT = /(?<![\w.@/\\:$-])(?<host>(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}):\d{2,5}(?![\d:.])/dg;

/** Is this name under a top-level domain of the public-suffix list's ICANN section (tldts), other than one that is also a file extension? */
function icannHost(host: string): boolean {
  const tld = host.slice(host.lastIndexOf('.') + 1).toLowerCase();
  if (CODE_TLDS.has(tld)) return false;
  const parsed = parseDomain(host, { allowPrivateDomains: false });
  return parsed.isIcann === true && parsed.domain !== null;
}

/**
 * A bare dotted name of three labels or more under a top-level domain the short lists above leave out
 * (`.berlin`, `.eus`, `.systems`, `.ph`): a host when it does not read as code. Reverse-DNS package
 * names (`com.acme.storage`, `google.cloud.storage`) start with a top-level domain; property chains
 * (`order.customer.email`) have no hyphen or digit, and their last word is an English one.
 */
function bareHostUnderAnyTld(labels: string[]): boolean {
  const tld = labels.at(-1)!;
  if (labels.length < 3 || CODE_RECEIVERS.has(labels[0]) || parseDomain(labels[0]).isIcann) return false;
  if (!icannHost(labels.join('.'))) return false;
  return labels.slice(0, -1).some((l) => /[-\d]/.test(l)) || (tld.length <= 3 && !isCommonWord(tld));
}

export interface HostResult {
  findings: Finding[];
  /** User names seen in shell prompts (lower-cased). */
  users: string[];
}

export function hostFindings(text: string): HostResult {
  const findings: Finding[] = [];
  const users = new Set<string>();
  const add = (start: number, end: number, detector: string) => {
    findings.push({ start, end, type: 'HOST', detector, key: text.slice(start, end).toLowerCase() });
  };
  const hostGroup = (re: RegExp, detector: string, judge: (host: string, m: RegExpExecArray) => boolean) => {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const span = groupSpan(m, 'host')!;
      if (judge(m.groups!.host, m)) add(span.start, span.end, detector);
      const user = m.groups!.user;
      if (user && !GENERIC_ACCOUNTS.has(user.toLowerCase()) && user.length >= 2) {
        findings.push({ ...groupSpan(m, 'user')!, type: 'USER', detector: `${detector}:user`, key: user.toLowerCase() });
        users.add(user.toLowerCase());
      }
    }
  };
  hostGroup(URL_HOST, 'host:url', (h) => isPrivateHost(h));
  hostGroup(URL_HOST_AFTER_PASSWORD, 'host:url', (h) => isPrivateHost(h));
  hostGroup(
    SETTING_HOST,
    'host:setting',
    (h) => isPrivateHost(h) && !/^(?:true|false|null|none|undefined|string|str|0)$/i.test(h) && !CODE_RECEIVERS.has(h.split('.')[0].toLowerCase()),
  );
  hostGroup(PROMPT, 'host:prompt', (h) => isPrivateHost(h));
  hostGroup(AFTER_NETWORK_WORD, 'host:network-word', (h) => isPrivateHost(h) && !CODE_RECEIVERS.has(h.split('.')[0].toLowerCase()));
  hostGroup(BRACKET_PROMPT, 'host:prompt', (h) => isPrivateHost(h));
  DEVICE.lastIndex = 0;
  for (let m = DEVICE.exec(text); m; m = DEVICE.exec(text)) add(m.index, m.index + m[0].length, 'host:device');
  INTERNAL.lastIndex = 0;
  for (let m = INTERNAL.exec(text); m; m = INTERNAL.exec(text)) add(m.index, m.index + m[0].length, 'host:internal');
  BARE.lastIndex = 0;
  for (let m = BARE.exec(text); m; m = BARE.exec(text)) {
    const host = m[0];
    const tld = m.groups!.tld;
    const labels = host.split('.');
    const strong = STRONG_TLDS.has(tld);
    const listed = strong || (WEAK_TLDS.has(tld) && labels.length >= 3);
    if (!listed && (STRONG_TLDS.has(tld) || WEAK_TLDS.has(tld) || !bareHostUnderAnyTld(labels))) continue;
    if (CODE_RECEIVERS.has(labels[0])) continue;
    if (isPrivateHost(host)) add(m.index, m.index + host.length, 'host:bare');
  }
  if (text.includes(':')) {
    hostGroup(HOST_PORT, 'host:port', (h) => !CODE_RECEIVERS.has(h.split('.')[0].toLowerCase()) && icannHost(h) && isPrivateHost(h));
  }
  return { findings, users: [...users] };
}
