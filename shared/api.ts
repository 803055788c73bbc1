// The app's API, defined once: every method the renderer may call, with zod schemas for its
// parameters and its result. The Electron IPC handlers, the browser-mode HTTP server and both
// renderer clients are all typed from this table, and the engine side validates every
// message against it (parameters coming in, results going out). shared/types.ts derives the
// matching TypeScript types from these schemas (z.infer), so the two cannot drift. No Node
// imports here: the renderer bundles this file.
import { z } from 'zod';
import { SCOPE_API } from './api-scope.js';
import { FORMAT_IDS, MOMENT_KINDS, ROLES } from './types.js';

const id = z.number().int().positive();
const isoOrNull = z.string().nullable();
const format = z.enum(FORMAT_IDS);
const kind = z.enum(MOMENT_KINDS);

/** Progress of a long job, reported to the CLI's progress bar and the UI. */
export const ProgressSchema = z.object({
  phase: z.string(),
  done: z.number(),
  total: z.number(),
  /** What is being worked on (a file name, say). */
  item: z.string().optional(),
});

/** What happened to one input file during an import. */
export const FileReportSchema = z.object({
  /** The file's path; for a zip member, `archive.zip!/member/path`. */
  file: z.string(),
  format: format.nullable(),
  sessionsAdded: z.number(),
  sessionsUpdated: z.number(),
  sessionsSkipped: z.number(),
  messagesAdded: z.number(),
  bytes: z.number(),
  /** Set when the file failed: nothing of it was written. Names the line or JSON path where it applies. */
  error: z.string().optional(),
  /** The file was byte-for-byte imported before, so it was not read again. */
  alreadyImported: z.boolean().optional(),
  /** Cancelled by the person during the import: nothing of it was written (or it was not read at all). */
  cancelled: z.boolean().optional(),
  /** Passed over on purpose, not read (a symbolic link or a device met in a folder): why. */
  skipped: z.string().optional(),
});

export const ImportSummarySchema = z.object({
  files: z.array(FileReportSchema),
  sessionsAdded: z.number(),
  sessionsUpdated: z.number(),
  sessionsSkipped: z.number(),
  messagesAdded: z.number(),
  failed: z.number(),
});

export const SessionSummarySchema = z.object({
  id,
  format,
  externalId: z.string(),
  title: z.string().nullable(),
  project: z.string().nullable(),
  gitBranch: z.string().nullable(),
  model: z.string().nullable(),
  startedAt: isoOrNull,
  endedAt: isoOrNull,
  messageCount: z.number(),
  /** Text snippet around a search hit, when listed by a search. */
  snippet: z.string().optional(),
  /** The message of the best hit, when listed by a search (the reader scrolls to it). */
  hitMessageId: id.optional(),
  /** Imported from the built-in sample data. */
  sample: z.boolean().optional(),
});

/** A tool invocation made by the assistant inside one message. */
export const ToolCallSchema = z.object({
  /** The id the log uses to pair the call with its result (tool_use id, call_id...), if any. */
  callId: z.string().optional(),
  name: z.string(),
  /** The call's input, as JSON text (or plain text when the log holds no JSON). */
  input: z.string(),
});
/** The outcome of a tool call, as it came back to the model. */
export const ToolResultSchema = z.object({
  callId: z.string().optional(),
  /** Name of the tool when the log says it (results are usually paired by callId instead). */
  name: z.string().optional(),
  output: z.string(),
  isError: z.boolean(),
});

export const StoredMessageSchema = z.object({
  id,
  seq: z.number(),
  role: z.enum(ROLES),
  text: z.string(),
  timestamp: isoOrNull,
  onMainThread: z.boolean(),
  sidechain: z.boolean(),
  externalId: z.string().nullable(),
  parentExternalId: z.string().nullable(),
  toolCalls: z.array(ToolCallSchema),
  toolResults: z.array(ToolResultSchema),
});

export const SessionDetailSchema = SessionSummarySchema.extend({ messages: z.array(StoredMessageSchema) });

/** Weeks counted as "recent" when judging a pattern's trend (the one definition: electron/engine/figures/trend.ts). */
export const TREND_RECENT_WEEKS = 4;
/** A pattern first seen in this many last weeks of the window is "new". */
export const TREND_NEW_WEEKS = 2;
export const TREND_FLAGS = ['new', 'growing'] as const;
export const TREND_DIRECTIONS = ['growing', 'steady', 'fading', 'quiet'] as const;
export type TrendFlag = (typeof TREND_FLAGS)[number];
export type TrendDirection = (typeof TREND_DIRECTIONS)[number];
/** The words every screen and the CLI show for a direction. */
export const TREND_WORDS: Record<TrendDirection, string> = {
  growing: '↑ growing',
  steady: '→ steady',
  fading: '↓ fading',
  quiet: 'quiet lately',
};
/** What a direction means, for tooltips and help. */
export const TREND_MEANING: Record<TrendDirection, string> = {
  growing: `more per session in the last ${TREND_RECENT_WEEKS} weeks than before (a clear rise)`,
  steady: `seen in the last ${TREND_RECENT_WEEKS} weeks, about as often per session as before`,
  fading: `less per session in the last ${TREND_RECENT_WEEKS} weeks than before (a clear drop)`,
  quiet: `not seen in the last ${TREND_RECENT_WEEKS} weeks`,
};

/** A pattern's trend up to the end of the window (today unless a "to" is chosen). */
export const PatternTrendSchema = z.object({
  direction: z.enum(TREND_DIRECTIONS),
  flags: z.array(z.enum(TREND_FLAGS)),
  firstSeen: isoOrNull,
  recentRate: z.number().nullable(),
  earlierRate: z.number().nullable(),
  pGrowing: z.number(),
});

export const ClusterSummarySchema = z.object({
  id,
  kind,
  label: z.string(),
  keywords: z.array(z.string()),
  size: z.number(),
  sessions: z.number(),
  projects: z.number(),
  firstSeen: isoOrNull,
  lastSeen: isoOrNull,
  /** Moments per ISO week (`2026-W14`), oldest first, weeks without any included as 0. */
  weekly: z.array(z.object({ week: z.string(), count: z.number() })),
  /** Its trend in the listed window (listClusters); absent elsewhere. */
  trend: PatternTrendSchema.optional(),
  /** The label is the name Claude gave the pattern with its lessons. */
  namedBy: z.literal('claude').optional(),
});

/** A short excerpt worth clustering, with a link back to where it happened. */
export const MomentSchema = z.object({
  id,
  sessionId: id,
  messageId: id,
  kind,
  /** What is embedded and clustered: the person's words, or the failing call and its error. */
  text: z.string(),
  /** The agent action it reacts to (the tool call, the assistant's last words), if any. */
  context: z.string().nullable(),
  at: isoOrNull,
});

export const ClusterMemberSchema = MomentSchema.extend({ score: z.number(), sessionTitle: z.string().nullable(), project: z.string().nullable() });

export const ClusterDetailSchema = ClusterSummarySchema.extend({
  /** Most representative first. */
  members: z.array(ClusterMemberSchema),
  /** A pattern spans kinds: how many moments of each. */
  kinds: z.partialRecord(kind, z.number()).optional(),
  /** The fine clusters it is made of (from the last full analysis), largest first. */
  variants: z.array(z.object({ id, kind, label: z.string(), keywords: z.array(z.string()), size: z.number() })).optional(),
});

/** One column of the map: numbers that each pass `ok`, in one loop (zod's per-element checks cost ~6× more at 100k points). */
const mapColumn = (ok: (v: number) => boolean, what: string) =>
  z.custom<number[]>((v) => Array.isArray(v) && v.every((x) => typeof x === 'number' && ok(x)), { message: `expected an array of ${what}` });

/** The map's points as parallel columns (see MapColumns): every column as long as the ids. */
export const MapColumnsSchema = z
  .object({
    momentIds: mapColumn((v) => Number.isInteger(v) && v > 0, 'moment ids'),
    /** Index into MOMENT_KINDS. */
    kinds: mapColumn((v) => Number.isInteger(v) && v >= 0 && v < MOMENT_KINDS.length, 'indices into MOMENT_KINDS'),
    /** -1 for noise. */
    clusterIds: mapColumn((v) => Number.isInteger(v) && (v > 0 || v === -1), 'cluster ids (-1 for noise)'),
    /** Map coordinates (about [-1, 1]), rounded to MAP_DECIMALS places. */
    x: mapColumn(Number.isFinite, 'finite numbers'),
    y: mapColumn(Number.isFinite, 'finite numbers'),
  })
  .refine((c) => [c.kinds, c.clusterIds, c.x, c.y].every((a) => a.length === c.momentIds.length), { message: 'the map columns differ in length' });

export const LessonSchema = z.object({
  id,
  clusterId: z.number().nullable(),
  kind: kind.nullable(),
  title: z.string(),
  /** Imperative, at most two sentences, specific. */
  rule: z.string(),
  why: z.string().nullable(),
  appliesWhen: z.string().nullable(),
  confidence: z.number().nullable(),
  source: z.enum(['claude', 'local']),
  model: z.string().nullable(),
  status: z.enum(['draft', 'adopted', 'retired']),
  adoptedAt: isoOrNull,
  retiredAt: isoOrNull,
  exportedAt: isoOrNull.optional(),
  evidence: z.array(z.number()),
  /** How many times its pattern was seen (the pattern's moments now; evidence keeps at most the 100 most typical). listLessons only. */
  patternSeen: z.number().nullable().optional(),
  helpful: z.number(),
  harmful: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const OutboxEntrySchema = z.object({
  id,
  createdAt: z.string(),
  url: z.string(),
  model: z.string().nullable(),
  clusterIds: z.array(z.number()),
  /** The request body exactly as sent. */
  request: z.string(),
  status: z.number().nullable(),
  response: z.string().nullable(),
  error: z.string().nullable(),
});

/** The settings the UI may read and change (mirrors engine/config/settings; secrets never pass here). */
export const SettingsSchema = z.object({
  model: z.string(),
  modelsDir: z.string(),
  lessonModel: z.string(),
  minSessions: z.number().int().min(1),
  minProjects: z.number().int().min(1),
  scrubNames: z.array(z.string()),
  /** When the app dreams on its own: nightly or hourly at dreamAt (local time), or never. */
  dreamSchedule: z.enum(['nightly', 'hourly', 'off']),
  dreamAt: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time HH:MM'),
  /** What an agent sees through `reverie mcp`: only its own project (false) or every project. */
  agentAllProjects: z.boolean(),
  /** The app analyses by itself after an import that brought new or changed sessions. */
  autoAnalyze: z.boolean(),
  /** Import caps on hostile input (engine import/limits.ts): a zip member's size and ratio, a line, an upload. */
  maxUnzippedMB: z.number().int().min(1),
  maxZipRatio: z.number().int().min(1),
  maxLineMB: z.number().int().min(1).max(400),
  maxUploadMB: z.number().int().min(1),
});

const agentScopeParams = z
  .object({
    scope: z.enum(['user', 'project']),
    /** The project folder, for the project scope (an absolute path). */
    projectDir: z.string().min(1).max(4096).optional(),
  })
  .strict();

export const AgentSetupSchema = z.object({
  hooks: z.object({
    file: z.string(),
    /** The file now ('' when it does not exist) and as it would be. */
    before: z.string(),
    after: z.string(),
    changed: z.boolean(),
    commands: z.object({ SessionStart: z.string(), SessionEnd: z.string() }),
  }),
  mcp: z.object({ claudeCode: z.string(), codexToml: z.string() }),
});

export const EXPORT_FORMATS = ['claude-md', 'agents-md', 'cursor', 'prompt', 'json'] as const;

const none = z.object({}).strict();
const byId = z.object({ id }).strict();
const jobStarted = z.object({ jobId: z.string() });

const EstimateSchema = z.object({ inputTokens: z.number(), outputTokensMax: z.number(), usdMax: z.number().nullable() });

/** The consent step: every request exactly as it would leave, with its estimate; nothing is sent yet. */
const TextPartsSchema = z.array(z.object({ text: z.string(), placeholder: z.literal(true).optional() }));
/** What one request says about the person, readable: lesson/consent-view.ts. */
export const ConsentPatternSchema = z.object({
  clusterId: z.number(),
  label: z.string(),
  kind,
  facts: z.string(),
  keywords: z.array(TextPartsSchema),
  examples: z.array(TextPartsSchema),
  lessons: z.array(z.object({ id: z.number(), text: TextPartsSchema })),
  /** Names of nearby patterns sent beside the digest (contrastive naming). */
  nearby: z.array(TextPartsSchema),
  placeholders: z.array(z.string()),
});

export const LessonPlanSchema = z.object({
  planId: z.string(),
  /** Whether an API key is set; without one the plan can be read but not sent. */
  hasKey: z.boolean(),
  url: z.string(),
  requests: z.array(
    z.object({ clusterId: z.number(), label: z.string(), model: z.string(), bytes: z.string(), estimate: EstimateSchema, view: ConsentPatternSchema }),
  ),
  total: EstimateSchema,
  /** Patterns the privacy layers refused, by name, with the reason in words. */
  refused: z.array(z.object({ clusterId: z.number(), label: z.string(), reason: z.string() })),
});

/** The outcome of a sendLessons job; when cancelled, `sent` < `planned` and the rest were never sent. */
export const SendLessonsResultSchema = z.object({
  planned: z.number(),
  sent: z.number(),
  changes: z.number(),
  failures: z.array(z.object({ clusterId: z.number(), pattern: z.string().nullable(), error: z.string() })),
});

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');
/** Filters shared by the cluster list and the map: a moment matches when it has this kind, project and date. */
const momentFilter = { kind: kind.optional(), project: z.string().max(1000).optional(), from: date.optional(), to: date.optional() };

/** A report's time window (whole days, inclusive; default: all stored sessions up to now) and project. */
const reportFilter = { project: z.string().max(1000).optional(), from: date.optional(), to: date.optional() };

/**
 * Whether an API key is set and where it lives: 'memory' (browser mode: this server process), 'encrypted' (the
 * desktop's OS keychain) or 'session' (the desktop without a keychain that protects it: memory until the app
 * quits); `note` says why in words when it is not kept.
 */
export const ApiKeyStatusSchema = z.object({ hasKey: z.boolean(), storage: z.enum(['memory', 'encrypted', 'session']), note: z.string().optional() });

export const WatchedSourceSchema = z.object({ path: z.string(), addedAt: z.string(), exists: z.boolean() });
/** A known agent log folder found on this machine and not watched yet; `label` shows it with ~ for the home folder. */
export const DetectedSourceSchema = z.object({ tool: z.string(), path: z.string(), label: z.string() });

/** When the app next dreams on its own, from the schedule in settings (engine dream/schedule.ts). */
export const DreamScheduleSchema = z.object({
  schedule: z.enum(['nightly', 'hourly', 'off']),
  /** HH:MM, local time: the nightly run's time, or (hourly) the minute past each hour. */
  at: z.string(),
  /** The next scheduled run (ISO), or null when the schedule is off. */
  nextRunAt: isoOrNull,
  /** A slot passed since the last run (the machine slept, or the app was closed): a run starts at once. */
  due: z.boolean(),
});

/** One dream run: what it read, what it changed, how long it took (see engine/dream/dream-run). */
export const DreamRunSchema = z.object({
  id,
  startedAt: z.string(),
  finishedAt: isoOrNull,
  trigger: z.string(),
  filesSeen: z.number(),
  filesRead: z.number(),
  filesFailed: z.number(),
  sessionsAdded: z.number(),
  sessionsUpdated: z.number(),
  momentsAdded: z.number(),
  clustersNew: z.number(),
  clustersGone: z.number(),
  clustersRegrouped: z.number(),
  /** Why the analysis did not run (nothing new), or null when it ran. */
  analysisSkipped: z.string().nullable(),
  /** How it ran: new moments assigned to existing patterns, or everything re-clustered (null: it did not run). */
  mode: z.enum(['incremental', 'full']).nullable(),
  /** Why everything was re-clustered (full runs). */
  reclusterReason: z.string().nullable(),
  /** Incremental runs: new moments that joined a pattern / wait for the next re-cluster. */
  assigned: z.number().nullable(),
  unassigned: z.number().nullable(),
  /** Watched paths that were not there during the run. */
  missing: z.array(z.string()),
  seconds: z.number().nullable(),
  error: z.string().nullable(),
});

/** A cluster's rate per session, week by week (weeks start Monday, UTC), with its flags. */
export const ClusterTrendSchema = z.object({
  clusterId: id,
  kind,
  label: z.string(),
  /** The last weeks of the window only (enough for a sparkline): rate = moments / sessions that week. */
  weeks: z.array(z.object({ week: z.string(), sessions: z.number(), moments: z.number(), rate: z.number().nullable() })),
  moments: z.number(),
  firstSeen: isoOrNull,
  recentRate: z.number().nullable(),
  earlierRate: z.number().nullable(),
  pGrowing: z.number(),
  flags: z.array(z.enum(TREND_FLAGS)),
  direction: z.enum(TREND_DIRECTIONS),
});
export const TrendReportSchema = z.object({
  from: isoOrNull,
  to: z.string(),
  sessions: z.number(),
  undated: z.number(),
  clusters: z.array(ClusterTrendSchema),
});

export const EFFECT_VERDICTS = ['fewer since adopted', 'more since adopted', 'no change yet', 'too little data'] as const;
const EffectWindowSchema = z.object({ from: z.string(), to: z.string(), sessions: z.number(), moments: z.number(), rate: z.number().nullable() });
/** Does an adopted lesson work: its cluster's rate per session in equal windows before and after adoption. */
export const LessonEffectSchema = z.object({
  lessonId: id,
  clusterId: id,
  adoptedAt: z.string(),
  windowDays: z.number(),
  before: EffectWindowSchema,
  after: EffectWindowSchema,
  /** One-sided p-values (exact conditional test on counts): the rate fell / rose since adoption. */
  pFewer: z.number(),
  pMore: z.number(),
  verdict: z.enum(EFFECT_VERDICTS),
  helpful: z.number(),
  harmful: z.number(),
});

/** What to delete: one session, what one import brought, a project, the sample data, or everything. */
export const DeleteTargetSchema = z.union([
  z.object({ session: id }).strict(),
  z.object({ source: id }).strict(),
  z.object({ project: z.string().min(1).max(1000) }).strict(),
  z.object({ sample: z.literal(true) }).strict(),
  z.object({ all: z.literal(true) }).strict(),
]);

/** What a delete removes (engine store/delete.ts DeletePlan), counted before anyone confirms. */
export const DeletePlanSchema = z.object({
  what: z.string(),
  sessions: z.number(),
  messages: z.number(),
  moments: z.number(),
  embeddings: z.number(),
  clustersRemoved: z.number(),
  clustersShrunk: z.number(),
  indexEntries: z.number(),
  lessonsTouched: z.number(),
  lessonsWithoutEvidence: z.number(),
  lessonsUnlinked: z.number(),
  sources: z.number(),
  lessons: z.number().optional(),
  outbox: z.number().optional(),
  dreamRuns: z.number().optional(),
  watched: z.number().optional(),
});

/** Where the stored sessions came from, for deleting by source, project or sample data. */
export const DataSourcesSchema = z.object({
  sources: z.array(
    z.object({ id, path: z.string(), format: format.nullable(), importedAt: z.string(), sessions: z.number(), sample: z.boolean() }),
  ),
  projects: z.array(z.object({ project: z.string(), sessions: z.number() })),
  sampleSessions: z.number(),
});

export const AnalysisResultSchema = z.object({
  moments: z.number(),
  clustered: z.number(),
  clusters: z.record(z.string(), z.number()),
  seconds: z.number(),
});

/** Every method: its parameters and its result. */
/** The figures an analysis job ends with (the `analyze` job's result). */
export const AnalyzeResultSchema = z.object({
  moments: z.number(),
  clustered: z.number(),
  /** Patterns per most common kind. */
  clusters: z.record(kind, z.number()),
  seconds: z.number(),
});

/**
 * What each kind of job ends with: an import its summary, an analysis its figures, a dream run the
 * run as listed, sending lessons its tally (a cancelled job keeps what it did before the cancel).
 */
export const JOB_RESULT_SCHEMAS = {
  import: ImportSummarySchema,
  analyze: AnalyzeResultSchema,
  dream: DreamRunSchema,
  lessons: SendLessonsResultSchema,
} as const;
export type JobKind = keyof typeof JOB_RESULT_SCHEMAS;
export const JOB_KINDS = Object.keys(JOB_RESULT_SCHEMAS) as JobKind[];

/** A long job's life, as the UI polls it: per-file reports are numbered so a poll asks only for new ones. */
export const JobStateSchema = z.enum(['running', 'done', 'failed', 'cancelled']);
// The result schema is passed in (not looked up by kind) so each member's result stays typed as its own.
const jobStatusOf = <K extends JobKind, R extends z.ZodType>(jobKind: K, resultSchema: R) =>
  z.object({
    jobId: z.string(),
    kind: z.literal(jobKind),
    state: JobStateSchema,
    /** The latest progress event, if any yet. */
    progress: ProgressSchema.nullable(),
    /** Files finished after `since` (imports), oldest first. */
    files: z.array(FileReportSchema),
    /** The number to pass as `since` next time. */
    next: z.number().int(),
    /** The job's outcome once it ended with one (done, or cancelled after doing something worth showing). */
    result: resultSchema.optional(),
    error: z.string().optional(),
  });
/** A job's status, one shape per kind: `kind` tells which result it carries. */
export const JobStatusSchema = z.discriminatedUnion('kind', [
  jobStatusOf('import', ImportSummarySchema),
  jobStatusOf('analyze', AnalyzeResultSchema),
  jobStatusOf('dream', DreamRunSchema),
  jobStatusOf('lessons', SendLessonsResultSchema),
]);

const jobOutcomeOf = <K extends JobKind, R extends z.ZodType>(jobKind: K, result: R) => z.object({ kind: z.literal(jobKind), result });
/** A job's kind with its result, checked together (the engine keeps its jobs' results as this). */
export const JobOutcomeSchema = z.discriminatedUnion('kind', [
  jobOutcomeOf('import', ImportSummarySchema),
  jobOutcomeOf('analyze', AnalyzeResultSchema),
  jobOutcomeOf('dream', DreamRunSchema),
  jobOutcomeOf('lessons', SendLessonsResultSchema),
]);
export type JobOutcome = z.output<typeof JobOutcomeSchema>;

/** `skip`: leading path parts that are not the result's own (the outcome's `result`). */
function contractBreach(what: string, error: z.ZodError, skip = 0): Error {
  const issue = error.issues[0];
  return new Error(`${what} returned a result outside the API contract: ${issue.path.slice(skip).join('.') || 'result'}: ${issue.message}`);
}

/** A job's kind and result, checked where a result crosses from the engine or a job worker. */
export function parseJobOutcome(jobKind: JobKind, raw: unknown): JobOutcome {
  const parsed = JobOutcomeSchema.safeParse({ kind: jobKind, result: raw });
  if (!parsed.success) throw contractBreach(`the ${jobKind} job`, parsed.error, 1);
  return parsed.data;
}

/** A result of a job of a kind known beforehand (the renderer, which started it), checked. */
export function parseJobResult<K extends JobKind>(jobKind: K, raw: unknown): JobResult<K> {
  const parsed = JOB_RESULT_SCHEMAS[jobKind].safeParse(raw);
  if (!parsed.success) throw contractBreach(`the ${jobKind} job`, parsed.error);
  // zod types the output as the union over kinds; the schema checked is K's own.
  return parsed.data as JobResult<K>;
}

export const API = {
  status: {
    params: none,
    result: z.object({
      sessions: z.number(),
      messages: z.number(),
      clusters: z.number(),
      lessons: z.number(),
      model: z.string(),
      /** Where this run keeps its store and settings. */
      dataDir: z.string(),
    }),
  },
  importSample: { params: z.object({ sessions: z.number().int().min(1).max(2000).optional() }).strict(), result: jobStarted },
  importPaths: { params: z.object({ paths: z.array(z.string().min(1)).min(1).max(10_000) }).strict(), result: jobStarted },
  /** Browser mode: imports the files uploaded into one upload batch (see the server's /upload route). */
  importUpload: { params: z.object({ batch: z.string().regex(/^[a-z0-9]{8,64}$/) }).strict(), result: jobStarted },
  analyze: { params: none, result: jobStarted },
  jobStatus: { params: z.object({ jobId: z.string().min(1).max(64), since: z.number().int().min(0).default(0) }).strict(), result: JobStatusSchema },
  cancelJob: { params: z.object({ jobId: z.string().min(1).max(64) }).strict(), result: z.object({ cancelled: z.boolean() }) },
  /**
   * Cancels one file of a running import: `file` is a reported file name, or a path given to the import (a file,
   * folder or zip) in full or by its last part. Not started yet: skipped; being read: rolled back; the import goes
   * on. `cancelled` is false when all of it had already finished (it stays) or the job is over.
   */
  cancelImportFile: {
    params: z.object({ jobId: z.string().min(1).max(64), file: z.string().min(1).max(4096) }).strict(),
    result: z.object({ cancelled: z.boolean() }),
  },
  listSessions: {
    params: z
      .object({ search: z.string().max(500).optional(), limit: z.number().int().min(1).max(100_000).optional(), offset: z.number().int().min(0).optional() })
      .strict(),
    result: z.array(SessionSummarySchema),
  },
  getSession: { params: byId, result: SessionDetailSchema },
  listClusters: {
    /** Every matching cluster, or one page of them with `limit` (and `offset`). */
    params: z
      .object({
        ...momentFilter,
        sort: z.enum(['size', 'recent', 'sessions', 'trend']).optional(),
        limit: z.number().int().min(1).max(100_000).optional(),
        offset: z.number().int().min(0).optional(),
      })
      .strict(),
    result: z.array(ClusterSummarySchema),
  },
  getCluster: { params: byId, result: ClusterDetailSchema },
  /** The map, as parallel columns (one point per index): about a quarter of the JSON of one object per point. */
  mapPoints: { params: z.object(momentFilter).strict(), result: MapColumnsSchema },
  /** The moments of one variant of a pattern, for the map's highlight when the variant is pointed at in the detail. */
  variantMembers: { params: byId, result: z.array(id) },
  /** One moment's words, for the map's hover note, with the variant (fine cluster) of its pattern it belongs to, if any. */
  getMoment: {
    params: byId,
    result: z.object({ id, kind, text: z.string(), sessionId: id, at: isoOrNull, variant: z.object({ id, label: z.string() }).nullable() }),
  },
  /** Projects with their session counts, for the filters. */
  listProjects: { params: none, result: z.array(z.object({ project: z.string(), sessions: z.number() })) },
  /** Folders Reverie keeps learning from (imported by each dream run). */
  listWatched: { params: none, result: z.array(WatchedSourceSchema) },
  /** Watches a folder (or one export file): a full path, or one starting with ~. */
  addWatched: {
    params: z.object({ path: z.string().trim().min(1).max(4096) }).strict(),
    result: z.object({ added: z.boolean(), watched: z.array(WatchedSourceSchema) }),
  },
  /** Stops watching (the sessions already imported stay). */
  removeWatched: { params: z.object({ path: z.string().min(1).max(4096) }).strict(), result: z.object({ watched: z.array(WatchedSourceSchema) }) },
  /** Known agent log folders (Claude Code, Codex CLI) present on this machine and not watched yet. */
  detectWatched: { params: none, result: z.array(DetectedSourceSchema) },
  /** One dream run now, as a job: import what is new in the watched folders, analyse what changed, record the run. */
  runDream: { params: none, result: jobStarted },
  /** The dream schedule and when it next runs; change it with saveSettings (dreamSchedule, dreamAt). */
  dreamSchedule: { params: none, result: DreamScheduleSchema },
  listDreamRuns: { params: z.object({ limit: z.number().int().min(1).max(1000).optional() }).strict(), result: z.array(DreamRunSchema) },
  /** Per cluster, moments per session by week, flagged new / growing; `flagged` keeps only the flagged ones. */
  trends: {
    params: z.object({ ...reportFilter, kind: kind.optional(), flagged: z.boolean().optional() }).strict(),
    result: TrendReportSchema,
  },
  listLessons: { params: z.object({ includeRetired: z.boolean().optional() }).strict(), result: z.array(LessonSchema) },
  /** Adopts a lesson; `at`: when the person adopted it by hand (not in the future). */
  adoptLesson: {
    params: z.object({ id, at: z.string().regex(/^\d{4}-\d\d-\d\d/).refine((v) => Number.isFinite(Date.parse(v)) && Date.parse(v) <= Date.now(), 'a date, not in the future').optional() }).strict(),
    result: LessonSchema,
  },
  retireLesson: { params: byId, result: LessonSchema },
  /** Counts one "helpful" or "harmful" from the person (kept beside the measured effect, never mixed in). */
  bumpLesson: { params: z.object({ id, counter: z.enum(['helpful', 'harmful']) }).strict(), result: LessonSchema },
  /** The measured effect of every adopted lesson linked to a cluster, in the time window and project. */
  lessonEffects: { params: z.object(reportFilter).strict(), result: z.array(LessonEffectSchema) },
  /** New words for a lesson; an adopted lesson goes back to draft (adoption was consent to the old words). */
  updateLesson: {
    params: z
      .object({
        id,
        title: z.string().trim().min(1).max(200).optional(),
        rule: z.string().trim().min(1).max(2000).optional(),
        why: z.string().max(2000).nullable().optional(),
        appliesWhen: z.string().max(2000).nullable().optional(),
      })
      .strict(),
    result: LessonSchema,
  },
  /** Builds the requests to Claude for the clusters (default: all) and keeps them; sends nothing. */
  planLessons: { params: z.object({ clusterIds: z.array(id).min(1).optional() }).strict(), result: LessonPlanSchema },
  /**
   * Sends exactly the requests of a plan shown before (refused at once if anything would differ); a plan is sent
   * once. A job ("lessons"): progress per request, cancel between requests; its result is a SendLessonsResult.
   */
  /** Sends a previewed plan; with `clusterIds`, only those patterns' requests (each must be in the preview). */
  sendLessons: { params: z.object({ planId: z.string().min(1).max(64), clusterIds: z.array(id).max(100_000).optional() }).strict(), result: jobStarted },
  /** Whether an API key is set and where it lives; the key itself never comes back. */
  apiKeyStatus: { params: none, result: ApiKeyStatusSchema },
  /** Sets (or with null removes) the Anthropic API key. */
  setApiKey: {
    params: z.object({ key: z.string().trim().min(8).max(500).nullable() }).strict(),
    result: ApiKeyStatusSchema,
  },
  /** Local drafts only: nothing leaves the machine. */
  writeOfflineLessons: {
    params: z.object({ clusterIds: z.array(id).optional() }).strict(),
    /** `written` drafts, `merged` lessons retired into near-duplicates after, `lessons` live now (shared/figures.ts words them). */
    result: z.object({
      written: z.number(),
      merged: z.number(),
      lessons: z.number(),
      skipped: z.array(z.object({ clusterId: z.number(), reason: z.string() })),
    }),
  },
  exportPreview: {
    params: z.object({ format: z.enum(EXPORT_FORMATS), includeDrafts: z.boolean().optional() }).strict(),
    result: z.object({ text: z.string(), count: z.number() }),
  },
  listOutbox: { params: none, result: z.array(OutboxEntrySchema) },
  /**
   * Connecting Reverie to an agent: the change Reverie's hooks would make to Claude Code's settings.json
   * (user scope, or the project at projectDir), shown before anything is written, and the MCP registration.
   */
  agentSetup: { params: agentScopeParams, result: AgentSetupSchema },
  /** Writes (or removes) Reverie's SessionStart and SessionEnd hooks; the old file is kept as settings.json.reverie.bak. */
  agentHooks: {
    params: z.object({ action: z.enum(['install', 'uninstall']), ...agentScopeParams.shape }).strict(),
    result: z.object({ file: z.string(), changed: z.boolean(), backup: z.string().nullable() }),
  },
  /** Import sources (with their sessions still stored), projects and the sample data's size. */
  dataSources: { params: none, result: DataSourcesSchema },
  /** What deleting would remove; nothing changes. */
  previewDelete: { params: z.object({ target: DeleteTargetSchema }).strict(), result: DeletePlanSchema },
  /** Deletes in one transaction (all or nothing) and takes the moments out of the HNSW indexes. */
  deleteData: { params: z.object({ target: DeleteTargetSchema }).strict(), result: DeletePlanSchema.extend({ indexRemoved: z.number() }) },
  getSettings: { params: none, result: SettingsSchema },
  saveSettings: { params: SettingsSchema.partial().strict(), result: SettingsSchema },
  ...SCOPE_API,
} as const;

export type ApiMethod = keyof typeof API;
export const API_METHODS = Object.keys(API) as ApiMethod[];
export type ApiParams<M extends ApiMethod> = z.input<(typeof API)[M]['params']>;
export type ApiResult<M extends ApiMethod> = z.output<(typeof API)[M]['result']>;
export type JobStatus = z.output<typeof JobStatusSchema>;
export type JobResult<K extends JobKind> = z.output<(typeof JOB_RESULT_SCHEMAS)[K]>;
export type AnalyzeResult = z.output<typeof AnalyzeResultSchema>;
export type ProgressEvent = z.output<typeof ProgressSchema>;
export type FileReport = z.output<typeof FileReportSchema>;
export type ApiSettings = z.output<typeof SettingsSchema>;
export type AgentSetupView = z.output<typeof AgentSetupSchema>;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export type LessonPlanView = z.output<typeof LessonPlanSchema>;
export type ConsentPatternView = z.output<typeof ConsentPatternSchema>;
export type SendLessonsResult = z.output<typeof SendLessonsResultSchema>;
export type WatchedSourceView = z.output<typeof WatchedSourceSchema>;
export type DetectedSourceView = z.output<typeof DetectedSourceSchema>;
export type DreamRunView = z.output<typeof DreamRunSchema>;
export type DreamScheduleView = z.output<typeof DreamScheduleSchema>;
export type ClusterTrendView = z.output<typeof ClusterTrendSchema>;
export type TrendReportView = z.output<typeof TrendReportSchema>;
export type PatternTrendView = z.output<typeof PatternTrendSchema>;
export type LessonEffectView = z.output<typeof LessonEffectSchema>;
export type DeleteTargetView = z.output<typeof DeleteTargetSchema>;
export type DeletePlanView = z.output<typeof DeletePlanSchema>;
export type DataSourcesView = z.output<typeof DataSourcesSchema>;

/** The API as one object of async methods: what the renderer calls, whichever face it runs in. */
export type ReverieApi = { [M in ApiMethod]: (params: ApiParams<M>) => Promise<ApiResult<M>> };

export function isApiMethod(name: string): name is ApiMethod {
  return Object.prototype.hasOwnProperty.call(API, name);
}

/** A bad request: the message names the field, so the UI and the tests can show it. */
export class ApiValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApiValidationError';
  }
}

/** Validates parameters for a method; throws ApiValidationError naming the first bad field. */
export function parseParams<M extends ApiMethod>(method: M, raw: unknown): z.output<(typeof API)[M]['params']> {
  const parsed = API[method].params.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? issue.path.join('.') : 'parameters';
    throw new ApiValidationError(`${method}: ${where}: ${issue.message}`);
  }
  return parsed.data as z.output<(typeof API)[M]['params']>;
}

/** The IPC channel for a method: one channel per method, so the main process can allow-list them. */
export function ipcChannel(method: ApiMethod): string {
  return `reverie:${method}`;
}

/** What a call returns across a face (IPC or HTTP): the result, or the error in words. */
export type ApiEnvelope = { result: unknown; error?: undefined } | { error: string; status?: number; result?: undefined };

/**
 * What the Electron preload exposes as `window.reverie`: one generic call (the main process
 * validates the method and its parameters) and the path of a dropped file. `DroppedFile` is the
 * DOM's `File` where there is a DOM (the preload, the renderer); shared/ itself knows no DOM.
 */
export interface ReverieBridge<DroppedFile> {
  call(method: ApiMethod, params: unknown): Promise<ApiEnvelope>;
  pathForFile(file: DroppedFile): string;
}
