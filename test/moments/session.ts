// Builds small in-memory sessions for the rule tests, in the stored shape the rules read.
import type { SessionDetail, StoredMessage, ToolCall, ToolResult } from '../../shared/types.js';

export interface Turn {
  role: StoredMessage['role'];
  text?: string;
  calls?: ToolCall[];
  results?: ToolResult[];
  sidechain?: boolean;
  offThread?: boolean;
  timestamp?: string;
}

/** A session whose message ids are 100 + seq, so tests can name messages by position. */
export function session(turns: Turn[]): SessionDetail {
  const messages: StoredMessage[] = turns.map((t, seq) => ({
    id: 100 + seq,
    seq,
    role: t.role,
    text: t.text ?? '',
    timestamp: t.timestamp ?? null,
    onMainThread: !t.offThread,
    sidechain: t.sidechain ?? false,
    externalId: null,
    parentExternalId: null,
    toolCalls: t.calls ?? [],
    toolResults: t.results ?? [],
  }));
  return {
    id: 1,
    format: 'claude-code',
    externalId: 'test',
    title: null,
    project: null,
    gitBranch: null,
    model: null,
    startedAt: null,
    endedAt: null,
    messageCount: messages.length,
    messages,
  };
}

export const user = (text: string, extra: Partial<Turn> = {}): Turn => ({ role: 'user', text, ...extra });
export const agent = (text: string, calls: ToolCall[] = []): Turn => ({ role: 'assistant', text, calls });
export const call = (name: string, input: unknown, callId = 'c1'): ToolCall => ({
  name,
  input: typeof input === 'string' ? input : JSON.stringify(input),
  callId,
});
export const result = (output: string, isError = false, callId = 'c1'): Turn => ({
  role: 'tool',
  results: [{ callId, output, isError }],
});
