import { z } from 'zod';
import type { ParsedMessage, ParsedSession, Role, TokenUsage, ToolCall, ToolResult } from '../../../../shared/types.js';
import { readJsonLines } from '../read/lines.js';
import { ImportError, type FormatImporter, type Sniff } from '../types.js';
import { check, clipOutput, jsonText, textOf } from '../validate.js';

/*
 * Claude Code session transcripts: ~/.claude/projects/<project>/<session>.jsonl.
 * One JSON object per line: `user` / `assistant` / `system` entries linked by
 * uuid -> parentUuid, plus `summary` ({summary, leafUuid}) and `file-history-snapshot`
 * bookkeeping lines. One API response may span several `assistant` lines sharing
 * `message.id`; they are merged back into one message.
 */

const Block = z.looseObject({ type: z.string() });
const Entry = z.looseObject({
  type: z.string(),
  uuid: z.string().optional(),
  parentUuid: z.string().nullable().optional(),
  logicalParentUuid: z.string().nullable().optional(),
  sessionId: z.string().optional(),
  timestamp: z.string().optional(),
  cwd: z.string().optional(),
  gitBranch: z.string().optional(),
  isSidechain: z.boolean().optional(),
  isMeta: z.boolean().optional(),
  summary: z.string().optional(),
  leafUuid: z.string().optional(),
  content: z.unknown().optional(),
  toolUseResult: z.unknown().optional(),
  message: z
    .looseObject({
      id: z.string().optional(),
      role: z.string().optional(),
      model: z.string().optional(),
      content: z.union([z.string(), z.array(Block)]).optional(),
      usage: z.unknown().optional(),
    })
    .optional(),
});
type Entry = z.infer<typeof Entry>;

const count = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);

/** `message.usage` of an assistant line (Anthropic's fields), or undefined when absent. */
export function anthropicUsage(raw: unknown): TokenUsage | undefined {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const u = raw as Record<string, unknown>;
  if (typeof u.input_tokens !== 'number' && typeof u.output_tokens !== 'number') return undefined;
  return {
    input: count(u.input_tokens),
    output: count(u.output_tokens),
    cacheRead: count(u.cache_read_input_tokens),
    cacheWrite: count(u.cache_creation_input_tokens),
  };
}

/** Lines of one streamed response repeat its usage, growing: keep the largest of each count. */
function largerUsage(a: TokenUsage | undefined, b: TokenUsage | undefined): TokenUsage | undefined {
  if (!a || !b) return a ?? b;
  return {
    input: Math.max(a.input, b.input),
    output: Math.max(a.output, b.output),
    cacheRead: Math.max(a.cacheRead, b.cacheRead),
    cacheWrite: Math.max(a.cacheWrite, b.cacheWrite),
  };
}

/** A user/assistant/system line, normalised, before assistant lines are merged. */
interface Raw {
  uuid?: string;
  parent?: string;
  messageId?: string;
  message: ParsedMessage;
}

const INJECTED = /^(Caveat: The messages below were generated|<local-command-std(out|err)>|<system-reminder>|<user-prompt-submit-hook>)/;

/** A slash command line records what the person typed: show it as `/name args`. */
function slashCommand(text: string): string | null {
  const name = /<command-name>([^<]*)<\/command-name>/.exec(text)?.[1];
  if (!name) return null;
  const args = /<command-args>([\s\S]*?)<\/command-args>/.exec(text)?.[1] ?? '';
  return `${name.trim()} ${args.trim()}`.trim();
}

function userMessage(e: Entry, content: string | z.infer<typeof Block>[], names: Map<string, string>): ParsedMessage {
  const results: ToolResult[] = [];
  const texts: string[] = [];
  if (typeof content === 'string') {
    texts.push(content);
  } else {
    for (const block of content) {
      if (block.type === 'text' && typeof block.text === 'string') texts.push(block.text);
      else if (block.type === 'image') texts.push('[image]');
      else if (block.type === 'tool_result') {
        const callId = typeof block.tool_use_id === 'string' ? block.tool_use_id : undefined;
        results.push({
          callId,
          name: callId ? names.get(callId) : undefined,
          output: clipOutput(textOf(block.content)),
          isError: block.is_error === true,
        });
      }
    }
  }
  let text = texts.join('\n');
  let role: Role = 'user';
  const command = slashCommand(text);
  if (command !== null) text = command;
  else if (e.isMeta || INJECTED.test(text)) role = 'system';
  if (results.length > 0 && text.trim() === '') role = 'tool';
  const message: ParsedMessage = { role, text };
  if (results.length) message.toolResults = results;
  return message;
}

function assistantMessage(content: string | z.infer<typeof Block>[], names: Map<string, string>): ParsedMessage {
  if (typeof content === 'string') return { role: 'assistant', text: content };
  const texts: string[] = [];
  const calls: ToolCall[] = [];
  for (const block of content) {
    if (block.type === 'text' && typeof block.text === 'string') texts.push(block.text);
    else if (block.type === 'tool_use' || block.type === 'server_tool_use') {
      const name = typeof block.name === 'string' ? block.name : 'unknown';
      const callId = typeof block.id === 'string' ? block.id : undefined;
      if (callId) names.set(callId, name);
      calls.push({ callId, name, input: jsonText(block.input) });
    }
    // `thinking` blocks are the model's hidden reasoning: not part of the conversation.
  }
  const message: ParsedMessage = { role: 'assistant', text: texts.join('\n') };
  if (calls.length) message.toolCalls = calls;
  return message;
}

/** Marks the entries on the path from the newest leaf back to the root as the main thread. */
function mainThread(raws: Raw[], logicalParents: Map<string, string>): Set<string> {
  const byUuid = new Map<string, Raw>();
  for (const r of raws) if (r.uuid) byUuid.set(r.uuid, r);
  const main = new Set<string>();
  let leaf: Raw | undefined;
  for (let i = raws.length - 1; i >= 0 && !leaf; i--) if (!raws[i].message.sidechain && raws[i].uuid) leaf = raws[i];
  let cursor: string | undefined = leaf?.uuid;
  while (cursor && !main.has(cursor)) {
    main.add(cursor);
    const node = byUuid.get(cursor);
    // A compaction boundary starts a new chain whose logical parent is the old one.
    cursor = node?.parent ?? logicalParents.get(cursor);
  }
  return main;
}

/** Joins consecutive assistant lines of one API response (same message.id) into one message. */
function mergeResponses(raws: Raw[], main: Set<string>): ParsedMessage[] {
  const out: ParsedMessage[] = [];
  const alias = new Map<string, string>();
  let last: { raw: Raw; message: ParsedMessage } | null = null;
  for (const raw of raws) {
    const onMain = raw.message.sidechain || !raw.uuid || main.size === 0 || main.has(raw.uuid);
    if (
      last &&
      raw.messageId &&
      raw.messageId === last.raw.messageId &&
      raw.message.role === 'assistant' &&
      last.message.role === 'assistant'
    ) {
      const m = last.message;
      m.text = [m.text, raw.message.text].filter(Boolean).join('\n');
      if (raw.message.toolCalls) m.toolCalls = [...(m.toolCalls ?? []), ...raw.message.toolCalls];
      const usage = largerUsage(m.usage, raw.message.usage);
      if (usage) m.usage = usage;
      if (onMain) m.onMainThread = true;
      if (raw.uuid && m.externalId) alias.set(raw.uuid, m.externalId);
      continue;
    }
    const message: ParsedMessage = { ...raw.message, onMainThread: onMain };
    if (raw.uuid) message.externalId = raw.uuid;
    if (raw.parent) message.parentExternalId = alias.get(raw.parent) ?? raw.parent;
    out.push(message);
    last = { raw, message };
  }
  return out;
}

function mostCommon(counts: Map<string, number>): string | undefined {
  let best: string | undefined;
  let n = 0;
  for (const [k, c] of counts) if (c > n) [best, n] = [k, c];
  return best;
}

export const claudeCodeImporter: FormatImporter = {
  id: 'claude-code',

  detect(s: Sniff): number {
    const head = s.head.trimStart();
    if (!head.startsWith('{')) return 0;
    const firstLine = head.slice(0, head.indexOf('\n') === -1 ? undefined : head.indexOf('\n'));
    if (/^\{"type":"summary","summary":/.test(firstLine) && /"leafUuid"/.test(firstLine)) return 0.9;
    const entryLike = /"type"\s*:\s*"(user|assistant|summary|system|file-history-snapshot)"/.test(head);
    if (entryLike && /"parentUuid"\s*:/.test(head) && /"sessionId"\s*:/.test(head)) return 0.95;
    if (/"type"\s*:\s*"file-history-snapshot"/.test(firstLine)) return 0.9;
    return 0;
  },

  async *parse(input, signal) {
    const raws: Raw[] = [];
    const names = new Map<string, string>();
    const summaries = new Map<string, string>();
    const logicalParents = new Map<string, string>();
    const sessionIds = new Map<string, number>();
    let project: string | undefined;
    let gitBranch: string | undefined;
    let model: string | undefined;

    for await (const { line, value } of readJsonLines(input, signal)) {
      const e = check(Entry, value, `line ${line}`);
      if (e.type === 'summary') {
        if (e.summary && e.leafUuid) summaries.set(e.leafUuid, e.summary);
        continue;
      }
      if (e.type !== 'user' && e.type !== 'assistant' && e.type !== 'system') continue;
      if (e.sessionId) sessionIds.set(e.sessionId, (sessionIds.get(e.sessionId) ?? 0) + 1);
      project ??= e.cwd;
      if (!gitBranch && e.gitBranch) gitBranch = e.gitBranch;
      if (e.uuid && !e.parentUuid && e.logicalParentUuid) logicalParents.set(e.uuid, e.logicalParentUuid);

      let message: ParsedMessage;
      if (e.type === 'system') {
        message = { role: 'system', text: textOf(e.content ?? e.message?.content) };
      } else {
        const content = e.message?.content;
        if (content === undefined) throw new ImportError(`line ${line} field message.content: missing`);
        if (e.type === 'assistant') {
          message = assistantMessage(content, names);
          message.model = e.message?.model;
          const usage = anthropicUsage(e.message?.usage);
          if (usage) message.usage = usage;
          if (!model && message.model && message.model !== '<synthetic>') model = message.model;
        } else {
          message = userMessage(e, content, names);
          // A string toolUseResult starting with "Error:" marks a failure the block did not flag.
          if (typeof e.toolUseResult === 'string' && e.toolUseResult.startsWith('Error:') && message.toolResults) {
            for (const r of message.toolResults) r.isError = true;
          }
        }
      }
      if (e.timestamp) message.timestamp = e.timestamp;
      if (e.isSidechain) message.sidechain = true;
      raws.push({ uuid: e.uuid, parent: e.parentUuid ?? undefined, messageId: e.message?.id, message });
    }
    if (raws.length === 0) return;

    const messages = mergeResponses(raws, mainThread(raws, logicalParents));
    const leafTitle = [...raws].reverse().find((r) => r.uuid && summaries.has(r.uuid));
    // The first thing the person asked, preferring prose over a bare slash command like /clear.
    const prompts = messages.filter((m) => m.role === 'user' && !m.sidechain && m.text.trim());
    const firstPrompt = prompts.find((m) => !m.text.startsWith('/')) ?? prompts[0];
    const session: ParsedSession = {
      format: 'claude-code',
      externalId: mostCommon(sessionIds),
      title: leafTitle?.uuid ? summaries.get(leafTitle.uuid) : firstPrompt?.text.trim().split('\n')[0].slice(0, 120),
      project,
      gitBranch,
      model,
      messages,
    };
    yield session;
  },
};
