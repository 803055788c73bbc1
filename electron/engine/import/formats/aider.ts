import { createHash } from 'node:crypto';
import path from 'node:path';
import type { ParsedMessage, ParsedSession } from '../../../../shared/types.js';
import { readLines } from '../read/lines.js';
import { throwIfAborted } from '../../base/cancel.js';
import { type FormatImporter, type Sniff } from '../types.js';
import { clipOutput } from '../validate.js';
import {
  Fence,
  HEADER,
  THINK_CLOSE,
  THINK_OPEN,
  classify,
  hasPrefix,
  looksLikeError,
  modelOf,
  stripPrefix,
  type LineKind,
} from './aider-lines.js';

/*
 * Aider chat history (`.aider.chat.history.md`), one file holding every session run in
 * that repository. Mapping:
 * - `#### ` runs -> one 'user' message (a multi-line input is consecutive `####` lines);
 * - `> ` runs before the first input of a session (version, model, repo banner) -> 'system';
 *   later `> ` runs (edits applied, commits, shell prompts, errors) -> a 'tool' message with
 *   one tool result, isError by the rule in aider-lines.ts;
 * - any other text -> the 'assistant' reply, minus reasoning blocks.
 * Aider logs no per-message times; the header's local start time (no zone in the file)
 * becomes startedAt. externalId is that time plus a hash of the session's first line, so
 * re-importing a file Aider has appended to updates its sessions instead of duplicating.
 * Sessions with no input and no reply (started and quit) are left out.
 */

interface Block {
  kind: LineKind;
  lines: string[];
}

class SessionBuilder {
  readonly messages: ParsedMessage[] = [];
  model?: string;
  /** Learned from the first user/tool line: whether Aider's trailing double space is present. */
  strict?: boolean;
  firstLine?: string;
  private block: Block | null = null;
  private seenInput = false;
  private thinking = false;
  private afterBlank = true;
  private readonly fence = new Fence();

  constructor(readonly startedAt?: string) {}

  feed(line: string): void {
    if (this.firstLine === undefined && line.trim() !== '') this.firstLine = line;
    if (this.strict === undefined && hasPrefix(line)) this.strict = line.endsWith('  ');
    const afterBlank = this.afterBlank;
    this.afterBlank = line.trim() === '';
    const kind = classify(line, this.strict ?? false, this.block?.kind === 'text' && this.fence.inside, afterBlank);
    if (kind === 'text' && line.trim() === '') {
      // A blank line ends an input or tool run; inside a reply it is part of the text.
      if (this.block?.kind === 'text') this.block.lines.push(line);
      else this.flush();
      return;
    }
    let block = this.block;
    if (block?.kind !== kind) {
      this.flush();
      block = this.block = { kind, lines: [] };
    }
    if (kind !== 'text') {
      block.lines.push(stripPrefix(line));
      return;
    }
    this.fence.feed(line);
    if (!this.thinking && THINK_OPEN.test(line)) this.thinking = true;
    else if (this.thinking && THINK_CLOSE.test(line)) this.thinking = false;
    else if (!this.thinking) block.lines.push(line);
  }

  flush(): void {
    const block = this.block;
    this.block = null;
    this.thinking = false;
    this.fence.reset();
    if (!block) return;
    const text = block.lines.join('\n').replace(/^\s*\n/, '').trimEnd();
    if (block.kind === 'user') {
      this.seenInput = true;
      this.messages.push({ role: 'user', text });
    } else if (block.kind === 'tool') {
      for (const l of block.lines) this.model ??= modelOf(l);
      if (!this.seenInput) this.messages.push({ role: 'system', text });
      else {
        const isError = looksLikeError(block.lines);
        this.messages.push({ role: 'tool', text: '', toolResults: [{ output: clipOutput(text), isError }] });
      }
    } else if (text.trim() !== '') {
      this.messages.push({ role: 'assistant', text, model: this.model });
    }
  }

  /** Worth storing: something was typed or answered. */
  get meaningful(): boolean {
    return this.messages.some((m) => m.role === 'user' || m.role === 'assistant');
  }
}

/** The repository an Aider history belongs to: Aider writes the file at the repo root. */
function projectOf(name: string): string | undefined {
  if (name.includes('!/') || path.basename(name) !== '.aider.chat.history.md') return undefined;
  return path.dirname(name);
}

export const aiderImporter: FormatImporter = {
  id: 'aider',
  detect(sniff: Sniff): number {
    const head = sniff.head.replace(/^\uFEFF/, '');
    if (head.trimStart().startsWith('# aider chat started at ')) return 0.95;
    return /^# aider chat started at \d{4}-\d{2}-\d{2}/m.test(head) ? 0.7 : 0;
  },
  async *parse(input, signal) {
    const project = projectOf(input.name);
    const ids = new Map<string, number>();
    const finish = (b: SessionBuilder): ParsedSession | null => {
      b.flush();
      if (!b.meaningful) return null;
      let externalId: string | undefined;
      if (b.startedAt) {
        const hash = createHash('sha256').update(b.firstLine ?? '').digest('hex').slice(0, 8);
        externalId = `${b.startedAt}-${hash}`;
        // Two sessions with the same start and first line (a file pasted twice) stay distinct.
        const seen = ids.get(externalId) ?? 0;
        ids.set(externalId, seen + 1);
        if (seen) externalId += `-${seen + 1}`;
      }
      return {
        format: 'aider',
        externalId,
        startedAt: b.startedAt,
        model: b.model,
        project,
        messages: b.messages,
      };
    };
    // Text before the first header (a file cut at the top) still forms a session.
    let current = new SessionBuilder();
    for await (const { text } of readLines(input, signal)) {
      throwIfAborted(signal);
      const header = HEADER.exec(text);
      if (header) {
        const done = finish(current);
        if (done) yield done;
        current = new SessionBuilder(`${header[1]}T${header[2]}`);
        continue;
      }
      current.feed(text);
    }
    const done = finish(current);
    if (done) yield done;
  },
};
