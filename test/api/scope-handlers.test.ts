import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiHandlers, typedCall, type ApiService } from '../../electron/engine/api/handlers.js';
import { openStore, type Db } from '../../electron/engine/store/db.js';
import { tempDir } from '../helpers/fixtures.js';
import { MODELS_DIR } from '../helpers/samples.js';
import { RULE_DATE, seedScopedStore, writeProjects, type ScopedProjects } from '../helpers/scoped-projects.js';

/* The API behind the Lessons screen's scope, rule and cost lines, and its enforce button. */

describe('scope API', () => {
  let tmp: { dir: string; cleanup: () => void };
  let db: Db;
  let api: ApiService;
  let p: ScopedProjects;
  beforeEach(() => {
    tmp = tempDir();
    const onDisk = writeProjects(tmp.dir);
    db = openStore(':memory:');
    p = { ...onDisk, ...seedScopedStore(db, onDisk) };
    // Model "m" (the seeded clusters') has no measured threshold: words judge, no model loads.
    api = createApiHandlers({ db, dataDir: path.join(tmp.dir, 'data'), model: 'm', modelsDir: MODELS_DIR, homeDir: p.home, jobsIn: 'process' });
  });
  afterEach(async () => {
    await api.close();
    db.close();
    tmp.cleanup();
  });

  it('lessonPlaces: scope, the rule already written, not followed, the enforcing hook and the cost', async () => {
    const { lessons, note } = await typedCall(api, 'lessonPlaces', {});
    expect(note).toContain('compared by their words');
    const pnpm = lessons.find((l) => l.lessonId === p.lessons.pnpm)!;
    expect(pnpm).toMatchObject({ scope: 'project', root: p.shop, notFollowed: { since: RULE_DATE, moments: 4 } });
    expect(pnpm.existing).toMatchObject({ line: 5, dateFrom: 'git' });
    expect(pnpm.enforcement).toMatchObject({ command: 'npm run', installed: false });
    expect(pnpm.cost).toMatchObject({ clusterId: p.clusters.npm, totalTokens: 5 * 12_650, turnsWithUsage: 10 });
    expect(pnpm.cost!.usd).toBeGreaterThan(0);
    expect(lessons.find((l) => l.lessonId === p.lessons.errors)).toMatchObject({ scope: 'user', existing: null, enforcement: null });
  });

  it('enforceLesson shows the change first and writes it only when asked; nothing to enforce is a 404', async () => {
    const settings = path.join(p.shop, '.claude', 'settings.json');
    const dry = await typedCall(api, 'enforceLesson', { id: p.lessons.pnpm, dryRun: true });
    expect(dry).toMatchObject({ settingsFile: settings, command: 'npm run', changed: true, installed: false, before: '' });
    expect(JSON.parse(dry.after).hooks.PreToolUse[0].matcher).toBe('Bash');
    expect(existsSync(settings)).toBe(false);
    const done = await typedCall(api, 'enforceLesson', { id: p.lessons.pnpm });
    expect(done.installed).toBe(true);
    expect(readFileSync(settings, 'utf8')).toBe(dry.after);
    const again = await typedCall(api, 'lessonPlaces', {});
    expect(again.lessons.find((l) => l.lessonId === p.lessons.pnpm)!.enforcement!.installed).toBe(true);
    await expect(typedCall(api, 'enforceLesson', { id: p.lessons.cargo, dryRun: true })).rejects.toThrow(/nothing to enforce/);
  });

  it('patternCosts: most expensive first; adoptLesson takes a past date and refuses a future one', async () => {
    const { patterns, pricesAsOf } = await typedCall(api, 'patternCosts', {});
    expect(pricesAsOf).toMatch(/^\d{4}-\d\d$/);
    expect(patterns[0]!.clusterId).toBe(p.clusters.npm);
    expect(patterns.map((c) => c.moments)).toEqual([5, 3, 3, 2]);
    const adopted = await typedCall(api, 'adoptLesson', { id: p.lessons.cargo, at: '2026-01-05' });
    expect(adopted.adoptedAt).toBe('2026-01-05T00:00:00.000Z');
    await expect(typedCall(api, 'adoptLesson', { id: p.lessons.cargo, at: '2999-01-01' })).rejects.toThrow();
  });
});
