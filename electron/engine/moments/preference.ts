// Rules for preferences: standing instructions that should hold beyond the one request
// ("always ...", "never ...", "we use X not Y", "keep it simple", "from now on ...").
import type { Cue } from './correction.js';
import { sentences } from './wording.js';

/**
 * Explicitly lasting: "from now on", "going forward", "for the rest of this session", "every time".
 * ("By default" is left out: it mostly describes how software should behave, not how to work.)
 */
const STANDING =
  /\b(?:from now on|from here on|going forward|in (?:the )?future|for the rest of (?:this|the) (?:session|conversation|chat|project)|every time|each time|whenever (?:you|we)|as a rule)\b/i;

/**
 * "Always ..." / "never ..." addressed to the agent: at a sentence start or after please/you/make sure.
 * Not "I always ...", nor "... and always see the worst" (a description); "never mind" is a correction.
 */
const ALWAYS_NEVER =
  /(?:^\s*|[.!?;:,\n\u2014-]\s*|\b(?:please|you|you should|you must|make sure (?:to|you)|remember to)\s+)(?:always|never)\s+(?!mind\b)\w+/i;

/**
 * Tooling choices: "don't use X", "I don't want to use X", "use X instead of Y", "we use X" (as a
 * statement, not "why we use X"), "I prefer", "only use", "does not use X or any ...". A dot inside a
 * name ("Chart.js") does not end the sentence.
 */
const USE_THIS =
  /\b(?:don't|do not|never|stop) use\b|\b(?:i|we) (?:don't|do not) want (?:you )?to use\b|\buse\s+[\w.@/+-]+(?:\s+[\w.@/+-]+){0,2}\s+(?:instead of|rather than)\b|(?:^\s*|[,;:]\s*|\b(?:here|in this \w+),?\s+)we (?:use|prefer|always|never|don't use|do not use)\b|\b(?:i|we)(?:'d| would)? (?:prefer|rather)\b|\bprefer\b[^.?!\n]{0,40}\bover\b|\bonly use\b|\b(?:not|n't) use\b(?:[^.?!\n]|\.(?=\w)){0,40}\bany\b/i;

/** Style to keep: "keep it simple", "keep everything short and consistent". */
const KEEP_STYLE =
  /\bkeep (?:it|everything|things|them|the \w+|your \w+|answers|responses|replies|code|changes)\s+(?:\w+\s+)?(?:simple|short|concise|minimal|brief|consistent|clean|small|lean|focused)\b/i;

/**
 * A lasting prohibition addressed to the agent: "do not touch any ...", "don't ever ...". Not when a
 * subject says whose habit it is ("so we do not overwrite any data"); a "don't ... yet" is only for now.
 */
const PROHIBIT_ANY = /(?<!\b(?:i|we|they|he|she|it|who|which|that|people)\s)\b(?:don't|do not|never)\s+(?:\w+\s+){0,3}(?:any|anything|ever)\b/i;

/** A gate on how to proceed: "do not proceed until I approve", "never push without asking". */
const GATE = /(?<!\b(?:i|we|they|he|she|it|who|which|that|people)\s)\b(?:don't|do not|never)\b[^.?!\n]{0,80}\b(?:until|unless|without)\b/i;

/**
 * An order of work: "explain each command before executing", "always run the tests before committing",
 * "you have to create X before Y". Not "we need to change our approach before applying" (a one-off plan).
 */
const BEFORE = /\b(?:always|each|every|you (?:must|have to|need to|should))\b[^.?!\n]{0,80}\bbefore\b/i;

const RULES: [string, RegExp][] = [
  ['standing', STANDING],
  ['always-never', ALWAYS_NEVER],
  ['use-this', USE_THIS],
  ['keep-style', KEEP_STYLE],
  ['prohibit-any', PROHIBIT_ANY],
  ['gate', GATE],
  ['before', BEFORE],
];

/** The first preference cue in a person's message (already normalised), per sentence, or null. */
export function preferenceCue(text: string): Cue | null {
  for (const s of sentences(text)) {
    for (const [rule, re] of RULES) {
      const m = re.exec(s.text);
      if (!m) continue;
      // "Don't write any code yet": a prohibition for now, not a standing rule.
      if ((rule === 'prohibit-any' || rule === 'gate') && /\byet\b/i.test(s.text)) continue;
      return { rule, index: s.start + m.index };
    }
  }
  return null;
}
