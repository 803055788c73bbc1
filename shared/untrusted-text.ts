/*
 * Text taken from session logs is data, wherever it goes. This module is the one place that makes
 * it so; every path that carries log-derived text uses it:
 *
 *  - asData / asDataLine: for text that goes into a digest, a request to Claude, a lesson or an
 *    export (CLAUDE.md, AGENTS.md, Cursor rules, a prompt). Terminal escape sequences, control
 *    characters and invisible characters (zero-width, bidi overrides, Unicode tags, variation
 *    selectors, fillers) are removed, and anything that could act as markup is neutralised: a `<`
 *    that would open a tag, a closing tag, an HTML comment or a processing instruction becomes
 *    `‹` (U+2039), and `-->` becomes `--›`. So no text from a log can close the digest's fence
 *    (`</digest>`), open a role tag (`<system>`), hide words from a reader (`<!-- -->`,
 *    `<details>`) or end Reverie's section in CLAUDE.md (`<!-- reverie:end -->`). The scrubber's
 *    own placeholders (`<EMAIL_1>`) are kept where asked. Both are idempotent.
 *  - showControls: for a person's terminal. Nothing is removed; control characters are shown as
 *    their visible pictures (ESC as ␛, U+241B) and invisible or direction-changing characters as
 *    ⟨U+202E⟩, so an OSC 52 clipboard write, a screen clear or a window title in a log is seen,
 *    never executed by the terminal.
 *  - injectionSignals: why a text looks like it addresses the model or hides something (for the
 *    review flag on lessons, see electron/engine/lesson/review.ts).
 *
 * No Node imports: usable by the renderer too.
 */

/* eslint-disable no-control-regex */

/**
 * CSI (colours, cursor moves, screen clears), OSC (window titles, clipboard writes, links) and
 * DCS/PM/APC strings with their terminators, and lone escapes. An unterminated string loses only
 * its escape: the rest stays as visible text instead of swallowing what follows.
 */
const ANSI =
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)|\u001b[P^_X][^\u001b\u009c]*(?:\u001b\\|\u009c)|\u009b[0-?]*[ -/]*[@-~]|\u009d[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)|\u001b[@-_]?/g;

/** C0 controls other than tab and line feed, DEL and C1 controls. */
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Characters that show nothing (or reorder what is shown) yet reach a model or a reader:
 * soft hyphen, combining grapheme joiner, Arabic letter mark, Hangul fillers, Mongolian vowel
 * separator, zero-width space/joiners, LRM/RLM, bidi embeddings, overrides and isolates, word
 * joiner and invisible operators, deprecated format characters, BOM, interlinear annotation
 * marks, musical formatting, variation selectors and Unicode tag characters (ASCII smuggling).
 */
// Code units, not a `u` regex: combining and variation characters stand alone here on purpose.
const INVISIBLE =
  // eslint-disable-next-line no-misleading-character-class
  /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb]|\ud834[\udd73-\udd7a]|\udb40[\udc00-\udc7f]|\udb40[\udd00-\uddef]/g;

/** Unicode line and paragraph separators: line breaks to a model, not to a regex `\n`. */
const SEPARATORS = /[\u2028\u2029\u0085]/g;

/**
 * A `<` (or a full-width or small look-alike) that opens markup: a tag (`<system>`, `</digest>`,
 * `<details>`), a comment (`<!--`), a declaration, a processing instruction or a chat-template
 * token (`<|im_start|>`), with or without spaces before the `/`, `!`, `?` or `|`.
 */
const TAG_OPEN = /[<\uff1c\ufe64](?=[A-Za-z]|\s*[/!?|])/g;
const COMMENT_CLOSE = /--[>\uff1e\ufe65]/g;

/** The scrubber's typed placeholders (`<EMAIL_1>`, `<PRIVATE_KEY_2>`): kept inside digests. */
const PLACEHOLDER = /^<[A-Z]+(?:_[A-Z]+)*_\d+>/;

/** What a neutralised `<` becomes: visible, and markup in no language a model or renderer reads. */
export const NEUTRAL_LT = '\u2039';
export const NEUTRAL_GT = '\u203a';

export interface DataOptions {
  /** Keep the scrubber's placeholders (`<EMAIL_1>`) as they are: digests and requests. Default false. */
  keepPlaceholders?: boolean;
}

/** Removes escape sequences, control characters (except tab and line feed) and invisible characters. */
export function removeInvisible(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(SEPARATORS, '\n')
    .replace(ANSI, '')
    .replace(CONTROLS, '')
    .replace(INVISIBLE, '');
}

/** Neutralises markup openers and comment closers (see the header); keeps placeholders when asked. */
export function neutraliseMarkup(text: string, options: DataOptions = {}): string {
  return text
    .replace(TAG_OPEN, (lt, offset: number, whole: string) =>
      options.keepPlaceholders && lt === '<' && PLACEHOLDER.test(whole.slice(offset)) ? lt : NEUTRAL_LT,
    )
    .replace(COMMENT_CLOSE, `--${NEUTRAL_GT}`);
}

/** Log-derived text made safe to place in a digest, a request, a lesson or an export. Idempotent. */
export function asData(text: string, options: DataOptions = {}): string {
  return neutraliseMarkup(removeInvisible(text), options);
}

/** asData on one line: every run of whitespace (line breaks included) becomes one space. */
export function asDataLine(text: string, options: DataOptions = {}): string {
  return asData(text, options).replace(/\s+/g, ' ').trim();
}

function codePoint(ch: string): string {
  return `\u27e8U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}\u27e9`;
}

/**
 * Text for a terminal: control characters shown as Unicode control pictures (ESC → ␛, BEL → ␇,
 * a lone CR → ␍, DEL → ␡), C1 controls, separators and invisible characters as ⟨U+XXXX⟩.
 * Tabs and line feeds stay; CRLF becomes LF. Nothing is dropped, so a person sees what is there.
 */
export function showControls(text: string): string {
  return text
    .replace(/\r\n/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (c) => (c === '\u007f' ? '\u2421' : String.fromCharCode(0x2400 + c.charCodeAt(0))))
    .replace(/[\u0080-\u009f]/g, codePoint)
    .replace(SEPARATORS, codePoint)
    .replace(INVISIBLE, codePoint);
}

export type InjectionSignal = 'markup' | 'role-tag' | 'instructions' | 'hidden-characters';

const SIGNALS: [InjectionSignal, RegExp][] = [
  // Markup, raw or already neutralised: a closing tag (`‹/digest>`), a comment (`‹!--`, `--›`), a
  // processing instruction, a chat-template token, or a tag that means something to a model or
  // hides text. Not every `<word`: `Promise<string>` and `Object.<anonymous>` are ordinary in logs.
  [
    'markup',
    /[<\u2039\uff1c\ufe64](?:\s*[/!?|]|(?:system|digest|lessons|details|summary|instructions?|script|style|iframe|img|a|user|assistant|human|im_start|im_end)(?![\w-]))|--[>\u203a]/i,
  ],
  // A speaker label as the old completion format and chat transcripts write them, or an [INST] tag.
  ['role-tag', /(?:^|\s)(?:Human|Assistant|System|User|Developer|HUMAN|ASSISTANT|SYSTEM|USER)\s*:|\[\/?INST\]/],
  [
    'instructions',
    /\b(?:ignore|disregard|forget|override|bypass)\b[^.!?\n]{0,40}\b(?:instructions?|prompts?|rules|guidelines|directions|context|messages?)\b|\b(?:new|updated|real) instructions\b|\byou are now\b|\bsystem prompt\b|\bdo not tell the (?:user|person)\b/i,
  ],
];

/** Why a text looks like it speaks to a model or hides something; empty when it does not. */
export function injectionSignals(text: string): InjectionSignal[] {
  const found: InjectionSignal[] = [];
  for (const [signal, re] of SIGNALS) if (re.test(text)) found.push(signal);
  if (removeInvisible(text) !== text.replace(/\r\n?/g, '\n')) found.push('hidden-characters');
  return found;
}
