import { z } from 'zod';
import type { ParsedMessage, ParsedSession } from '../../../../shared/types.js';
import type { FormatImporter, Sniff } from '../types.js';
import { readConversations } from './chatgpt-peek.js';
import { ChatMessage, isoTime, segmentsOf } from './claude-ai-message.js';

/*
 * Claude.ai conversations, in two shapes:
 * - the official data export's `conversations.json`: an array of {uuid, name, created_at,
 *   updated_at, chat_messages[]} (streamed: it grows with the account). Messages come in
 *   order, without parent links.
 * - one conversation as the claude.ai web API returns it (saved by browser exporters):
 *   a single object whose messages carry `parent_message_uuid`, plus
 *   `current_leaf_message_uuid` and `model`. Retries and edits fork that tree.
 * The export's users.json, projects.json and memories.json hold no chats: not detected.
 */

const Conversation = z.looseObject({
  uuid: z.string(),
  name: z.string().nullable().optional(),
  created_at: z.string().nullable().optional(),
  updated_at: z.string().nullable().optional(),
  model: z.string().nullable().optional(),
  current_leaf_message_uuid: z.string().nullable().optional(),
  project: z.looseObject({ name: z.string().nullable().optional() }).nullable().optional(),
  chat_messages: z.array(ChatMessage),
});
type Conversation = z.infer<typeof Conversation>;
type Message = Conversation['chat_messages'][number];

/** Message order: the thread from the root to the current leaf, then the other branches. */
function threadOrder(c: Conversation): { order: Message[]; main: Set<string> | null } {
  const messages = c.chat_messages;
  if (!messages.some((m) => typeof m.parent_message_uuid === 'string')) return { order: messages, main: null };
  const byUuid = new Map(messages.map((m) => [m.uuid, m]));
  const leafId = c.current_leaf_message_uuid;
  let cursor: Message | undefined = (leafId ? byUuid.get(leafId) : undefined) ?? messages[messages.length - 1];
  const up: Message[] = [];
  const main = new Set<string>();
  while (cursor && !main.has(cursor.uuid)) {
    main.add(cursor.uuid);
    up.push(cursor);
    cursor = cursor.parent_message_uuid ? byUuid.get(cursor.parent_message_uuid) : undefined;
  }
  return { order: [...up.reverse(), ...messages.filter((m) => !main.has(m.uuid))], main };
}

function toSession(c: Conversation): ParsedSession | null {
  const { order, main } = threadOrder(c);
  const known = new Set(c.chat_messages.map((m) => m.uuid));
  // The emitted id standing for each message: its last segment, or for a message that
  // produced nothing, its nearest emitted ancestor (so parent links skip over it).
  const anchor = new Map<string, string | undefined>();
  const messages: ParsedMessage[] = [];
  for (const m of order) {
    const parentId = m.parent_message_uuid && known.has(m.parent_message_uuid) ? m.parent_message_uuid : undefined;
    let parent = parentId && anchor.has(parentId) ? anchor.get(parentId) : parentId;
    const segments = segmentsOf(m);
    segments.forEach((s, i) => {
      // The last segment keeps the message's uuid, which its children point to.
      s.externalId = i === segments.length - 1 ? m.uuid : `${m.uuid}#${i}`;
      if (parent) s.parentExternalId = parent;
      if (main) s.onMainThread = main.has(m.uuid);
      parent = s.externalId;
      messages.push(s);
    });
    anchor.set(m.uuid, parent);
  }
  if (messages.length === 0) return null;
  const firstPrompt = messages.find((m) => m.role === 'user' && m.text.trim());
  return {
    format: 'claude-ai',
    externalId: c.uuid,
    title: c.name?.trim() || firstPrompt?.text.trim().split('\n')[0].slice(0, 120),
    project: c.project?.name || undefined,
    model: c.model || undefined,
    startedAt: isoTime(c.created_at),
    endedAt: isoTime(c.updated_at),
    messages,
  };
}

export const claudeAiImporter: FormatImporter = {
  id: 'claude-ai',

  detect(s: Sniff): number {
    const head = s.head.trimStart();
    if (!head.startsWith('[') && !head.startsWith('{')) return 0;
    // users.json, projects.json and memories.json of the same export have uuids but no chats.
    if (!/"chat_messages"\s*:\s*\[/.test(head) || !/"uuid"\s*:/.test(head)) return 0;
    return 0.95;
  },

  parse: (input, signal) => readConversations(input, signal, { what: 'claude.ai conversations', schema: Conversation, toSession }),
};
