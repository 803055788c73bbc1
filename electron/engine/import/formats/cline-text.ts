import type { ParsedSession } from '../../../../shared/types.js';

/*
 * Reading the text Cline and Roo Code put in their Anthropic-style messages. Before native
 * tool calling, the model called tools with XML tags in its text (<read_file><path>x</path>
 * </read_file>) and results came back as user text headed "[read_file for 'x'] Result:".
 * Everything the person typed is wrapped by the extension (<task>, <feedback>, <answer>,
 * <user_message>); the rest of a user message is the extension talking to the model.
 */

/** Tool tags of Cline and Roo Code; only these are read as calls, so prose tags stay text. */
const TOOLS = [
  'execute_command', 'read_file', 'write_to_file', 'replace_in_file', 'search_files', 'list_files',
  'list_code_definition_names', 'browser_action', 'use_mcp_tool', 'access_mcp_resource',
  'ask_followup_question', 'attempt_completion', 'plan_mode_respond', 'act_mode_respond', 'new_task',
  'load_mcp_documentation', 'web_fetch', 'condense', 'summarize_task', 'report_bug', 'new_rule',
  'apply_diff', 'insert_content', 'search_and_replace', 'switch_mode', 'fetch_instructions',
  'codebase_search', 'update_todo_list', 'run_slash_command', 'generate_image', 'use_subagents',
];
const TOOL_TAG = new RegExp(`<(${TOOLS.join('|')})>`, 'g');
/** Parameters whose value is file content and may itself contain tags. */
const RAW_PARAMS = new Set(['content', 'diff']);

/** Tools whose input is what the person reads: their text belongs in the message text too. */
export const SPEECH: Record<string, string> = {
  attempt_completion: 'result',
  plan_mode_respond: 'response',
  act_mode_respond: 'response',
  ask_followup_question: 'question',
};

export interface XmlCall {
  name: string;
  params: Record<string, string>;
}

function parseParams(body: string): Record<string, string> {
  const params: Record<string, string> = {};
  const open = /<([a-z_][a-z0-9_]*)>/g;
  let m: RegExpExecArray | null;
  while ((m = open.exec(body))) {
    const name = m[1];
    const closeTag = `</${name}>`;
    const close = RAW_PARAMS.has(name) ? body.lastIndexOf(closeTag) : body.indexOf(closeTag, open.lastIndex);
    if (close < open.lastIndex) continue;
    const value = body.slice(open.lastIndex, close);
    params[name] = RAW_PARAMS.has(name) ? value.replace(/^\r?\n/, '').replace(/\r?\n$/, '') : value.trim();
    open.lastIndex = close + closeTag.length;
  }
  return params;
}

/** Removes <thinking> blocks (the model's reasoning, hidden by the extension), closed or not. */
export function stripThinking(text: string): string {
  return text.replace(/<thinking>[\s\S]*?(<\/thinking>|$)/g, '');
}

/** Splits assistant text into prose and XML tool calls. An unclosed call (cut-off reply) stays prose. */
export function extractXmlCalls(text: string): { text: string; calls: XmlCall[] } {
  const source = stripThinking(text);
  const calls: XmlCall[] = [];
  let prose = '';
  let pos = 0;
  TOOL_TAG.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOOL_TAG.exec(source))) {
    const name = m[1];
    const close = source.indexOf(`</${name}>`, TOOL_TAG.lastIndex);
    if (close === -1) break;
    prose += source.slice(pos, m.index);
    calls.push({ name, params: parseParams(source.slice(TOOL_TAG.lastIndex, close)) });
    pos = close + name.length + 3;
    TOOL_TAG.lastIndex = pos;
  }
  prose += source.slice(pos);
  return { text: prose.trim(), calls };
}

/** One piece of a user-role message, classified. */
export type Segment =
  | { kind: 'user' | 'system'; text: string }
  | { kind: 'result'; name?: string; callId?: string; output: string; isError: boolean };

const RESULT_HEAD = /^\[([A-Za-z_][\w-]*)(?: for [\s\S]*?)?\] Result:/;
const WRAPPED = /<(task|feedback|answer|user_message)>([\s\S]*?)<\/\1>/g;
/** Outputs that say the call did not succeed (rejected by the person, or failed). */
const FAILED =
  /^(The user denied this operation|The tool execution failed|\[ERROR\]|Error executing|Command failed with exit code [1-9]|<error>)/;

/** The extension's own notices to the model, never part of a tool's output. */
const NOTICE =
  /^(#|\[|\(The user did not provide|The user has provided feedback|The user provided the following feedback|New instructions for task continuation|New message to respond to|Files attached by the user)/;

function wrappedTexts(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(WRAPPED)) if (m[2].trim()) out.push(m[2].trim());
  return out;
}

/**
 * Classifies one text block of a user message, appending to `out`. Tool results keep their
 * full text (with any <feedback> inside), and the person's words inside them are also emitted
 * as user text. A block that is none of these and follows a result continues that result's
 * output (Cline sends a command's output as a second block); anything else is the
 * extension's own text. Unwrapped text opening the first message is the task of a log that
 * predates the tags.
 */
export function classifyBlock(out: Segment[], raw: string, firstMessage: boolean): void {
  const text = raw.trim();
  if (!text) return;
  const head = RESULT_HEAD.exec(text);
  if (head) {
    const output = text.slice(head[0].length).trim();
    out.push({ kind: 'result', name: head[1], output, isError: FAILED.test(output) });
    for (const said of wrappedTexts(output)) out.push({ kind: 'user', text: said });
    return;
  }
  if (text.startsWith('<environment_details>')) {
    out.push({ kind: 'system', text });
    return;
  }
  const said = wrappedTexts(text);
  if (said.length) {
    for (const s of said) out.push({ kind: 'user', text: s });
    // What surrounds the wrapped words ("New instructions for task continuation:") is the extension's.
    const rest = text.replace(WRAPPED, '').trim();
    if (rest) out.push({ kind: 'system', text: rest });
    return;
  }
  const last = out[out.length - 1];
  if (last?.kind === 'result' && !NOTICE.test(text)) {
    last.output = last.output ? `${last.output}\n\n${text}` : text;
    if (FAILED.test(text)) last.isError = true;
    return;
  }
  out.push({ kind: firstMessage && out.length === 0 ? 'user' : 'system', text });
}

/** Whether a tool's output says it failed or was refused. */
export function failed(output: string): boolean {
  return FAILED.test(output.trim());
}

/** The working directory Cline reports in its environment details. */
export function cwdOf(text: string): string | undefined {
  return /# Current Working Directory \(([^)\n]+)\) Files/.exec(text)?.[1];
}

export function isoFromMillis(ts: number | undefined): string | undefined {
  if (ts === undefined || !Number.isFinite(ts)) return undefined;
  const d = new Date(ts < 1e11 ? ts * 1000 : ts);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

function titleOf(text: string | undefined): string | undefined {
  const line = text?.trim().split('\n')[0]?.trim();
  return line ? line.slice(0, 120) : undefined;
}

/**
 * The session of one Cline task, from either of its files (null: nothing said). Both name it
 * after the task's first timestamp, so the API history and the UI messages of one task carry the
 * same id; the title is the first line the person wrote.
 */
export function taskSession(
  format: 'cline' | 'cline-ui',
  firstTs: number | undefined,
  task: Pick<ParsedSession, 'messages' | 'project' | 'model'>,
): ParsedSession | null {
  if (task.messages.length === 0) return null;
  return {
    format,
    externalId: firstTs !== undefined ? `cline-${firstTs}` : undefined,
    title: titleOf(task.messages.find((m) => m.role === 'user' && m.text.trim())?.text),
    project: task.project,
    model: task.model,
    messages: task.messages,
  };
}
