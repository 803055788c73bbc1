/*
 * Line rules for Aider's `.aider.chat.history.md`. Aider appends Markdown as it goes
 * (aider/io.py): `# aider chat started at <local time>` opens a session, every line of
 * the person's input is written as `#### <line>  `, every tool message (command output,
 * confirmations, warnings, errors) as `> <line>  `, and the model's reply as plain text.
 * The two trailing spaces are Aider's Markdown line break.
 */

export const HEADER = /^# aider chat started at (\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})/;
const USER = /^####(?: |$)/;
const TOOL = /^>(?: |$)/;

export type LineKind = 'user' | 'tool' | 'text';

/**
 * Classifies a line. In `strict` files (Aider's trailing double space is present, as
 * it is on every line Aider writes itself) a `#### ` or `> ` line without it is the
 * model's Markdown (a heading, a quote), not input or tool output. Inside a fenced code
 * block of the reply such a line is code, unless a blank line precedes it: Aider always
 * leaves one after a reply, so a reply cut off inside a fence still ends there. Files
 * whose trailing spaces were stripped by an editor fall back to the prefix alone,
 * outside fences.
 */
export function classify(line: string, strict: boolean, inFence: boolean, afterBlank: boolean): LineKind {
  const user = USER.test(line);
  const tool = !user && TOOL.test(line);
  if (!user && !tool) return 'text';
  if (strict ? !line.endsWith('  ') || (inFence && !afterBlank) : inFence) return 'text';
  return user ? 'user' : 'tool';
}

/** True when a line would be user/tool by prefix alone: used to learn whether the file is strict. */
export function hasPrefix(line: string): boolean {
  return USER.test(line) || TOOL.test(line);
}

export function stripPrefix(line: string): string {
  return line.replace(/^(####|>) ?/, '').trimEnd();
}

/** Aider wraps reasoning in `<thinking-content-<hash>>` tags; `<think>` comes from some models. */
export const THINK_OPEN = /^\s*<(thinking-content-[0-9a-f]+|think|thinking)>\s*$/;
export const THINK_CLOSE = /^\s*<\/(thinking-content-[0-9a-f]+|think|thinking)>\s*$/;

/** Code fence tracker for the model's reply: ``` or ~~~ runs, closed by a run at least as long. */
export class Fence {
  private open: string | null = null;
  get inside(): boolean {
    return this.open !== null;
  }
  feed(line: string): void {
    const m = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (!m) return;
    if (this.open === null) this.open = m[1];
    else if (m[1][0] === this.open[0] && m[1].length >= this.open.length && line.trim() === m[1]) this.open = null;
  }
  reset(): void {
    this.open = null;
  }
}

/*
 * Aider writes errors like any other tool message, so a tool block counts as an error
 * when one of its lines reads as a failure: an exception name (`litellm.AuthenticationError:`,
 * `ValueError`), a Python traceback, the words error / failed / failure / fatal standing
 * alone (not inside a file name like `error_utils.py`), or a non-zero exit code. Commit
 * lines are skipped: their text is a commit message ("fix error handling").
 */
const ERROR_LINE = [
  /\b[A-Za-z_.]*(Error|Exception)\b/,
  /^Traceback \(most recent call last\)/,
  /(^|[\s:(])(error|errors|failed|failure|fatal)(?=$|[\s:,;)!]|\.(\s|$))/i,
  /\bexit (code|status):? ?[1-9]/i,
];
const NOT_ERROR = /^(Commit [0-9a-f]{7,}\b|Applied edit to |Added .* to the chat|Tokens: )|\b(no|0|zero) (errors?|failures?)\b/i;

export function looksLikeError(lines: string[]): boolean {
  return lines.some((l) => !NOT_ERROR.test(l) && ERROR_LINE.some((re) => re.test(l)));
}

/** `Model: <name> with diff edit format` (`Main model:` in newer versions). */
export function modelOf(line: string): string | undefined {
  return /^(?:Main model|Model): (\S+)/.exec(line)?.[1];
}
