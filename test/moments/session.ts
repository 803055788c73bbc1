// Builds small in-memory sessions for the rule tests, in the stored shape the rules read.
import type { SessionDetail, StoredMessage, ToolCall, ToolResult } from '../../shared/types.js';
import { CONTEXT_FEATURES, type ClassifierWeights } from '../../electron/engine/moments/classifier.js';

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

/** A 2-d toy classifier: the first vector value says correction, the second preference. */
export function toyWeights(over: Partial<ClassifierWeights> = {}): ClassifierWeights {
  const zeros = CONTEXT_FEATURES.map(() => 0);
  return {
    version: 1,
    model: 'toy/model',
    dim: 2,
    context: [...CONTEXT_FEATURES],
    maxChars: 600,
    kinds: {
      correction: { bias: -5, weights: [10, 0, ...zeros], threshold: 0.5 },
      preference: { bias: -5, weights: [0, 10, ...zeros], threshold: 0.5 },
    },
    ...over,
  };
}
