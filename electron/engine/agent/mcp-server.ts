import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { MOMENT_KINDS } from '../../../shared/types.js';
import type { Scrubber } from '../digest/scrub/index.js';
import { ftsQuery, listSessions } from '../store/sessions.js';
import { failureIdsByText, failureMoments, logAgentCall, momentIdsInScope, nextSteps, patternsInScope } from '../store/agent.js';
import type { Db } from '../store/db.js';
import { patternTrends } from '../figures/pattern-trends.js';
import { agentAnswer } from './answer.js';
import { lessonsInScope } from './lessons-in-scope.js';
import { clip, MAX_ANSWER_CHARS, resultCount } from './limits.js';
import { narrowScope, scopeForCwd, type AgentScope } from './scope.js';

/*
 * `reverie mcp`: a read-only MCP server over stdio for the agent working in `cwd`. Four tools
 * (names fixed by the README); every answer is scrubbed like a digest (answer.ts), bounded
 * (limits.ts), limited to the project of the agent's working directory unless `allProjects`,
 * and logged in `agent_calls` (what was asked, how many bytes went back). Nothing is written
 * to the store but that log.
 */

export interface McpOptions {
  db: Db;
  /** The agent's working directory (Claude Code and Codex start MCP servers in the project). */
  cwd: string;
  allProjects: boolean;
  /** The clustering model whose patterns are listed. */
  model: string;
  /** A fresh scrubber for one answer (placeholders numbered per answer). */
  makeScrubber: () => Promise<Scrubber>;
  /** Embeds one query text for similar_failures, or null when no model is at hand (then words are matched). */
  embedQuery?: (text: string) => Promise<{ nearest: (k: number) => number[] } | null>;
  version: string;
}

type ToolResult = { content: { type: 'text'; text: string }[]; isError?: boolean };

export function createMcpServer(options: McpOptions): McpServer {
  const { db } = options;
  const base = scopeForCwd(db, options.cwd, options.allProjects);
  const server = new McpServer(
    { name: 'reverie', version: options.version },
    {
      instructions:
        'Reverie remembers this person\'s past agent sessions (read-only). Ask it before repeating a failed command ' +
        '(similar_failures), for the lessons they adopted (get_lessons), what keeps going wrong (list_patterns), ' +
        `or where something was done before (search_sessions). Answers are scrubbed of personal data and at most ${MAX_ANSWER_CHARS} characters.`,
    },
  );

  /** Runs one tool: the scope it may see, its answer scrubbed and bounded, the call logged. */
  const tool = async (name: string, args: Record<string, unknown>, project: string | undefined, answer: (scope: AgentScope) => Promise<string>): Promise<ToolResult> => {
    const scope = project ? narrowScope(db, base, project) : base;
    let text: string;
    let error: string | undefined;
    if (!scope) {
      error = `project "${project}" is outside this agent's project (${base.root}); the person can widen it with \`reverie mcp --all-projects\``;
      text = error;
    } else {
      try {
        text = await answer(scope);
      } catch (err) {
        error = (err as Error).message;
        text = `Reverie could not answer: ${error}`;
      }
    }
    logAgentCall(db, { surface: 'mcp', tool: name, args, project: scope?.root ?? base.root, bytes: Buffer.byteLength(text), error });
    return { content: [{ type: 'text', text }], ...(error ? { isError: true } : {}) };
  };

  const where = (scope: AgentScope) => scope.root ?? 'all projects';

  server.registerTool(
    'search_sessions',
    {
      title: 'Search past sessions',
      description: 'Full-text search over the stored agent sessions: session id, project, date and a snippet of the best match.',
      inputSchema: {
        query: z.string().min(1).describe('words to look for'),
        project: z.string().optional().describe('a project path or folder name (default: this working directory\'s project)'),
        limit: z.number().int().optional().describe('how many sessions (1-20, default 8)'),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ query, project, limit }) =>
      tool('search_sessions', { query, project, limit }, project, async (scope) => {
        const found = listSessions(db, { search: query, limit: resultCount(limit), projects: scope.projects });
        const items = found.map((s) => ({
          session: s.id,
          title: clip(s.title ?? '', 120),
          project: s.project,
          date: s.startedAt,
          snippet: clip(s.snippet ?? ''),
        }));
        return (await agentAnswer({ query, scope: where(scope) }, 'sessions', items, await options.makeScrubber())).text;
      }),
  );

  server.registerTool(
    'list_patterns',
    {
      title: 'Recurring patterns',
      description:
        'What keeps recurring in this person\'s sessions (corrections, tool failures, repeated tasks, stated preferences): ' +
        'name, kind, how often, in how many sessions, and its trend (growing, steady, fading or quiet lately).',
      inputSchema: {
        project: z.string().optional().describe('a project path or folder name (default: this working directory\'s project)'),
        kind: z.enum(MOMENT_KINDS).optional().describe('only this kind'),
        since: z.string().optional().describe('only occurrences from this date on (YYYY-MM-DD)'),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ project, kind, since }) =>
      tool('list_patterns', { project, kind, since }, project, async (scope) => {
        if (since !== undefined && Number.isNaN(Date.parse(since))) throw new Error(`since "${since}" is not a date (YYYY-MM-DD)`);
        const rows = patternsInScope(db, { model: options.model, projects: scope.projects, kind, since, limit: 30 });
        // The app's own figure (figures/trend.ts, relative to today), in the same window the app's
        // project filter gives: one project's sessions when the scope is one project, else all.
        const project = scope.projects?.length === 1 ? scope.projects[0] : undefined;
        const trends = patternTrends(db, options.model, { project });
        const items = rows.map((p) => ({
          pattern: p.id,
          name: clip(p.label, 120),
          kind: p.kind,
          keywords: p.keywords.slice(0, 6),
          times: p.inScope,
          timesEverywhere: p.size,
          sessions: p.sessions,
          lastSeen: p.lastSeen,
          trend: trends.get(p.id)?.direction ?? 'quiet',
          new: trends.get(p.id)?.flags.includes('new') ?? false,
        }));
        return (await agentAnswer({ scope: where(scope) }, 'patterns', items, await options.makeScrubber())).text;
      }),
  );

  server.registerTool(
    'get_lessons',
    {
      title: 'Lessons that apply here',
      description:
        'The lessons this person adopted that apply to a project: those learnt in that project and those that hold across projects.',
      inputSchema: {
        cwd: z.string().optional().describe('a directory in the project (default: this working directory)'),
        project: z.string().optional().describe('or a project path or folder name'),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ cwd, project }) =>
      tool('get_lessons', { cwd, project }, project ?? cwd, async (scope) => {
        const items = lessonsInScope(db, scope).map(({ lesson, scope: applies }) => ({
          lesson: lesson.id,
          title: clip(lesson.title, 120),
          rule: clip(lesson.rule, 600),
          why: lesson.why ? clip(lesson.why, 300) : null,
          scope: applies,
          adopted: lesson.adoptedAt,
        }));
        return (await agentAnswer({ scope: where(scope) }, 'lessons', items, await options.makeScrubber())).text;
      }),
  );

  server.registerTool(
    'similar_failures',
    {
      title: 'Have I hit this before?',
      description:
        'Give a failing command and/or its error output: the nearest past failures in this project, and what happened next ' +
        'in those sessions (the person\'s next words, the next call that succeeded), to see how it was solved before.',
      inputSchema: {
        text: z.string().min(1).describe('the failing command and/or its error output'),
        limit: z.number().int().optional().describe('how many past failures (1-20, default 8)'),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ text, limit }) =>
      tool('similar_failures', { text: clip(text, 2000), limit }, undefined, async (scope) => {
        const want = resultCount(limit);
        const search = options.embedQuery ? await options.embedQuery(text) : null;
        let ids: number[];
        let matchedBy: string;
        if (search) {
          const allowed = momentIdsInScope(db, 'failure', scope.projects);
          ids = search.nearest(Math.min(2000, Math.max(200, want * 25))).filter((id) => allowed.has(id)).slice(0, want);
          matchedBy = 'meaning (local embeddings)';
        } else {
          const q = ftsQuery(text).split(' ').slice(0, 12).join(' OR ');
          ids = q ? failureIdsByText(db, q, scope.projects, want) : [];
          matchedBy = 'words (no embedding model)';
        }
        const items = failureMoments(db, ids).map((f) => {
          const next = nextSteps(db, f.sessionId, f.messageSeq);
          return {
            failure: clip(f.text),
            session: f.sessionId,
            project: f.project,
            date: f.at,
            nextUserWords: next.nextUserText ? clip(next.nextUserText) : null,
            nextSuccessfulCall: next.nextSuccess ? { tool: next.nextSuccess.tool, input: clip(next.nextSuccess.input, 300) } : null,
          };
        });
        return (await agentAnswer({ scope: where(scope), matchedBy }, 'failures', items, await options.makeScrubber())).text;
      }),
  );

  return server;
}
