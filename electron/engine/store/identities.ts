import type { Db } from './db.js';

/*
 * The account owner's identity, as the imported exports state it (Claude.ai `users.json`, ChatGPT
 * `user.json`; read by import/account-files.ts): the person's names, e-mail addresses, phone numbers and
 * account names. Every digest scrubs them (digest/build-digest.ts), and so does `reverie anonymize`.
 * They never leave the machine; they are exactly what must not.
 */

export const IDENTITY_KINDS = ['name', 'email', 'phone', 'username'] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

export interface AccountIdentity {
  kind: IdentityKind;
  value: string;
}

export interface StoredIdentity extends AccountIdentity {
  id: number;
  sourceId: number | null;
  addedAt: string;
}

/** The stored identities by kind: what the scrubber is given (ScrubberOptions.owner). */
export interface KnownIdentities {
  names: string[];
  emails: string[];
  phones: string[];
  usernames: string[];
}

/**
 * One spelling per value, so re-imports and other copies of the export add nothing: names with
 * single spaces (case kept: it shows which parts are capitalised), e-mails and account names in
 * lower case, phone numbers as `+` and digits. Null for a value that identifies no one (empty,
 * too short, a phone number of one repeated digit as in redacted exports).
 */
export function normaliseIdentity(kind: IdentityKind, raw: string): string | null {
  const v = raw.trim().replace(/\s+/g, ' ');
  switch (kind) {
    case 'name':
      return v.length >= 2 && v.length <= 100 && /\p{L}/u.test(v) ? v : null;
    case 'email':
      return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v) && v.length <= 254 ? v.toLowerCase() : null;
    case 'phone': {
      const digits = v.replace(/\D/g, '');
      if (digits.length < 7 || digits.length > 15 || /^(\d)\1+$/.test(digits)) return null;
      return `${v.startsWith('+') ? '+' : ''}${digits}`;
    }
    case 'username':
      return v.length >= 2 && v.length <= 64 && !/\s/.test(v) ? v.toLowerCase() : null;
  }
}

/**
 * Stores identities (inside the caller's transaction: the import writes them in the savepoint of the
 * sessions they came with). Values already stored are left alone. Returns how many rows were added.
 */
export function addIdentities(db: Db, sourceId: number | null, identities: readonly AccountIdentity[]): number {
  const insert = db.prepare(
    'INSERT INTO account_identities (source_id, kind, value, added_at) VALUES (?, ?, ?, ?) ON CONFLICT (kind, value) DO NOTHING',
  );
  const now = new Date().toISOString();
  let added = 0;
  for (const { kind, value } of identities) {
    const v = normaliseIdentity(kind, value);
    if (v !== null) added += insert.run(sourceId, kind, v, now).changes;
  }
  return added;
}

export function listIdentities(db: Db): StoredIdentity[] {
  return db
    .prepare<[], { id: number; source_id: number | null; kind: IdentityKind; value: string; added_at: string }>(
      'SELECT id, source_id, kind, value, added_at FROM account_identities ORDER BY id',
    )
    .all()
    .map((r) => ({ id: r.id, sourceId: r.source_id, kind: r.kind, value: r.value, addedAt: r.added_at }));
}

export function knownIdentities(db: Db): KnownIdentities {
  const out: KnownIdentities = { names: [], emails: [], phones: [], usernames: [] };
  const field = { name: 'names', email: 'emails', phone: 'phones', username: 'usernames' } as const;
  for (const r of listIdentities(db)) out[field[r.kind]].push(r.value);
  return out;
}

/**
 * The folders the stored sessions ran in (Claude Code and Codex `cwd`, Cline's working directory):
 * `/home/<name>/…`, `/Users/<name>/…` name the account on the machine that wrote the logs, which may
 * not be this one. The scrubber takes the user names out of them (ScrubberOptions.knownPaths).
 */
export function sessionFolders(db: Db): string[] {
  return db
    .prepare<[], { project: string }>('SELECT DISTINCT project FROM sessions WHERE project IS NOT NULL ORDER BY project')
    .all()
    .map((r) => r.project);
}
