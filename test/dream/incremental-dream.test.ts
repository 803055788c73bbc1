import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAnalysis } from '../../electron/engine/analyze/run-analysis.js';
import { generateCorpus } from '../../electron/engine/demo/generate.js';
import { runDream } from '../../electron/engine/dream/dream-run.js';
import { addWatched } from '../../electron/engine/dream/watched.js';
import { closeEmbedPools } from '../../electron/engine/embed/embed-texts.js';
import { clusterMembership, listClusters } from '../../electron/engine/store/clusters.js';
import { openStore } from '../../electron/engine/store/db.js';
import { tempDir } from '../helpers/fixtures.js';
import { haveShared, MODELS_DIR } from '../helpers/samples.js';

const MODEL = 'energetic-ai/use-lite-en';

/** Dream runs with the real (small) test model: new sessions join the patterns found before. */
describe.runIf(haveShared())('incremental dream runs with a real embedding model', () => {
  const tmp = tempDir();
  afterAll(async () => {
    await closeEmbedPools();
    tmp.cleanup();
  });

  it('assigns the moments of a few new sessions to the clusters a full re-cluster would give them', async () => {
    const db = openStore(path.join(tmp.dir, 'data'));
    const logs = path.join(tmp.dir, 'logs');
    await generateCorpus({ outDir: path.join(logs, 'first'), sessions: 60, seed: 3 });
    addWatched(db, logs);
    const options = { dataDir: path.join(tmp.dir, 'data'), model: MODEL, modelsDir: MODELS_DIR };

    const first = await runDream(db, options);
    expect(first.stats).toMatchObject({ mode: 'full', reclusterReason: 'first clustering with this model' });
    const ids = listClusters(db, MODEL).map((c) => c.id).sort();

    const momentIds = () => new Set(db.prepare('SELECT id FROM moments').pluck().all() as number[]);
    const before = momentIds();
    await generateCorpus({ outDir: path.join(logs, 'later'), sessions: 5, seed: 41 });
    const second = await runDream(db, options);
    const stats = second.stats!;
    const fresh = [...momentIds()].filter((id) => !before.has(id));
    expect(second.sessionsAdded).toBe(5);
    expect(stats.mode).toBe('incremental');
    expect(stats.analysis!.newMoments).toBe(fresh.length);
    expect(stats.assigned! + stats.unassigned!).toBe(fresh.length);
    expect(stats.assigned).toBeGreaterThan(fresh.length / 2);
    expect(listClusters(db, MODEL).map((c) => c.id).sort()).toEqual(ids);
    const incremental = clusterMembership(db, MODEL);
    const assigned = fresh.filter((id) => incremental.has(id));

    // A full re-cluster of the same store (identities kept by membership) mostly agrees. Where it
    // does not, it is doing what only it can: here two copies of a new failure join old ones in a
    // cluster of their own, which incremental assignment cannot create.
    const full = await runAnalysis(db, { ...options, mode: 'full' });
    const after = clusterMembership(db, MODEL);
    const agree = assigned.filter((id) => after.get(id) === incremental.get(id)).length;
    console.log(
      `incremental: ${assigned.length}/${fresh.length} assigned in ${stats.analysis!.seconds.toFixed(2)} s; ` +
        `full re-cluster ${full.seconds.toFixed(2)} s puts ${agree} of them in the same cluster`,
    );
    expect(agree / assigned.length).toBeGreaterThanOrEqual(0.75);
    db.close();
  });
});
