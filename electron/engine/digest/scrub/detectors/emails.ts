import type { Finding } from '../types.js';
import { isLoginSpec } from './remotes.js';
import { matchAll } from './util.js';

/*
 * E-mail addresses, also URL-encoded (`name%40host.com`). The top-level domain must be letters,
 * so npm specifiers (`lodash@4.17.21`) and decorators never match. Git's SSH user (`git@github.com:`)
 * is a fixed protocol name, not a person, and stays. A login (`scp f ana@host:/srv`, `ssh ana@host`)
 * is no mailbox: remotes.ts replaces its user and host.
 */
const EMAIL = /(?<![\w.+%-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}(?:@|%40)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-]|\.[A-Za-z0-9])/g;
const SSH_GIT_USER = /^(?:git|hg|ssh|org-\d+)@/i;

export function emailFindings(text: string): Finding[] {
  if (!text.includes('@') && !text.includes('%40')) return [];
  return matchAll(text, EMAIL, 'EMAIL', 'email', (m) => {
    // The user part of a URL (`https://token@host`, `postgres://app:secret@db`): judged by the URL rules.
    if (/:\/\/[^\s/@]*$/.test(text.slice(Math.max(0, m.index - 300), m.index))) return null;
    if (SSH_GIT_USER.test(m[0]) && text[m.index + m[0].length] === ':') return null;
    if (SSH_GIT_USER.test(m[0]) && /^git@(?:github|gitlab|bitbucket|ssh\.dev\.azure)\./i.test(m[0])) return null;
    // `ana@host:/srv` or `ssh ana@host`: a login, judged as a user and a host (remotes.ts).
    if (isLoginSpec(text, m.index, m.index + m[0].length)) return null;
    return { start: m.index, end: m.index + m[0].length, key: m[0].replace('%40', '@') };
  });
}
