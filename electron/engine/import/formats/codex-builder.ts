import type { ParsedMessage, Role, TokenUsage, ToolCall, ToolResult } from '../../../../shared/types.js';
import { clipOutput, jsonText, textOf } from '../validate.js';

/*
 * Turns Codex rollout items into normalised messages. Codex logs each user turn twice
 * (a `response_item` message and an `event_msg` user_message) and each final answer twice
 * (`agent_message` + assistant message); events are kept aside and only survive when no
 * response item carried the same text, so files that only hold events still import.
 */

/** Text Codex itself puts in a user-role message: context, not something the person typed. */
const INJECTED = /^\s*(<environment_context>|<user_instructions>|<INSTRUCTIONS>|# AGENTS\.md instructions)/;
/** The VS Code extension prefixes each prompt with editor state, then the request itself. */
const IDE_CONTEXT = /^\s*# Context from my IDE setup:/;
const IDE_REQUEST = '## My request for Codex:';

/** Plain-text tool outputs Codex writes when a call did not run or failed before running. */
const FAILURE =
  /^(error:|tool call error:|failed in sandbox|execution error:|exec command rejected|patch rejected|aborted\b|command timed out|unsupported call)/i;

/** What Claude Code writes when the person interrupts a turn; reused so both read alike. */
export const INTERRUPTED = '[Request interrupted by user]';

interface Group {
  messages: ParsedMessage[];
  /** Event-sourced groups are dropped at the end when a response item had the same text. */
  fromEvent: boolean;
  key?: string;
}

export interface ContentItem {
  type: string;
  text?: string;
}

/** Visible text of Codex content items; images become a marker. */
export function contentText(items: ContentItem[]): string {
  const parts: string[] = [];
  for (const item of items) {
    if (typeof item.text === 'string' && /^(input_text|output_text|text)$/.test(item.type)) parts.push(item.text);
    else if (item.type === 'input_image') parts.push('[image]');
  }
  return parts.join('\n');
}

/** Splits a user-role text into what the tool injected (system) and what the person typed (user). */
function splitUserText(text: string): { role: Role; text: string }[] {
  if (INJECTED.test(text)) return [{ role: 'system', text }];
  if (IDE_CONTEXT.test(text)) {
    const at = text.indexOf(IDE_REQUEST);
    if (at === -1) return [{ role: 'system', text }];
    const request = text.slice(at + IDE_REQUEST.length).trim();
    const parts: { role: Role; text: string }[] = [{ role: 'system', text: text.slice(0, at).trim() }];
    if (request) parts.push({ role: 'user', text: request });
    return parts;
  }
  return [{ role: 'user', text }];
}

/**
 * A tool output as stored by Codex: a JSON string `{output, metadata: {exit_code}}` for shell
 * calls, a JSON list of content blocks for MCP tools, or plain text ("error: ...", "Exit code: 1...").
 */
export function parseOutput(raw: unknown): { output: string; isError: boolean } {
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    // Some versions keep the payload structured: {content, success}.
    const o = raw as Record<string, unknown>;
    const content = o.content ?? o.output;
    return { output: typeof content === 'string' ? content : jsonText(content), isError: o.success === false };
  }
  const text = typeof raw === 'string' ? raw : jsonText(raw);
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      parsed = undefined;
    }
    if (Array.isArray(parsed)) return { output: textOf(parsed) || text, isError: false };
    if (parsed && typeof parsed === 'object') {
      const o = parsed as Record<string, unknown>;
      const meta = o.metadata as Record<string, unknown> | undefined;
      if (typeof o.output === 'string') {
        const code = meta?.exit_code;
        return { output: o.output, isError: typeof code === 'number' && code !== 0 };
      }
      if (Array.isArray(o.content)) {
        return { output: textOf(o.content), isError: o.isError === true || o.is_error === true };
      }
    }
  }
  const exit = /^Exit code: (\d+)/.exec(trimmed);
  if (exit) return { output: text, isError: exit[1] !== '0' };
  return { output: text, isError: FAILURE.test(trimmed) };
}

export class CodexBuilder {
  private readonly groups: Group[] = [];
  /** Texts of response-item messages by role, to recognise the duplicate events. */
  private readonly itemTexts = new Map<string, number>();
  private readonly names = new Map<string, string>();
  /** The assistant message further function calls join, until something else is said. */
  private callTarget: ParsedMessage | null = null;
  /** The tool message consecutive outputs join. */
  private resultTarget: ParsedMessage | null = null;
  /** The latest assistant message from a response item: a model call's token_count is its. */
  private lastAssistant: ParsedMessage | null = null;
  /** Usage reported before any assistant message, given to the next one. */
  private pendingUsage: TokenUsage | undefined;
  model?: string;

  private assistant(m: ParsedMessage): ParsedMessage {
    this.lastAssistant = m;
    if (this.pendingUsage) {
      m.usage = this.pendingUsage;
      this.pendingUsage = undefined;
    }
    return m;
  }

  /**
   * One model call's tokens (a token_count event's last_token_usage). Several calls before the
   * next assistant message (reasoning, then a call) add up on the message they led to.
   */
  usage(u: TokenUsage): void {
    const target = this.lastAssistant;
    const base = target ? target.usage : this.pendingUsage;
    const sum: TokenUsage = base
      ? { input: base.input + u.input, output: base.output + u.output, cacheRead: base.cacheRead + u.cacheRead, cacheWrite: base.cacheWrite + u.cacheWrite }
      : u;
    if (target) target.usage = sum;
    else this.pendingUsage = sum;
  }

  private push(messages: ParsedMessage[], fromEvent = false, key?: string): void {
    if (messages.length === 0) return;
    this.groups.push({ messages, fromEvent, key });
    if (!fromEvent) {
      this.callTarget = null;
      this.resultTarget = null;
    }
  }

  private stamp(m: ParsedMessage, timestamp?: string): ParsedMessage {
    if (timestamp) m.timestamp = timestamp;
    return m;
  }

  /** A `message` response item (role user, assistant, developer or system). */
  message(role: string, items: ContentItem[], timestamp?: string): void {
    const text = contentText(items);
    // Keyed on the typed text alone: the event copy of a prompt has no image marker.
    const typed = items.filter((i) => typeof i.text === 'string').map((i) => i.text);
    const key = `${role}:${typed.join('\n').trim()}`;
    this.itemTexts.set(key, (this.itemTexts.get(key) ?? 0) + 1);
    if (role === 'assistant') {
      const m = this.assistant(this.stamp({ role: 'assistant', text }, timestamp));
      if (this.model) m.model = this.model;
      this.push([m]);
      this.callTarget = m;
    } else if (role === 'user') {
      this.push(splitUserText(text).map((p) => this.stamp({ role: p.role, text: p.text }, timestamp)));
    } else {
      this.push([this.stamp({ role: 'system', text }, timestamp)]);
    }
  }

  /** A user_message / agent_message event: kept only if no response item said the same. */
  event(role: 'user' | 'assistant', text: string, timestamp?: string, opts: { injected?: boolean; images?: number } = {}): void {
    const key = `${role}:${text.trim()}`;
    const parts: { role: Role; text: string }[] =
      role === 'assistant' ? [{ role, text }] : opts.injected ? [{ role: 'system', text }] : splitUserText(text);
    const last = parts[parts.length - 1];
    if (opts.images) last.text += '\n[image]'.repeat(opts.images);
    const messages = parts.map((p) => {
      const m = this.stamp({ role: p.role, text: p.text }, timestamp);
      if (p.role === 'assistant' && this.model) m.model = this.model;
      return m;
    });
    this.push(messages, true, key);
  }

  /** A marker that is not a duplicate of anything (interruptions, errors, compaction summaries). */
  note(role: Role, text: string, timestamp?: string): void {
    this.push([this.stamp({ role, text }, timestamp)]);
  }

  call(call: ToolCall, timestamp?: string): void {
    if (call.callId) this.names.set(call.callId, call.name);
    if (!this.callTarget) {
      const m = this.assistant(this.stamp({ role: 'assistant', text: '' }, timestamp));
      if (this.model) m.model = this.model;
      this.push([m]);
      this.callTarget = m;
    }
    (this.callTarget.toolCalls ??= []).push(call);
    this.resultTarget = null;
  }

  result(callId: string | undefined, raw: unknown, timestamp?: string): void {
    const { output, isError } = parseOutput(raw);
    const result: ToolResult = { callId, output: clipOutput(output), isError };
    const name = callId ? this.names.get(callId) : undefined;
    if (name) result.name = name;
    if (!this.resultTarget) {
      const m = this.stamp({ role: 'tool', text: '' }, timestamp);
      this.push([m]);
      this.resultTarget = m;
    }
    (this.resultTarget.toolResults ??= []).push(result);
  }

  /** The messages in order, with event copies of response items removed. */
  finish(): ParsedMessage[] {
    const remaining = new Map(this.itemTexts);
    const out: ParsedMessage[] = [];
    for (const g of this.groups) {
      if (g.fromEvent && g.key) {
        const n = remaining.get(g.key) ?? 0;
        if (n > 0) {
          remaining.set(g.key, n - 1);
          continue;
        }
      }
      out.push(...g.messages);
    }
    return out;
  }
}
