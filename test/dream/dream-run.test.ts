import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../../electron/engine/demo/generate.js';
import { dreamLoop, listDreamRuns, runDream } from '../../electron/engine/dream/dream-run.js';
import { addWatched, detectSources, listWatched, removeWatched } from '../../electron/engine/dream/watched.js';
import { listClusters } from '../../electron/engine/store/clusters.js';
import { openStore } from '../../electron/engine/store/db.js';
import { tempDir } from '../helpers/fixtures.js';

/** A stand-in embedder: hashed bag of words, L2-normalised. Same words → same direction. */
async function wordHashEmbed(texts: string[]): Promise<Float32Array[]> {
  return texts.map((text) => {
    const v = new Float32Array(64);
    for (const word of text.toLowerCase().match(/[a-z]+/g) ?? []) {
      let h = 2166136261;
      for (const ch of word) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
      v[(h >>> 0) % 64] += 1;
    }
    const norm = Math.hypot(...v) || 1;
    return v.map((x) => x / norm);
  });
}

function jsonlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.jsonl')).map((f) => path.join(dir, f));
}

describe('watched sources', () => {
  const tmp = tempDir();
  afterAll(tmp.cleanup);

  it('adds, lists and removes folders by absolute path, and detects known agent folders', () => {
    const db = openStore(':memory:');
    const logs = path.join(tmp.dir, 'logs');
    mkdirSync(logs);
    expect(addWatched(db, logs)).toBe(true);
    expect(addWatched(db, path.join(logs, '..', 'logs'))).toBe(false);
    expect(() => addWatched(db, path.join(tmp.dir, 'nope'))).toThrow(/does not exist/);
    expect(listWatched(db)).toEqual([expect.objectContaining({ path: logs, exists: true })]);

    const home = path.join(tmp.dir, 'home');
    mkdirSync(path.join(home, '.claude', 'projects'), { recursive: true });
    expect(detectSources(db, home)).toEqual([{ tool: 'Claude Code', path: path.join(home, '.claude', 'projects'), watched: false }]);
    mkdirSync(path.join(home, '.codex', 'sessions'), { recursive: true });
    addWatched(db, path.join(home, '.codex', 'sessions'));
    expect(detectSources(db, home).map((d) => [d.tool, d.watched])).toEqual([
      ['Claude Code', false],
      ['Codex CLI', true],
    ]);
    expect(removeWatched(db, logs)).toBe(true);
    expect(removeWatched(db, logs)).toBe(false);
    db.close();
  });
});

describe('dream runs', () => {
  const tmp = tempDir();
  afterAll(tmp.cleanup);
  const model = 'test/word-hash';
  const options = { dataDir: path.join(tmp.dir, 'data'), model, modelsDir: tmp.dir, embed: wordHashEmbed };

  it('imports only what is new in watched folders, analyses, and records each run', async () => {
    const db = openStore(options.dataDir);
    const logs = path.join(tmp.dir, 'projects');
    await generateCorpus({ outDir: logs, sessions: 30, seed: 5 });
    addWatched(db, logs);

    const first = await runDream(db, options);
    expect(first.filesRead).toBe(jsonlFiles(logs).length);
    expect(first.sessionsAdded).toBe(30);
    expect(first.momentsAdded).toBeGreaterThan(30);
    expect(first.analysisRunId).not.toBeNull();
    expect(first.clustersChanged).toBe(listClusters(db, model).length);
    expect(first.stats?.clustersNew).toBe(first.clustersChanged);
    expect(first.seconds).toBeGreaterThan(0);

    // Nothing new: no file is read again, the analysis is skipped, cluster ids stay.
    const ids = listClusters(db, model).map((c) => c.id).sort();
    const idle = await runDream(db, { ...options, trigger: 'watch' });
    expect(idle).toMatchObject({ filesRead: 0, sessionsAdded: 0, momentsAdded: 0, clustersChanged: 0, analysisRunId: null, trigger: 'watch' });
    expect(idle.stats?.analysisSkipped).toMatch(/nothing new/);
    expect(listClusters(db, model).map((c) => c.id).sort()).toEqual(ids);

    // A grown transcript and new sessions: only those files are read.
    const grown = jsonlFiles(logs)[0];
    const lines = readFileSync(grown, 'utf8').trimEnd().split('\n');
    const last = JSON.parse(lines[lines.length - 1]) as Record<string, unknown>;
    appendFileSync(
      grown,
      `${JSON.stringify({ ...last, parentUuid: last.uuid, uuid: 'aaaaaaaa-0000-4000-8000-000000000001', type: 'user', message: { role: 'user', content: 'No, use pnpm not npm, I said that before.' }, timestamp: new Date(Date.parse(String(last.timestamp)) + 1000).toISOString() })}\n`,
    );
    expect(statSync(grown).size).toBeGreaterThan(0);
    const more = path.join(logs, 'later');
    await generateCorpus({ outDir: more, sessions: 5, seed: 6 });
    const third = await runDream(db, options);
    expect(third.filesRead).toBe(jsonlFiles(more).length + 1);
    expect(third.sessionsAdded).toBe(5);
    expect(third.sessionsUpdated).toBe(1);
    expect(third.analysisRunId).not.toBeNull();
    // Most clusters keep their ids: the new sessions join them rather than replacing them.
    const kept = listClusters(db, model).filter((c) => ids.includes(c.id)).length;
    expect(kept).toBeGreaterThan(ids.length / 2);

    expect(listDreamRuns(db).map((r) => r.id)).toEqual([third.id, idle.id, first.id]);
    db.close();
  });

  it('a missing watched folder is reported, not fatal', async () => {
    const db = openStore(options.dataDir);
    const gone = path.join(tmp.dir, 'gone');
    mkdirSync(gone);
    addWatched(db, gone);
    rmSync(gone, { recursive: true });
    const run = await runDream(db, options);
    expect(run.stats?.missing).toEqual([gone]);
    expect(run.error).toBeNull();
    db.close();
  });

  it('loops on an interval until stopped, surviving a failed run', async () => {
    const controller = new AbortController();
    const calls: number[] = [];
    const errors: string[] = [];
    const runs = await dreamLoop(
      async () => {
        calls.push(Date.now());
        if (calls.length === 2) throw new Error('file mid-write');
        if (calls.length === 4) controller.abort();
      },
      { intervalMs: 20, signal: controller.signal, onError: (e) => errors.push(e.message) },
    );
    expect(runs).toBe(4);
    expect(errors).toEqual(['file mid-write']);
    expect(calls[2] - calls[1]).toBeGreaterThanOrEqual(15);
  });
});
