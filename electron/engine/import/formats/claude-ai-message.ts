import { z } from 'zod';
import type { ParsedMessage, Role, ToolCall, ToolResult } from '../../../../shared/types.js';
import { clipOutput, jsonText, textOf } from '../validate.js';

/*
 * One claude.ai chat message, turned into normalised messages. An assistant turn can
 * run server-side tools (web search, artifacts, analysis) inside itself: its `content`
 * then interleaves text, `tool_use` and `tool_result` blocks. The turn is split at the
 * results so they land in their own role 'tool' message, in order.
 */

const Block = z.looseObject({ type: z.string() });
const FileRef = z.looseObject({
  file_name: z.string().nullable().optional(),
  file_kind: z.string().nullable().optional(),
});

export const ChatMessage = z.looseObject({
  uuid: z.string(),
  sender: z.enum(['human', 'assistant']),
  text: z.string().nullable().optional(),
  content: z.array(Block).nullable().optional(),
  created_at: z.string().nullable().optional(),
  parent_message_uuid: z.string().nullable().optional(),
  attachments: z.array(FileRef).nullable().optional(),
  files: z.array(FileRef).nullable().optional(),
  files_v2: z.array(FileRef).nullable().optional(),
});
export type ChatMessage = z.infer<typeof ChatMessage>;
type Block = z.infer<typeof Block>;

/** ISO 8601 in one spelling (`...Z`), so timestamps of all formats sort together. */
export function isoTime(t: string | null | undefined): string | undefined {
  if (!t) return undefined;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? t : new Date(ms).toISOString();
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** 2024 artifact-era replies embed the model's private planning in `<antThinking>` tags. */
function withoutAntThinking(text: string): string {
  return text.includes('<antThinking>') ? text.replace(/<antThinking>[\s\S]*?<\/antThinking>\n*/g, '') : text;
}

/** Markers for uploaded files: the export keeps their names (and extracted text), not the files. */
function fileMarkers(m: ChatMessage): string[] {
  const files = m.files?.length ? m.files : (m.files_v2 ?? []);
  const marks = files.map((f) => (f.file_kind === 'image' ? '[image]' : `[file: ${f.file_name ?? 'unnamed'}]`));
  for (const a of m.attachments ?? []) marks.push(`[attachment: ${a.file_name || 'unnamed'}]`);
  return marks;
}

/**
 * The official export drops tool ids: a call then gets `<message uuid>:<block index>` and a
 * result is paired with the oldest unanswered call of the same tool in the turn.
 */
function resultOf(block: Block, pending: ToolCall[]): ToolResult {
  const id = str(block.tool_use_id);
  const name = str(block.name);
  const i = pending.findIndex((c) => (id ? c.callId === id : !name || c.name === name));
  const call = i === -1 ? undefined : pending.splice(i, 1)[0];
  const text = textOf(block.content);
  return {
    callId: id ?? call?.callId,
    name: name ?? call?.name,
    output: clipOutput(text || (block.content == null ? '' : jsonText(block.content))),
    isError: block.is_error === true,
  };
}

interface Segment {
  role: Role;
  texts: string[];
  calls: ToolCall[];
  results: ToolResult[];
  timestamp?: string;
}

/** The message's segments in order; empty ones (a turn that produced nothing) are dropped. */
export function segmentsOf(m: ChatMessage): ParsedMessage[] {
  const role: Role = m.sender === 'human' ? 'user' : 'assistant';
  const created = isoTime(m.created_at);
  const segments: Segment[] = [];
  const current = (kind: 'prose' | 'tool', block?: Block): Segment => {
    const last = segments[segments.length - 1];
    const wanted: Role = kind === 'tool' ? 'tool' : role;
    if (last && last.role === wanted) return last;
    const next: Segment = { role: wanted, texts: [], calls: [], results: [] };
    // Later segments of a long tool-using turn have their own start times.
    const started = isoTime(str(block?.start_timestamp));
    next.timestamp = segments.length === 0 ? (created ?? started) : (started ?? created);
    segments.push(next);
    return next;
  };

  if (m.content?.length) {
    const pending: ToolCall[] = [];
    m.content.forEach((block, index) => {
      if (block.type === 'tool_result') current('tool', block).results.push(resultOf(block, pending));
      else if (block.type === 'tool_use') {
        const callId = str(block.id) ?? `${m.uuid}:${index}`;
        const call: ToolCall = { callId, name: str(block.name) ?? 'unknown', input: jsonText(block.input) };
        pending.push(call);
        current('prose', block).calls.push(call);
      } else if (block.type === 'image') current('prose', block).texts.push('[image]');
      else if (block.type !== 'thinking' && block.type !== 'redacted_thinking' && typeof block.text === 'string') {
        // `thinking` is hidden reasoning. Note the export's top-level `text` repeats it, so it is not used here.
        current('prose', block).texts.push(withoutAntThinking(block.text));
      }
    });
  } else if (m.text) {
    current('prose').texts.push(withoutAntThinking(m.text));
  }
  const marks = fileMarkers(m);
  if (marks.length) (segments.find((s) => s.role === role) ?? current('prose')).texts.push(...marks);

  const out: ParsedMessage[] = [];
  for (const s of segments) {
    const text = s.texts.filter((t) => t.trim()).join('\n');
    if (!text && s.calls.length === 0 && s.results.length === 0) continue;
    const message: ParsedMessage = { role: s.role, text };
    if (s.calls.length) message.toolCalls = s.calls;
    if (s.results.length) message.toolResults = s.results;
    if (s.timestamp) message.timestamp = s.timestamp;
    out.push(message);
  }
  return out;
}
