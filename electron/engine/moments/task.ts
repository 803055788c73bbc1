// Rules for tasks: what the person asked for at the start of a session, and later when
// they clearly change subject.
import { words } from './text.js';

/** Words that make up a greeting, with letters repeated by enthusiasm collapsed ("hellooo" -> "helo"). */
const GREETING = new Set(
  [
    'hi', 'hey', 'hello', 'helo', 'heya', 'hiya', 'yo', 'sup', 'wassup', 'whassup', 'whats', "what's", 'what', 'is', 'up',
    'there', 'good', 'morning', 'afternoon', 'evening', 'bro', 'man', 'mate', 'dude', 'buddy', 'friend', 'again', 'howdy',
    'chatgpt', 'claude', 'gemini', 'codex', 'copilot', 'assistant', 'ai', 'привет', 'hola', 'hallo', 'bonjour', 'salut', 'ciao',
    'how', 'are', 'you', 'doing', 'u', 'r',
  ].map(collapse),
);

/** Replies that only acknowledge or approve: no new request in them. */
const ACK =
  /^(?:(?:ok(?:ay)?|k|yes|yeah|yep|yup|sure|fine|great|good|perfect|cool|nice|thanks?|thank you(?: (?:very|so) much)?|cheers(?: mate)?|continue|go on|go ahead|proceed|approved?|lgtm|done|y|n|no|sounds (?:good|great|perfect)|please|pls|do it|carry on|keep going)[\s,.!🙏👍]*)+$/iu;

function collapse(word: string): string {
  return word.replace(/(\p{L})\1+/gu, '$1');
}

/** A greeting and nothing else ("hey", "yo wassup", "What is up?", "hellooooo"). */
export function isGreeting(text: string): boolean {
  const ws = words(text);
  return ws.length > 0 && ws.length <= 6 && ws.every((w) => GREETING.has(collapse(w)));
}

/** A bare slash command (`/clear`, `/compact`) runs the tool; with arguments it is a request. */
function isBareCommand(text: string): boolean {
  return /^\/[\w:-]+$/.test(text.trim());
}

/** Whether a message says what the person wants (so it can open a session's task). */
export function isSubstantive(text: string): boolean {
  const t = text.trim();
  return t.length > 0 && !isGreeting(t) && !ACK.test(t) && !isBareCommand(t);
}

/**
 * Explicit turns to something new: "next task", "new task", "now let's ...", "now implement ...", "while we wait" at the
 * start of the message (after an optional greeting or thanks); "now your job is", "let's go back to",
 * "let's resume", "resume this chat" anywhere in it.
 */
const RESTART =
  /^(?:(?:hey|hi|hello|ok(?:ay)?|so|alright|right|great|thanks?|thank you)\b[\s,!.]*)*(?:(?:chatgpt|claude|gemini|codex|bro|man|mate)\b[\s,!.]*)?(?:next task|new task|next,|now,?\s+(?:let's|can you|could you|i (?:want|need|would like|'d like)|implement|create|build|write|add|set up)|another (?:thing|question|task)|(?:a )?different (?:topic|question|subject|task)|unrelated|switching (?:to|gears)|moving on|on another note|change of subject|while we wait|let's (?:move on|switch|change|start (?:on|with) (?:a |something )?new)|before we continue)\b|\bnow your (?:job|task) is\b|\blet's (?:go back to|resume|get back to|return to)\b|\b(?:resume|continue) (?:this|our) (?:chat|conversation)\b/i;

/** A fresh greeting that opens a new request mid-session ("Hey ChatGPT, can you ..."): a new sitting. */
const GREETING_OPENER = /^(?:hey|hi|hello|good (?:morning|afternoon|evening))\b[\s,!.]*(?:again\b[\s,!.]*)?(?:chatgpt|claude|gemini|there)?\b[\s,!.]+\S/i;

/** Asking for something: a request opener, a polite request anywhere, or a question. */
const REQUEST =
  /^(?:(?:ok(?:ay)?|great|thanks?|thank you(?: very much| so much)?|cool|nice|perfect|brilliant|excellent|awesome|amazing(?: work)?|fantastic|good)[\s,.!]+)*(?:(?:can|could|would|will) you|please|let's|i (?:want|need|would like|'d like)|help me|tell me|give me|show me|suggest|write|create|add|make|build|implement|generate|update|run|check|review|explain|list|find|set ?up|configure|remove|delete|rename|refactor|move|install|deploy|commit|push|read|summari[sz]e|translate|draft|design|prepare|note|record|rewrite|outline|think of|brainstorm|describe|compare|calculate|convert|analy[sz]e|audit|test|debug|investigate|look at|search|research|fetch|propose|plan|document|optimi[sz]e|speed up|clean up|what|why|how|where|when|who|which|is there|are there|do you|does)\b|\b(?:can|could|would|will) you\b|\bplease\b|\bi (?:want|need|would like|'d like) (?:you )?to\b|\bhelp me\b/i;

const STOP = new Set(
  (
    'the a an and or but if then so of to in on at by for with from as is are was were be been being it its this that ' +
    'these those there here i me my we our you your he she they them his her their what which who whom whose when where ' +
    'why how can could would will shall should may might must do does did done have has had having not no yes ok okay ' +
    'please thanks thank just also too very really some any all each every more most other such only own same than ' +
    "about into over after before again further once up down out off now let lets let's want need like get got make " +
    'use using one two new see know think sure well much many way thing things something anything it\'s i\'m don\'t ' +
    'can\'t you\'re that\'s what\'s hey hi hello chatgpt claude great good'
  ).split(/\s+/),
);

/** Content words, crudely stemmed, so "filters" and "filter" or "loading" and "load" meet. */
export function contentWords(text: string): Set<string> {
  const out = new Set<string>();
  for (const w of words(text)) {
    if (w.length < 3 || STOP.has(w) || /^\d+$/.test(w)) continue;
    out.add(w.replace(/(?:ing|ed|es|s|ly)$/u, ''));
  }
  return out;
}

/** Share of the message's content words not seen in `context` (1 = all new). */
export function novelty(text: string, context: string): number {
  const mine = contentWords(text);
  if (mine.size === 0) return 0;
  const seen = contentWords(context);
  let fresh = 0;
  for (const w of mine) if (!seen.has(w)) fresh++;
  return fresh / mine.size;
}

/**
 * How new a request must be to count as a change of subject: most of its content words
 * absent from the exchange just before (the person's previous message and the agent's reply).
 */
export const NOVELTY_THRESHOLD = 0.8;

/**
 * Thanks or praise that closes the previous answer ("Thank you. That was a great answer. Could you
 * help me with ...", "Thanks again. Are you familiar with ..."): when a request follows without
 * pointing back, the person has usually moved on, so a lower share of new words is enough
 * (0.7, chosen on half "a" of the labelled turns: 0.5 and 0.6 added more false tasks than found).
 */
const CLOSING_THANKS =
  /^(?:(?:ok(?:ay)?|great|brilliant|perfect|fantastic|amazing|awesome|excellent|lovely)[\s,.!]+)?(?:thank you|thanks|cheers)\b[^.?!\n]{0,40}[.!]+\s+(?:(?:that|this|it) (?:was|is|'s) [^.?!\n]{0,40}[.!]+\s+)?\S/i;
export const CLOSED_NOVELTY_THRESHOLD = 0.7;
const MIN_CONTENT_WORDS = 3;

/**
 * Words that point back at what the agent just produced ("write this again", "a few more", "the
 * same but shorter", "rewrite", "amend"): a request carrying one continues the subject, whatever its other words.
 */
const BACK_REFERENCE =
  /\b(?:this|these|those|them|above|again|more|another|instead|same|rewrite|amend|previous)\b|\b(?:make|do|write|say|try) (?:it|that)\b/i;

/** A pause this long before a request means a new sitting, which usually brings a new subject. */
export const NEW_SITTING_MS = 60 * 60 * 1000;

/**
 * Why a later message (already normalised) opens a new subject, or null. `gapMs` is the time since
 * the message before it, when the log has timestamps.
 */
export function subjectChange(text: string, recentExchange: string, gapMs: number | null = null): string | null {
  if (RESTART.test(text)) return 'restart';
  const size = contentWords(text).size;
  if (size === 0) return null;
  const request = REQUEST.test(text);
  const fresh = novelty(text, recentExchange);
  // A short request sharing no word with what was just said ("how do you make a cake").
  const backReference = BACK_REFERENCE.test(text);
  if (request && fresh === 1 && size < MIN_CONTENT_WORDS && !backReference) return 'new-words';
  if (size < MIN_CONTENT_WORDS) return null;
  if (GREETING_OPENER.test(text)) return 'greeting';
  if (request && gapMs !== null && gapMs >= NEW_SITTING_MS) return 'new-sitting';
  if (request && fresh >= NOVELTY_THRESHOLD && !backReference) return 'new-words';
  if (request && fresh >= CLOSED_NOVELTY_THRESHOLD && !backReference && CLOSING_THANKS.test(text)) return 'thanks-then-new';
  return null;
}
