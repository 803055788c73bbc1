import path from 'node:path';
import { isObject } from './generic-json.js';

/*
 * Text out of the shapes VS Code's chat model stores: markdown strings that may be
 * `{value}` objects, inline file references kept as separate response parts, and tool
 * results serialised as prompt-tsx element trees.
 */

/** A VS Code markdown string: plain, or `{value, uris...}`. */
export function markdownText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (isObject(v) && typeof v.value === 'string') return v.value;
  return '';
}

/** An inline reference (a file link inside the reply) rendered as its name. */
function referenceName(part: Record<string, unknown>): string {
  if (typeof part.name === 'string' && part.name) return part.name;
  const ref = part.inlineReference;
  if (isObject(ref) && typeof ref.path === 'string') return path.posix.basename(ref.path);
  if (isObject(ref) && isObject(ref.location) && isObject(ref.location.uri) && typeof ref.location.uri.path === 'string') {
    return path.posix.basename(ref.location.uri.path);
  }
  return '';
}

/**
 * The reply's visible text from a run of response parts: markdown fragments and inline
 * references are pieces of one stream, so they join without separators.
 */
export function replyText(parts: Record<string, unknown>[]): string {
  let out = '';
  for (const p of parts) {
    if (p.kind === undefined || p.kind === 'markdownContent') out += markdownText(p.value ?? p.content);
    else if (p.kind === 'inlineReference') out += referenceName(p);
  }
  return out;
}

/** Text of a prompt-tsx tree: text leaves in order, honouring `lineBreakBefore`. */
function treeText(node: unknown, out: { text: string }): void {
  if (Array.isArray(node)) {
    for (const n of node) treeText(n, out);
    return;
  }
  if (!isObject(node)) return;
  if (typeof node.text === 'string' && node.type === 2) {
    if (node.lineBreakBefore === true && out.text !== '' && !out.text.endsWith('\n')) out.text += '\n';
    out.text += node.text;
    return;
  }
  if (isObject(node.node)) treeText(node.node, out);
  if (Array.isArray(node.children)) treeText(node.children, out);
}

/** Output of a tool call as `result.metadata.toolCallResults[id]` stores it. */
export function toolResultText(result: unknown): string {
  if (!isObject(result) || !Array.isArray(result.content)) return typeof result === 'string' ? result : '';
  const out = { text: '' };
  for (const c of result.content) {
    if (!isObject(c)) continue;
    if (typeof c.value === 'string') out.text += (out.text && !out.text.endsWith('\n') ? '\n' : '') + c.value;
    else treeText(c.value, out);
  }
  return out.text;
}

/**
 * Copilot reports tool failures as text: "ERROR while calling tool: ...", a call the
 * person cancelled (as Claude Code does for refused calls), or a line stating a
 * terminal command's non-zero exit code.
 */
export function isErrorOutput(text: string): boolean {
  return (
    /^(ERROR while calling tool|Error:|The user cancelled the tool call)/.test(text.trimStart()) ||
    /^(Command )?exit(ed)?( with)? code:? ?[1-9]/im.test(text)
  );
}
