/** The kinds of sensitive text the scrubber replaces; each becomes a typed placeholder such as `<EMAIL_1>`. */
export const PII_TYPES = [
  'PRIVATE_KEY',
  'JWT',
  'PASSWORD',
  'CARD',
  'IBAN',
  'NATIONAL_ID',
  'EMAIL',
  'PHONE',
  'IP',
  'ADDRESS',
  'USER',
  'PERSON',
  'HOST',
  // Last: on a tie, a validated kind (an IBAN, a password) says more than "random-looking text".
  'SECRET',
] as const;
export type PiiType = (typeof PII_TYPES)[number];

/** One detected span of the text, `[start, end)` in UTF-16 code units. */
export interface Finding {
  start: number;
  end: number;
  type: PiiType;
  /**
   * What identifies the value for placeholder numbering (the same key gets the same placeholder).
   * Defaults to the matched text; detectors set it when two spellings mean one value
   * (a phone number with and without spaces, a first name standing for a listed full name).
   */
  key?: string;
  /** Which detector found it (for tests and the benchmark). */
  detector: string;
}

/** What the detectors know beyond the text itself. */
export interface DetectContext {
  /** Account names, matched everywhere, case-insensitively (USER). */
  users: ReadonlySet<string>;
  /** Listed person names, lower-cased full name → its spelling as listed (PERSON). */
  people: ReadonlyMap<string, string>;
  /** Run the NLP person-name finder on prose (slow: about 0.1–0.3 MB/s). */
  nlpPeople: boolean;
}

/** Tie-break when two findings of the same length overlap: the more specific type wins. */
export const TYPE_PRIORITY: Record<PiiType, number> = Object.fromEntries(
  PII_TYPES.map((t, i) => [t, PII_TYPES.length - i]),
) as Record<PiiType, number>;
