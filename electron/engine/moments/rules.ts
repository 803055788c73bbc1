// The moment rules: pure functions from one stored session to short moments worth clustering.
//
// Who counts:
// - correction, task and preference come only from the person's own words: `user` messages on the
//   main thread. Injected text is `system`, sub-agent prompts are sidechain `user` messages written
//   by a parent agent, and branches off the main thread were edited away; none of them count.
// - failure comes from tool results anywhere in the session (sub-agents fail too).
//
// The rules (details and patterns in the module of each kind):
// - correction (correction.ts): a person message that answers an agent message and rejects, stops or
//   corrects it ("no, ...", "stop", "I said ...", "you forgot ...", "that's wrong", "it doesn't load",
//   "still failing", an error pasted back, "don't ...", the same request sent again); an interrupt
//   marker ("[Request interrupted by user]"); a tool result saying the person rejected or cancelled
//   the call (failure.ts, `isRejection`); a reproach as a question or an exclamation ("why did you reach
//   for X?", "what made you use X?", "X, again?!", "quit using X", "put it back", "your change is the
//   bug", "after your edit", "did you even run ...", "you touched X", "you made that up").
// - failure (failure.ts): a tool result flagged as an error by its log, except rejections and searches
//   that merely found nothing; or an unflagged result whose first lines carry a failure sign
//   (exception, non-zero exit, "command not found", server error, failing tests, login wall...).
//   Text: `tool: key input → first error lines`, terminal escapes removed; context: what was tried.
// - task (task.ts): the first message of the session that says what it is about (not a greeting, an
//   acknowledgement or a bare slash command); later, a message that clearly changes subject: an
//   explicit restart ("next task", "let's go back to", "now your job is"), a fresh greeting with a
//   request, a new brief spelled out at length ("Implement X in src/x.py: ..."), a request after a
//   pause of an hour or more that does not point back at the last answer ("it", "this", "more",
//   "number 4", "the book"), the person starting on something of their own ("I'm looking to ...")
//   in words mostly new to the session, or a request that does not point back and whose subject
//   words are mostly (70%) new to the whole session. "Continue" and corrections are never new
//   subjects, unless a correction also restarts explicitly.
// - preference (preference.ts): a standing instruction: "always/never ...", "from now on ...", "for
//   the rest of this session" (with a request in the sentence), "don't use X", "I don't want to use
//   X", "use X instead of Y", "keep it simple", "the book shouldn't be too long", "do not touch any
//   ...", "don't ... until I approve", "explain each ... before ..."; in the first person or about all
//   future work ("I'd rather have X than Y", "my preference is", "X is off limits", "I want brief answers",
//   "every change ... should ...", "tests first, always", "I never want ..."); German and Spanish
//   ("ab jetzt ... immer", "de ahora en adelante"). Quoted text is not read.
// One kind per moment: a message gives one of correction and preference, unless it holds two separate
// statements (the preference cue in another sentence than the correction cue). A correction that states
// a standing rule ("no, don't use npm, we use pnpm") is a correction whose text carries the rule; a bare
// prohibition that lays down a lasting rule ("never push to main without asking me first") a preference.
//
// Beside the rules, a classifier over the local embeddings (classifier.ts) may judge the person's turns:
// the rules decide the sure cases, and the classifier gives a correction or a preference only to a turn
// the rules gave neither. Each draft records which detector decided it.
import type { MomentKind, SessionDetail, StoredMessage, ToolCall } from '../../../shared/types.js';
import { correctionCue, type Cue } from './correction.js';
import {
  INTERRUPT,
  agentActionBefore,
  callsById,
  describeCall,
  isPersonMessage,
  isTypedByPerson,
  previousAgentMessage,
  previousPersonMessage,
} from './conversation.js';
import { failureOf, failureText, isRejection } from './failure.js';
import { preferenceCue } from './preference.js';
import { contentWords, isSubstantive, subjectChange } from './task.js';
import { MAX_CONTEXT, MAX_TEXT, clip, excerptAround, squash } from './text.js';
import { normalizeWording, sentences } from './wording.js';

/** Bump whenever a rule changes what it finds: stored sessions are then scanned again. */
export const RULES_VERSION = 4;

/** A moment before it is stored. */
export interface MomentDraft {
  messageId: number;
  kind: MomentKind;
  /** What is embedded and clustered: short, one line. */
  text: string;
  /** The agent action it reacts to, or what was tried. */
  context: string | null;
  at: string | null;
  /** Which detector decided it: the rules, or the classifier (classifier.ts). */
  detector: Detector;
}

export type Detector = 'rules' | 'classifier';

/** The classifier's verdict on person message `index` (already known to be typed by the person), or null. */
export type TurnJudge = (messages: StoredMessage[], index: number) => 'correction' | 'preference' | null;

export interface DraftOptions {
  judge?: TurnJudge;
  /**
   * 'combined' (the default when a judge is given): rules first, the judge for turns the rules gave
   * neither a correction nor a preference. 'classifier': corrections and preferences of typed turns
   * from the judge alone (measuring it); interrupts, rejections, failures and tasks stay with the rules.
   */
  mode?: 'combined' | 'classifier';
}

/** Moments of one session, in message order. */
export function extractDrafts(session: SessionDetail, options: DraftOptions = {}): MomentDraft[] {
  const { judge } = options;
  const mode = judge ? (options.mode ?? 'combined') : 'rules';
  const drafts: MomentDraft[] = [];
  const taken = new Set<string>();
  const calls = callsById(session);
  const messages = session.messages;
  let taskSeen = false;
  /** Content words said so far on the main thread, to judge whether a request's subject is new. */
  const seen = new Set<string>();

  const add = (m: StoredMessage, kind: MomentKind, text: string, context: string | null, detector: Detector = 'rules') => {
    const key = `${m.id}:${kind}`;
    if (!text.trim() || taken.has(key)) return;
    taken.add(key);
    drafts.push({ messageId: m.id, kind, text: clip(text, MAX_TEXT), context: context ? clip(context, MAX_CONTEXT) : null, at: m.timestamp, detector });
  };

  messages.forEach((m, i) => {
    if (m.toolResults.length) resultMoments(m, calls, messages, i, add);
    personMoments(m, i);
    for (const w of contentWords(conversationText(m))) seen.add(w);
  });
  return drafts;

  function personMoments(m: StoredMessage, i: number): void {
    if (!isPersonMessage(m)) return;
    const raw = m.text.trim();

    if (INTERRUPT.test(raw)) {
      const action = agentActionBefore(messages, i, MAX_CONTEXT);
      add(m, 'correction', action ? `Interrupted: ${clip(action, 200)}` : 'Interrupted the agent', action);
      return;
    }
    if (!isTypedByPerson(m)) return;

    const text = normalizeWording(raw);
    const excerpt = (cue: Cue) => excerptAround(raw, Math.round((cue.index * raw.length) / Math.max(1, text.length)));
    const context = agentActionBefore(messages, i, MAX_CONTEXT);

    const hasAgent = previousAgentMessage(messages, i) !== null;
    let correction: Cue | null = null;
    let preference: Cue | null = null;
    if (mode !== 'classifier') {
      if (hasAgent) {
        const previous = previousPersonMessage(messages, i);
        correction = correctionCue(text, previous ? normalizeWording(previous.text) : null);
      }
      preference = preferenceCue(text);
      // One kind unless two separate statements: a rule stated inside the correction is the correction's.
      // A bare prohibition that lays down an explicitly lasting rule ("never push to main without asking me")
      // is the preference, unless it names what the agent just did; "don't use npm here, it's pnpm" and any other correction cue (no, wrong, you broke, I said...) makes it the correction, and
      // a rule in a sentence of its own after it is a second statement ("Too long. Keep it simple.").
      if (correction && preference && sameSentence(text, correction.index, preference.index)) {
        if (correction.rule === 'dont' && LASTING_CUES.has(preference.rule) && !namesAgentAction(text, context)) correction = null;
        else preference = preferenceCue(blankSentenceAt(text, correction.index));
      }
    }
    let corrected = false;
    if (correction) {
      add(m, 'correction', excerpt(correction), context);
      corrected = true;
    }
    if (preference) add(m, 'preference', excerpt(preference), context);
    if (judge && !correction && !preference) {
      const kind = judge(messages, i);
      if (kind === 'correction' && hasAgent) {
        add(m, 'correction', excerptAround(raw, 0), context, 'classifier');
        corrected = true;
      } else if (kind === 'preference') add(m, 'preference', excerptAround(raw, 0), context, 'classifier');
    }

    if (!taskSeen) {
      if (isSubstantive(text)) {
        taskSeen = true;
        add(m, 'task', squash(raw), null);
      }
      return;
    }
    if (subjectChange(text, { seen, gapMs: gapBefore(messages, i), corrected })) add(m, 'task', squash(raw), context);
  }
}

/** Preference cues that say the rule lasts (not a tool choice, which may answer what the agent just did). */
const LASTING_CUES = new Set(['standing', 'standing-weak', 'always-never', 'gate', 'prohibit-any', 'before', 'first-person-rule', 'other-languages']);

/** Whether the person's words name something in the agent's last action (its words or calls). */
function namesAgentAction(text: string, action: string | null): boolean {
  if (!action) return false;
  const theirs = contentWords(action);
  return [...contentWords(text)].some((w) => theirs.has(w));
}

/** The text with the sentence holding offset `at` blanked out (offsets kept). */
function blankSentenceAt(text: string, at: number): string {
  const s = sentences(text).find((x) => at >= x.start && at < x.start + x.text.length + 1);
  return s ? text.slice(0, s.start) + ' '.repeat(s.text.length) + text.slice(s.start + s.text.length) : text;
}

/** Whether two offsets of a (normalised) message fall in the same sentence. */
function sameSentence(text: string, a: number, b: number): boolean {
  const at = (k: number) => sentences(text).findIndex((s) => k >= s.start && k < s.start + s.text.length + 1);
  return at(a) === at(b);
}

/** What a message adds to the conversation's subject: the agent's words and calls, the person's typed words. */
function conversationText(m: StoredMessage): string {
  if (m.sidechain || !m.onMainThread) return '';
  if (m.role === 'assistant') return [m.text, ...m.toolCalls.map((c) => describeCall(c, 200))].join(' ');
  return isTypedByPerson(m) ? m.text : '';
}

/** Failures and rejections among the tool results a message carries (at most one of each per message). */
function resultMoments(
  m: StoredMessage,
  calls: Map<string, { call: ToolCall; message: StoredMessage }>,
  messages: StoredMessage[],
  index: number,
  add: (m: StoredMessage, kind: MomentKind, text: string, context: string | null) => void,
): void {
  for (const result of m.toolResults) {
    const made = result.callId ? calls.get(result.callId) : undefined;
    const call = made?.call;
    const tried = made ? whatWasTried(made.message, made.call) : agentActionBefore(messages, index, MAX_CONTEXT);
    if (isRejection(result)) {
      add(m, 'correction', `Rejected ${call ? describeCall(call, 200) : 'a tool call'}`, tried);
    } else if (failureOf(result, call)) {
      add(m, 'failure', failureText(result, call), tried);
    }
  }
}

/** The agent's words around a call and the call itself, at more length than the moment text. */
function whatWasTried(message: StoredMessage, call: ToolCall): string {
  const words = squash(message.text);
  const said = words ? `${clip(words, 150)} | ` : '';
  return `${said}${describeCall(call, 300)}`;
}

/** Time since the nearest earlier timestamped message, or null when the log has no times. */
function gapBefore(messages: StoredMessage[], index: number): number | null {
  const at = messages[index].timestamp ? Date.parse(messages[index].timestamp!) : NaN;
  if (Number.isNaN(at)) return null;
  for (let i = index - 1; i >= 0; i--) {
    const t = messages[i].timestamp ? Date.parse(messages[i].timestamp!) : NaN;
    if (!Number.isNaN(t)) return at - t;
  }
  return null;
}
