import { z } from 'zod';
import type { ParsedMessage, ParsedSession, ToolCall, ToolResult } from '../../../../shared/types.js';
import { readJson } from '../read/json.js';
import { throwIfAborted } from '../../base/cancel.js';
import { type FormatImporter, type Sniff } from '../types.js';
import { check, clipOutput, jsonText } from '../validate.js';
import { isErrorOutput, markdownText, replyText, toolResultText } from './copilot-chat-render.js';
import { isObject } from './generic-json.js';

/*
 * GitHub Copilot Chat, as VS Code's "Chat: Export Chat..." writes it: one JSON object per
 * chat, `{requesterUsername?, responderUsername, requests: [...]}`. Each request holds the
 * person's `message.text`, the rendered `response` parts (markdown, inline file links,
 * tool invocations, edits, hidden `thinking`) and a `result`.
 *
 * Agent-mode requests also keep the model-level record in `result.metadata`:
 * `toolCallRounds` (each round's reply text and tool calls with their JSON arguments) and
 * `toolCallResults` (each call's output). When present it is used, since it has the real
 * inputs and outputs; otherwise the response parts give the text and the tool invocations.
 * `result.errorDetails` (a failed or cancelled request) becomes a 'system' message.
 * The IDE context Copilot adds to the prompt (renderedUserMessage) is not imported.
 */

const Part = z.looseObject({ kind: z.string().optional() });
const Round = z.looseObject({
  response: z.string().optional(),
  timestamp: z.number().optional(),
  toolCalls: z
    .array(z.looseObject({ id: z.string().optional(), name: z.string(), arguments: z.unknown().optional() }))
    .optional(),
});
const Request = z.looseObject({
  requestId: z.string().optional(),
  message: z.looseObject({ text: z.string() }),
  response: z.array(Part).optional(),
  result: z
    .looseObject({
      errorDetails: z.looseObject({ code: z.string().optional(), message: z.string().optional() }).optional(),
      details: z.string().optional(),
      metadata: z
        .looseObject({
          sessionId: z.string().optional(),
          toolCallRounds: z.array(Round).optional(),
          toolCallResults: z.record(z.string(), z.unknown()).optional(),
        })
        .optional(),
    })
    .optional(),
  modelId: z.string().optional(),
  timestamp: z.number().optional(),
  modelState: z.looseObject({ completedAt: z.number().optional() }).optional(),
});
const Export = z.looseObject({
  sessionId: z.string().optional(),
  customTitle: z.string().optional(),
  requests: z.array(Request),
});
type Request = z.infer<typeof Request>;
type Part = z.infer<typeof Part>;

const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

/** `result.details` names the model that answered ("Grok Code Fast 1 • 1x"); modelId may just say "copilot/auto". */
function modelOf(req: Request): string | undefined {
  const details = req.result?.details?.split(' • ')[0]?.trim();
  return details || req.modelId;
}

/** Assistant and tool messages from the model-level rounds. */
function fromRounds(req: Request, model: string | undefined): ParsedMessage[] {
  const out: ParsedMessage[] = [];
  const results = req.result?.metadata?.toolCallResults ?? {};
  for (const round of req.result?.metadata?.toolCallRounds ?? []) {
    const calls: ToolCall[] = (round.toolCalls ?? []).map((c) => ({ callId: c.id, name: c.name, input: jsonText(c.arguments) }));
    const text = round.response ?? '';
    const timestamp = iso(round.timestamp);
    if (text !== '' || calls.length) {
      const m: ParsedMessage = { role: 'assistant', text, timestamp, model };
      if (calls.length) m.toolCalls = calls;
      out.push(m);
    }
    const answered: ToolResult[] = calls
      .filter((c) => c.callId !== undefined && c.callId in results)
      .map((c) => {
        const output = toolResultText(results[c.callId as string]);
        return { callId: c.callId, name: c.name, output: clipOutput(output), isError: isErrorOutput(output) };
      });
    if (answered.length) out.push({ role: 'tool', text: '', toolResults: answered, timestamp });
  }
  return out;
}

/** What a tool invocation part says it did, as the call's input: the command line for terminals. */
function invocationInput(p: Part): string {
  const data = isObject(p.toolSpecificData) ? p.toolSpecificData : {};
  const command = isObject(data.commandLine) ? data.commandLine.original : undefined;
  if (typeof command === 'string') return jsonText({ command });
  return jsonText({ message: markdownText(p.invocationMessage) || markdownText(p.pastTenseMessage) });
}

/** Assistant and tool messages from the rendered response parts (no model-level record). */
function fromParts(parts: Part[], timestamp: string | undefined, model: string | undefined): ParsedMessage[] {
  const out: ParsedMessage[] = [];
  let textParts: Part[] = [];
  let calls: ToolCall[] = [];
  let results: ToolResult[] = [];
  const flush = () => {
    const text = replyText(textParts);
    if (text.trim() !== '' || calls.length) {
      const m: ParsedMessage = { role: 'assistant', text, timestamp, model };
      if (calls.length) m.toolCalls = calls;
      out.push(m);
    }
    if (results.length) out.push({ role: 'tool', text: '', toolResults: results, timestamp });
    textParts = [];
    calls = [];
    results = [];
  };
  for (const p of parts) {
    if (p.kind === 'toolInvocationSerialized' || p.kind === 'toolInvocation') {
      const callId = typeof p.toolCallId === 'string' ? p.toolCallId : undefined;
      const name = typeof p.toolId === 'string' ? p.toolId : 'unknown';
      calls.push({ callId, name, input: invocationInput(p) });
      // Terminal runs keep their output and exit code; other tools keep no output here.
      const data = isObject(p.toolSpecificData) ? p.toolSpecificData : {};
      const state = isObject(data.terminalCommandState) ? data.terminalCommandState : {};
      const output = isObject(data.terminalCommandOutput) ? data.terminalCommandOutput.text : undefined;
      if (typeof output === 'string' || typeof state.exitCode === 'number') {
        const exit = typeof state.exitCode === 'number' ? state.exitCode : 0;
        results.push({ callId, name, output: clipOutput(String(output ?? '')), isError: exit !== 0 });
      }
    } else if (p.kind === undefined || p.kind === 'markdownContent' || p.kind === 'inlineReference') {
      if (calls.length) flush();
      textParts.push(p);
    }
    // thinking (hidden reasoning), textEditGroup, codeblockUri, undoStop...: not conversation text.
  }
  flush();
  return out;
}

function requestMessages(req: Request): ParsedMessage[] {
  const model = modelOf(req);
  const timestamp = iso(req.timestamp);
  const out: ParsedMessage[] = [{ role: 'user', text: req.message.text, timestamp }];
  const parts = req.response ?? [];
  const rounds = req.result?.metadata?.toolCallRounds;
  if (rounds?.length) {
    out.push(...fromRounds(req, model));
    // Rounds normally carry the reply text; if they do not, the rendered parts do.
    const text = replyText(parts);
    if (!rounds.some((r) => r.response) && text.trim() !== '') out.push({ role: 'assistant', text, timestamp, model });
  } else out.push(...fromParts(parts, timestamp, model));
  const error = req.result?.errorDetails;
  if (error) {
    const text = `Copilot error${error.code ? ` (${error.code})` : ''}: ${error.message ?? ''}`.trim();
    out.push({ role: 'system', text, timestamp: iso(req.modelState?.completedAt) });
  }
  return out;
}

/** The workspace folder: markdown parts carry it as their base URI. */
function projectOf(requests: Request[]): string | undefined {
  for (const req of requests) {
    for (const p of req.response ?? []) {
      if (isObject(p.baseUri) && typeof p.baseUri.path === 'string') return p.baseUri.path.replace(/(.)\/$/, '$1');
    }
  }
  return undefined;
}

export const copilotChatImporter: FormatImporter = {
  id: 'copilot-chat',
  detect(sniff: Sniff): number {
    const head = sniff.head;
    if (!/^\s*\{/.test(head) || !/"requests"\s*:\s*\[/.test(head)) return 0;
    if (/"(requesterUsername|responderUsername|initialLocation)"\s*:/.test(head)) return 0.95;
    return /"requestId"\s*:/.test(head) && /"response"\s*:\s*\[/.test(head) ? 0.8 : 0;
  },
  async *parse(input, signal) {
    const doc = check(Export, await readJson(input, signal), '$');
    const messages: ParsedMessage[] = [];
    doc.requests.forEach((req) => {
      throwIfAborted(signal);
      messages.push(...requestMessages(req));
    });
    const first = doc.requests[0];
    const last = doc.requests[doc.requests.length - 1];
    yield {
      format: 'copilot-chat',
      externalId: doc.sessionId ?? doc.requests.find((r) => r.result?.metadata?.sessionId)?.result?.metadata?.sessionId,
      title: doc.customTitle,
      project: projectOf(doc.requests),
      model: first ? modelOf(first) : undefined,
      startedAt: iso(first?.timestamp),
      endedAt: iso(last?.modelState?.completedAt ?? last?.timestamp),
      messages,
    } satisfies ParsedSession;
  },
};
