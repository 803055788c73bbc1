import type { ParsedMessage, ToolCall, ToolResult } from '../../../../shared/types.js';
import { clipOutput, jsonText } from '../validate.js';
import { isObject } from './generic-json.js';

/*
 * Anthropic Messages content blocks -> normalised messages. An assistant turn may hold
 * server-side tool calls *and* their results (web search, code execution), so one turn
 * can become several messages: assistant (text + calls), tool (results), assistant...
 */

type Block = Record<string, unknown>;

/** Block types that carry a tool's answer: `tool_result`, `web_search_tool_result`, `mcp_tool_result`... */
export function isResultBlock(type: unknown): boolean {
  return typeof type === 'string' && type.endsWith('tool_result');
}

function isCallBlock(type: unknown): boolean {
  return type === 'tool_use' || type === 'server_tool_use' || type === 'mcp_tool_use';
}

/** Short markers for media the store does not keep. */
function mediaMarker(type: unknown): string | null {
  if (type === 'image') return '[image]';
  if (type === 'document') return '[document]';
  if (type === 'container_upload') return '[file]';
  return null;
}

/** What an error-shaped result says: `{type: '..._error', error_code}`. */
function errorText(content: Record<string, unknown>): string | null {
  const isError = typeof content.type === 'string' && content.type.endsWith('_error');
  if (!isError && content.error_code === undefined) return null;
  const code = typeof content.error_code === 'string' ? content.error_code : 'error';
  return typeof content.error_message === 'string' ? `${code}: ${content.error_message}` : code;
}

/** Output text and error flag of any result block (client tool_result or a server tool's result). */
export function resultOf(block: Block, names: Map<string, string>): ToolResult {
  const callId = typeof block.tool_use_id === 'string' ? block.tool_use_id : undefined;
  const name = callId ? names.get(callId) : undefined;
  const content = block.content;
  let output: string;
  let isError = block.is_error === true;
  if (typeof content === 'string') output = content;
  else if (Array.isArray(content)) {
    output = content
      .map((c) => {
        if (typeof c === 'string') return c;
        if (!isObject(c)) return '';
        if (typeof c.text === 'string') return c.text;
        if (c.type === 'web_search_result') return `${String(c.title ?? '')} <${String(c.url ?? '')}>`;
        return mediaMarker(c.type) ?? jsonText(c);
      })
      .filter(Boolean)
      .join('\n');
  } else if (isObject(content)) {
    const error = errorText(content);
    if (error !== null) {
      isError = true;
      output = error;
    } else if ('stdout' in content || 'stderr' in content) {
      // Code execution: a non-zero return code is a failed run.
      output = [content.stdout, content.stderr].filter((s) => typeof s === 'string' && s !== '').join('\n');
      if (typeof content.return_code === 'number' && content.return_code !== 0) isError = true;
    } else if (content.type === 'web_fetch_result') {
      output = `${String(content.url ?? '')}\n${jsonText(isObject(content.content) ? content.content.source : '')}`;
    } else output = jsonText(content);
  } else output = jsonText(content);
  return { callId, name, output: clipOutput(output), isError };
}

/**
 * An assistant turn's blocks as messages. Consecutive text blocks split by citations
 * are fragments of one sentence, so they join without a separator; others join with '\n'.
 */
export function assistantMessages(content: string | Block[], names: Map<string, string>, model?: string): ParsedMessage[] {
  if (typeof content === 'string') return [{ role: 'assistant', text: content, model }];
  const out: ParsedMessage[] = [];
  let text = '';
  let lastCited = false;
  let calls: ToolCall[] = [];
  let results: ToolResult[] = [];
  const flushAssistant = () => {
    if (text !== '' || calls.length) {
      const m: ParsedMessage = { role: 'assistant', text, model };
      if (calls.length) m.toolCalls = calls;
      out.push(m);
    }
    text = '';
    calls = [];
  };
  const flushResults = () => {
    if (results.length) out.push({ role: 'tool', text: '', toolResults: results });
    results = [];
  };
  for (const block of content) {
    const type = block.type;
    if (isResultBlock(type)) {
      flushAssistant();
      results.push(resultOf(block, names));
      continue;
    }
    flushResults();
    if (type === 'text' && typeof block.text === 'string') {
      const cited = Array.isArray(block.citations);
      text += text === '' || cited || lastCited ? block.text : `\n${block.text}`;
      lastCited = cited;
    } else if (isCallBlock(type)) {
      const name = typeof block.name === 'string' ? block.name : 'unknown';
      const callId = typeof block.id === 'string' ? block.id : undefined;
      if (callId) names.set(callId, name);
      calls.push({ callId, name, input: jsonText(block.input) });
    } else if (type === 'compaction') {
      // The API's summary of earlier context, injected in place of it: not the model speaking.
      flushAssistant();
      out.push({ role: 'system', text: typeof block.content === 'string' ? block.content : jsonText(block.content) });
    }
    // thinking / redacted_thinking: hidden reasoning, left out.
  }
  flushAssistant();
  flushResults();
  return out;
}

/** A user turn: tool results first (they answer the previous turn), then what the person wrote. */
export function userMessages(content: string | Block[], names: Map<string, string>): ParsedMessage[] {
  if (typeof content === 'string') return [{ role: 'user', text: content }];
  const results: ToolResult[] = [];
  const texts: string[] = [];
  for (const block of content) {
    if (isResultBlock(block.type)) results.push(resultOf(block, names));
    else if (block.type === 'text' && typeof block.text === 'string') texts.push(block.text);
    else {
      const marker = mediaMarker(block.type);
      if (marker) texts.push(marker);
    }
  }
  const out: ParsedMessage[] = [];
  if (results.length) out.push({ role: 'tool', text: '', toolResults: results });
  if (texts.length || !results.length) out.push({ role: 'user', text: texts.join('\n') });
  return out;
}
