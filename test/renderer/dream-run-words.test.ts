import { describe, expect, it } from 'vitest';
import type { DreamRunView } from '../../shared/api.js';
import { analysedHow } from '../../renderer/src/screens/Dreaming.js';

const run = (over: Partial<DreamRunView>): DreamRunView => ({
  id: 1,
  startedAt: '2026-11-26T02:00:00.000Z',
  finishedAt: '2026-11-26T02:00:03.000Z',
  trigger: 'schedule',
  filesSeen: 3,
  filesRead: 3,
  filesFailed: 0,
  sessionsAdded: 3,
  sessionsUpdated: 0,
  momentsAdded: 40,
  clustersNew: 0,
  clustersGone: 0,
  clustersRegrouped: 0,
  analysisSkipped: null,
  mode: null,
  reclusterReason: null,
  assigned: null,
  unassigned: null,
  missing: [],
  seconds: 3,
  error: null,
  ...over,
});

describe('how a dream run analysed, in the runs table', () => {
  it('says how many new moments joined patterns and how many wait, or why everything was re-clustered', () => {
    expect(analysedHow(run({ mode: 'incremental', assigned: 31, unassigned: 9 }))).toBe('analysed: 31 joined patterns, 9 waiting');
    expect(analysedHow(run({ mode: 'full', reclusterReason: '20% of the moments changed' }))).toBe('re-clustered: 20% of the moments changed');
    expect(analysedHow(run({ mode: 'full' }))).toBe('re-clustered');
    // Runs recorded before the mode was kept.
    expect(analysedHow(run({}))).toBe('analysed');
  });
});
