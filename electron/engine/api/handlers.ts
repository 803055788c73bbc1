import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { API, ApiValidationError, parseParams, type ApiMethod, type ApiParams, type ApiResult } from '../../../shared/api.js';
import { applyHooksPlan } from '../agent/claude-settings.js';
import { agentSetup } from '../agent/setup.js';
import { loadSettings, saveSettings } from '../config/settings.js';
import { generateCorpus } from '../demo/generate.js';
import { buildDigests, digestPolicy } from '../digest/build-digest.js';
import { closeEmbedPools, embedTexts } from '../embed/embed-texts.js';
import { renderExport, selectForExport } from '../export/render.js';
import { adoptLesson, getLesson, listLessons, listOutbox, rateLesson, retireLesson, updateLessonText } from '../lesson/store.js';
import { listDreamRuns } from '../dream/dream-run.js';
import { scheduleReference } from '../jobs/app-scheduler.js';
import { nextRunAt } from '../dream/schedule.js';
import { createJobRunner, storeTurn, type JobPlace } from '../jobs/runner.js';
import { addWatched, listWatched, removeWatched } from '../dream/watched.js';
import { dreamRunView, effectReport, reportFilter, trendReport, unwatchedSources, watchedPath } from './dream-views.js';
import { draftCounts, withPatternSeen } from '../figures/lesson-counts.js';
import { patternTrends, withTrends } from '../figures/pattern-trends.js';
import { writeLessons } from '../lesson/write-lessons.js';
import { memoryKeyStore, type KeyStore } from './key-store.js';
import { LessonPlans } from './lesson-plans.js';
import { filterMapPoints, listProjects } from '../store/moment-filter.js';
import { getMomentBrief } from '../store/moment-rows.js';
import { listDataSources, sampleSessionCount } from '../store/sources.js';
import { allClusterIds, countClusters, getCluster, getMapPoints, listClusters, mapColumns, momentVariant, patternFacts, variantMomentIds } from '../store/clusters.js';
import { setBusyTimeout, type Db } from '../store/db.js';
import { countSessions, getSession, listSessions } from '../store/sessions.js';
import { deleteData } from '../index/delete-data.js';
import { DeleteTargetMissing, markSampleSources, planDelete, type DeleteTarget } from '../store/delete.js';
import { BusyError, NotFoundError } from './errors.js';
import { scopeHandlers } from './scope-handlers.js';
import { JobRegistry, type JobHooks, type JobReporter } from './jobs.js';

/*
 * The app's API over the engine: one implementation behind both faces (Electron IPC and the
 * browser-mode HTTP server). `call` is the only entry from outside: it validates the
 * parameters against the shared schemas before anything runs, and the result on the way out,
 * so a drift between engine and contract fails loudly here rather than in the renderer.
 */

export interface ApiContext {
  db: Db;
  dataDir: string;
  /** Embedding model id and its folder (see embed/model-config). */
  model: string;
  modelsDir: string;
  /**
   * Where browser uploads are written, one folder per batch; default: a fresh folder of this
   * process under `<dataDir>/uploads/` (those of processes that ended, by a crash too, are removed at start).
   */
  uploadRoot?: string;
  /** The Anthropic API key's home (default: memory only, empty). */
  keyStore?: KeyStore;
  /** The Messages API base URL (default: ANTHROPIC_BASE_URL, then api.anthropic.com); tests point it at a fake. */
  anthropicBaseURL?: string;
  /** The home folder where known agent log folders are looked for (default: the user's); tests point it at a temp folder. */
  homeDir?: string;
  /**
   * Where imports, analyses and dream runs run (jobs/runner.ts): 'worker' (a job worker thread with
   * its own connection; the default for a store file) or 'process' (here; the only choice for ':memory:').
   */
  jobsIn?: JobPlace;
  /** Called after the settings were saved (the app's dream scheduler looks at its schedule again). */
  onSettingsSaved?: () => void;
  /** The time now (ms); tests fix it. */
  now?: () => number;
}

type Impl = { [M in ApiMethod]: (params: ApiParamsOut<M>) => Promise<ApiResult<M>> | ApiResult<M> };
type ApiParamsOut<M extends ApiMethod> = ReturnType<typeof parseParams<M>>;

/** How long a write from the API process waits for a job worker's write lock (see createApiHandlers). */
export const API_WRITE_WAIT_MS = 1000;

export interface ApiService {
  /** Validates `raw` for `method`, runs it, validates the result. */
  call(method: ApiMethod, raw: unknown): Promise<unknown>;
  jobs: JobRegistry;
  /** The folder for one upload batch (created on demand). */
  uploadDir(batch: string): string;
  /** The largest upload accepted (the maxUploadMB setting), in bytes. */
  maxUploadBytes(): number;
  /** Cancels running jobs, waits for them, stops the embedding workers, removes uploads. */
  close(): Promise<void>;
}

/** Sample sessions for "try with sample data" (the same generator as `reverie demo`). */
const SAMPLE_SESSIONS = 120;

export function createApiHandlers(ctx: ApiContext): ApiService {
  const { db } = ctx;
  const jobs = new JobRegistry();
  const runner = createJobRunner({ db, dataDir: ctx.dataDir, jobsIn: ctx.jobsIn });
  // A worker's import holds the store's write lock for a whole file (all-or-nothing). A write asked
  // for meanwhile (adopting a lesson, a vote) waits at most a second on this connection, which
  // serves the window, and is then answered "busy" (below) instead of freezing it for longer.
  if (runner.place === 'worker') setBusyTimeout(db, API_WRITE_WAIT_MS);
  const uploadRoot = ctx.uploadRoot ?? freshUploadRoot(ctx.dataDir);
  const uploadDir = (batch: string) => {
    if (!/^[a-z0-9]{8,64}$/.test(batch)) throw new Error(`bad upload batch "${batch}"`);
    return path.join(uploadRoot, batch);
  };

  // One job at a time: an import holds a write transaction across awaits (on this one
  // connection, so any other write would land inside it), and the analysis reads what the
  // import writes.
  const ensureIdle = () => {
    if (jobs.running()) throw new BusyError('another job (an import, analysis, dream run or sending lessons) is running; wait for it or cancel it');
  };
  const startJob = (kind: Parameters<JobRegistry['start']>[0], work: (signal: AbortSignal, report: JobReporter) => Promise<unknown>, hooks?: JobHooks) => {
    ensureIdle();
    return { jobId: jobs.start(kind, work, hooks) };
  };
  // Its files can be cancelled one by one while it runs (cancelImportFile); `after` runs when it ends.
  const importJob = (paths: () => Promise<string[]> | string[], after?: () => void) => {
    const files = runner.importer();
    return startJob(
      'import',
      async (signal, report) => {
        try {
          return await files.run(await paths(), { signal, onProgress: report.progress, onFile: report.file });
        } finally {
          after?.();
        }
      },
      { cancelItem: (file) => files.cancelFile(file) },
    );
  };
  const model = () => ctx.model;
  const keys = ctx.keyStore ?? memoryKeyStore();
  const keyStatus = () => ({ hasKey: keys.get() !== null, storage: keys.storage, ...(keys.note && { note: keys.note }) });
  const embed = (texts: string[]) => embedTexts(texts, { model: model(), modelsDir: ctx.modelsDir });
  const plans = new LessonPlans(db, { baseURL: ctx.anthropicBaseURL });
  // The sample data is told apart by where its files were written (stores from before the tag too).
  const markSamples = () => markSampleSources(db, ctx.dataDir);
  markSamples();
  const deleting = <T>(work: () => T): T => {
    try {
      return work();
    } catch (err) {
      if (err instanceof DeleteTargetMissing) throw new NotFoundError(err.message);
      throw err;
    }
  };

  const impl: Impl = {
    ...scopeHandlers({ db, model: ctx.model, modelsDir: ctx.modelsDir, homeDir: ctx.homeDir }),
    status: () => ({
      ...countSessions(db),
      clusters: countClusters(db, model()),
      lessons: listLessons(db).length,
      model: model(),
      dataDir: ctx.dataDir,
    }),
    importSample: (p) =>
      importJob(() => generateCorpus({ outDir: path.join(ctx.dataDir, 'sample-data'), sessions: p.sessions ?? SAMPLE_SESSIONS }), markSamples),
    importPaths: (p) => importJob(() => p.paths),
    // The uploaded copies are only a vehicle: removed once imported (the store keeps the sessions).
    importUpload: (p) =>
      // Each uploaded file is named explicitly, so one that is not a log is reported with the reason
      // (inside a folder it would be passed over quietly); zips still import their members.
      importJob(
        () => uploadedFiles(uploadDir(p.batch)),
        () => rmSync(uploadDir(p.batch), { recursive: true, force: true }),
      ),
    analyze: () =>
      startJob('analyze', async (signal, report) => {
        const stats = await runner.analyze({ model: model(), modelsDir: ctx.modelsDir, signal, onProgress: report.progress });
        return { moments: stats.moments, clustered: stats.clustered, clusters: stats.clusters, seconds: stats.seconds };
      }),
    jobStatus: (p) => {
      try {
        return jobs.status(p.jobId, p.since);
      } catch (err) {
        throw new NotFoundError((err as Error).message);
      }
    },
    cancelJob: (p) => ({ cancelled: jobs.cancel(p.jobId) }),
    cancelImportFile: async (p) => ({ cancelled: await jobs.cancelItem(p.jobId, p.file) }),
    // Matched words in snippets are wrapped in STX/ETX, which the list turns into marks (never in log text shown as such).
    listSessions: (p) => listSessions(db, { ...p, mark: ['\u0002', '\u0003'] }),
    getSession: (p) => found(getSession(db, p.id), `no session ${p.id}`),
    listClusters: ({ sort, limit, offset, ...filter }) => {
      // Each listed pattern carries its trend (figures/trend.ts) in the same window the Dreaming
      // report uses; sorting by it reads every match, then pages.
      const byTrend = sort === 'trend';
      const page = listClusters(db, model(), byTrend ? { ...filter, sort: 'size' } : { ...filter, sort, limit, offset });
      if (page.length === 0) return page;
      const now = (ctx.now ?? Date.now)();
      const trends = patternTrends(db, model(), { ...reportFilter('listClusters', filter, now), now });
      const listed = withTrends(page, trends, byTrend);
      return byTrend ? listed.slice(offset ?? 0, limit === undefined ? undefined : (offset ?? 0) + limit) : listed;
    },
    getCluster: (p) => {
      const cluster = found(getCluster(db, p.id), `no cluster ${p.id}`);
      const facts = patternFacts(db, [p.id]).get(p.id);
      return { ...cluster, kinds: facts?.kinds, variants: facts?.variants };
    },
    mapPoints: (p) => mapColumns(filterMapPoints(db, getMapPoints(db, model()), p)),
    variantMembers: (p) => variantMomentIds(db, p.id),
    getMoment: (p) => {
      const moment = found(
        getMomentBrief(db, p.id),
        `no moment ${p.id}`,
      );
      return { ...moment, variant: momentVariant(db, model(), p.id) };
    },
    listProjects: () => listProjects(db),
    listWatched: () => listWatched(db),
    addWatched: (p) => {
      const added = addWatched(db, watchedPath(p.path, ctx.homeDir ?? os.homedir()));
      return { added, watched: listWatched(db) };
    },
    removeWatched: (p) => {
      if (!removeWatched(db, p.path)) throw new NotFoundError(`${p.path} is not watched`);
      return { watched: listWatched(db) };
    },
    detectWatched: () => unwatchedSources(db, ctx.homeDir ?? os.homedir()),
    runDream: () =>
      startJob('dream', async (signal, report) =>
        dreamRunView(
          await runner.dream({ model: model(), modelsDir: ctx.modelsDir, signal, onProgress: report.progress, trigger: 'manual' }),
        ),
      ),
    listDreamRuns: (p) => listDreamRuns(db, p.limit ?? 20).map(dreamRunView),
    trends: (p) => trendReport(db, model(), p),
    listLessons: (p) => withPatternSeen(db, listLessons(db, p.includeRetired ? { status: ['draft', 'adopted', 'retired'] } : {})),
    adoptLesson: (p) => adoptLesson(db, found(getLesson(db, p.id), `no lesson ${p.id}`).id, undefined, p.at === undefined ? undefined : new Date(p.at).toISOString()),
    retireLesson: (p) => retireLesson(db, found(getLesson(db, p.id), `no lesson ${p.id}`).id),
    bumpLesson: (p) => rateLesson(db, found(getLesson(db, p.id), `no lesson ${p.id}`).id, p.counter),
    lessonEffects: (p) => effectReport(db, p),
    updateLesson: ({ id, ...changes }) => updateLessonText(db, found(getLesson(db, id), `no lesson ${id}`).id, changes),
    planLessons: async (p) => {
      const ids = p.clusterIds ?? allClusterIds(db, model());
      return { ...(await plans.plan(ids, loadSettings(ctx.dataDir))), hasKey: keys.get() !== null };
    },
    sendLessons: (p) => {
      ensureIdle(); // before the plan is taken, so a busy refusal keeps it for a retry
      const taken = plans.take(p.planId, keys.get(), p.clusterIds);
      // In the store's turn: a scheduled dream writing through the job worker would otherwise hold
      // the write lock while a reply waits to be kept in the outbox.
      return startJob('lessons', (signal, report) => storeTurn(db, () => plans.sendTaken(taken, { signal, onProgress: report.progress, embed }), signal));
    },
    apiKeyStatus: () => keyStatus(),
    setApiKey: (p) => {
      keys.set(p.key);
      return keyStatus();
    },
    writeOfflineLessons: async (p) => {
      const policy = digestPolicy(loadSettings(ctx.dataDir));
      const ids = p.clusterIds ?? allClusterIds(db, model());
      const { digests, refused } = await buildDigests(db, ids, policy);
      const skipped = refused.map((r) => ({ clusterId: r.clusterId, reason: r.message }));
      // Offline: local drafts, never a request; `confirm` refuses in case anything asked.
      const result = await writeLessons(db, digests, {
        offline: true,
        confirm: () => false,
        embed,
      });
      for (const id of result.skipped) skipped.push({ clusterId: id, reason: 'already has a lesson' });
      return { ...draftCounts(db, result), skipped };
    },
    exportPreview: (p) => {
      const lessons = selectForExport(listLessons(db), { includeDrafts: p.includeDrafts });
      return { text: renderExport(p.format, lessons), count: lessons.length };
    },
    listOutbox: () => listOutbox(db),
    agentSetup: (p) => {
      const setup = agentSetup({ dataDir: ctx.dataDir, scope: p.scope, projectDir: projectDirFor(p), home: ctx.homeDir });
      const { file, before, after, changed, commands } = setup.hooks;
      return { hooks: { file, before, after, changed, commands }, mcp: setup.mcp };
    },
    agentHooks: (p) => {
      const { hooks } = agentSetup({ dataDir: ctx.dataDir, scope: p.scope, projectDir: projectDirFor(p), home: ctx.homeDir, action: p.action });
      return { file: hooks.file, changed: hooks.changed, ...applyHooksPlan(hooks) };
    },
    dataSources: () => ({
      sources: listDataSources(db),
      projects: listProjects(db),
      sampleSessions: sampleSessionCount(db),
    }),
    previewDelete: (p) => deleting(() => planDelete(db, p.target as DeleteTarget)),
    deleteData: (p) => {
      ensureIdle();
      return deleting(() => deleteData(db, ctx.dataDir, p.target as DeleteTarget));
    },
    getSettings: () => loadSettings(ctx.dataDir),
    saveSettings: (p) => {
      const saved = saveSettings(ctx.dataDir, p);
      ctx.onSettingsSaved?.();
      return saved;
    },
    dreamSchedule: () => {
      const settings = loadSettings(ctx.dataDir);
      const now = (ctx.now ?? Date.now)();
      const next = nextRunAt(now, settings, scheduleReference(db, now));
      return { schedule: settings.dreamSchedule, at: settings.dreamAt, nextRunAt: next?.toISOString() ?? null, due: next !== null && next.getTime() <= now };
    },
  };

  return {
    jobs,
    uploadDir: (batch) => {
      const dir = uploadDir(batch);
      mkdirSync(dir, { recursive: true });
      return dir;
    },
    maxUploadBytes: () => loadSettings(ctx.dataDir).maxUploadMB * (1 << 20),
    async call(method, raw) {
      const params = parseParams(method, raw);
      let result: unknown;
      try {
        result = await (impl[method] as (p: unknown) => unknown)(params);
      } catch (err) {
        if (/^SQLITE_BUSY/.test((err as { code?: string }).code ?? '')) {
          throw new BusyError(`${method}: the store is busy with a long write (an import in progress); try again when it has finished`);
        }
        throw err;
      }
      const checked = API[method].result.safeParse(result);
      if (!checked.success) throw new Error(`${method}: the engine returned a result outside the API contract: ${checked.error.issues[0].message}`);
      return checked.data;
    },
    async close() {
      for (const id of jobs.ids()) jobs.cancel(id);
      await jobs.idle();
      await closeEmbedPools();
      if (!ctx.uploadRoot) rmSync(uploadRoot, { recursive: true, force: true });
    },
  };
}

/** The project folder of a project-scope request: given, absolute, and there. */
function projectDirFor(p: { scope: 'user' | 'project'; projectDir?: string }): string | undefined {
  if (p.scope === 'user') return undefined;
  if (!p.projectDir || !path.isAbsolute(p.projectDir)) throw new ApiValidationError('projectDir: give the project folder as a full path');
  if (!existsSync(p.projectDir)) throw new NotFoundError(`no folder ${p.projectDir}`);
  return p.projectDir;
}

function uploadedFiles(dir: string): string[] {
  if (!existsSync(dir)) throw new NotFoundError('no files were uploaded in this batch');
  // Dot-files are uploads still arriving or cut short (server.ts); uploaded names never start with a dot.
  return readdirSync(dir)
    .filter((name) => !name.startsWith('.'))
    .sort()
    .map((name) => path.join(dir, name));
}

/** Whether process `pid` is still running (on this machine). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * This process's upload folder, `<dataDir>/uploads/<pid>-<random>`. Folders left by processes
 * that are no longer running (a crash, a kill) are removed first: their uploads were never
 * imported, or were and are only copies.
 */
export function freshUploadRoot(dataDir: string): string {
  const uploads = path.join(dataDir, 'uploads');
  mkdirSync(uploads, { recursive: true });
  for (const name of readdirSync(uploads)) {
    const pid = Number(/^(\d+)-/.exec(name)?.[1]);
    if (Number.isInteger(pid) && pid !== process.pid && !alive(pid)) rmSync(path.join(uploads, name), { recursive: true, force: true });
  }
  return mkdtempSync(path.join(uploads, `${process.pid}-`));
}

function found<T>(value: T | null, message: string): T {
  if (value === null) throw new NotFoundError(message);
  return value;
}

/** Typed convenience for engine-side callers (tests, Electron): `api.call` with inferred types. */
export function typedCall<M extends ApiMethod>(service: ApiService, method: M, params: ApiParams<M>): Promise<ApiResult<M>> {
  return service.call(method, params) as Promise<ApiResult<M>>;
}
