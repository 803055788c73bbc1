import { z } from 'zod';
import type { ParsedSession, TokenUsage } from '../../../../shared/types.js';
import { readJsonLines } from '../read/lines.js';
import { throwIfAborted } from '../../base/cancel.js';
import { ImportError, type FormatImporter, type Sniff } from '../types.js';
import { check, jsonText } from '../validate.js';
import { CodexBuilder, INTERRUPTED } from './codex-builder.js';

/*
 * OpenAI Codex CLI / IDE rollouts: ~/.codex/sessions/YYYY/MM/DD/rollout-*.jsonl, one session
 * per file. Current layout: one `{timestamp, type, payload}` per line with type session_meta,
 * turn_context, response_item (the model's conversation items), event_msg (UI events) or
 * compacted. Legacy layout (to ~Sept 2025): a first line `{id, timestamp, instructions, git}`,
 * then bare response items mixed with `{"record_type":"state"}` lines, no per-line timestamps.
 *
 * Mapping: reasoning items are hidden thinking and skipped; function/custom/local-shell calls
 * become toolCalls on an assistant message, their outputs role 'tool' messages;
 * `turn_aborted` (reason "interrupted") becomes a user message "[Request interrupted by user]",
 * Claude Code's wording, so later steps see interruptions the same way in both tools.
 * session_meta.instructions is not repeated as a message: the same text arrives as a
 * `<user_instructions>` item.
 */

const Content = z.array(z.looseObject({ type: z.string(), text: z.string().optional() }));
const Message = z.looseObject({ type: z.literal('message'), role: z.string(), content: Content });
const FunctionCall = z.looseObject({
  name: z.string(),
  arguments: z.unknown().optional(),
  call_id: z.string().nullable().optional(),
});
const CustomCall = z.looseObject({ name: z.string(), input: z.unknown().optional(), call_id: z.string().nullable().optional() });
const CallOutput = z.looseObject({ call_id: z.string().nullable().optional(), output: z.unknown() });
const ShellCall = z.looseObject({ call_id: z.string().nullable().optional(), id: z.string().nullable().optional(), action: z.unknown() });
const Event = z.looseObject({
  type: z.string(),
  message: z.string().nullable().optional(),
  reason: z.string().nullable().optional(),
  kind: z.string().nullable().optional(),
  images: z.array(z.unknown()).nullable().optional(),
});
const Meta = z.looseObject({
  id: z.string().optional(),
  timestamp: z.string().optional(),
  cwd: z.string().optional(),
  git: z.looseObject({ branch: z.string().nullable().optional() }).nullable().optional(),
});
const TurnContext = z.looseObject({ model: z.string().optional(), cwd: z.string().optional() });
const Compacted = z.looseObject({ message: z.string() });
const Line = z.looseObject({ timestamp: z.string().optional(), type: z.string(), payload: z.unknown() });

/** Each payload schema, also wrapped in `{payload}` so errors name the field as `payload.x`. */
function both<S extends z.ZodType>(schema: S) {
  return { bare: schema, wrapped: z.looseObject({ payload: schema }) };
}
const S = {
  message: both(Message),
  functionCall: both(FunctionCall),
  customCall: both(CustomCall),
  callOutput: both(CallOutput),
  shellCall: both(ShellCall),
  event: both(Event),
  meta: both(Meta),
  turnContext: both(TurnContext),
  compacted: both(Compacted),
};

interface SessionInfo {
  id?: string;
  startedAt?: string;
  project?: string;
  gitBranch?: string;
  model?: string;
}

const ID = (v: string | null | undefined): string | undefined => v ?? undefined;

/** Handles one conversation item (wrapped payload or legacy bare line). False when not an item type. */
function item(
  b: CodexBuilder,
  type: string,
  value: unknown,
  where: string,
  wrapped: boolean,
  ts: string | undefined,
): boolean {
  const get = <T extends z.ZodType>(s: { bare: T; wrapped: z.ZodType }): z.infer<T> =>
    wrapped ? (check(s.wrapped, value, where) as { payload: z.infer<T> }).payload : check(s.bare, value, where);
  switch (type) {
    case 'message': {
      const m = get(S.message);
      b.message(m.role, m.content, ts);
      return true;
    }
    case 'function_call': {
      const c = get(S.functionCall);
      b.call({ callId: ID(c.call_id), name: c.name, input: jsonText(c.arguments) }, ts);
      return true;
    }
    case 'custom_tool_call': {
      const c = get(S.customCall);
      b.call({ callId: ID(c.call_id), name: c.name, input: jsonText(c.input) }, ts);
      return true;
    }
    case 'local_shell_call': {
      const c = get(S.shellCall);
      b.call({ callId: ID(c.call_id) ?? ID(c.id), name: 'local_shell', input: jsonText(c.action) }, ts);
      return true;
    }
    case 'web_search_call': {
      const c = get(S.shellCall);
      b.call({ name: 'web_search', input: jsonText(c.action) }, ts);
      return true;
    }
    case 'function_call_output':
    case 'custom_tool_call_output': {
      const o = get(S.callOutput);
      b.result(ID(o.call_id), o.output, ts);
      return true;
    }
    case 'reasoning':
      return true; // hidden thinking
    default:
      return false;
  }
}

const count = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);

/**
 * A token_count event's last_token_usage: one model call. OpenAI counts cached input inside
 * input_tokens and reasoning inside output_tokens; cached input moves to cacheRead here.
 */
export function codexUsage(info: unknown): TokenUsage | undefined {
  const last = info && typeof info === 'object' ? (info as { last_token_usage?: unknown }).last_token_usage : undefined;
  if (!last || typeof last !== 'object') return undefined;
  const u = last as Record<string, unknown>;
  const cached = count(u.cached_input_tokens);
  return { input: Math.max(0, count(u.input_tokens) - cached), output: count(u.output_tokens), cacheRead: cached, cacheWrite: 0 };
}

function event(b: CodexBuilder, value: unknown, where: string, ts: string | undefined): void {
  const e = (check(S.event.wrapped, value, where) as { payload: z.infer<typeof Event> }).payload;
  switch (e.type) {
    case 'token_count': {
      const usage = codexUsage(e.info);
      if (usage) b.usage(usage);
      break;
    }
    case 'user_message':
      if (e.message) b.event('user', e.message, ts, { injected: !!e.kind && e.kind !== 'plain', images: e.images?.length });
      break;
    case 'agent_message':
      if (e.message) b.event('assistant', e.message, ts);
      break;
    case 'turn_aborted':
      if (!e.reason || e.reason === 'interrupted') b.note('user', INTERRUPTED, ts);
      else b.note('system', `[turn aborted: ${e.reason}]`, ts);
      break;
    case 'error':
      if (e.message) b.note('system', `[error] ${e.message}`, ts);
      break;
    // agent_reasoning, exec/patch progress...: UI bookkeeping, not conversation.
  }
}

function cwdOf(text: string): string | undefined {
  return /<cwd>([^<]+)<\/cwd>/.exec(text)?.[1]?.trim();
}

export const codexImporter: FormatImporter = {
  id: 'codex',

  detect(s: Sniff): number {
    const head = s.head.trimStart();
    if (!head.startsWith('{')) return 0;
    if (/^\{\s*"timestamp"\s*:\s*"[^"]*"\s*,\s*"type"\s*:\s*"session_meta"\s*,\s*"payload"\s*:\s*\{/.test(head)) return 0.95;
    const wrapped = /"type"\s*:\s*"(session_meta|response_item|event_msg|turn_context)"\s*,\s*"payload"\s*:\s*\{/;
    if (wrapped.test(head)) return 0.9;
    // Legacy: the first line is the session header; state lines and bare items follow.
    if (/^\{\s*"id"\s*:\s*"[0-9a-f-]{36}"\s*,\s*"timestamp"\s*:\s*"[^"]*"\s*,\s*"(instructions|git)"\s*:/.test(head)) return 0.9;
    if (/^\{"record_type":"state"/m.test(head) && /"type"\s*:\s*"(message|function_call|reasoning)"/.test(head)) return 0.85;
    return 0;
  },

  async *parse(input, signal) {
    const b = new CodexBuilder();
    const info: SessionInfo = {};
    let first = true;

    for await (const { line, value } of readJsonLines(input, signal)) {
      throwIfAborted(signal);
      const where = `line ${line}`;
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new ImportError(`${where}: expected a JSON object`);
      }
      const obj = value as Record<string, unknown>;
      const isFirst = first;
      first = false;

      if ('payload' in obj) {
        const l = check(Line, value, where);
        const ts = l.timestamp;
        if (l.type === 'session_meta') {
          // A resumed or forked rollout repeats older meta lines: the first one names this file.
          if (info.id === undefined) {
            const m = (check(S.meta.wrapped, value, where) as { payload: z.infer<typeof Meta> }).payload;
            info.id = m.id;
            info.startedAt = m.timestamp ?? ts;
            info.project ??= m.cwd;
            info.gitBranch = m.git?.branch ?? undefined;
          }
        } else if (l.type === 'turn_context') {
          const t = (check(S.turnContext.wrapped, value, where) as { payload: z.infer<typeof TurnContext> }).payload;
          if (t.model) b.model = t.model;
          info.model ??= t.model;
          info.project ??= t.cwd;
        } else if (l.type === 'response_item') {
          const type = (l.payload as { type?: unknown } | null)?.type;
          if (typeof type !== 'string') throw new ImportError(`${where} field payload.type: expected a string`);
          item(b, type, value, where, true, ts);
        } else if (l.type === 'event_msg') {
          event(b, value, where, ts);
        } else if (l.type === 'compacted') {
          const c = (check(S.compacted.wrapped, value, where) as { payload: z.infer<typeof Compacted> }).payload;
          b.note('system', `[conversation compacted]\n${c.message}`, ts);
        }
        continue;
      }

      // Legacy layout.
      if ('record_type' in obj) continue;
      if (isFirst && !('type' in obj)) {
        const m = check(Meta, value, where);
        info.id = m.id;
        info.startedAt = m.timestamp;
        info.gitBranch = m.git?.branch ?? undefined;
        continue;
      }
      if (typeof obj.type !== 'string') throw new ImportError(`${where} field type: expected a string`);
      item(b, obj.type, value, where, false, undefined);
    }

    const messages = b.finish();
    if (messages.length === 0) return;
    const prompt = messages.find((m) => m.role === 'user' && m.text.trim() && m.text !== INTERRUPTED);
    const session: ParsedSession = {
      format: 'codex',
      externalId: info.id,
      title: prompt?.text.trim().split('\n')[0].slice(0, 120),
      // Legacy files only say where they ran inside the injected <environment_context>.
      project: info.project ?? messages.map((m) => (m.role === 'system' ? cwdOf(m.text) : undefined)).find(Boolean),
      gitBranch: info.gitBranch,
      model: info.model,
      startedAt: info.startedAt,
      messages,
    };
    yield session;
  },
};
