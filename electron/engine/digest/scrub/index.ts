import { addressFindings } from './detectors/addresses.js';
import { cardFindings } from './detectors/cards.js';
import { emailFindings } from './detectors/emails.js';
import { encodedSecretFindings } from './detectors/encoded-secrets.js';
import { entropyFindings } from './detectors/entropy.js';
import { GENERIC_ACCOUNTS, homePathFindings } from './detectors/home-paths.js';
import { hostFindings } from './detectors/hosts.js';
import { ibanFindings } from './detectors/ibans.js';
import { ipFindings } from './detectors/ips.js';
import { listedNameFindings } from './detectors/names.js';
import { logAccountFindings } from './detectors/log-accounts.js';
import { nationalIdFindings } from './detectors/national-ids.js';
import { compileOwner, type OwnerIdentity } from './detectors/owner.js';
import { passwordFindings } from './detectors/passwords.js';
import { contextPeopleFindings } from './detectors/people-context.js';
import { isCommonWord, nlpPeopleFindings } from './detectors/people-nlp.js';
import { scriptPeopleFindings } from './detectors/people-scripts.js';
import { shapedPeopleFindings } from './detectors/people-shape.js';
import { phoneFindings } from './detectors/phones.js';
import { privateKeyFindings } from './detectors/private-keys.js';
import { remoteFindings } from './detectors/remotes.js';
import { providerKeyFindings } from './detectors/provider-keys.js';
import { secretlintFindings } from './detectors/secretlint.js';
import { PlaceholderBook } from './placeholders.js';
import { applyFindings, resolveOverlaps } from './resolve.js';
import type { DetectContext, Finding, PiiType } from './types.js';
import { maskJsonEscapes } from './detectors/util.js';

export type { Finding, PiiType } from './types.js';
export type { OwnerIdentity } from './detectors/owner.js';
export { PII_TYPES } from './types.js';
export { findSurvivors, makeCanaries, plantCanaries, type Canary } from './canaries.js';

/*
 * Privacy layer 1: scrubbing. Replaces secrets, personal data, user and person names and private
 * host names with typed placeholders (`<EMAIL_1>`, `<SECRET_2>`), numbered consistently for the
 * life of one Scrubber (one digest): the same value always gets the same placeholder.
 * Code identifiers, file names, versions, hashes, UUIDs, timestamps and error messages stay as
 * they are, or the lessons drawn from the text are useless.
 */

export interface ScrubberOptions {
  /**
   * The user's own names: account names (`ana`, `jnarowski`) are replaced as USER wherever they
   * appear (inside home paths only when the name is also an ordinary word, like `max`); a full
   * name with a space ("Ana García") is a person name (PERSON).
   */
  userNames?: string[];
  /** Other people to scrub, as listed in settings (`scrubNames`): PERSON. */
  extraNames?: string[];
  /** Home folders (`os.homedir()`): their last segment is a user name. */
  homeDirs?: string[];
  /**
   * The account owner as the imported exports name them (store/identities.ts): names (PERSON, with
   * their parts under the rules of detectors/owner.ts), e-mail addresses, phone numbers, account names.
   */
  owner?: OwnerIdentity;
  /**
   * Folders the stored sessions ran in (`/home/ana/src/app`): the user names in their home paths
   * are known before any text is read, as if learnt from the digest itself (USER).
   */
  knownPaths?: string[];
  /** Look for further person names with the NLP library (default true; it is the slowest step). */
  nlpPeople?: boolean;
}

export interface Scrubber {
  /** The text with every finding replaced by its placeholder. */
  scrub(text: string): Promise<string>;
  /**
   * Several texts of one digest: user names learnt in any of them (from home paths, shell
   * prompts) are replaced in all of them, and placeholders are numbered in order.
   */
  scrubAll(texts: readonly string[]): Promise<string[]>;
  /** What would be replaced, after overlaps are resolved (sorted, disjoint). */
  findings(text: string): Promise<Finding[]>;
  /** Placeholder → original value, in order of first use. Stays local: it is exactly what was removed. */
  legend(): readonly { placeholder: string; type: PiiType; value: string }[];
}

const clean = (s: string) => s.trim().replace(/\s+/g, ' ');

export function createScrubber(options: ScrubberOptions = {}): Scrubber {
  const users = new Set<string>();
  const people = new Map<string, string>();
  const addUser = (name: string, learnt: boolean) => {
    const n = clean(name).toLowerCase();
    if (n.length < 2 || GENERIC_ACCOUNTS.has(n)) return;
    // An account name that is also an ordinary word ("max", "dev") is replaced inside home paths
    // only: everywhere else it would eat code (`Math.max`). Listed person names have no such limit.
    if ((learnt && n.length < 3) || isCommonWord(n)) return;
    users.add(n);
  };
  for (const u of options.userNames ?? []) {
    if (/\s/.test(clean(u))) people.set(clean(u).toLowerCase(), clean(u));
    else addUser(u, false);
  }
  for (const p of options.extraNames ?? []) if (clean(p)) people.set(clean(p).toLowerCase(), clean(p));
  for (const h of options.homeDirs ?? []) {
    const base = h.replace(/[\\/]+$/, '').split(/[\\/]/).at(-1);
    if (base) addUser(base, false);
  }
  const owner = compileOwner(options.owner);
  for (const u of owner?.users ?? []) addUser(u, true);
  for (const p of options.knownPaths ?? []) for (const u of homePathFindings(p).users) addUser(u, true);
  const ctx: DetectContext = { users, people, nlpPeople: options.nlpPeople ?? true };
  const hosts = new Set<string>();
  const book = new PlaceholderBook();

  /** Home paths and shell prompts name the account: remember it for the rest of the digest. */
  const learn = (original: string) => {
    const text = maskJsonEscapes(original);
    for (const u of homePathFindings(text).users) addUser(u, true);
    for (const u of hostFindings(text).users) addUser(u, true);
    for (const u of logAccountFindings(text, original).users) addUser(u, true);
    const remote = remoteFindings(text);
    for (const u of remote.users) addUser(u, true);
    for (const h of remote.hosts) hosts.add(h);
  };

  /** Private hosts learnt where a host must be (`ssh-keyscan host`, a .netrc machine), wherever else they appear. */
  const knownHostFindings = (text: string): Finding[] => {
    const out: Finding[] = [];
    if (!hosts.size) return out;
    const lower = text.toLowerCase();
    for (const h of hosts) {
      for (let i = lower.indexOf(h); i !== -1; i = lower.indexOf(h, i + 1)) {
        const end = i + h.length;
        if (/[\w.-]/.test(lower[i - 1] ?? '') || /[\w-]/.test(lower[end] ?? '') || /^\.[a-z0-9]/.test(lower.slice(end, end + 2))) continue;
        out.push({ start: i, end, type: 'HOST', detector: 'host:learnt', key: h });
      }
    }
    return out;
  };

  const detect = async (original: string): Promise<Finding[]> => {
    const text = maskJsonEscapes(original);
    const found: Finding[] = [
      ...(await secretlintFindings(text)),
      ...providerKeyFindings(text),
      ...privateKeyFindings(text),
      ...passwordFindings(text),
      ...encodedSecretFindings(text),
      ...entropyFindings(text),
      ...emailFindings(text),
      ...phoneFindings(text),
      ...ipFindings(text),
      ...cardFindings(text),
      ...ibanFindings(text),
      ...nationalIdFindings(text),
      ...addressFindings(text),
      ...homePathFindings(text).findings,
      ...hostFindings(text).findings,
      ...remoteFindings(text).findings,
      ...logAccountFindings(text, original).findings,
      ...knownHostFindings(text),
      // Before the NLP finder: on the same span, the owner's placeholder key wins (resolveOverlaps).
      ...(owner ? owner.find(text) : []),
      ...listedNameFindings(text, ctx),
      ...(ctx.nlpPeople ? [...nlpPeopleFindings(text), ...shapedPeopleFindings(text), ...contextPeopleFindings(text), ...scriptPeopleFindings(text)] : []),
    ];
    return resolveOverlaps(original, found);
  };

  return {
    async scrub(text) {
      learn(text);
      return applyFindings(text, await detect(text), book);
    },
    async scrubAll(texts) {
      for (const t of texts) learn(t);
      const out: string[] = [];
      for (const t of texts) out.push(applyFindings(t, await detect(t), book));
      return out;
    },
    async findings(text) {
      learn(text);
      return detect(text);
    },
    legend: () => book.entries(),
  };
}
