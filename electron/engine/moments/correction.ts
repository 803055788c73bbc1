// Rules for corrections: the person rejecting, stopping or correcting what the agent did.
// Each rule is one regular expression over the person's (normalised) words, named for
// what it recognises; a message is a correction when any rule matches. They only apply
// to messages that answer an agent message: the first words of a session correct nothing.

export interface Cue {
  rule: string;
  /** Where in the (normalised) text the cue was found, to excerpt long messages around it. */
  index: number;
}

/** "No, ...", "Nope", "Nah." — but not "No thanks" or "No teams are loading" (a sentence starting with "no"). */
const NO_OPENER =
  /^\s*(?:no|nope|nah|нет|nein|non)(?:\s*[,.!;:\u2014\u2013-]|\s*$|\s+(?:i|you|it|that|this|we|not|don't|wait|stop|please|that's|it's|no)\b)/i;
const POLITE_NO = /^\s*no,?\s+(?:thanks?|thank you|worries|problem|rush|need)\b/i;

/** Messages that open by stopping or undoing: "stop", "cancel", "hold off", "revert", "that's not ...". */
const STOP_OPENER =
  /^\s*(?:wrong|incorrect|stop|cancel|wait|hold on|hold off|undo|revert|roll ?back|never mind|nevermind|that's not|that is not|this is not|this isn't|that isn't|not what|sorry,?\s+(?:not|i meant|it's|it should|that's not))\b/i;

/** Pointing at what was said before: "I said", "I never said", "like I asked", "I already told you". */
const I_SAID =
  /\b(?:i (?:said|told you|meant|already (?:said|told|asked))|i asked you (?:to|for)|i (?:never|didn't|did not) (?:say|said|ask|asked|tell|told|want|wanted)|like i (?:said|asked|told you|originally)|as i (?:said|asked))\b/i;

/** Naming what the agent did wrong: "you forgot", "you didn't", "you're not ...", "you keep ...". */
const YOU_DID =
  /(?<!\b(?:can|could|will|would|do|did|are|if|when|should|have|how|what|why|where)\s)\byou(?:'ve| have)? (?:forgot|forgotten|missed|ignored|broke|deleted|removed|overwrote|skipped|didn't|did not|haven't|have not|still|were supposed|should(?:n't| not)? have|misunderstood)\b|\byou keep (?:doing|making|adding|using|changing|breaking|forgetting|ignoring|repeating|getting|saying|giving|writing|putting|removing|deleting|asking|running|trying|creating)\b|\byou(?:'re| are) (?:not|still|stuck|looping|going in circles)\b/i;

/** Calling it wrong: "that's wrong", "you were using the wrong account", "not what I asked", "not correct". */
const WRONG =
  /\b(?:that's|that is|this is|it's|it is|you're|you are|you were|was|is)\b[^.?!\n]{0,30}\bwrong\b|\bnot (?:what i (?:asked|wanted|meant|said)|correct|right)\b|\bnot (?:\w+ ){0,3}the (?:correct|right)\b|\bне(?:правильно| то\b| так\b)|\bfalsch\b|\best faux\b|\bestá mal\b|不对|错了|違う/i;

/** Something the agent made does not work: "it doesn't show", "does not function", "still not working". */
const DOES_NOT_WORK =
  /\b(?:doesn't|does not|didn't|did not|isn't|is not|aren't|are not|wasn't|won't|can't|cannot|not|no longer)\s+(?:\w+\s+){0,2}?(?:work\w*|function\w*|load\w*|add\w*|show\w*|display\w*|render\w*|appear\w*|sav(?:e|es|ed|ing)\b|updat\w*|run\w*|start\w*|compil\w*|build\w*|connect\w*|open\w*|fetch\w*|pass\w*|remember\w*|respond\w*|seeing|come (?:out|through|up)|pick\w* up)|\bno \w+(?: \w+){0,3} (?:is|are|was|were) (?:load|show|display|appear|work)\w*|\bне работает\b|\bno funciona\b|\bfunktioniert nicht\b|\bne (?:marche|fonctionne) pas\b/i;

/** Something broke since the agent's change: "still failing", "now I'm getting an error", "same error again". */
const STILL_BROKEN =
  /\b(?:still|anymore|no longer|again)\b[^.?!\n]{0,40}\b(?:not|n't|broken|fail\w*|error\w*|crash\w*|same)\b|\b(?:not|n't|broken|fail\w*|error\w*|crash\w*)\b[^.?!\n]{0,40}\b(?:still|anymore|again)\b|\bnow (?:i'm |i am |we're |it's )?(?:getting|seeing|throws?|shows?|fails?)\b[^.?!\n]{0,30}\b(?:error|fail|exception|crash|warning)/i;

/** An error pasted back: exception names, stack frames, error codes, well-known failure lines. */
const ERROR_PASTE =
  /\b[A-Z]\w*(?:Error|Exception)\b(?::|\s+at\b)|\bTraceback \(most recent call last\)|\berror TS\d+|\b(?:ECONNRESET|ECONNREFUSED|ENOENT|EADDRINUSE|EACCES|ETIMEDOUT|EPERM)\b|\bis not (?:defined|iterable|a function)\b|\bcannot read propert|\bfailed to (?:compile|connect|fetch|start|load|resolve|build)\b|\bis not recognized as an internal or external command\b|\bcommand not found\b|\bFATAL\b|\bpanicked at\b|\bblocked by CORS policy\b|\bnpm ERR!|\bUnhandled (?:Runtime |promise )?(?:Error|rejection)\b|\bSegmentation fault\b/;

/** Output judged by a quality it should not have: "that was too long", "it's generating too much". */
const TOO_MUCH =
  /\b(?:it|that|this|they|these|those|it's|that's|was|is|are|were|generating|being)\s+(?:\w+\s+)?too (?:long|short|much|many|complicated|complex|wordy|verbose|generic|vague|big|small|slow)\b/i;

/** Saying what it should have been: "it's supposed to be ...", "should be X not Y". */
const SHOULD_HAVE_BEEN =
  /\b(?:supposed|suppose|meant) to (?:be|do|go|use|say)\b|\bshould(?:n't| not)? be\b[^.?!\n]{0,60}\bnot\b|\bshould(?:n't| not)? have (?:\w+ed|been|done|made|kept|left|written|run|read|said|gone|seen|taken|told|known|put)\b/i;

/**
 * A prohibition aimed at what the agent is doing: "don't touch X", "make sure you don't use Y",
 * "do not proceed". At a sentence start or after please/and/but/make sure, so "I don't know" is not one.
 * Only in a short reply: a long brief that lists prohibitions is specifying new work (see DONT_MAX).
 */
const DONT =
  /(?:^\s*|[.!?;:,\n\u2014-]\s*|\b(?:and|but|please|also|make sure|ensure|pls)\s+)(?:just\s+)?(?:you\s+)?(?:don't|do not|never)\s+(?!worry|know|think|mind|forget to thank)\w+/i;
const DONT_MAX = 300;

/** Why didn't / why isn't: a complaint that something expected did not happen. */
const WHY_NOT = /\bwhy (?:isn't|doesn't|don't|didn't|won't|can't|aren't|is it not|does it not|is there no|are there no)\b/i;

const RULES: [string, RegExp][] = [
  ['i-said', I_SAID],
  ['you-did', YOU_DID],
  ['wrong', WRONG],
  ['does-not-work', DOES_NOT_WORK],
  ['still-broken', STILL_BROKEN],
  ['error-paste', ERROR_PASTE],
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
  if (NO_OPENER.test(text) && !POLITE_NO.test(text)) return { rule: 'no', index: 0 };
  if (STOP_OPENER.test(text)) return { rule: 'stop', index: 0 };
  let best: Cue | null = null;
  for (const [rule, re] of RULES) {
    if (rule === 'dont' && text.length > DONT_MAX) continue;
    const m = re.exec(text);
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
