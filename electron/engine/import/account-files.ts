import { addIdentities, type AccountIdentity } from '../store/identities.js';
import type { Db } from '../store/db.js';
import { SNIFF_BYTES } from './detect.js';

/*
 * The account files of chat exports: not sessions, but they say who the account owner is, whose
 * names the digests must scrub (store/identities.ts). Recognised from content, like every format:
 * - Claude.ai `users.json`: an array of {uuid, full_name, email_address, verified_phone_number};
 * - ChatGPT `user.json`: one object {id: "user-…", email, phone_number, chatgpt_plus_user, birth_year…}.
 * Both are a few hundred bytes; only files that fit in the detection head (SNIFF_BYTES) are read.
 * An account file is never a failed or unknown file: it is passed over in the import report.
 * (The exports' other files hold no further identity: projects.json names project creators,
 * memories.json and message_feedback.json only account ids, conversations only the account uuid.)
 */

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

/**
 * A name field holding one token: a handle ("test_user_1", "jnarowski99", "ana.lima") is an account
 * name; a plain word ("Ana") is a name (the scrubber's owner-name rules decide where it counts).
 */
function nameIdentity(value: string): AccountIdentity {
  if (/\s/.test(value)) return { kind: 'name', value };
  const handle = /[\d_.@]/.test(value) || (/-/.test(value) && value === value.toLowerCase());
  return { kind: handle ? 'username' : 'name', value };
}

/** Name, e-mail, phone and account-name fields of one account object, under the names exports use. */
function identitiesOf(o: Json): AccountIdentity[] {
  const out: AccountIdentity[] = [];
  const full = str(o.full_name) ?? str(o.name) ?? str(o.display_name);
  if (full) out.push(nameIdentity(full));
  const given = str(o.first_name) ?? str(o.given_name);
  const family = str(o.last_name) ?? str(o.family_name);
  if (given && family) out.push({ kind: 'name', value: `${given} ${family}` });
  else if (given ?? family) out.push(nameIdentity((given ?? family)!));
  for (const key of ['email_address', 'email']) {
    const v = str(o[key]);
    if (v) out.push({ kind: 'email', value: v });
  }
  for (const key of ['verified_phone_number', 'phone_number', 'phone']) {
    const v = str(o[key]);
    if (v) out.push({ kind: 'phone', value: v });
  }
  for (const key of ['username', 'user_name', 'handle']) {
    const v = str(o[key]);
    if (v) out.push({ kind: 'username', value: v });
  }
  return out;
}

/** Claude.ai users.json: every element an account with the export's own field names. */
function claudeUsers(v: unknown): AccountIdentity[] | null {
  if (!Array.isArray(v) || v.length === 0) return null;
  const accounts = v.every((u) => isObject(u) && typeof u.uuid === 'string' && 'full_name' in u && 'email_address' in u);
  return accounts ? (v as Json[]).flatMap(identitiesOf) : null;
}

/** ChatGPT user.json: an account id and e-mail, with fields only the account file has. */
function chatgptUser(v: unknown): AccountIdentity[] | null {
  if (!isObject(v) || !('email' in v) || 'mapping' in v || 'messages' in v) return null;
  const accountId = typeof v.id === 'string' && /^user-\w+$/.test(v.id);
  const accountFields = ['chatgpt_plus_user', 'phone_number', 'birth_year'].some((k) => k in v);
  return accountId || accountFields ? identitiesOf(v) : null;
}

/**
 * The identities an export's account file states, or null when the text is not one. `text` must be
 * the whole file (callers pass files no larger than ACCOUNT_FILE_MAX_BYTES).
 */
export function readAccountFile(text: string): AccountIdentity[] | null {
  const t = text.replace(/^\uFEFF/, '').trim();
  if (!/^[[{]/.test(t) || !/"(?:full_name|email_address|email)"\s*:/.test(t)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(t);
  } catch {
    return null;
  }
  return claudeUsers(parsed) ?? chatgptUser(parsed);
}

/** Account files are tiny; anything larger than the detection head is not read as one. */
export const ACCOUNT_FILE_MAX_BYTES = SNIFF_BYTES;

/** The export a file belongs to: its folder, or its folder inside the zip (`export.zip!`). */
export function exportOf(name: string): string {
  return name.slice(0, Math.max(0, name.lastIndexOf('/'), name.lastIndexOf('\\')));
}

/**
 * Stores account identities together with the sessions of their export, all or nothing: an export
 * (a zip, or a folder) whose sessions file imports — now, or already imported before — stores its
 * account files' identities inside that same file's savepoint, whichever of the two comes first in
 * the walk; an export none of whose sessions files imported stores nothing. So naming `users.json`
 * alone stores nothing: the identities belong to the sessions they came with.
 */
export class ExportAccounts {
  /** Identities waiting for a sessions file of their export. */
  private readonly held = new Map<string, AccountIdentity[]>();
  /** Exports with a stored sessions file, and that file's import id (null: imported in an earlier run). */
  private readonly stored = new Map<string, number | null>();

  constructor(private readonly db: Db) {}

  /** An account file was read: written now if its export's sessions are stored, else held. */
  accountFile(name: string, identities: readonly AccountIdentity[]): void {
    const key = exportOf(name);
    if (this.stored.has(key)) addIdentities(this.db, this.stored.get(key)!, identities);
    else this.held.set(key, [...(this.held.get(key) ?? []), ...identities]);
  }

  /** A sessions file imported without error (call inside its savepoint, before the release). */
  sessionsStored(name: string, sourceId: number | null): void {
    const key = exportOf(name);
    if ((this.stored.get(key) ?? null) === null) this.stored.set(key, sourceId);
    const waiting = this.held.get(key);
    if (waiting) {
      addIdentities(this.db, sourceId, waiting);
      this.held.delete(key);
    }
  }
}
