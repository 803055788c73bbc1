import { mkdirSync, writeFileSync, createWriteStream } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { Random } from '../base/random.js';
import { CORRECTIONS, FAILURES, PREFERENCES, PROJECTS, TASKS, type Project } from './patterns.js';

/*
 * Writes a synthetic corpus of Claude Code session transcripts, laid out like
 * ~/.claude/projects/<project>/<session>.jsonl, with recurring corrections, failures,
 * tasks and preferences. It is the built-in sample data of `reverie demo` and the
 * "try with sample data" button (the real third-party samples cannot ship: several
 * carry no licence), and the input of the import benchmark.
 */

export interface CorpusOptions {
  outDir: string;
  sessions: number;
  seed?: number;
  /** Sessions spread over this many weeks before `end`. */
  weeks?: number;
  end?: Date;
  /** Bytes of file content per Read tool result: real transcripts are mostly tool output. */
  readBytes?: number;
}

const CODE_LINES = [
  "import { z } from 'zod';",
  'export async function handler(req: Request): Promise<Response> {',
  '  const body = await req.json();',
  '  if (!body.id) throw new Error("missing id");',
  '  return Response.json({ ok: true, id: body.id });',
  '}',
  'const total = items.reduce((sum, item) => sum + item.price * item.qty, 0);',
  '// TODO: handle pagination cursors',
];

class SessionWriter {
  readonly lines: string[] = [];
  private parent: string | null = null;
  private clock: number;
  constructor(
    private readonly rnd: Random,
    private readonly project: Project,
    readonly sessionId: string,
    start: number,
  ) {
    this.clock = start;
  }

  private base(type: string) {
    this.clock += this.rnd.int(2, 90) * 1000;
    const uuid = this.rnd.uuid();
    const entry = {
      parentUuid: this.parent,
      isSidechain: false,
      userType: 'external',
      cwd: this.project.cwd,
      sessionId: this.sessionId,
      version: '2.0.14',
      gitBranch: this.project.branch,
      type,
      uuid,
      timestamp: new Date(this.clock).toISOString(),
    };
    this.parent = uuid;
    return entry;
  }

  user(text: string): void {
    this.lines.push(JSON.stringify({ ...this.base('user'), message: { role: 'user', content: text } }));
  }

  /** One API response: a text line and a tool_use line sharing message.id, as Claude Code writes them. */
  assistant(text: string, tool?: { name: string; input: Record<string, unknown> }): string | undefined {
    const id = `msg_${this.rnd.uuid().replace(/-/g, '').slice(0, 24)}`;
    const message = (content: unknown[]) => ({
      model: 'claude-sonnet-4-5-20250929',
      id,
      type: 'message',
      role: 'assistant',
      content,
    });
    this.lines.push(JSON.stringify({ ...this.base('assistant'), message: message([{ type: 'text', text }]) }));
    if (!tool) return undefined;
    const toolId = `toolu_${this.rnd.uuid().replace(/-/g, '').slice(0, 24)}`;
    this.lines.push(
      JSON.stringify({
        ...this.base('assistant'),
        message: message([{ type: 'tool_use', id: toolId, name: tool.name, input: tool.input }]),
      }),
    );
    return toolId;
  }

  toolResult(toolId: string, output: string, isError: boolean): void {
    this.lines.push(
      JSON.stringify({
        ...this.base('user'),
        message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolId, content: output, is_error: isError }] },
        toolUseResult: isError ? `Error: ${output}` : { stdout: output, stderr: '', interrupted: false },
      }),
    );
  }
}

function fileContent(rnd: Random, bytes: number): string {
  const out: string[] = [];
  let size = 0;
  for (let n = 1; size < bytes; n++) {
    const line = `${String(n).padStart(5)}\t${rnd.pick(CODE_LINES)}`;
    out.push(line);
    size += line.length + 1;
  }
  return out.join('\n');
}

/** Skewed choice: early patterns recur more, as real mistakes do. */
function skewed<T>(rnd: Random, items: readonly T[]): T {
  return items[Math.min(items.length - 1, Math.floor(items.length * rnd.next() ** 1.6))];
}

export function generateSession(rnd: Random, start: number, readBytes: number): { project: Project; writer: SessionWriter } {
  const project = rnd.pick(PROJECTS);
  const w = new SessionWriter(rnd, project, rnd.uuid(), start);
  const task = rnd.pick(TASKS);
  w.user(task);
  const file = `src/${rnd.pick(['orders', 'auth', 'charts', 'api', 'lib'])}/${rnd.pick(['index', 'client', 'map', 'view'])}.ts`;
  const read = w.assistant(`I'll start by reading ${file}.`, { name: 'Read', input: { file_path: `${project.cwd}/${file}` } });
  w.toolResult(read!, fileContent(rnd, readBytes), false);

  if (rnd.chance(0.65)) {
    const failure = rnd.pick(skewed(rnd, FAILURES));
    const run = w.assistant('Let me run it to check.', { name: 'Bash', input: { command: failure.command } });
    w.toolResult(run!, failure.output, true);
  }
  const edit = w.assistant('I found the problem; applying the fix.', {
    name: 'Edit',
    input: { file_path: `${project.cwd}/${file}`, old_string: 'const a = 1;', new_string: 'const a = 2;' },
  });
  w.toolResult(edit!, `The file ${project.cwd}/${file} has been updated.`, false);
  if (rnd.chance(0.55)) {
    w.user(rnd.pick(skewed(rnd, CORRECTIONS)));
    const redo = w.assistant("You're right, sorry about that. Fixing it now.", {
      name: 'Bash',
      input: { command: 'pnpm install && pnpm test' },
    });
    w.toolResult(redo!, 'Tests: 42 passed, 42 total', false);
  }
  if (rnd.chance(0.35)) w.user(rnd.pick(skewed(rnd, PREFERENCES)));
  w.assistant(`Done: ${task.charAt(0).toLowerCase()}${task.slice(1)}.`);
  return { project, writer: w };
}

/** Writes the corpus and returns the files written. Deterministic for a given seed. */
export async function generateCorpus(options: CorpusOptions): Promise<string[]> {
  const rnd = new Random(options.seed ?? 7);
  const weeks = options.weeks ?? 12;
  const end = (options.end ?? new Date('2026-11-01T12:00:00Z')).getTime();
  const span = weeks * 7 * 24 * 3600 * 1000;
  const files: string[] = [];
  for (let i = 0; i < options.sessions; i++) {
    const start = end - span + Math.floor((span * i) / Math.max(1, options.sessions)) + rnd.int(0, 3600_000);
    const { project, writer } = generateSession(rnd, start, options.readBytes ?? 2000);
    const dir = path.join(options.outDir, project.cwd.replace(/\//g, '-'));
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${writer.sessionId}.jsonl`);
    writeFileSync(file, `${writer.lines.join('\n')}\n`);
    files.push(file);
  }
  return files;
}

/** Appends generated sessions to one big JSONL file until it reaches `bytes` (for the benchmark). */
export async function generateBigCorpus(outDir: string, bytes: number, readBytes = 24_000, seed = 11): Promise<string[]> {
  const rnd = new Random(seed);
  mkdirSync(outDir, { recursive: true });
  const files: string[] = [];
  let written = 0;
  let start = Date.parse('2026-06-01T00:00:00Z');
  while (written < bytes) {
    const { project, writer } = generateSession(rnd, start, readBytes);
    start += 3600_000;
    const file = path.join(outDir, `${project.slug}-${writer.sessionId}.jsonl`);
    const out = createWriteStream(file);
    for (const line of writer.lines) {
      if (!out.write(`${line}\n`)) await once(out, 'drain');
      written += line.length + 1;
    }
    out.end();
    await once(out, 'finish');
    files.push(file);
  }
  return files;
}
