import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { API, API_METHODS, ApiValidationError, EXPORT_FORMATS as API_EXPORT_FORMATS } from '../../shared/api.js';
import type { Lesson } from '../../shared/types.js';
import { defaultSettings } from '../../electron/engine/config/settings.js';
import { createApiHandlers, typedCall, type ApiService } from '../../electron/engine/api/handlers.js';
import { BusyError, NotFoundError } from '../../electron/engine/api/errors.js';
import { renderExport } from '../../electron/engine/export/render.js';
import { openStore, type Db } from '../../electron/engine/store/db.js';
import { tempDir } from '../helpers/fixtures.js';
import { jobResult, waitForJob } from '../helpers/jobs.js';
import { TEST_EMBED, TEST_MODEL as MODEL } from '../helpers/test-model.js';

describe('the API contract', () => {
  it('mirrors the engine: every export format the API offers renders, default settings pass the shared schemas', () => {
    const at = '2025-01-01T00:00:00.000Z';
    const lesson: Lesson = { id: 1, clusterId: null, kind: 'preference', title: 'Use pnpm', rule: 'Run pnpm, not npm.', why: null, appliesWhen: null, confidence: 0.8, source: 'local', model: null, status: 'adopted', adoptedAt: at, retiredAt: null, evidence: [], helpful: 0, harmful: 0, createdAt: at, updatedAt: at };
    for (const format of API_EXPORT_FORMATS) expect(renderExport(format, [lesson]), format).toContain('Run pnpm, not npm.');
    expect(API.getSettings.result.parse(defaultSettings())).toEqual(defaultSettings());
  });

  it('every method has a parameter schema that rejects unknown fields', () => {
    for (const m of API_METHODS) {
      expect(API[m].params.safeParse({ surprise: 1 }).success, m).toBe(false);
    }
  });
});

// Each test has its own store and data folder: none depends on what an earlier one left.
describe('createApiHandlers', () => {
  let db: Db;
  let api: ApiService;
  let data: ReturnType<typeof tempDir>;
  beforeEach(() => {
    data = tempDir();
    db = openStore(data.dir);
    api = createApiHandlers({ db, dataDir: data.dir, ...TEST_EMBED });
  });
  afterEach(async () => {
    await api.close();
    db.close();
    data.cleanup();
  });

  const importSample = async (sessions: number) => {
    const imported = await jobResult(api, (await typedCall(api, 'importSample', { sessions })).jobId, 'import');
    expect(imported.state).toBe('done');
    return imported.result;
  };

  it('starts empty', async () => {
    expect(await typedCall(api, 'status', {})).toEqual({ sessions: 0, messages: 0, clusters: 0, lessons: 0, model: MODEL, dataDir: data.dir });
    expect(await typedCall(api, 'listSessions', {})).toEqual([]);
  });

  it('rejects bad parameters with a message naming the field, before anything runs', async () => {
    await expect(api.call('getSession', { id: 'one' })).rejects.toThrow(ApiValidationError);
    await expect(api.call('getSession', { id: 'one' })).rejects.toThrow(/getSession: id:/);
    await expect(api.call('importPaths', { paths: [] })).rejects.toThrow(/importPaths: paths:/);
    await expect(api.call('importUpload', { batch: '../../etc' })).rejects.toThrow(/batch/);
    await expect(api.call('saveSettings', { minSessions: 0 })).rejects.toThrow(/minSessions/);
    await expect(api.call('listSessions', null)).resolves.toEqual([]);
  });

  it('reports what is missing as NotFoundError', async () => {
    await expect(api.call('getSession', { id: 999 })).rejects.toThrow(NotFoundError);
    await expect(api.call('getCluster', { id: 5 })).rejects.toThrow(NotFoundError);
    await expect(api.call('adoptLesson', { id: 5 })).rejects.toThrow(NotFoundError);
    await expect(api.call('jobStatus', { jobId: 'nope' })).rejects.toThrow(NotFoundError);
  });

  it('imports the sample data as a job with per-file reports, one job at a time', async () => {
    const { jobId } = await typedCall(api, 'importSample', { sessions: 12 });
    await expect(api.call('analyze', {})).rejects.toThrow(BusyError);
    const status = await waitForJob(api, jobId);
    expect(status.state).toBe('done');
    expect(status.files).toHaveLength(12);
    expect(status.files.every((f) => f.format === 'claude-code' && f.sessionsAdded === 1)).toBe(true);
    expect(status.kind === 'import' && status.result?.sessionsAdded).toBe(12);
    // Asking again from `next` gives no file twice.
    expect((await typedCall(api, 'jobStatus', { jobId, since: status.next })).files).toEqual([]);
    const sessions = await typedCall(api, 'listSessions', {});
    expect(sessions).toHaveLength(12);
    const detail = await typedCall(api, 'getSession', { id: sessions[0].id });
    expect(detail.messages.length).toBe(sessions[0].messageCount);
  });

  it('cancels a running import: the job ends cancelled', async () => {
    const { jobId } = await typedCall(api, 'importSample', { sessions: 400 });
    expect((await typedCall(api, 'cancelJob', { jobId })).cancelled).toBe(true);
    const ended = await waitForJob(api, jobId);
    expect(ended.state).toBe('cancelled');
    expect((await typedCall(api, 'cancelJob', { jobId })).cancelled).toBe(false);
    // Cancelled before it got far: fewer than the 400 sessions were kept (each file commits whole).
    expect((await typedCall(api, 'status', {})).sessions).toBeLessThan(400);
  });

  it('saves settings through the schema and reads them back', async () => {
    const saved = await typedCall(api, 'saveSettings', { minSessions: 4, scrubNames: ['Alice'] });
    expect(saved.minSessions).toBe(4);
    expect(saved.scrubNames).toEqual(['Alice']);
    expect(await typedCall(api, 'getSettings', {})).toEqual(saved);
  });

  describe('with the built-in test model', () => {
    it('analyses, lists clusters and the map, writes offline drafts, adopts, retires and exports', async () => {
      await importSample(12);
      const job = await jobResult(api, (await typedCall(api, 'analyze', {})).jobId, 'analyze');
      expect(job.state, job.error).toBe('done');
      const clusters = await typedCall(api, 'listClusters', {});
      expect(clusters.length).toBe(Object.values(job.result.clusters).reduce((a, b) => a + b, 0));
      // The 12 seeded sample sessions (seeded generator, deterministic test model): exactly these figures.
      expect(job.result.moments).toBe(30);
      expect(clusters.length).toBe(2);
      const detail = await typedCall(api, 'getCluster', { id: clusters[0].id });
      expect(detail.members.length).toBe(Math.min(detail.size, 200));
      // A pattern's detail: how many of each kind (adding up to its size) and the variants it is made of.
      expect(Object.values(detail.kinds ?? {}).reduce((a, b) => a + b, 0)).toBe(detail.size);
      for (const m of detail.members) expect(detail.kinds?.[m.kind]).toBeGreaterThan(0);
      expect(detail.variants!.length).toBe(1);
      expect(detail.variants!.reduce((n, v) => n + v.size, 0)).toBeLessThanOrEqual(detail.size);
      const points = await typedCall(api, 'mapPoints', {});
      expect(points.momentIds.length).toBe(job.result.moments);
      // The map's hover note names the variant a moment belongs to: one of its own pattern's, or none for noise.
      const variantIds = new Set(detail.variants!.map((v) => v.id));
      const notes = await Promise.all(detail.members.slice(0, 20).map((m) => typedCall(api, 'getMoment', { id: m.id })));
      expect(notes.filter((n) => n.variant !== null).length).toBeGreaterThan(0);
      for (const n of notes) if (n.variant) expect(variantIds.has(n.variant.id)).toBe(true);
      // A variant's moments: as many as its size, all members of its pattern.
      const variant = detail.variants![0];
      const inVariant = await typedCall(api, 'variantMembers', { id: variant.id });
      expect(inVariant.length).toBe(variant.size);
      const ofPattern = new Set(points.momentIds.filter((_, i) => points.clusterIds[i] === detail.id));
      for (const m of inVariant) expect(ofPattern.has(m)).toBe(true);
      const noise = points.momentIds.find((_, i) => points.clusterIds[i] === -1);
      if (noise !== undefined) expect((await typedCall(api, 'getMoment', { id: noise })).variant).toBeNull();

      const written = await typedCall(api, 'writeOfflineLessons', {});
      expect(written.written).toBe(2);
      expect(written.written + written.skipped.length).toBe(clusters.length);
      const lessons = await typedCall(api, 'listLessons', {});
      expect(lessons.length).toBe(written.written);
      expect(lessons.every((l) => l.source === 'local' && l.status === 'draft')).toBe(true);
      expect(await typedCall(api, 'listOutbox', {})).toEqual([]);

      expect((await typedCall(api, 'exportPreview', { format: 'claude-md' })).count).toBe(0);
      await typedCall(api, 'adoptLesson', { id: lessons[0].id });
      const preview = await typedCall(api, 'exportPreview', { format: 'prompt' });
      expect(preview.count).toBe(1);
      expect(preview.text).toContain(lessons[0].rule.split(' ')[0]);
      const retired = await typedCall(api, 'retireLesson', { id: lessons[0].id });
      expect(retired.status).toBe('retired');
      expect((await typedCall(api, 'listLessons', {})).map((l) => l.id)).not.toContain(lessons[0].id);
      expect((await typedCall(api, 'listLessons', { includeRetired: true })).map((l) => l.id)).toContain(lessons[0].id);
    });
  });
});
