import type { Finding } from '../types.js';
import { groupSpan } from './util.js';

/*
 * The user name inside home-folder paths: /Users/ana/…, /home/ana/…, /var/home/ana, /mnt/c/Users/ana,
 * C:\Users\ana\…, C:/Users/ana, also with JSON-doubled backslashes (C:\\Users\\ana). Only the name
 * is replaced (`/Users/<USER_1>/src/app.ts`), so the rest of the path stays readable, and the name
 * is learnt: once seen in a path it is replaced wherever else it appears (a shell prompt, a URL).
 * Default and shared accounts ("Shared", "runner", "ubuntu"...) identify no one and stay.
 */
const SEP_END = String.raw`(?=$|[/\\\s"'\x60:;,)\]}>|])`;
const POSIX = new RegExp(
  String.raw`(?<![\w.~-])(?:/mnt/[a-z]/Users|/Users|/home|/var/home|/export/home|/usr/home)/(?<name>[^/\\\s"'\x60:;,)\]}<>|*?$%{]{1,64})${SEP_END}`,
  'dgi',
);
const WINDOWS = new RegExp(
  String.raw`(?<![\w])[A-Za-z]:(?:\\{1,4}|/)(?:Users|Documents and Settings)(?:\\{1,4}|/)` +
    String.raw`(?<name>[^\\/\s"'\x60:;,)\]}<>|*?$%{]{1,64}(?: [^\\/\s"'\x60:;,)\]}<>|*?$%{]{1,30}){0,3}(?=[\\/])|[^\\/\s"'\x60:;,)\]}<>|*?$%{]{1,64})${SEP_END}`,
  'dgi',
);
/** `~ana/` (another user's home in a shell). */
const TILDE = /(?<![\w~/])~(?<name>[a-z_][a-z0-9_.-]{1,31})(?=\/)/dg;

export const GENERIC_ACCOUNTS = new Set(
  [
    'shared', 'public', 'default', 'default user', 'all users', 'guest', 'user', 'username', 'your-name', 'yourname',
    'your_username', 'yourusername', 'name', 'me', 'you', 'runner', 'ubuntu', 'ec2-user', 'node', 'vscode', 'codespace',
    'codespaces', 'coder', 'jovyan', 'vagrant', 'docker', 'app', 'appuser', 'admin', 'administrator', 'root', 'pi',
    'linuxbrew', 'circleci', 'travis', 'jenkins', 'gitpod', 'developer', 'dev', 'test', 'tester', 'example',
    'johndoe', 'janedoe', 'foo', 'bar', 'x', 'xxx', '...', '…',
    // Folders that containers and CI machines put under /home: the session paths of stored logs
    // (ScrubberOptions.knownPaths) would otherwise make them "user names" scrubbed everywhere.
    'workspace', 'workspaces', 'project', 'projects', 'work', 'code', 'src', 'repo', 'repos', 'data', 'sandbox',
    'build', 'builder', 'agent', 'ci',
  ].map((s) => s.toLowerCase()),
);

export interface HomePathResult {
  findings: Finding[];
  /** User names seen in home paths (lower-cased). */
  users: string[];
}

export function homePathFindings(text: string): HomePathResult {
  const findings: Finding[] = [];
  const users = new Set<string>();
  for (const [re, detector] of [
    [POSIX, 'home:posix'],
    [WINDOWS, 'home:windows'],
    [TILDE, 'home:tilde'],
  ] as const) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const name = m.groups!.name;
      if (GENERIC_ACCOUNTS.has(name.toLowerCase()) || name.startsWith('<') || /^\.+$/.test(name)) continue;
      findings.push({ ...groupSpan(m, 'name')!, type: 'USER', detector, key: name.toLowerCase() });
      users.add(name.toLowerCase());
    }
  }
  return { findings, users: [...users] };
}
