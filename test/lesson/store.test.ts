import { describe, expect, it } from 'vitest';
import { openStore } from '../../electron/engine/store/db.js';
import {
  adoptLesson,
  clusterEvidence,
  getLesson,
  getOutbox,
  insertOutbox,
  listLessons,
  listOutbox,
  rateLesson,
  recordOutboxResult,
  retireLesson,
  reviveLesson,
  updateLessonText,
} from '../../electron/engine/lesson/store.js';
import { addLesson, seedCluster } from './fixtures.js';

describe('lesson life cycle', () => {
  it('goes draft → adopted (dated) → retired (dated) → draft again', () => {
    const db = openStore(':memory:');
    const l = addLesson(db, { evidence: [5, 3, 5] });
    expect(l).toMatchObject({ status: 'draft', adoptedAt: null, retiredAt: null, evidence: [3, 5], helpful: 0 });

    const adopted = adoptLesson(db, l.id, '2026-04-01T00:00:00.000Z');
    expect(adopted).toMatchObject({ status: 'adopted', adoptedAt: '2026-04-01T00:00:00.000Z' });

    const retired = retireLesson(db, l.id, '2026-05-01T00:00:00.000Z');
    expect(retired).toMatchObject({ status: 'retired', retiredAt: '2026-05-01T00:00:00.000Z' });
    expect(listLessons(db)).toEqual([]);
    expect(listLessons(db, { status: ['retired'] }).map((x) => x.id)).toEqual([l.id]);
    expect(() => updateLessonText(db, l.id, { rule: 'x' })).toThrow(/retired/);

    expect(reviveLesson(db, l.id)).toMatchObject({ status: 'draft', adoptedAt: null, retiredAt: null });
  });

  it('sends an adopted lesson back to draft when its words change, not when only its evidence does', () => {
    const db = openStore(':memory:');
    const l = adoptLesson(db, addLesson(db).id);
    expect(updateLessonText(db, l.id, { evidence: [1, 2] })).toMatchObject({ status: 'adopted', evidence: [1, 2] });
    expect(updateLessonText(db, l.id, { rule: 'Run `pnpm test`.' })).toMatchObject({ status: 'draft', adoptedAt: null, rule: 'Run `pnpm test`.' });
  });

  it('counts helpful and harmful verdicts', () => {
    const db = openStore(':memory:');
    const l = addLesson(db);
    rateLesson(db, l.id, 'helpful');
    rateLesson(db, l.id, 'helpful');
    expect(rateLesson(db, l.id, 'harmful')).toMatchObject({ helpful: 2, harmful: 1 });
    expect(() => rateLesson(db, 999, 'helpful')).toThrow(/no lesson/);
  });

  it('links to its cluster, keeps the evidence when the cluster goes', () => {
    const db = openStore(':memory:');
    const { clusterId, momentIds } = seedCluster(db, 'failure', 4);
    expect(clusterEvidence(db, clusterId)).toEqual(momentIds);
    expect(clusterEvidence(db, clusterId, 2)).toEqual(momentIds.slice(0, 2));
    const l = addLesson(db, { clusterId, evidence: momentIds });
    expect(listLessons(db, { clusterId }).map((x) => x.id)).toEqual([l.id]);
    db.prepare('DELETE FROM clusters WHERE id = ?').run(clusterId);
    expect(getLesson(db, l.id)).toMatchObject({ clusterId: null, evidence: [...momentIds].sort((a, b) => a - b) });
  });
});

describe('outbox', () => {
  it('keeps each request with its result, newest first', () => {
    const db = openStore(':memory:');
    const a = insertOutbox(db, { url: 'u', model: 'm', clusterIds: [1], request: '{"a":1}' });
    const b = insertOutbox(db, { url: 'u', model: 'm', clusterIds: [2, 3], request: '{"b":2}' });
    recordOutboxResult(db, a, { status: 200, response: '{"ok":true}' });
    recordOutboxResult(db, b, { error: 'ECONNREFUSED' });
    expect(listOutbox(db).map((e) => e.id)).toEqual([b, a]);
    expect(getOutbox(db, a)).toMatchObject({ status: 200, response: '{"ok":true}', error: null, clusterIds: [1], request: '{"a":1}' });
    expect(getOutbox(db, b)).toMatchObject({ status: null, error: 'ECONNREFUSED', clusterIds: [2, 3] });
    expect(getOutbox(db, 99)).toBeNull();
  });
});
