import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../electron/engine/store/db.js';
import { closeEmbedPools, embedTexts } from '../../electron/engine/embed/embed-texts.js';
import { findMergeGroups, lessonEmbeddingText, mergeGroup, mergeNearDuplicates } from '../../electron/engine/lesson/merge.js';
import { adoptLesson, getLesson, listLessons, rateLesson } from '../../electron/engine/lesson/store.js';
import { haveShared, MODELS_DIR } from '../helpers/samples.js';
import { addLesson } from './fixtures.js';

/** A unit vector at `deg` degrees in the plane of the first two axes (cosine between two = cos of the angle). */
const at = (deg: number, dims = 3) => {
  const v = new Float32Array(dims);
  v[0] = Math.cos((deg * Math.PI) / 180);
  v[1] = Math.sin((deg * Math.PI) / 180);
  return v;
};

describe('findMergeGroups', () => {
  it('groups lessons at or above the threshold and leaves the rest', () => {
    const groups = findMergeGroups(
      [
        { id: 3, vector: at(10) },
        { id: 1, vector: at(0) },
        { id: 2, vector: at(90) },
      ],
      0.9,
    );
    expect(groups).toEqual([[1, 3]]); // cos 10° = 0.985; 90° = 0
  });

  it('never chains: each member must be close to every other member', () => {
    // cos 22° = 0.927 between neighbours, cos 44° = 0.72 between the ends.
    const groups = findMergeGroups(
      [
        { id: 1, vector: at(0) },
        { id: 2, vector: at(22) },
        { id: 3, vector: at(44) },
      ],
      0.9,
    );
    expect(groups).toEqual([[1, 2]]);
  });

  it('refuses vectors of different dimensions', () => {
    expect(() => findMergeGroups([{ id: 1, vector: at(0, 3) }, { id: 2, vector: at(0, 4) }])).toThrow(/dimensions/);
  });
});

describe('mergeGroup', () => {
  it('keeps the oldest adopted lesson, unites evidence and counts, retires the others', () => {
    const db = openStore(':memory:');
    const draftOld = addLesson(db, { title: 'old draft', evidence: [1, 2] });
    const adopted = adoptLesson(db, addLesson(db, { title: 'adopted', evidence: [3] }).id);
    const draftNew = addLesson(db, { title: 'new draft', evidence: [2, 4] });
    rateLesson(db, draftNew.id, 'helpful');
    const result = mergeGroup(db, [draftOld.id, adopted.id, draftNew.id]);
    expect(result).toEqual({ keeperId: adopted.id, retired: [draftOld.id, draftNew.id] });
    expect(getLesson(db, adopted.id)).toMatchObject({ title: 'adopted', status: 'adopted', evidence: [1, 2, 3, 4], helpful: 1 });
    expect(getLesson(db, draftOld.id)!.status).toBe('retired');
  });

  it('keeps the oldest when none is adopted', () => {
    const db = openStore(':memory:');
    const a = addLesson(db);
    const b = addLesson(db);
    expect(mergeGroup(db, [b.id, a.id]).keeperId).toBe(a.id);
  });
});

describe.runIf(haveShared())('mergeNearDuplicates with the local embedding model', () => {
  afterAll(() => closeEmbedPools());

  it('merges paraphrased lessons and keeps distinct ones', async () => {
    const db = openStore(':memory:');
    const texts: [string, string][] = [
      ['Use pnpm, not npm', 'Run `pnpm test`, not `npm test`: the repo uses pnpm workspaces.'],
      ['Use pnpm instead of npm', 'Run tests with `pnpm test` rather than `npm test`; this repository is a pnpm workspace.'],
      ['Keep commit messages short', 'Write commit subjects under 50 characters in the imperative mood.'],
      ['Check the database migration', 'Run `alembic upgrade head` before starting the API server.'],
    ];
    const ids = texts.map(([title, rule]) => addLesson(db, { title, rule }).id);
    const embed = (t: string[]) => embedTexts(t, { model: 'energetic-ai/use-lite-en', modelsDir: MODELS_DIR, inProcess: true });
    expect(lessonEmbeddingText({ title: 'T', rule: 'R.' })).toBe('T. R.');
    const merged = await mergeNearDuplicates(db, embed);
    expect(merged).toEqual([{ keeperId: ids[0], retired: [ids[1]] }]);
    expect(listLessons(db).map((l) => l.id)).toEqual([ids[0], ids[2], ids[3]]);
  });
});
