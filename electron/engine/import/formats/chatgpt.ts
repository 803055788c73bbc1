import { z } from 'zod';
import type { ParsedMessage, ParsedSession } from '../../../../shared/types.js';
import type { FormatImporter, Sniff } from '../types.js';
import { readConversations } from './chatgpt-peek.js';
import { epochIso, isToolCall, Message, toParsed } from './chatgpt-message.js';
import { threadOrder } from './chatgpt-tree.js';

/*
 * ChatGPT's official data export: `conversations.json` in the export zip, a top-level
 * array of conversations (hundreds of MB for heavy users, so it is streamed). Each holds
 * a `mapping` tree of nodes {id, message, parent, children} and the `current_node` leaf
 * of the branch on screen. A single conversation object (as the web API returns it and
 * browser exporters save it) is read too.
 */

const Time = z.union([z.number(), z.string()]).nullable().optional();
const Node = z.looseObject({
  message: Message.nullable().optional(),
  parent: z.string().nullable().optional(),
  children: z.array(z.string()).nullable().optional(),
});
const Conversation = z.looseObject({
  title: z.string().nullable().optional(),
  create_time: Time,
  update_time: Time,
  mapping: z.record(z.string(), Node),
  current_node: z.string().nullable().optional(),
  conversation_id: z.string().nullable().optional(),
  id: z.string().nullable().optional(),
  default_model_slug: z.string().nullable().optional(),
});
type Conversation = z.infer<typeof Conversation>;

/** Epoch seconds (or an ISO string) as ISO 8601. */
function iso(t: number | string | null | undefined): string | undefined {
  if (typeof t === 'number') return epochIso(t);
  return t || undefined;
}

function mostCommon(values: (string | undefined)[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | undefined;
  let n = 0;
  for (const [v, c] of counts) if (c > n) [best, n] = [v, c];
  return best;
}

function toSession(c: Conversation): ParsedSession | null {
  const { order, main } = threadOrder(c.mapping, c.current_node);
  // Per node: the nearest ancestor-or-self that was emitted (skipped nodes are bridged
  // over in parent links), and the tool call its nearest assistant ancestor-or-self made.
  const anchor = new Map<string, string | undefined>();
  const openCall = new Map<string, string | undefined>();
  const messages: ParsedMessage[] = [];
  for (const id of order) {
    const node = c.mapping[id];
    const parent = node.parent ?? undefined;
    const m = node.message;
    const inheritedCall = parent ? openCall.get(parent) : undefined;
    openCall.set(id, m?.author.role === 'assistant' ? (isToolCall(m) ? id : undefined) : inheritedCall);
    const parsed = m ? toParsed(m, id, inheritedCall) : null;
    const parentAnchor = parent ? anchor.get(parent) : undefined;
    if (!parsed) {
      anchor.set(id, parentAnchor);
      continue;
    }
    anchor.set(id, id);
    parsed.externalId = id;
    if (parentAnchor) parsed.parentExternalId = parentAnchor;
    parsed.onMainThread = main.has(id);
    messages.push(parsed);
  }
  if (messages.length === 0) return null;
  const models = messages.filter((m) => m.onMainThread && m.role === 'assistant').map((m) => m.model);
  return {
    format: 'chatgpt',
    externalId: c.conversation_id || c.id || undefined,
    title: c.title?.trim() || undefined,
    model: mostCommon(models) ?? c.default_model_slug ?? undefined,
    startedAt: iso(c.create_time),
    endedAt: iso(c.update_time),
    messages,
  };
}

export const chatgptImporter: FormatImporter = {
  id: 'chatgpt',

  detect(s: Sniff): number {
    const head = s.head.trimStart();
    // chat.html of the same export embeds the JSON in a script: only a bare JSON file counts.
    if (!head.startsWith('[') && !head.startsWith('{')) return 0;
    if (!/"mapping"\s*:\s*\{/.test(head)) return 0;
    const nodeLike = /"(parent|children)"\s*:/.test(head) && /"author"\s*:\s*\{/.test(head);
    if (nodeLike || /"current_node"\s*:/.test(head)) return 0.95;
    return 0;
  },

  parse: (input, signal) => readConversations(input, signal, { what: 'ChatGPT conversations', schema: Conversation, toSession }),
};
