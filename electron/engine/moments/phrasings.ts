// The generated labelled turns (test/fixtures/moment-phrasings.json, written by
// scripts/gen-moment-phrasings.ts) as small sessions the detectors read, and the split that keeps
// some of them apart from all training and tuning.
//
// Protocol: a whole wording family is held apart or not (isHeldApartFamily, by a hash of its id,
// about one in three), so no wording of a held-apart family (nor a paraphrase of one) is ever seen
// while training the classifier or choosing its thresholds. The held-apart split is those families'
// first wordings plus the held-out real turns (evaluate.ts, isHeldOut); the paraphrase set is the
// other wordings of the held-apart families: each turn reworded three more ways.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { SessionDetail, StoredMessage, ToolCall, ToolResult } from '../../../shared/types.js';

export type PhrasingLabel = 'correction' | 'preference';
export type AgentStep = 'edit' | 'tool' | 'refusal' | 'answer';

export interface PhrasingItem {
  id: string;
  family: string;
  lang: string;
  labels: PhrasingLabel[];
  after: AgentStep;
  opener: string;
  wordings: string[];
}

export interface PhrasingSet {
  items: PhrasingItem[];
}

export function readPhrasings(file: string): PhrasingSet {
  return JSON.parse(readFileSync(file, 'utf8')) as PhrasingSet;
}

/** Whether a wording family is kept apart from training and tuning (about one family in three). */
export function isHeldApartFamily(family: string): boolean {
  return createHash('sha256').update(`held-apart|${family}`).digest()[0] % 3 === 0;
}

/** The file the opener names, which the agent then edits. */
function fileOf(text: string): string {
  return /[\w./-]+\.\w+/.exec(text)?.[0] ?? 'src/index.ts';
}

/**
 * One generated turn in its session: the opener, the agent's step, then the turn (the last message,
 * id 100 + 3 or 100 + 4). Sessions differ only in their words, so the rules and the classifier read
 * them exactly as they read imported sessions.
 */
export function phrasingSession(item: PhrasingItem, wording: string, id = 1): SessionDetail {
  const file = fileOf(item.opener);
  const calls: ToolCall[] = [];
  const results: ToolResult[] = [];
  let said: string;
  switch (item.after) {
    case 'edit':
      said = `I updated ${file} to handle that case.`;
      calls.push({ name: 'Edit', input: JSON.stringify({ file_path: file, old_string: 'return value', new_string: 'return parse(value)' }), callId: 'e1' });
      results.push({ callId: 'e1', output: `The file ${file} has been updated.`, isError: false });
      break;
    case 'tool':
      said = 'Let me run the checks.';
      calls.push({ name: 'Bash', input: JSON.stringify({ command: 'npm run check' }), callId: 'b1' });
      results.push({ callId: 'b1', output: 'All checks passed.', isError: false });
      break;
    case 'refusal':
      said = "I'm sorry, but I can't run that: dropping a database is destructive and I won't do it without more context.";
      break;
    default:
      said = `Here is how ${file} works: it reads the input, validates each field and writes the result.`;
  }
  const turns: Omit<StoredMessage, 'id' | 'seq'>[] = [
    { role: 'user', text: item.opener, timestamp: null, onMainThread: true, sidechain: false, externalId: null, parentExternalId: null, toolCalls: [], toolResults: [] },
    { role: 'assistant', text: said, timestamp: null, onMainThread: true, sidechain: false, externalId: null, parentExternalId: null, toolCalls: calls, toolResults: [] },
  ];
  if (results.length) {
    turns.push({ role: 'tool', text: '', timestamp: null, onMainThread: true, sidechain: false, externalId: null, parentExternalId: null, toolCalls: [], toolResults: results });
  }
  turns.push({ role: 'user', text: wording, timestamp: null, onMainThread: true, sidechain: false, externalId: null, parentExternalId: null, toolCalls: [], toolResults: [] });
  const messages = turns.map((t, seq) => ({ ...t, id: 100 + seq, seq }));
  return {
    id,
    format: 'claude-code',
    externalId: `phrasing-${item.id}`,
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
