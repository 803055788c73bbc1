// Types shared by the engine, the CLI and the renderer. No Node imports here:
// the renderer bundles this file.
import type { z } from 'zod';
import type {
  ClusterDetailSchema,
  ClusterMemberSchema,
  ClusterSummarySchema,
  FileReportSchema,
  ImportSummarySchema,
  LessonSchema,
  MapColumnsSchema,
  MomentSchema,
  OutboxEntrySchema,
  ProgressSchema,
  SessionDetailSchema,
  SessionSummarySchema,
  StoredMessageSchema,
  ToolCallSchema,
  ToolResultSchema,
} from './api.js';

/** Every log format Reverie can read. The id is stored with each session. */
export const FORMAT_IDS = [
  'claude-code',
  'claude-ai',
  'chatgpt',
  'codex',
  'gemini-cli',
  'cline',
  'cline-ui',
  'aider',
  'copilot-chat',
  'openai-messages',
  'sharegpt',
  'anthropic-messages',
] as const;
export type FormatId = (typeof FORMAT_IDS)[number];

export const ROLES = ['user', 'assistant', 'system', 'tool'] as const;
export type Role = (typeof ROLES)[number];

/*
 * The types of what crosses the API are derived from its zod schemas (shared/api.ts), which are
 * the one source of truth: change a field there and every user of these names sees it. The
 * import is type-only, so no runtime cycle arises from api.ts importing the constants above.
 */
export type ToolCall = z.infer<typeof ToolCallSchema>;
export type ToolResult = z.infer<typeof ToolResultSchema>;

/** One message of a session, normalised across formats. */
export interface ParsedMessage {
  /** The log's own id for the message, used for branches (parent links). */
  externalId?: string;
  parentExternalId?: string;
  role: Role;
  text: string;
  toolCalls?: ToolCall[];
  toolResults?: ToolResult[];
  /** ISO 8601 timestamp, when the log has one. */
  timestamp?: string;
  /** False for messages off the main thread (edited-away ChatGPT branches, abandoned Claude Code forks). */
  onMainThread?: boolean;
  /** True for sub-agent (sidechain) traffic inlined in the session. */
  sidechain?: boolean;
  model?: string;
  /** Tokens the model call behind this (assistant) message used, when the log records them. */
  usage?: TokenUsage;
}

/**
 * Tokens of one model call, Anthropic's split: `input` excludes cached input, which is counted
 * as `cacheRead` (read from the prompt cache) and `cacheWrite` (written to it). OpenAI-style
 * logs (Codex) count cached input inside input; importers move it to cacheRead.
 */
export interface TokenUsage {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

/** A session as an importer yields it, before it is stored. */
export interface ParsedSession {
  format: FormatId;
  /** The log's own id (sessionId, conversation uuid...). When absent the content hash stands in. */
  externalId?: string;
  title?: string;
  /** Working directory or project the session belongs to. */
  project?: string;
  gitBranch?: string;
  model?: string;
  startedAt?: string;
  endedAt?: string;
  messages: ParsedMessage[];
}

export type FileImportReport = z.infer<typeof FileReportSchema>;
export type ImportSummary = z.infer<typeof ImportSummarySchema>;
export type SessionSummary = z.infer<typeof SessionSummarySchema>;
export type StoredMessage = z.infer<typeof StoredMessageSchema>;
export type SessionDetail = z.infer<typeof SessionDetailSchema>;
export type Progress = z.infer<typeof ProgressSchema>;

// ---- Analysis: moments, clusters, map ----

export const MOMENT_KINDS = ['correction', 'failure', 'task', 'preference'] as const;
export type MomentKind = (typeof MOMENT_KINDS)[number];

export type Moment = z.infer<typeof MomentSchema>;
export type ClusterSummary = z.infer<typeof ClusterSummarySchema>;
export type ClusterMember = z.infer<typeof ClusterMemberSchema>;
export type ClusterDetail = z.infer<typeof ClusterDetailSchema>;

export interface MapPoint {
  momentId: number;
  x: number;
  y: number;
  kind: MomentKind;
  /** -1 for noise. */
  clusterId: number;
}

/**
 * The map's points as the API sends them: parallel columns, point i being index i of every array.
 * At 100k points, five arrays of numbers are a fraction of the JSON (and of the checking and
 * parsing) of 100k objects, and the map draws from arrays anyway.
 */
export type MapColumns = z.infer<typeof MapColumnsSchema>;

/** Decimal places kept of a map coordinate: 1e-4 of a map about 2 wide is far below a pixel, even zoomed in. */
export const MAP_DECIMALS = 4;

// ---- Privacy layers and lessons ----

/** What may leave the machine about one cluster: short, scrubbed, aggregated. */
export interface ClusterDigest {
  clusterId: number;
  kind: MomentKind;
  size: number;
  sessions: number;
  projects: number;
  firstSeen: string | null;
  lastSeen: string | null;
  keywords: string[];
  /** Up to five short scrubbed example snippets. */
  examples: string[];
  /** The kind of each example (a pattern spans kinds); not part of the text sent. */
  exampleKinds?: MomentKind[];
  /** The exact text sent (at most about 1,500 characters). */
  text: string;
  /**
   * Scrubbed names of the nearest other patterns that may leave the machine themselves (layer 2),
   * sent beside the digest so Claude names this one apart from them (contrastive naming).
   */
  nearby?: string[];
}

export type Lesson = z.infer<typeof LessonSchema>;
export type LessonStatus = Lesson['status'];
export type OutboxEntry = z.infer<typeof OutboxEntrySchema>;
