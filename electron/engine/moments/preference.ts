// Rules for preferences: standing instructions that should hold beyond the one request
// ("always ...", "never ...", "we use X not Y", "keep it simple", "from now on ...").
// Text the person quotes (an e-mail, an article they paste between quotation marks) is
// someone else's words and is not read (wording.ts, blankQuoted).
import type { Cue } from './correction.js';
import { blankQuoted, sentences } from './wording.js';

/**
 * Explicitly lasting and aimed at the agent's work: "from now on", "for the rest of this session",
 * "next time you", "whenever you", "as a rule". Only with a request in the same sentence (ASKS):
 * "every time you play" in a game's rules, or "I will come back to this chat in future", asks nothing.
 */
const LASTING =
  /\b(?:from now on|from here on(?: out)?|for the rest of (?:this|the|our) (?:session|conversation|chat|project|thread)|(?:the )?next time you|whenever you|every time you|each time you|as a (?:general )?rule)\b/i;

/**
 * Lasting only as often used for one's own plans ("going forward I will ...", "we will resume this in
 * the future"): a preference only when an instruction follows at once ("Going forward, always ...").
 */
const LASTING_WEAK =
  /\b(?:going forward|moving forward|in (?:the )?future|from today(?: on)?|henceforth)\b[,:]?\s*(?:please\b|pls\b|always\b|never\b|don't\b|do not\b|make sure\b|remember to\b|you (?:should|must|need to|have to)\b|only\b|(?:use|avoid|keep|stop|add|write|ask|check|run)\b)/i;

/** A request or an instruction in a sentence: a modal ask, please, a prohibition, or an imperative first word. */
const ASKS =
  /\b(?:please|pls|can you|could you|would you|will you|i (?:want|need|would like|'d like) you to|make sure|remember to|always|never|don't|do not|you (?:should|must|need to|have to))\b|^[\s,:;-]*(?:use|add|run|write|keep|include|avoid|stop|start|ask|check|put|show|give|make|leave|answer|reply|respond|explain|commit|test|format|name|call|follow|prefer|stick)\b/i;

/**
 * "Always ..." / "never ..." addressed to the agent: at a sentence start or after please/you/make sure.
 * Not "I always ...", nor "... and always see the worst" (a description); "never mind" is a correction.
 */
const ALWAYS_NEVER =
  /(?:^\s*|[.!?;:,\n\u2014-]\s*|\b(?:please|you|you should|you must|make sure (?:to|you)|remember to)\s+)(?:always|never)\s+(?!mind\b)\w+/i;

/**
 * Tooling choices: "don't use X", "I don't want to use X", "use X instead of Y", "we use X" (as a
 * statement, not "why we use X"), "I'd rather you ...", "I prefer to use X", "prefer X over Y", "only
 * use", "does not use X or any ...". Not a bare "I'd rather ..." or "I prefer the second one", which
 * choose once. A dot inside a name ("Chart.js") does not end the sentence.
 */
const USE_THIS =
  /\b(?:don't|do not|never|stop) use\b|\b(?:i|we) (?:don't|do not) want (?:you )?to use\b|\buse\s+[\w.@/+-]+(?:\s+[\w.@/+-]+){0,2}\s+(?:instead of|rather than)\b|(?:^\s*|[,;:]\s*|\b(?:here|in this \w+),?\s+)we (?:use|prefer|always|never|don't use|do not use)\b|\b(?:i|we)(?:'d| would) rather you\b|\b(?:i|we)(?:'d| would)? prefer (?:you|that you|it if you|to use|using)\b|\bprefer\b[^.?!\n]{0,40}\b(?:over|rather than|instead of)\b|\bonly use\b|\b(?:not|n't) use\b(?:[^.?!\n]|\.(?=\w)){0,40}\bany\b/i;

/** Style to keep: "keep it simple", "keep everything short and consistent". */
const KEEP_STYLE =
  /\bkeep (?:it|everything|things|them|the \w+|your \w+|answers|responses|replies|code|changes)\s+(?:\w+\s+)?(?:simple|short|concise|minimal|brief|consistent|clean|small|lean|focused)\b/i;

/** What the person and the agent make together, whose lasting qualities a person lays down. */
const WORK = String.raw`(?:book|chapters?|story|stories|code|app|site|website|pages?|docs|documentation|answers?|responses?|replies|writing|text|tone|style|language|e-?mails?|messages?|posts?|descriptions?|comments?|commits?|tests?|ui|design)`;
/** Qualities of how the work reads or is made (not what it is about). */
const QUALITY = String.raw`(?:short|long|simple|concise|brief|consistent|clear|formal|informal|casual|professional|friendly|daunting|technical|detailed|wordy|verbose|readable|minimal|clean|small|lean|accessible|inclusive|easy|plain|complicated|complex|generic)`;

/**
 * A lasting quality asked of the work: "the book shouldn't be too long", "the descriptions need to be
 * consistent", "I'd like the book not to be too daunting". Only a quality of how it reads: "the page
 * should be a form" or "I want this book to be about prompts" specify one task.
 */
const WORK_QUALITY = new RegExp(
  String.raw`\b(?:the|this|our|my|your|all|every|each) ${WORK} (?:should(?:n't| not)?|must(?:n't| not)?|needs? to|has to|have to) (?:always |never |not |all )?(?:be|stay|remain|sound|read|feel|look) (?:\w+ ){0,2}${QUALITY}\b|\b(?:i|we)(?:'d| would)? (?:like|want|need) (?:the|this|our|my|your|all) ${WORK} (?:to )?(?:not |never |always )?(?:to )?(?:be|stay|remain|sound|read|feel|look) (?:\w+ ){0,2}${QUALITY}\b`,
  'i',
);

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

/** A lasting phrase with a request in the same sentence (the phrase itself removed, so "From now on, run ..." reads as an imperative). */
function lastingRequest(sentence: string): RegExpExecArray | null {
  const m = LASTING.exec(sentence);
  if (!m) return null;
  const rest = `${sentence.slice(0, m.index)} ${sentence.slice(m.index + m[0].length)}`;
  return ASKS.test(rest) || ASKS.test(sentence.slice(m.index + m[0].length)) ? m : null;
}

/**
 * A lasting rule said in the first person or about every future piece of work: "I'd rather have X than
 * Y", "my preference is X", "X is off limits", "I want brief answers", "I hate long explanations", "I like
 * to review X before ...", "every change ... should ...", "for all future work", "tests first, always",
 * "no emojis anywhere ... ever", "I never want to see ...". A lasting phrase ("going forward") before
 * "every/each/all".
 */
const FIRST_PERSON_RULE =
  /\b(?:i|we)(?:'d| would) rather (?:have|use|see|keep|get)\b[^.?!\n]{0,60}\b(?:than|over|instead of)\b|\bmy (?:preference|rule) is\b|\boff[- ]limits\b|\bi (?:always )?want (?:brief|short|concise|complete|full|whole) (?:answers|replies|responses|files|explanations)\b|\bi (?:hate|dislike|can't stand) (?:long|verbose|wordy|lengthy) \w+|\bi like to (?:review|see|approve|check|read)\b[^.?!\n]{0,40}\bbefore\b|\bi want to see (?:a|the) \w+ before you\b|\b(?:every|each) (?:change|commit|fix|function|file|feature|pr|pull request|time)\b[^.?!\n]{0,60}\b(?:should|must|needs? to|has to)\b|\bfor all future (?:work|changes|code|tasks|projects)\b|[,;]\s*always\s*(?=[,.!;]|$)|\b(?:anywhere|in any \w+),? ever\b|\bi never want\b|\b(?:going|moving) forward,?\s+(?:every|each|all|any)\b/i;

/**
 * The same in German and Spanish: "ab jetzt / von nun an / in Zukunft ... immer|nie|bitte", "de ahora en
 * adelante", "a partir de hoy", "prefiero X antes que Y", "siempre X, nunca Y".
 */
const OTHER_LANGUAGES =
  /\b(?:ab jetzt|ab sofort|von nun an|in zukunft|künftig)\b[^.?!\n]{0,60}\b(?:immer|nie|niemals|bitte|überall|grundsätzlich|gilt)\b|\b(?:de ahora en adelante|a partir de (?:hoy|ahora)|desde ahora)\b|\bprefiero\b[^.?!\n]{0,40}\b(?:antes que|en vez de|a)\b|\bsiempre\b[^.?!\n]{0,30}\bnunca\b/i;

const RULES: [string, (s: string) => RegExpExecArray | null][] = [
  ['first-person-rule', (s) => FIRST_PERSON_RULE.exec(s)],
  ['other-languages', (s) => OTHER_LANGUAGES.exec(s)],
  ['standing', lastingRequest],
  ['standing-weak', (s) => LASTING_WEAK.exec(s)],
  ['always-never', (s) => ALWAYS_NEVER.exec(s)],
  ['use-this', (s) => USE_THIS.exec(s)],
  ['keep-style', (s) => KEEP_STYLE.exec(s)],
  ['work-quality', (s) => WORK_QUALITY.exec(s)],
  ['prohibit-any', (s) => PROHIBIT_ANY.exec(s)],
  ['gate', (s) => GATE.exec(s)],
  ['before', (s) => BEFORE.exec(s)],
];

/** The first preference cue in a person's message (already normalised), per sentence, or null. */
export function preferenceCue(text: string): Cue | null {
  for (const s of sentences(blankQuoted(text))) {
    for (const [rule, match] of RULES) {
      const m = match(s.text);
      if (!m) continue;
      // "Don't write any code yet": a prohibition for now, not a standing rule.
      if ((rule === 'prohibit-any' || rule === 'gate') && /\byet\b/i.test(s.text)) continue;
      return { rule, index: s.start + m.index };
    }
  }
  return null;
}
