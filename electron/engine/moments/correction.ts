// Rules for corrections: the person rejecting, stopping or correcting what the agent did.
// Each rule is one regular expression over the person's (normalised) words, named for
// what it recognises; a message is a correction when any rule matches. They only apply
// to messages that answer an agent message: the first words of a session correct nothing.
// Text the person quotes (an e-mail, an article) is not their words (wording.ts, blankQuoted);
// only a pasted error is read inside quotation marks.
import { blankQuoted } from './wording.js';

export interface Cue {
  rule: string;
  /** Where in the (normalised) text the cue was found, to excerpt long messages around it. */
  index: number;
}

/** "No, ...", "Nope", "Nah.", "No way" — but not "No thanks" or "No teams are loading" (a sentence starting with "no"). */
const NO_OPENER =
  /^\s*(?:no|nope|nah|нет|nein|non)(?:\s*[,.!;:\u2014\u2013-]|\s*$|\s+(?:i|you|it|that|this|we|not|don't|wait|stop|please|that's|it's|no|way)\b)/i;
const POLITE_NO = /^\s*no,?\s+(?:thanks?|thank you|worries|problem|rush|need)\b/i;

/** Messages that open by stopping or undoing: "stop", "cancel", "hold off", "revert", "that's not ...". */
const STOP_OPENER =
  /^\s*(?:wrong|incorrect|stop|cancel|wait|hold on|hold off|undo|revert|roll ?back|never mind|nevermind|that's not|that is not|this is not|this isn't|that isn't|not what|sorry,?\s+(?:not|i meant|i mean|it's|it should|that's not))\b/i;

/**
 * Pointing at what was said before: "I said", "I never said", "like I asked", "I already told you".
 * Not a story about what one said or wanted ("I said to myself", "I said that because it rhymed",
 * "I didn't want to go to the gym").
 */
const I_SAID =
  /\b(?:i (?:said(?! to (?:myself|him|her|them|my)\b| (?:that|it|this) because\b)|told you|meant|already (?:said|told|asked))|i asked you (?:to|for)|i (?:never|didn't|did not) (?:say|said|ask|asked|tell|told|(?:want|wanted) (?:you|that|this|it|them)\b)|like i (?:said|asked|told you|originally)|as i (?:said|asked))\b/i;

/**
 * Naming what the agent did wrong: "you forgot", "you didn't", "you've not included", "you're not
 * listening", "you keep ...". Not the generic "you" of a story ("you're not actively out there").
 */
const YOU_DID =
  /(?<!\b(?:can|could|will|would|do|did|are|if|when|should|have|how|what|why|where)\s)\byou(?:'ve| have)? (?:forgot|forgotten|missed|ignored|broke|deleted|removed|overwrote|skipped|didn't|did not|haven't|have not|still|were supposed|should(?:n't| not)? have|misunderstood)\b|\byou(?:'ve| have) not\b|\byou keep (?:doing|making|adding|using|changing|breaking|forgetting|ignoring|repeating|getting|saying|giving|writing|putting|removing|deleting|asking|running|trying|creating)\b|\byou(?:'re| are) (?:not \w+ing\b|still\b|stuck|looping|going in circles)/i;

/** Calling it wrong: "that's wrong", "you were using the wrong account", "not what I asked", "not correct". */
const WRONG =
  /\b(?:that's|that is|this is|it's|it is|you're|you are|you were|was|is)\b[^.?!\n]{0,30}\bwrong\b|\bnot (?:what i (?:asked|wanted|meant|said)|correct|right)\b|\bnot (?:\w+ ){0,3}the (?:correct|right)\b|\bне(?:правильно| то\b| так\b)|\bfalsch\b|\best faux\b|\bestá mal\b|不对|错了|違う/i;

/**
 * Something the agent made does not work: "it doesn't show", "does not function", "still not working",
 * "I'm not seeing". Not an order ("do not run builds") or a question how to ("how do I not show some").
 */
const DOES_NOT_WORK =
  /(?<!\bhow (?:do|can|could|would|should) (?:i|we|you) )\b(?:doesn't|does not|didn't|did not|isn't|is not|aren't|are not|wasn't|won't|can't|cannot|no longer|(?:still|i'm|am|is|are|was|were|it's|its|they're|that's) not)\s+(?:\w+\s+){0,2}?(?:work\w*|function\w*|load\w*|add\w*|show\w*|display\w*|render\w*|appear\w*|sav(?:e|es|ed|ing)\b|updat\w*|run\w*|start\w*|compil\w*|build\w*|connect\w*|open\w*|fetch\w*|pass\w*|remember\w*|respond\w*|seeing|come (?:out|through|up)|pick\w* up)|\bno \w+(?: \w+){0,3} (?:is|are|was|were) (?:load|show|display|appear|work)\w*|\bне работает\b|\bno funciona\b|\bfunktioniert nicht\b|\bne (?:marche|fonctionne) pas\b/i;

/**
 * Something broke or stayed wrong since the agent's change: "still failing", "the number is still
 * small", "now I'm getting an error", "same error again" (not "again for ... the same day").
 */
const STILL_BROKEN =
  /\b(?:still|anymore|no longer|again)\b[^.?!\n]{0,40}\b(?:not|n't|broken|fail\w*|error\w*|crash\w*|same (?:error|issue|problem|result|output|bug|message|thing))\b|\b(?:not|n't|broken|fail\w*|error\w*|crash\w*)\b[^.?!\n]{0,40}\b(?:still|anymore|again)\b|\bstill (?:too |very |so |really )?(?:small|big|tiny|large|there|missing|empty|blank|wrong|slow|showing|visible|hidden|cut off|the same|unchanged)\b|\bnow (?:i'm |i am |we're |it's )?(?:getting|seeing|throws?|shows?|fails?)\b[^.?!\n]{0,30}\b(?:error|fail|exception|crash|warning)/i;

/** An error pasted back: exception names, stack frames, error codes, well-known failure lines. */
const ERROR_PASTE =
  /\b[A-Z]\w*(?:Error|Exception)\b(?::|\s+at\b)|\bTraceback \(most recent call last\)|\berror TS\d+|\b(?:ECONNRESET|ECONNREFUSED|ENOENT|EADDRINUSE|EACCES|ETIMEDOUT|EPERM)\b|\bis not (?:defined|iterable|a function)\b|\bcannot read propert|\bfailed to (?:compile|connect|fetch|start|load|resolve|build)\b|\bis not recognized as an internal or external command\b|\bcommand not found\b|\bFATAL\b|\bpanicked at\b|\bblocked by CORS policy\b|\bnpm ERR!|\bUnhandled (?:Runtime |promise )?(?:Error|rejection)\b|\bSegmentation fault\b/;

/** The agent's instructions do not match what the person sees: "I can't find X", "I do not see Y", "it won't let me". */
const CANT_FIND =
  /\bi (?:can't|cannot|can not|couldn't|could not|don't|do not|didn't|did not) (?:find|see|locate)\b(?! (?:why|how|the point|a (?:problem|reason)|any (?:problem|reason)|an issue)\b)|\b(?:it|this|that|the \w+) (?:won't|will not|doesn't|does not|didn't|did not) let me\b/i;

/**
 * Output rejected: judged by a flaw ("it's a bit cheesy", "they are corny"), or praised then faulted
 * ("great, however this isn't child friendly", "good job but again ...", "but I'm looking for ...").
 */
const REJECTED =
  /\b(?:it's|it is|its|they're|they are|these are|this is|that's|that is|those are|sounds?|looks?|seems?)\s+(?:a bit |abit |a little |quite |very |too |so |really |kind of |kinda |still |way too )*(?:cheesy|corny|cringe|cringy|cringey|bland|boring|repetitive|robotic|childish|confusing|awkward|clunky)\b|\b(?:but|however)\b,?\s+(?:again\b|(?:this|it|that|these|they) (?:isn't|is not|aren't|are not|doesn't|does not|didn't|did not|wasn't|was not)\b|i(?:'m| am| was) (?:looking for|after|hoping for|expecting)\b)|\bnot what i(?:'m| am| was) (?:looking for|after|expecting)\b|^[^.?!\n]{0,40}\b(?:great|good|nice|brilliant|perfect|fine|lovely)\b[,.]?\s+(?:but|however)\b,?(?!\s+(?:can|could|would) you also\b|\s+also\b|\s+(?:can|could) you (?:add|include)\b)|\bi (?:don't|do not) understand (?:the|this|that|your|what you|why you)\b/i;

/** Output judged by a quality it should not have: "that was too long", "it's generating too much". */
const TOO_MUCH =
  /\b(?:it|that|this|they|these|those|it's|that's|was|is|are|were|generating|being)\s+(?:\w+\s+)?too (?:long|short|much|many|complicated|complex|wordy|verbose|generic|vague|big|small|slow)\b/i;

/** Saying what it should have been: "it's supposed to be ...", "should be X not Y". */
const SHOULD_HAVE_BEEN =
  /\b(?:supposed|suppose|meant) to (?:be|do|go|use|say)\b|\bshould(?:n't| not)? be\b[^.?!\n]{0,60}\bnot\b|\bshould(?:n't| not)? have (?:\w+ed|been|done|made|kept|left|written|run|read|said|gone|seen|taken|told|known|put)\b/i;

/**
 * A prohibition aimed at what the agent is doing: "don't touch X", "make sure you don't use Y",
 * "do not proceed". At a sentence start or after please/and/but/make sure, so "I don't know" (and
 * "but you don't have access", a statement) is not one; "don't write any code yet" only stages work.
 * Only in a short reply: a long brief that lists prohibitions is specifying new work (see DONT_MAX).
 */
const DONT =
  /(?:^\s*|[.!?;:,\n\u2014-]\s*|\b(?:and|but|please|also|pls)\s+|\b(?:make sure|ensure)\s+(?:that\s+)?(?:you\s+)?)(?:just\s+)?(?:don't|do not|never)\s+(?!worry|know|think|mind|forget to thank)\w+(?![^.?!\n]*\byet\b)/i;
const DONT_MAX = 300;

/** Why didn't / why isn't: a complaint that something expected did not happen. */
const WHY_NOT = /\bwhy (?:isn't|doesn't|don't|didn't|won't|can't|aren't|is it not|does it not|is there no|are there no)\b/i;

/**
 * A reproach for what the agent just did, as a question or an exclamation: "why did you reach for X?",
 * "what made you use X?", "who told you to ...", "X, again?!", "not X again!", "quit using X", "enough
 * with X", "put it back", "your change is the bug", "after your edit", "did you even run ...".
 */
const REPROACH =
  /\b(?:why (?:did|do|are|were|would|have) you|what made you|who (?:told|asked) you to)\s+(?:\w+\s+)?(?:use|using|add|adding|edit|editing|change|changing|delete|deleting|remove|removing|touch|touching|reach|pick|put|bring|install|installing|break|create|switch|introduce)\b|\bwho said (?:anything about|you could)\b|\bagain\s*(?:\?!|!\?|!+)|^\s*(?:not|seriously,?)\s[^.?!\n]{0,40}\bagain\b|\b(?:quit|stop) (?:using|reaching for|adding)\b|\benough with\b|\b(?:put|bring) (?:it|them|that|this|\w+(?: \w+){0,3}) back\b|\brestore (?:it|them|that)\b|\byour (?:change|edit|fix|patch|commit)e?s? (?:is|was|are|were|caused|broke|introduced)\b|\b(?:after|since|from) your (?:last )?(?:change|edit|fix|commit|patch|update)s?\b|\bdid you even\b|\bi asked for (?:it|this|that)\b|\bpourquoi (?:tu as|as-tu|vous avez)\b|\bmauvais fichier\b/i;

/** What the agent did, named in the past: "you touched X", "you made that up", "you wiped X", "you left out X". */
const YOU_DID_MORE =
  /(?<!\b(?:can|could|will|would|do|did|are|if|when|should|have|how|what|why|where)\s)\byou (?:touched|edited|changed|wiped|invented|left out|made (?:that|this|it) up)\b/i;

const RULES: [string, RegExp][] = [
  ['reproach', REPROACH],
  ['you-did-more', YOU_DID_MORE],
  ['i-said', I_SAID],
  ['you-did', YOU_DID],
  ['wrong', WRONG],
  ['does-not-work', DOES_NOT_WORK],
  ['still-broken', STILL_BROKEN],
  ['error-paste', ERROR_PASTE],
  ['cant-find', CANT_FIND],
  ['rejected', REJECTED],
  ['too-much', TOO_MUCH],
  ['should-have-been', SHOULD_HAVE_BEEN],
  ['dont', DONT],
  ['why-not', WHY_NOT],
];

/**
 * The first correction cue in a person's message (already normalised), or null.
 * `previous` is the person's previous message: sending the same request again after the
 * agent answered means the answer did not do it.
 */
export function correctionCue(text: string, previous: string | null): Cue | null {
  const own = blankQuoted(text);
  if (NO_OPENER.test(own) && !POLITE_NO.test(own)) return { rule: 'no', index: 0 };
  if (STOP_OPENER.test(own)) return { rule: 'stop', index: 0 };
  let best: Cue | null = null;
  for (const [rule, re] of RULES) {
    if (rule === 'dont' && text.length > DONT_MAX) continue;
    const m = re.exec(rule === 'error-paste' ? text : own);
    if (m && (!best || m.index < best.index)) best = { rule, index: m.index };
  }
  if (best) return best;
  if (previous && isRepeat(text, previous)) return { rule: 'repeat', index: 0 };
  return null;
}

/**
 * The same request sent again, ignoring case and spacing: whole, or making up most of a longer
 * message ("Explain first. <the same request>"). A short earlier message inside a longer new one
 * is a refinement ("make it weird" -> "make it weird and in the style of ..."), not a repeat.
 */
function isRepeat(text: string, previous: string): boolean {
  const a = text.toLowerCase().replace(/\s+/g, ' ').trim();
  const b = previous.toLowerCase().replace(/\s+/g, ' ').trim();
  return b.length >= 15 && a.includes(b) && b.length >= 0.6 * a.length;
}
