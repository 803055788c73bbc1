import { describe, expect, it } from 'vitest';
import type { FileReport } from '../../shared/api.js';
import type { JobView } from '../../renderer/src/api/use-job.js';
import { nextPoint } from '../../renderer/src/screens/ClusterMap.js';
import { rowsWithReports } from '../../renderer/src/screens/Import.js';

/* The pure parts behind the map's keyboard cursor and the import rows' Cancel. */

describe('nextPoint: the map cursor', () => {
  //             0     1     2     3      4
  const xs = [0.1, 0.5, 0.3, -0.6, 0.1];
  const ys = [0.0, 0.0, 0.3, 0.05, 0.8];

  it('starts at the point nearest the middle', () => {
    expect(nextPoint(xs, ys, -1, 'left')).toBe(0);
    expect(nextPoint([0.9, -0.2, 0.4], [0.9, 0.1, -0.4], -1, 'down')).toBe(1);
    // Or nearest the middle it is given (the fitted view's, away from the origin).
    expect(nextPoint([0.9, -0.2, 0.4], [0.9, 0.1, -0.4], -1, 'down', [0.5, -0.5])).toBe(2);
  });

  it('goes to the nearest point ahead, keeping to the line of the arrow', () => {
    // Point 2 is nearer than 1, but off to the side: sideways distance counts twice.
    expect(nextPoint(xs, ys, 0, 'right')).toBe(1);
    expect(nextPoint(xs, ys, 0, 'left')).toBe(3);
    // Up is towards larger y, as drawn: 2 (near, a little aside) beats 4 (straight up, far).
    expect(nextPoint(xs, ys, 0, 'up')).toBe(2);
    // Down from 4: 0 straight below (0.8 away) beats 2 (0.5 below, 0.2 aside).
    expect(nextPoint(xs, ys, 4, 'down')).toBe(0);
  });

  it('stays put when nothing lies that way, and never steps onto a point in the same place', () => {
    expect(nextPoint(xs, ys, 1, 'right')).toBe(1);
    expect(nextPoint(xs, ys, 4, 'up')).toBe(4);
    expect(nextPoint([0, 0], [0, 0], 0, 'right')).toBe(0);
  });
});

describe('rowsWithReports: a picked file row after Cancel', () => {
  const row = (name: string, change: Partial<Parameters<typeof rowsWithReports>[0][number]> = {}) => ({
    name,
    key: name,
    size: 10,
    sent: 10,
    state: 'importing' as const,
    note: '',
    ...change,
  });
  const report = (file: string, change: Partial<FileReport> = {}): FileReport => ({
    file,
    format: 'chatgpt',
    sessionsAdded: 0,
    sessionsUpdated: 0,
    sessionsSkipped: 0,
    messagesAdded: 0,
    bytes: 10,
    ...change,
  });
  const view = (state: JobView['state'], files: FileReport[], item?: string): JobView => ({
    jobId: 'j',
    state,
    progress: item ? { phase: 'import', done: 1, total: 2, item } : null,
    files,
    result: undefined,
    error: null,
  });

  it('shows a file cancelled before it was sent, one being cancelled, and one whose members were all cancelled', () => {
    const rows = [row('a.zip'), row('b.jsonl', { cancel: 'asked' }), row('c.jsonl', { cancel: 'unsent', state: 'waiting' })];
    const running = rowsWithReports(rows, view('running', [], '/up/batch/a.zip!/conversations.json'));
    expect(running.map((r) => [r.state, r.note])).toEqual([
      ['importing', 'reading…'],
      ['importing', 'cancelling…'],
      ['cancelled', 'cancelled: not sent, not imported'],
    ]);
    const done = rowsWithReports(
      rows,
      view('done', [
        report('/up/batch/a.zip!/conversations.json', { cancelled: true, format: null }),
        report('/up/batch/a.zip!/chat.html', { cancelled: true, format: null }),
        report('/up/batch/b.jsonl', { sessionsAdded: 2 }),
      ]),
    );
    // b.jsonl had finished before its cancel arrived: it was kept, and says so.
    expect(done.map((r) => [r.state, r.note])).toEqual([
      ['cancelled', 'cancelled: nothing of it was written'],
      ['done', '2 new or updated sessions'],
      ['cancelled', 'cancelled: not sent, not imported'],
    ]);
    // The detected format, in words, on the row that has reports with one.
    expect(done.map((r) => r.formats)).toEqual([[], ['ChatGPT'], undefined]);
  });

  it('matches reports by the name the server stored a file under, and counts cancelled members of a partly imported zip', () => {
    const rows = [row('my export.zip', { key: 'my export (2).zip' })];
    const done = rowsWithReports(
      rows,
      view('done', [report('/up/batch/my export (2).zip!/a.json', { sessionsAdded: 3 }), report('/up/batch/my export (2).zip!/b.json', { cancelled: true })]),
    );
    expect(done.map((r) => [r.state, r.note])).toEqual([['done', '3 new or updated sessions; 1 cancelled']]);
  });
});
