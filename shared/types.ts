// Types shared by the engine, the CLI and the renderer. No Node imports here:
// the renderer bundles this file.

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

export type Role = 'user' | 'assistant' | 'system' | 'tool';

/** A tool invocation made by the assistant inside one message. */
export interface ToolCall {
  /** The id the log uses to pair the call with its result (tool_use id, call_id...), if any. */
  callId?: string;
  name: string;
  /** The call's input, as JSON text (or plain text when the log holds no JSON). */
  input: string;
}

/** The outcome of a tool call, as it came back to the model. */
export interface ToolResult {
  callId?: string;
  /** Name of the tool when the log says it (results are usually paired by callId instead). */
  name?: string;
  output: string;
  isError: boolean;
}

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

/** What happened to one input file during an import. */
export interface FileImportReport {
  /** The file's path; for a zip member, `archive.zip!/member/path`. */
  file: string;
  format: FormatId | null;
  sessionsAdded: number;
  sessionsUpdated: number;
  sessionsSkipped: number;
  messagesAdded: number;
  bytes: number;
  /** Set when the file failed: nothing of it was written. Names the line or JSON path where it applies. */
  error?: string;
  /** The file was byte-for-byte imported before, so it was not read again. */
  alreadyImported?: boolean;
  /** The person cancelled this file during the import: nothing of it was written (or it was not read at all). */
  cancelled?: boolean;
  /** Passed over on purpose, not read (a symbolic link or a device met in a folder): why. Not a failure. */
  skipped?: string;
}

export interface ImportSummary {
  files: FileImportReport[];
  sessionsAdded: number;
  sessionsUpdated: number;
  sessionsSkipped: number;
  messagesAdded: number;
  failed: number;
}

export interface SessionSummary {
  id: number;
  format: FormatId;
  externalId: string;
  title: string | null;
  project: string | null;
  gitBranch: string | null;
  model: string | null;
  startedAt: string | null;
  endedAt: string | null;
  messageCount: number;
  /** Text snippet around a search hit, when listed by a search. */
  snippet?: string;
  /** The message of the best hit, when listed by a search (the reader scrolls to it). */
  hitMessageId?: number;
  /** Imported from the built-in sample data. */
  sample?: boolean;
}

export interface StoredMessage {
  id: number;
  seq: number;
  role: Role;
  text: string;
  timestamp: string | null;
  onMainThread: boolean;
  sidechain: boolean;
  externalId: string | null;
  parentExternalId: string | null;
  toolCalls: ToolCall[];
  toolResults: ToolResult[];
}

export interface SessionDetail extends SessionSummary {
  messages: StoredMessage[];
}

/** Progress of a long job, reported to the CLI's progress bar and the UI. */
export interface Progress {
  phase: string;
  done: number;
  total: number;
  /** What is being worked on (a file name, say). */
  item?: string;
}

// ---- Analysis: moments, clusters, map ----

export const MOMENT_KINDS = ['correction', 'failure', 'task', 'preference'] as const;
export type MomentKind = (typeof MOMENT_KINDS)[number];

/** A short excerpt worth clustering, with a link back to where it happened. */
export interface Moment {
  id: number;
  sessionId: number;
  messageId: number;
  kind: MomentKind;
  /** What is embedded and clustered: the person's words, or the failing call and its error. */
  text: string;
  /** The agent action it reacts to (the tool call, the assistant's last words), if any. */
  context: string | null;
  at: string | null;
}

export interface ClusterSummary {
  id: number;
  kind: MomentKind;
  label: string;
  keywords: string[];
  size: number;
  sessions: number;
  projects: number;
  firstSeen: string | null;
  lastSeen: string | null;
  /** Moments per ISO week (`2026-W14`), oldest first, weeks without any included as 0. */
  weekly: { week: string; count: number }[];
  /** Set when `label` is the name Claude gave the pattern with its lessons (else the local name). */
  namedBy?: 'claude';
}

export interface ClusterMember extends Moment {
  score: number;
  sessionTitle: string | null;
  project: string | null;
}

export interface ClusterDetail extends ClusterSummary {
  /** Most representative first. */
  members: ClusterMember[];
  /** A pattern spans kinds: how many moments of each (API detail). */
  kinds?: Partial<Record<MomentKind, number>>;
  /** The fine clusters the pattern is made of, largest first (API detail). */
  variants?: { id: number; kind: MomentKind; label: string; keywords: string[]; size: number }[];
}

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
export interface MapColumns {
  momentIds: number[];
  /** Index into MOMENT_KINDS. */
  kinds: number[];
  /** -1 for noise. */
  clusterIds: number[];
  /** Map coordinates (about [-1, 1]), rounded to MAP_DECIMALS places. */
  x: number[];
  y: number[];
}

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

export type LessonStatus = 'draft' | 'adopted' | 'retired';

export interface Lesson {
  id: number;
  clusterId: number | null;
  kind: MomentKind | null;
  title: string;
  /** Imperative, at most two sentences, specific. */
  rule: string;
  why: string | null;
  appliesWhen: string | null;
  confidence: number | null;
  source: 'claude' | 'local';
  model: string | null;
  status: LessonStatus;
  adoptedAt: string | null;
  retiredAt: string | null;
  /** When an export first wrote it into an instructions file (the agent reads it from then on). */
  exportedAt?: string | null;
  evidence: number[];
  /** How many times its pattern was seen now (listLessons through the API only); evidence keeps at most 100 of them. */
  patternSeen?: number | null;
  helpful: number;
  harmful: number;
  createdAt: string;
  updatedAt: string;
}

export interface OutboxEntry {
  id: number;
  createdAt: string;
  url: string;
  model: string | null;
  clusterIds: number[];
  /** The request body exactly as sent. */
  request: string;
  status: number | null;
  response: string | null;
  error: string | null;
}
