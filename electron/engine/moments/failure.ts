// Rules for tool results: which ones are failures, which are the person rejecting the call,
// and how a failure is written down so that the same mistake made twice reads alike.
import type { ToolCall, ToolResult } from '../../../shared/types.js';
import { keyInput } from './conversation.js';
import { causeLine } from './failure-cause.js';
import { clip, cleanOutput } from './text.js';

/**
 * A result that says the person turned the call down (Claude Code: "The user doesn't want to
 * proceed with this tool use", Codex: "patch rejected by user", Cline: "The user denied this
 * operation", Copilot: "The user cancelled the tool call"). That is a correction, not a failure.
 * Only the head of the output is read, so a file that merely contains such words does not count.
 */
const REJECTED =
  /\buser (?:doesn't|does not) want to proceed\b|\btool use was rejected\b|\buser (?:has )?(?:denied|rejected|declined|cancell?ed)\b|\b(?:rejected|declined|denied|cancell?ed) by (?:the )?user\b|\buser chose not to\b/i;

export function isRejection(result: ToolResult): boolean {
  return REJECTED.test(result.output.slice(0, 300));
}

/** Wrapper text that tools put around a command's own output; it says nothing about the error. */
const WRAPPERS: RegExp[] = [
  /^command failed with exit code \d+\.?\s*(?:output:)?/i,
  /^command executed successfully \(exit code 0\)\.?\s*(?:output:)?/i,
  /^failed in sandbox \S+ with execution error:\s*(?:sandbox denied exec error,?\s*)?/i,
  /^(?:exit code:? ?\d+,?\s*)?stdout:\s*,?\s*(?:stderr:\s*)?/i,
  /^error while calling tool:\s*/i,
  /^<\/?tool_use_error>/i,
  /^done\b\s*/i,
];

export function exitCode(output: string): number | null {
  const m = /\bexit(?:ed)?(?: with)? (?:code|status):? ?(-?\d+)/i.exec(output);
  return m ? Number(m[1]) : null;
}

/** Keys whose values say what happened, read first when an output is JSON (MCP tools, plugins). */
const TELLING_KEYS = /^(?:error|errors|message|detail|details|reason|content|text|result|output|stderr|title)$/i;

/**
 * A JSON output as lines of its string values, the telling ones (error, message, detail, content...)
 * first, so that `{"detail":"Something went wrong"}` reads as what it says. Other text is returned as is.
 */
function readableOutput(output: string): string {
  const trimmed = output.trim();
  if (!/^[[{]/.test(trimmed)) return output;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return output;
  }
  const telling: string[] = [];
  const other: string[] = [];
  const walk = (v: unknown, key: string, depth: number) => {
    if (depth > 6) return;
    if (typeof v === 'string') (TELLING_KEYS.test(key) ? telling : other).push(v);
    else if (Array.isArray(v)) for (const x of v) walk(x, key, depth + 1);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k, depth + 1);
  };
  walk(value, '', 0);
  return [...telling, ...other].join('\n') || output;
}

/** The output without wrappers, escapes and blank lines. */
function meaningfulLines(output: string): string[] {
  return cleanOutput(readableOutput(output).replace(/<\/?tool_use_error>/g, '\n'))
    .map((line) => {
      let l = line;
      for (let changed = true; changed; ) {
        changed = false;
        for (const w of WRAPPERS) {
          const next = l.replace(w, '').trim();
          if (next !== l) {
            l = next;
            changed = true;
          }
        }
      }
      return l;
    })
    .filter((l) => l.length > 0);
}

/**
 * Search tools exit 1 when nothing matched: grep, rg, findstr, ag, ack, git grep, Select-String
 * (also at the end of a pipe, whose status is the last command's). With no output, that is an
 * answer ("no match"), not a failure.
 */
const SEARCH = /(?:^|[|&;(]\s*|\s)(?:rg|grep|egrep|fgrep|findstr|ag|ack|git grep|select-string)\b/i;

function isEmptySearch(result: ToolResult, call: ToolCall | undefined): boolean {
  if (!call) return false;
  const code = exitCode(result.output);
  if (code !== null && code !== 1) return false;
  if (meaningfulLines(result.output).length > 0) return false;
  return SEARCH.test(keyInput(call, 400));
}

/**
 * Failure signs in the head of an output the log did not flag as an error. Only the first
 * lines are read: a file that was read successfully may well contain the word "error" further down.
 */
const HEAD_FAILURE: RegExp[] = [
  /^(?:error|fatal|failed|failure|exception|panic)\b[\s:!(]/i,
  /^[\w.]*(?:Error|Exception)\b:/,
  /\b(?:Internal Server Error|Bad Gateway|Service Unavailable|Gateway Time-?out)\b/,
  /\bTraceback \(most recent call last\)/,
  /\bcommand not found\b|is not recognized as an internal or external command|\bNo such file or directory\b|\bPermission denied\b|\bAccess denied\b/i,
  /\bexit(?:ed)?(?: with)? (?:code|status):? ?[1-9]\d*/i,
  /\bnpm ERR!|\berror TS\d+\b|\bERR_[A-Z_]+\b/,
  /\bsomething went wrong\b|\bplease try (?:again|another)\b|\bnot supported\b|\bnot support \w+ type\b|\bunsupported (?:link|file|url|type|format)\b/i,
  /\b(?:must|need to|please) (?:log|sign) in\b|\b(?:log|sign) in to continue\b|\b401 unauthori[sz]ed\b|\b403 forbidden\b/i,
  /\bFailed: [1-9]|\b[1-9]\d* (?:failed|failing)\b|\btests? failed\b/i,
  /\bnot (?:opened )?a valid\b/i,
];

/** Why a result counts as failed, or null. Rejections are never failures. */
export function failureOf(result: ToolResult, call: ToolCall | undefined): 'flagged' | 'signature' | null {
  if (isRejection(result)) return null;
  if (result.isError) return isEmptySearch(result, call) ? null : 'flagged';
  const head = meaningfulLines(result.output).slice(0, 3).join(' ').slice(0, 400);
  return HEAD_FAILURE.some((re) => re.test(head)) ? 'signature' : null;
}

const TYPED_ERROR = /^[\w.$]*(?:Error|Exception)\b:?/;
const SAYS_ERROR = /\berror\b|\bfail(?:ed|ure|s)?\b|\bfatal\b|\bexception\b|\bpanic/i;
const ERRORISH =
  /not found|no such|denied|cannot|can't|unable|invalid|refused|timed? ?out|rejected|missing|not recognized|not support|traceback|expected\b|assertion|unavailable|forbidden|unauthori|must (?:log|sign) in|try (?:again|another)/i;
/** Warnings printed on the way (npm's "npm warn", "WARNING:") are not the error. */
const WARNING = /^(?:npm warn|warn(?:ing)?\b)/i;

/**
 * The first meaningful error lines of an output: the line that names the cause by its tool's
 * convention first (pytest's `E` lines, `error[E0583]`, `error TS2307`, `npm ERR!`, `Caused by:`,
 * a typed exception, which Python prints last: failure-cause.ts), then lines that say
 * error/failed, then other lines that talk about the failure (not found, denied...), else the
 * first lines.
 */
export function errorSummary(output: string, max = 220): string {
  const lines = meaningfulLines(output).filter((l) => !WARNING.test(l));
  const cause = lines.length > 0 ? [causeLine(lines.join('\n'))] : [];
  const typed = lines.filter((l) => TYPED_ERROR.test(l) && !cause.includes(l));
  const says = lines.filter((l) => SAYS_ERROR.test(l) && !typed.includes(l) && !cause.includes(l));
  const errorish = lines.filter((l) => ERRORISH.test(l) && !typed.includes(l) && !says.includes(l) && !cause.includes(l));
  const chosen = [...cause, ...typed.slice(-1), ...says, ...errorish].slice(0, 2);
  const picked = chosen.length ? chosen : lines.slice(0, 2);
  let summary = picked.join(' | ');
  const code = exitCode(output);
  if (code !== null && code !== 0 && !/\bexit\b/i.test(summary)) summary = `exit ${code}: ${summary}`;
  return clip(summary || (code ? `exit ${code}` : 'failed with no output'), max);
}

/** The moment text of a failed call: `tool: key input → first error lines`. */
export function failureText(result: ToolResult, call: ToolCall | undefined): string {
  const name = call?.name ?? result.name ?? 'tool';
  const input = call ? keyInput(call, 110) : '';
  return clip(`${name}: ${input ? `${input} → ` : ''}${errorSummary(result.output)}`, 400);
}
