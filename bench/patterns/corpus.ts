import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Random } from '../../electron/engine/base/random.js';
import { ONE_OFF_FAILURES, ONE_OFF_TASKS, type PlantedFailure, type Problem } from './problems.js';

/*
 * The pattern-recovery corpus: sessions in three formats (Claude Code transcripts, Codex CLI
 * rollouts, a ChatGPT export) in which planted problems recur among one-off requests and one-off
 * errors. Every planted text is labelled by what it came from, so after import and analysis each
 * moment can be traced to its problem (or to noise) through the stored message or tool output.
 */

export interface Corpus {
  files: string[];
  /** User message text → problem id. */
  said: Map<string, string>;
  /** Tool output → problem id ('noise' for one-off failures). */
  outputs: Map<string, string>;
  problems: string[];
  /** Planted occurrences per problem. */
  planted: Map<string, number>;
}

type Event = { problem: string; said: string } | { problem: string; failure: PlantedFailure; answer?: string };

const NAMES = ['orders', 'billing', 'users', 'invoice', 'catalog', 'search', 'report', 'session', 'payment', 'profile', 'audit', 'cart'];

function fill(rnd: Random, text: string, slots: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (_, k: string) => {
    if (!(k in slots)) {
      slots[k] =
        k === 'n'
          ? String(rnd.int(2, 180))
          : k === 'id'
            ? Array.from({ length: 12 }, () => rnd.int(0, 15).toString(16)).join('')
            : k === 'time'
              ? new Date(Date.UTC(2026, rnd.int(0, 10), rnd.int(1, 28), rnd.int(0, 23), rnd.int(0, 59))).toISOString()
              : rnd.pick(NAMES);
    }
    return slots[k]!;
  });
}

/** Every occurrence of every problem: each wording about twice, each failure form once or twice. */
function plantedEvents(rnd: Random, problems: readonly Problem[]): Event[] {
  const events: Event[] = [];
  for (const p of problems) {
    for (const said of p.said) for (let i = 0; i < (p.failures.length > 0 ? 1 : 2); i++) events.push({ problem: p.id, said });
    for (const f of p.failures) {
      for (let i = 0; i < rnd.int(1, 2); i++) events.push({ problem: p.id, failure: f, answer: p.said.length && rnd.chance(0.4) ? rnd.pick(p.said) : undefined });
    }
  }
  return events;
}

const VERBS = ['Add', 'Fix', 'Refactor', 'Document', 'Speed up', 'Test', 'Remove', 'Rename'];
const THINGS = ['the export job', 'the audit log', 'the cart totals', 'the signup flow', 'the PDF invoice', 'the webhook retries', 'the admin table', 'the image resizer'];

/** A one-off request: the listed ones first, then combinations, never the same text twice. */
function oneOffTask(i: number): string {
  if (i < ONE_OFF_TASKS.length) return ONE_OFF_TASKS[i]!;
  const j = i - ONE_OFF_TASKS.length;
  return `${VERBS[j % VERBS.length]} ${THINGS[Math.floor(j / VERBS.length) % THINGS.length]} in the ${NAMES[j % NAMES.length]} service`;
}

interface Turn {
  role: 'user' | 'assistant';
  text: string;
  call?: { command: string; output: string; failed: boolean };
}

/** One session's turns: a one-off request, its events, with ordinary successful work between. */
function sessionTurns(rnd: Random, task: string, events: Event[], outputs: Map<string, string>, noise: PlantedFailure | null): Turn[] {
  const turns: Turn[] = [{ role: 'user', text: task }];
  const ok = () => turns.push({ role: 'assistant', text: 'Running the checks.', call: { command: rnd.pick(['git status', 'ls src', 'cat package.json']), output: 'ok', failed: false } });
  ok();
  for (const e of events) {
    if ('said' in e) {
      turns.push({ role: 'assistant', text: 'I made the change and it is done.' });
      turns.push({ role: 'user', text: e.said });
    } else {
      const slots: Record<string, string> = {};
      const command = fill(rnd, e.failure.command, slots);
      const output = fill(rnd, e.failure.output, slots);
      outputs.set(output, e.problem);
      turns.push({ role: 'assistant', text: 'Let me run it.', call: { command, output, failed: true } });
      if (e.answer) turns.push({ role: 'user', text: e.answer });
    }
    ok();
  }
  if (noise) {
    const slots: Record<string, string> = {};
    const output = fill(rnd, noise.output, slots);
    if (!outputs.has(output)) outputs.set(output, 'noise');
    turns.push({ role: 'assistant', text: 'Trying this.', call: { command: fill(rnd, noise.command, slots), output, failed: true } });
  }
  turns.push({ role: 'assistant', text: 'Done.' });
  return turns;
}

function claudeCode(rnd: Random, id: string, cwd: string, start: number, turns: Turn[]): string {
  const lines: string[] = [];
  let parent: string | null = null;
  let t = start;
  const add = (type: 'user' | 'assistant', message: unknown, extra: Record<string, unknown> = {}) => {
    t += rnd.int(5, 60) * 1000;
    const uuid = rnd.uuid();
    lines.push(JSON.stringify({ parentUuid: parent, isSidechain: false, userType: 'external', cwd, sessionId: id, version: '2.0.14', gitBranch: 'main', type, uuid, timestamp: new Date(t).toISOString(), message, ...extra }));
    parent = uuid;
  };
  for (const turn of turns) {
    if (turn.role === 'user') add('user', { role: 'user', content: turn.text });
    else {
      const mid = `msg_${rnd.uuid().replace(/-/g, '').slice(0, 24)}`;
      const msg = (content: unknown[]) => ({ model: 'claude-sonnet-4-5', id: mid, type: 'message', role: 'assistant', content });
      add('assistant', msg([{ type: 'text', text: turn.text }]));
      if (turn.call) {
        const tid = `toolu_${rnd.uuid().replace(/-/g, '').slice(0, 24)}`;
        add('assistant', msg([{ type: 'tool_use', id: tid, name: 'Bash', input: { command: turn.call.command } }]));
        add('user', { role: 'user', content: [{ type: 'tool_result', tool_use_id: tid, content: turn.call.output, is_error: turn.call.failed }] });
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

function codex(rnd: Random, id: string, cwd: string, start: number, turns: Turn[]): string {
  let t = start;
  const at = () => new Date((t += rnd.int(5, 60) * 1000)).toISOString();
  const lines: unknown[] = [{ timestamp: at(), type: 'session_meta', payload: { id, timestamp: new Date(start).toISOString(), cwd, originator: 'codex_cli_rs', cli_version: '0.46.0', git: { branch: 'main' } } }];
  const item = (payload: unknown) => lines.push({ timestamp: at(), type: 'response_item', payload });
  for (const turn of turns) {
    if (turn.role === 'user') {
      item({ type: 'message', role: 'user', content: [{ type: 'input_text', text: turn.text }] });
      lines.push({ timestamp: at(), type: 'event_msg', payload: { type: 'user_message', message: turn.text, kind: 'plain' } });
    } else {
      item({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: turn.text }] });
      if (turn.call) {
        const callId = `call_${rnd.uuid().replace(/-/g, '').slice(0, 20)}`;
        item({ type: 'function_call', name: 'shell', arguments: JSON.stringify({ command: ['bash', '-lc', turn.call.command], workdir: cwd }), call_id: callId });
        item({ type: 'function_call_output', call_id: callId, output: JSON.stringify({ output: turn.call.output, metadata: { exit_code: turn.call.failed ? 1 : 0, duration_seconds: 0.4 } }) });
      }
    }
  }
  return `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;
}

/** A ChatGPT conversation (chat only: the tool calls of the turns are left out). */
function chatgpt(rnd: Random, id: string, start: number, turns: Turn[]): unknown {
  const mapping: Record<string, unknown> = { root: { id: 'root', message: null, parent: null, children: [] as string[] } };
  let parent = 'root';
  let t = start / 1000;
  let n = 0;
  for (const turn of turns.filter((x) => !x.call)) {
    const nid = `${id}-${n++}`;
    t += rnd.int(5, 60);
    mapping[nid] = {
      id: nid,
      parent,
      children: [] as string[],
      message: { id: nid, author: { role: turn.role, name: null, metadata: {} }, create_time: t, content: { content_type: 'text', parts: [turn.text] }, status: 'finished_successfully', weight: 1, metadata: {}, recipient: 'all' },
    };
    (mapping[parent] as { children: string[] }).children.push(nid);
    parent = nid;
  }
  return { title: turns[0]!.text.slice(0, 40), create_time: start / 1000, update_time: t, mapping, current_node: parent, conversation_id: id, id };
}

const PROJECT_ROOTS = ['/home/dev/code/shop-api', '/home/dev/code/web', '/home/dev/code/ledger', '/home/dev/code/platform'];

/** Writes the corpus for `problems` under `dir`; deterministic for a seed. */
export function writePatternCorpus(dir: string, problems: readonly Problem[], seed: number): Corpus {
  const rnd = new Random(seed);
  const events = plantedEvents(rnd, problems);
  for (let i = events.length - 1; i > 0; i--) {
    const j = rnd.int(0, i);
    [events[i], events[j]] = [events[j]!, events[i]!];
  }
  const said = new Map<string, string>();
  for (const p of problems) for (const s of p.said) said.set(s, p.id);
  const outputs = new Map<string, string>();
  const planted = new Map(problems.map((p) => [p.id, 0]));
  for (const e of events) planted.set(e.problem, planted.get(e.problem)! + 1 + ('answer' in e && e.answer ? 1 : 0));

  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  const conversations: unknown[] = [];
  const start = Date.parse('2026-09-01T09:00:00Z');
  let session = 0;
  let noise = 0;
  while (events.length > 0) {
    const format = session % 10 < 5 ? 'claude-code' : session % 10 < 8 ? 'codex' : 'chatgpt';
    // A chat export has no tool calls: only what the person said fits there.
    const mine: Event[] = [];
    for (let k = rnd.int(1, 3); k > 0 && events.length > 0; k--) {
      const at = format === 'chatgpt' ? events.findIndex((e) => 'said' in e) : 0;
      if (at < 0) break;
      mine.push(...events.splice(at, 1));
    }
    const oneOff = format !== 'chatgpt' && rnd.chance(0.5) ? ONE_OFF_FAILURES[noise++ % ONE_OFF_FAILURES.length]! : null;
    const turns = sessionTurns(rnd, oneOffTask(session), mine, outputs, oneOff);
    const id = rnd.uuid();
    const cwd = `${rnd.pick(PROJECT_ROOTS)}`;
    const when = start + session * 6 * 3600_000;
    if (format === 'claude-code') {
      const sub = path.join(dir, 'claude', cwd.replace(/\//g, '-'));
      mkdirSync(sub, { recursive: true });
      files.push(path.join(sub, `${id}.jsonl`));
      writeFileSync(files.at(-1)!, claudeCode(rnd, id, cwd, when, turns));
    } else if (format === 'codex') {
      const sub = path.join(dir, 'codex', '2026', '09');
      mkdirSync(sub, { recursive: true });
      files.push(path.join(sub, `rollout-2026-09-01T09-00-00-${id}.jsonl`));
      writeFileSync(files.at(-1)!, codex(rnd, id, cwd, when, turns));
    } else conversations.push(chatgpt(rnd, id, when, turns));
    session++;
  }
  const chat = path.join(dir, 'chatgpt', 'conversations.json');
  mkdirSync(path.dirname(chat), { recursive: true });
  writeFileSync(chat, JSON.stringify(conversations));
  files.push(chat);
  return { files, said, outputs, problems: problems.map((p) => p.id), planted };
}
