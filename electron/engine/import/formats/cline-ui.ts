import { z } from 'zod';
import type { ParsedMessage, Role, ToolResult } from '../../../../shared/types.js';
import { streamJsonArray } from '../read/json.js';
import { throwIfAborted } from '../../base/cancel.js';
import { type FormatImporter, type Sniff } from '../types.js';
import { check, clipOutput } from '../validate.js';
import { cwdOf, isoFromMillis, taskSession } from './cline-text.js';

/*
 * Cline / Roo Code <task id>/ui_messages.json: what the chat panel showed, as an array of
 * {ts, type: say|ask, say|ask: kind, text, images, partial, modelInfo}. It is a lossy view of
 * the task (the api_conversation_history.json beside it is the full one) but it is what a
 * person sees, and sometimes the only file kept. Mapping:
 *   user:       the first say "text"/"task" (the task), user_feedback (with [image] markers)
 *   assistant:  say text, completion_result, ask followup/plan_mode_respond (question or
 *               response), with tool/command/browser/MCP asks and says as toolCalls
 *   tool:       command_output, mcp_server_response, browser_action_result; error,
 *               diff_error and clineignore_error as failed results when a call is pending
 *   system:     api_req_failed, mistake_limit_reached, user_feedback_diff, and errors with
 *               no call to answer
 * Skipped: reasoning (hidden thinking), api_req_started/finished/retried, error_retry (each
 * retry; a final failure is also logged as api_req_failed), checkpoints, task_progress,
 * resume prompts and other panel bookkeeping.
 */

const Entry = z.looseObject({
  ts: z.number(),
  type: z.enum(['say', 'ask']),
  say: z.string().optional(),
  ask: z.string().optional(),
  text: z.string().nullable().optional(),
  images: z.array(z.unknown()).nullable().optional(),
  modelInfo: z.looseObject({ modelId: z.string().optional() }).nullable().optional(),
});
type Entry = z.infer<typeof Entry>;

const CALL_KINDS = new Set(['tool', 'command', 'browser_action_launch', 'browser_action', 'use_mcp_server', 'new_task', 'condense', 'report_bug', 'summarize_task']);
const RESULT_KINDS = new Set(['command_output', 'mcp_server_response', 'browser_action_result']);
const ERROR_KINDS = new Set(['error', 'diff_error', 'clineignore_error']);

function parseJson(text: string): Record<string, unknown> | undefined {
  if (!text.trimStart().startsWith('{')) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The tool name a call entry stands for. */
function callName(kind: string, text: string): string {
  const json = parseJson(text);
  if (kind === 'tool' && typeof json?.tool === 'string') return json.tool;
  if (kind === 'use_mcp_server' && json) {
    const parts = [json.serverName, json.toolName ?? json.uri].filter((p) => typeof p === 'string');
    if (parts.length) return `mcp:${parts.join('/')}`;
  }
  if (kind === 'command') return 'execute_command';
  if (kind === 'browser_action_launch') return 'browser_action';
  return kind;
}

/** What the panel shows for a question or plan response: their JSON holds the prose. */
function spokenText(text: string): string {
  const json = parseJson(text);
  const said = json?.question ?? json?.response;
  return typeof said === 'string' ? said : text;
}

class Builder {
  readonly messages: ParsedMessage[] = [];
  private open: ParsedMessage | null = null;
  /** The calls of the current assistant turn still waiting for a result. */
  private pending: { callId: string; name: string }[] = [];
  private calls = 0;

  private add(role: Role, text: string, e: Entry): ParsedMessage {
    const m: ParsedMessage = { role, text };
    const at = isoFromMillis(e.ts);
    if (at) m.timestamp = at;
    this.messages.push(m);
    this.open = role === 'assistant' ? m : null;
    return m;
  }

  /** Consecutive panel rows of the model join one assistant message. */
  private assistant(e: Entry): ParsedMessage {
    const m = this.open ?? this.add('assistant', '', e);
    const modelId = e.modelInfo?.modelId;
    if (modelId && !m.model) m.model = modelId;
    return m;
  }

  say(text: string, e: Entry): void {
    const m = this.assistant(e);
    m.text = m.text ? `${m.text}\n\n${text}` : text;
  }

  call(name: string, input: string, e: Entry): void {
    const callId = `ui-${++this.calls}`; // the panel keeps no call ids: local ones pair call and result
    (this.assistant(e).toolCalls ??= []).push({ callId, name, input });
    this.pending.push({ callId, name });
  }

  result(output: string, isError: boolean, e: Entry): void {
    const last = this.messages[this.messages.length - 1];
    const call = this.pending.shift();
    // Command output arrives in chunks: later chunks extend the result they continue.
    if (!call && last?.role === 'tool' && last.toolResults?.length && !isError) {
      const r = last.toolResults[last.toolResults.length - 1];
      r.output = clipOutput(`${r.output}\n${output}`);
      return;
    }
    const result: ToolResult = { output: clipOutput(output), isError };
    if (call) {
      result.callId = call.callId;
      result.name = call.name;
    }
    const target = last?.role === 'tool' ? last : this.add('tool', '', e);
    (target.toolResults ??= []).push(result);
    this.open = null;
  }

  person(text: string, e: Entry): void {
    this.pending = [];
    this.add('user', text, e);
  }

  notice(text: string, e: Entry): void {
    this.add('system', text, e);
  }

  hasPending(): boolean {
    return this.pending.length > 0;
  }
}

export const clineUiImporter: FormatImporter = {
  id: 'cline-ui',

  detect(s: Sniff): number {
    const head = s.head.trimStart();
    if (!/^\[\s*\{/.test(head)) return 0;
    const entry = /"type"\s*:\s*"(say|ask)"/.test(head) && /"(say|ask)"\s*:\s*"[a-z_]+"/.test(head);
    return entry && /"ts"\s*:\s*\d/.test(head) ? 0.95 : 0;
  },

  async *parse(input, signal) {
    const b = new Builder();
    let firstTs: number | undefined;
    let model: string | undefined;
    let project: string | undefined;
    let spoken = false;
    for await (const { index, value } of streamJsonArray(input, { signal })) {
      throwIfAborted(signal);
      const e = check(Entry, value, `$[${index}]`);
      firstTs ??= e.ts;
      const kind = (e.type === 'say' ? e.say : e.ask) ?? '';
      const text = e.text ?? '';
      const images = (e.images ?? []).map(() => '[image]');
      if (e.modelInfo?.modelId) model ??= e.modelInfo.modelId;

      if (kind === 'task' || (kind === 'text' && e.type === 'say' && !spoken)) {
        b.person([text, ...images].filter(Boolean).join('\n'), e);
      } else if (kind === 'user_feedback') {
        b.person([text, ...images].filter(Boolean).join('\n'), e);
      } else if (kind === 'text' || kind === 'completion_result') {
        if (text.trim()) b.say(text, e);
      } else if (kind === 'followup' || kind === 'plan_mode_respond') {
        if (text.trim()) b.say(spokenText(text), e);
      } else if (CALL_KINDS.has(kind)) {
        b.call(callName(kind, text), kind === 'command' ? JSON.stringify({ command: text }) : text, e);
      } else if (RESULT_KINDS.has(kind)) {
        b.result(text, false, e);
      } else if (ERROR_KINDS.has(kind)) {
        if (b.hasPending()) b.result(text, true, e);
        else b.notice(`[${kind}] ${text}`, e);
      } else if (kind === 'api_req_failed') {
        const message = parseJson(text)?.message;
        b.notice(`[API request failed] ${typeof message === 'string' ? message : text}`, e);
      } else if (kind === 'mistake_limit_reached' || kind === 'user_feedback_diff') {
        b.notice(`[${kind}] ${text}`.trim(), e);
      } else if (kind === 'api_req_started' && !project) {
        const request = parseJson(text)?.request;
        if (typeof request === 'string') project = cwdOf(request);
      }
      if (e.type === 'say' && kind !== 'checkpoint_created') spoken = true;
    }
    const messages = b.messages;
    const session = taskSession('cline-ui', firstTs, { messages, project, model });
    if (session) yield session;
  },
};
