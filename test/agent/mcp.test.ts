import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ANSWER_CHARS } from '../../electron/engine/agent/limits.js';
import { embedTexts } from '../../electron/engine/embed/embed-texts.js';
import { HnswIndex } from '../../electron/engine/index/hnsw-index.js';
import { openStore } from '../../electron/engine/store/db.js';
import { seedAgentStore, type AgentStore } from '../helpers/agent-store.js';
import { tempDir } from '../helpers/fixtures.js';
import { REPO_DIR } from '../helpers/samples.js';
import { NO_MODELS_DIR as MODELS_DIR, TEST_MODEL as MODEL } from '../helpers/test-model.js';

/** The MCP client Claude Code and Codex use, talking to `reverie mcp` over stdio from a working directory. */
async function connect(data: string, cwd: string, extra: string[] = []): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [path.join(REPO_DIR, 'bin', 'reverie.mjs'), '--data-dir', data, '--models-dir', MODELS_DIR, '--model', MODEL, 'mcp', ...extra],
    cwd,
    stderr: 'pipe',
  });
  const client = new Client({ name: 'reverie-test', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<{ text: string; isError: boolean }> {
  const r = (await client.callTool({ name, arguments: args })) as { content: { type: string; text: string }[]; isError?: boolean };
  return { text: r.content.map((c) => c.text).join(''), isError: r.isError === true };
}

describe('reverie mcp, through the MCP SDK client over stdio', () => {
  const { dir, cleanup } = tempDir();
  const data = path.join(dir, 'data');
  const projectA = path.join(dir, 'shop-api');
  const projectB = path.join(dir, 'ledger');
  let seeded: AgentStore;
  let client: Client;

  beforeAll(async () => {
    for (const p of [projectA, path.join(projectA, 'src'), projectB]) mkdirSync(p, { recursive: true });
    const db = openStore(data);
    seeded = seedAgentStore(db, { a: projectA, b: projectB, model: MODEL });
    // What an analysis leaves for similar_failures: the failure moments in the model's HNSW index.
    const failures = db.prepare(`SELECT id, text FROM moments WHERE kind = 'failure' ORDER BY id`).all() as { id: number; text: string }[];
    const vectors = await embedTexts(failures.map((f) => f.text), { model: MODEL, modelsDir: MODELS_DIR, inProcess: true });
    const index = HnswIndex.open(data, MODEL, vectors[0]!.length);
    failures.forEach((f, i) => index.add(f.id, vectors[i]!));
    index.save();
    db.close();
    client = await connect(data, path.join(projectA, 'src'));
  }, 120_000);
  afterAll(async () => {
    await client?.close();
    cleanup();
  });

  it('offers exactly the four read-only tools', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['get_lessons', 'list_patterns', 'search_sessions', 'similar_failures']);
    for (const t of tools) expect(t.annotations?.readOnlyHint, t.name).toBe(true);
  });

  it('search_sessions finds only sessions of the working directory\'s project', async () => {
    const r = await call(client, 'search_sessions', { query: 'pnpm' });
    const body = JSON.parse(r.text);
    expect(body.sessions.map((s: { session: number }) => s.session).sort()).toEqual([...seeded.sessions.a].sort());
    expect(body.sessions[0].snippet).toContain('[pnpm]');
    // The other project's words are not found from here...
    expect(JSON.parse((await call(client, 'search_sessions', { query: 'cargo' })).text).sessions).toEqual([]);
    // ...and asking for it by name is refused, not answered.
    const refused = await call(client, 'search_sessions', { query: 'cargo', project: projectB });
    expect(refused.isError).toBe(true);
    expect(refused.text).toContain('--all-projects');
  });

  it('list_patterns gives names, kinds, counts and the trend for this project', async () => {
    const body = JSON.parse((await call(client, 'list_patterns', {})).text);
    expect(body.patterns).toHaveLength(1);
    expect(body.patterns[0]).toMatchObject({ pattern: seeded.clusters.npm, name: 'npm run lint: Missing script', kind: 'failure', times: 3, sessions: 3, trend: 'steady', new: false });
    // Two recent against one old occurrence in five sessions: too few sessions to call it growing (the app's
    // one definition, figures/trend.ts), where a bare recent-vs-before count would have said "rising".
    expect(JSON.parse((await call(client, 'list_patterns', { kind: 'correction' })).text).patterns).toEqual([]);
    expect((await call(client, 'list_patterns', { since: 'last tuesday' })).isError).toBe(true);
  });

  it('get_lessons returns the adopted lessons in scope, scrubbed', async () => {
    const r = await call(client, 'get_lessons', {});
    const body = JSON.parse(r.text);
    expect(body.lessons.map((l: { lesson: number }) => l.lesson).sort()).toEqual([seeded.lessons.projectA, seeded.lessons.everywhere].sort());
    expect(body.lessons.find((l: { lesson: number }) => l.lesson === seeded.lessons.everywhere).scope).toBe('user');
    expect(r.text).not.toContain('alice.moreau@example.org');
    expect(r.text).toContain('<EMAIL_1>');
  });

  it('similar_failures finds the nearest past failure by meaning and says how it went on', async () => {
    const r = await call(client, 'similar_failures', { text: '$ npm run lint\nnpm ERR! Missing script: "lint"\nnpm ERR! To see a list of scripts, run: npm run' });
    const body = JSON.parse(r.text);
    expect(body.matchedBy).toMatch(/meaning/);
    expect(body.failures.length).toBe(3);
    expect(new Set(body.failures.map((f: { session: number }) => f.session))).toEqual(new Set(seeded.sessions.a));
    expect(body.failures[0]).toMatchObject({ nextUserWords: 'we use pnpm here, not npm', nextSuccessfulCall: { tool: 'Bash', input: '{"command":"pnpm lint"}' } });
  });

  it('with --all-projects sees every project, and every answer stays within its size limit and is logged', async () => {
    const wide = await connect(data, dir, ['--all-projects']);
    try {
      const body = JSON.parse((await call(wide, 'similar_failures', { text: 'cargo build error[E0583]: file not found for module', limit: 50 })).text);
      expect(body.failures.map((f: { session: number }) => f.session)).toContain(seeded.sessions.b[0]);
      const big = await call(wide, 'search_sessions', { query: 'Trying again', limit: 500 });
      expect(big.text.length).toBeLessThanOrEqual(MAX_ANSWER_CHARS);
    } finally {
      await wide.close();
    }
    const db = openStore(data);
    const calls = db.prepare(`SELECT tool, args, bytes, error FROM agent_calls WHERE surface = 'mcp' ORDER BY id`).all() as { tool: string; args: string; bytes: number; error: string | null }[];
    db.close();
    expect(calls.map((c) => c.tool)).toContain('similar_failures');
    const refused = calls.find((c) => c.error);
    expect(refused).toMatchObject({ tool: 'search_sessions' });
    expect(JSON.parse(refused!.args)).toMatchObject({ query: 'cargo', project: projectB });
    for (const c of calls) expect(c.bytes).toBeGreaterThan(20);
  });
});
