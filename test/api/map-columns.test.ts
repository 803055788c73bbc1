import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MapColumnsSchema } from '../../shared/api.js';
import { MAP_DECIMALS, MOMENT_KINDS, type MapColumns, type MapPoint } from '../../shared/types.js';
import { createApiHandlers, typedCall, type ApiService } from '../../electron/engine/api/handlers.js';
import { getMapPoints } from '../../electron/engine/store/clusters.js';
import { openStore, type Db } from '../../electron/engine/store/db.js';
import { tempDir } from '../helpers/fixtures.js';
import { haveShared, MODELS_DIR, sample } from '../helpers/samples.js';
import { waitForJob } from '../helpers/jobs.js';

const MODEL = 'energetic-ai/use-lite-en';

const columns = (n: number, over: Partial<MapColumns> = {}): MapColumns => ({
  momentIds: Array.from({ length: n }, (_, i) => i + 1),
  kinds: Array.from({ length: n }, (_, i) => i % MOMENT_KINDS.length),
  clusterIds: Array.from({ length: n }, (_, i) => (i % 3 === 0 ? -1 : 7)),
  x: Array.from({ length: n }, (_, i) => i / n),
  y: Array.from({ length: n }, (_, i) => -i / n),
  ...over,
});

describe('the mapPoints contract: parallel columns', () => {
  it('accepts well-formed columns and refuses ragged ones or values outside their column', () => {
    expect(MapColumnsSchema.safeParse(columns(5)).success).toBe(true);
    expect(MapColumnsSchema.safeParse(columns(0)).success).toBe(true);
    // One point short in one column: the points would no longer line up.
    expect(MapColumnsSchema.safeParse(columns(5, { y: [0, 0, 0, 0] })).success).toBe(false);
    expect(MapColumnsSchema.safeParse(columns(5, { kinds: [0, 1, 2, 3, MOMENT_KINDS.length] })).success).toBe(false);
    expect(MapColumnsSchema.safeParse(columns(5, { clusterIds: [1, 2, 0, 3, 4] })).success).toBe(false);
    expect(MapColumnsSchema.safeParse(columns(5, { momentIds: [1, 2, 3, 4.5, 5] })).success).toBe(false);
    expect(MapColumnsSchema.safeParse(columns(5, { x: [0, 0, Number.NaN, 0, 0] })).success).toBe(false);
    expect(MapColumnsSchema.safeParse({ ...columns(2), x: ['0.1', '0.2'] }).success).toBe(false);
  });
});

describe.runIf(haveShared())('mapPoints on real analysed logs', () => {
  const data = tempDir();
  let db: Db;
  let api: ApiService;
  let stored: MapPoint[];

  beforeAll(async () => {
    db = openStore(data.dir);
    api = createApiHandlers({ db, dataDir: data.dir, model: MODEL, modelsDir: MODELS_DIR });
    const imported = await waitForJob(api, (await typedCall(api, 'importPaths', { paths: [sample('claude-code'), sample('cline-roo'), sample('codex')] })).jobId);
    expect(imported.state, imported.error).toBe('done');
    const analysed = await waitForJob(api, (await typedCall(api, 'analyze', {})).jobId);
    expect(analysed.state, analysed.error).toBe('done');
    stored = getMapPoints(db, MODEL);
  }, 60_000);
  afterAll(async () => {
    await api.close();
    db.close();
    data.cleanup();
  });

  it('sends every stored point as one index of equally long columns, with its kind and cluster', async () => {
    const cols = await typedCall(api, 'mapPoints', {});
    expect(stored.length).toBeGreaterThan(50);
    for (const column of [cols.kinds, cols.clusterIds, cols.x, cols.y]) expect(column).toHaveLength(cols.momentIds.length);
    expect(cols.momentIds).toEqual(stored.map((p) => p.momentId));
    expect(cols.kinds.map((k) => MOMENT_KINDS[k])).toEqual(stored.map((p) => p.kind));
    expect(cols.clusterIds).toEqual(stored.map((p) => p.clusterId));
    expect(cols.clusterIds.some((c) => c >= 0)).toBe(true);
  });

  it('rounds coordinates to MAP_DECIMALS places, keeping distinct points distinct, for a much smaller answer', async () => {
    const cols = await typedCall(api, 'mapPoints', {});
    const half = 0.5 * 10 ** -MAP_DECIMALS + 1e-12;
    stored.forEach((p, i) => {
      expect(Math.abs(cols.x[i] - p.x)).toBeLessThanOrEqual(half);
      expect(Math.abs(cols.y[i] - p.y)).toBeLessThanOrEqual(half);
      expect(String(cols.x[i]).replace(/^-?\d*\.?/, '').length).toBeLessThanOrEqual(MAP_DECIMALS);
    });
    const places = (xs: number[], ys: number[]) => new Set(xs.map((x, i) => `${x},${ys[i]}`)).size;
    expect(places(cols.x, cols.y)).toBe(places(stored.map((p) => p.x), stored.map((p) => p.y)));
    // The map's own scale: the rounding is far below the gap between neighbouring points.
    const span = Math.max(...cols.x) - Math.min(...cols.x);
    expect(span).toBeGreaterThan(1000 * 10 ** -MAP_DECIMALS);
    expect(JSON.stringify(cols).length).toBeLessThan(0.5 * JSON.stringify(stored).length);
  });

  it('filters by kind within the columns', async () => {
    const kind = stored[0].kind;
    const cols = await typedCall(api, 'mapPoints', { kind });
    expect(cols.momentIds).toEqual(stored.filter((p) => p.kind === kind).map((p) => p.momentId));
    expect(new Set(cols.kinds)).toEqual(new Set([MOMENT_KINDS.indexOf(kind)]));
    expect(cols.x).toHaveLength(cols.momentIds.length);
  });
});
