import type { Finding } from '../types.js';
import { isCommonWord } from './people-nlp.js';
import { entropy, groupSpan, isStandIn, matchAll } from './util.js';

/*
 * Credentials written out in the open: in URLs, connection strings, assignments, headers and
 * command-line flags. Only the value is replaced, so a database URL keeps `app:<PASSWORD_1>@host` and
 * `DB_PASSWORD=<PASSWORD_1>` keep saying what went wrong.
 */

/**
 * `scheme://user:password@host`: the password runs to the `@` before the host, and may hold `?` or `#`
 * when written unencoded (`redis://:pa?ss@host`).
 */
const URL_CREDENTIALS = /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s:@/?#"'<>]{0,128}:([^\s/"'<>@]{1,256})@[^\s@/?#"'<>]/dgi;

/** ADO.NET / ODBC / JDBC style `Password=...;` and Azure `AccountKey=...`. */
const CONN_PASSWORD = /(?:^|[;\s"'{(])(?:Password|Pwd|PWD|password|pwd)\s*=\s*("[^"\r\n]*"|'[^'\r\n]*'|\{[^}\r\n]*\}|[^;"'\s\\]+)/dg;
const CONN_KEY = /\b(?:AccountKey|SharedAccessKey|SharedAccessSignature|AccessKey)\s*=\s*([^;"'\s]+)/dg;

/*
 * `name = value`, `name: value`, `"name": "value"`, `--name value` where the name says it holds a
 * credential: a key word (pass/password/pwd → PASSWORD; secret, token, api key, access/auth/private/
 * signing key, credentials → SECRET) standing alone or as a part of a snake, kebab or camel case name
 * (`DB_PASSWORD`, `clientSecret`, `x-api-key`), never inside a word (`compass`, `bypass`, `tokenizer`).
 */
const KW =
  String.raw`(?:[Pp]ass(?:word|wd|phrase|code|Word|Phrase)?|PASS(?:WORD|WD|PHRASE|CODE)?|[Pp]wd|PWD|[Ss]ecret|SECRET|[Tt]oken|TOKEN|` +
  String.raw`[Aa]pi[_-]?[Kk]ey|API[_-]?KEY|apikey|APIKEY|[Cc]redentials?|CREDENTIALS?|` +
  String.raw`(?:[Aa]ccess|ACCESS|[Aa]uth|AUTH|[Pp]rivate|PRIVATE|[Ss]igning|SIGNING|[Ee]ncryption|ENCRYPTION|[Mm]aster|MASTER)[_-]?(?:[Kk]ey|KEY))s?`;
const NAME =
  String.raw`(?:[A-Za-z_][\w.-]{0,40}?(?:[_.-]|(?<=[a-z0-9])(?=[A-Z])))?${KW}(?:[_.-][\w.-]{0,30}|(?<=[a-z])[A-Z][\w]{0,30})?`;
const VALUE =
  // \\? before quotes: JSON that holds JSON (`{\"password\": \"...\"}`) in raw transcript files.
  String.raw`(?:\\?"(?<dq>[^"\\\r\n]{3,300})\\?"|'(?<sq>[^'\r\n]{3,300})'|\x60(?<bq>[^\x60\r\n]{3,300})\x60|(?<bare>[^\s"'\x60,;)}\]\\]{3,300}))`;
const ASSIGNMENT = new RegExp(
  String.raw`(?<![\w-])(?<name>${NAME})\\?["']?\s*(?::=|=>|=|:)\s*${VALUE}`,
  'dg',
);
const FLAG = new RegExp(
  String.raw`(?<![\w-])--?(?<name>(?:[a-z]+-)*${KW}|p(?=[^\s-]|\s+[^\s-]))(?:\s*=\s*|\s+|(?<=-p))${VALUE}`,
  'dg',
);

/** One piece of a dotted code name: snake_case, camelCase, PascalCase or UPPER_CASE (humps of 2+ letters). */
const CODE_NAME = /^(?:[a-z_$][a-z0-9_$]*(?:[A-Z][a-z0-9_$]+)*[A-Z]?|[A-Z][a-z0-9_$]+(?:[A-Z][a-z0-9_$]+)*|[A-Z][A-Z0-9_$]*)$/;

/** Type names and keywords that follow `password:` in code, not values. */
const CODE_WORDS = new Set(
  'string str number int integer bool boolean any unknown object bytes text varchar char secretstr securestring optional required none null undefined true false yes str? string? self this new await yield return function lambda input prompt getpass'.split(' '),
);

/** Judges an assigned value: a literal credential, or code / a stand-in that must stay? */
function isCredentialValue(value: string, secretKind: 'PASSWORD' | 'SECRET', quoted: boolean): boolean {
  const v = value.trim();
  if (v.length < 3 || isStandIn(v)) return false;
  if (CODE_WORDS.has(v.toLowerCase())) return false;
  // The key word ended a message, and the "value" is the code after it: 'Error updating password:', err);
  if (quoted && (/^[\s,;)\]}]/.test(value) || /\);|\\n/.test(v))) return false;
  // Code, not a value: calls, member access on a variable, env lookups, template strings, paths.
  if (!quoted) {
    if (/[()[\]{}<>]/.test(v)) return false;
    // Member access or a module path: `credentials.password`, `random_password.db.result`, `z.ZodString`.
    // Its pieces read as names (letters, maybe a trailing number), unlike `kdTA2H.ZKagT2z`.
    if (/^[A-Za-z_$][\w$]*\.[A-Za-z_$]/.test(v) && v.split('.').every((p) => CODE_NAME.test(p))) return false;
    if (/^[a-z_$][a-z0-9_$]*[A-Z][\w$]*$/.test(v) || /(?:pass|secret|token|key)/i.test(v)) {
      if (!/\d/.test(v)) return false;
    }
    // A path or a dotfile (`./x`, `~/x`, `.env.local`); `.vJBX0SeeLfn` is a value that starts with a dot.
    if (/^(?:[/~]|\.{1,2}\/|\.[a-z][a-z0-9_.-]*$)/.test(v)) return false;
    if (/^\d{1,6}$/.test(v)) return false;
  }
  if (/^(?:process\.env|os\.environ|env\.|getenv|System\.getenv|ENV\[)/.test(v)) return false;
  if (/\$\{[^}]*\}|\{\{[^}]*\}\}/.test(v) && v.length < 60) return false;
  if (secretKind === 'SECRET') {
    // A token is long and unpredictable; counts and words ("max_tokens: 1024", "token: expired") are not.
    if (v.length < 8 || /\s/.test(v)) return false;
    if (!/\d/.test(v) && entropy(v) < 3.5) return false;
    if (/^\d+$/.test(v)) return false;
    // An environment variable's name, not its value ("api_key_env: ANTHROPIC_API_KEY").
    if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(v)) return false;
  }
  return true;
}

function kindOfName(name: string): 'PASSWORD' | 'SECRET' {
  return /pass|pwd|^p$/i.test(name) ? 'PASSWORD' : 'SECRET';
}

function valueGroup(m: RegExpExecArray): { g: string; value: string } | null {
  for (const g of ['dq', 'sq', 'bq', 'bare']) {
    const value = m.groups?.[g];
    if (value !== undefined) return { g, value };
  }
  return null;
}

export function passwordFindings(text: string): Finding[] {
  const out: Finding[] = [];
  out.push(
    ...matchAll(text, URL_CREDENTIALS, 'PASSWORD', 'url-credentials', (m) => (isStandIn(m[1]) ? null : groupSpan(m, 1))),
  );
  out.push(
    ...matchAll(text, CONN_PASSWORD, 'PASSWORD', 'conn-password', (m) => {
      const span = groupSpan(m, 1)!;
      const raw = m[1];
      const inner = /^["'{]/.test(raw) ? { start: span.start + 1, end: span.end - 1 } : span;
      const v = text.slice(inner.start, inner.end);
      if (!v.length || isStandIn(v)) return null;
      return inner === span && !isCredentialValue(v, 'PASSWORD', false) ? null : inner;
    }),
  );
  out.push(...matchAll(text, CONN_KEY, 'SECRET', 'conn-key', (m) => (isStandIn(m[1]) ? null : groupSpan(m, 1))));
  for (const [re, detector] of [
    [ASSIGNMENT, 'assignment'],
    [FLAG, 'flag'],
  ] as const) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const name = m.groups!.name;
      const hit = valueGroup(m);
      if (!hit) continue;
      const kind = kindOfName(name);
      if (name === 'p') {
        // `-pSECRET` for the MySQL family and sshpass (`-p name` there prompts, then names a database);
        // `-p SECRET` for registry logins (`docker login -u ana -p …`).
        const line = text.slice(Math.max(0, m.index - 200), m.index);
        const glued = !/\s/.test(text[m.index + 2] ?? '');
        if (glued ? !/\b(?:mysql|mysqldump|mysqladmin|sshpass|mariadb)\b[^\n]*$/.test(line) : !/\b(?:docker|podman|nerdctl|buildah|skopeo|helm|oras)\s+(?:registry\s+)?login\b[^\n]*$/.test(line)) continue;
      }
      // A flag named in prose ("Using --password via the CLI is insecure"): a lower-case word, not a value.
      if (detector === 'flag' && hit.g === 'bare' && /^[a-z]{2,12}$/.test(hit.value) && isCommonWord(hit.value)) continue;
      if (!isCredentialValue(hit.value, kind, hit.g !== 'bare')) continue;
      const span = groupSpan(m, hit.g)!;
      out.push({ ...span, type: kind, detector });
    }
  }
  return out;
}
