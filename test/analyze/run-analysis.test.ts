import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAnalysis } from '../../electron/engine/analyze/run-analysis.js';
import { generateCorpus } from '../../electron/engine/demo/generate.js';
import { closeEmbedPools } from '../../electron/engine/embed/embed-texts.js';
import { importPaths } from '../../electron/engine/import/run-import.js';
import { getCluster, getMapPoints, listClusters } from '../../electron/engine/store/clusters.js';
import { openStore, type Db } from '../../electron/engine/store/db.js';
import { tempDir } from '../helpers/fixtures.js';
import { haveShared, MODELS_DIR } from '../helpers/samples.js';

const MODEL = 'energetic-ai/use-lite-en';

describe.runIf(haveShared())('analysis pipeline on the demo corpus', () => {
  const tmp = tempDir();
  let db: Db;
  const options = () => ({ dataDir: tmp.dir, model: MODEL, modelsDir: MODELS_DIR });

  beforeAll(async () => {
    db = openStore(tmp.dir);
    await generateCorpus({ outDir: path.join(tmp.dir, 'logs'), sessions: 80, seed: 3 });
    await importPaths(db, [path.join(tmp.dir, 'logs')]);
  });
  afterAll(async () => {
    db.close();
    await closeEmbedPools();
    tmp.cleanup();
  });

  it('finds the planted recurring patterns across kinds, and maps every moment', async () => {
    const stats = await runAnalysis(db, options());
    expect(stats.sessionsScanned).toBe(80);
    expect(stats.moments).toBeGreaterThan(150);
    const clusters = listClusters(db, MODEL);
    // Patterns span kinds; every kind of moment the corpus plants ends up in some pattern.
    const kindsInPatterns = new Set(clusters.flatMap((c) => getCluster(db, c.id)!.members.map((m) => m.kind)));
    expect([...kindsInPatterns].sort()).toEqual(['correction', 'failure', 'preference', 'task']);
    expect(Object.values(stats.clusters).reduce((a, b) => a + b, 0)).toBe(clusters.length);
    // The corpus repeats "use pnpm, not npm" corrections across sessions: one pattern must
    // gather most of them and be largely about that.
    const corrections = clusters.filter((c) => c.kind === 'correction').map((c) => getCluster(db, c.id)!);
    const pnpmIn = (c: { members: { text: string }[] }) => c.members.filter((m) => /pnpm/i.test(m.text)).length;
    const detail = corrections.reduce((a, b) => (pnpmIn(b) > pnpmIn(a) ? b : a));
    const allPnpm = corrections.reduce((n, c) => n + pnpmIn(c), 0);
    expect(detail.sessions).toBeGreaterThanOrEqual(3);
    // The person's words: corrections and standing instructions, never a failure or a request.
    expect(detail.members.every((m) => m.kind === 'correction' || m.kind === 'preference')).toBe(true);
    // With the classifier's extra moments, the small model's "X, not Y" graph ties the pnpm
    // corrections to the corpus's other "X, not Y" corrections, so the purity floor here is 0.4;
    // pattern quality is measured on planted problems in `npm run bench -- patterns`.
    expect(pnpmIn(detail) / detail.members.length).toBeGreaterThan(0.4);
    expect(pnpmIn(detail) / allPnpm).toBeGreaterThan(0.5);
    expect(detail.keywords.some((k) => /pnpm|npm|manager|install/i.test(k))).toBe(true);
    // Weekly counts add up to the cluster size; members are sorted by representativeness.
    expect(detail.weekly.reduce((n, w) => n + w.count, 0)).toBe(detail.size);
    const scores = detail.members.map((m) => m.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    const points = getMapPoints(db, MODEL);
    expect(points).toHaveLength(stats.moments);
    for (const p of points) expect(Math.abs(p.x) <= 1 && Math.abs(p.y) <= 1).toBe(true);
  });

  it('is incremental: a re-run embeds and indexes nothing new and keeps cluster ids and the map', async () => {
    const before = listClusters(db, MODEL).map((c) => c.id).sort();
    const mapBefore = getMapPoints(db, MODEL);
    const again = await runAnalysis(db, options());
    expect(again).toMatchObject({ sessionsScanned: 0, momentsAdded: 0, embedded: 0, indexAdded: 0, indexRemoved: 0 });
    expect(listClusters(db, MODEL).map((c) => c.id).sort()).toEqual(before);
    expect(getMapPoints(db, MODEL)).toEqual(mapBefore);
  });

  it('takes in new sessions, keeping the identities of the clusters they join', async () => {
    const before = new Map(listClusters(db, MODEL).map((c) => [c.label, c]));
    await generateCorpus({ outDir: path.join(tmp.dir, 'more'), sessions: 20, seed: 99 });
    await importPaths(db, [path.join(tmp.dir, 'more')]);
    const stats = await runAnalysis(db, options());
    expect(stats.sessionsScanned).toBe(20);
    expect(stats.indexAdded).toBe(stats.momentsAdded);
    const after = listClusters(db, MODEL);
    const kept = after.filter((c) => [...before.values()].some((b) => b.id === c.id && c.size >= b.size));
    expect(kept.length).toBeGreaterThan(after.length / 2);
  });

  it('can be cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(runAnalysis(db, { ...options(), signal: controller.signal })).rejects.toThrow(/cancelled/);
  });

  it('stops with a clear error when the model is missing', async () => {
    await expect(runAnalysis(db, { ...options(), model: 'nobody/no-such-model' })).rejects.toThrow(/fetch-model|models-dir|REVERIE_MODELS_DIR/);
  });
});
