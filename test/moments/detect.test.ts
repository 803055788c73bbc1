import { describe, expect, it } from 'vitest';
import type { ParsedMessage, ParsedSession } from '../../shared/types.js';
import { detectMoments, extractMoments, listDetectedMoments } from '../../electron/engine/moments/extract.js';
import { momentsCommand } from '../../electron/engine/cli/commands/moments.js';
import type { CliContext } from '../../electron/engine/cli/context.js';
import { openStore } from '../../electron/engine/store/db.js';
import { SessionWriter } from '../../electron/engine/store/session-writer.js';
import { toyWeights } from './session.js';

const weights = toyWeights();
const VECTORS: Record<string, number[]> = {
  'npm?? where did that come from, everything here is pnpm': [1, 0],
  "personally I like vitest much better than jest, so please stick with it everywhere": [0, 1],
};

const messages: ParsedMessage[] = [
  { role: 'user', text: 'Set up the test runner for the reports package' },
  { role: 'assistant', text: 'Installing jest with npm.', toolCalls: [{ name: 'Bash', input: '{"command":"npm i -D jest"}', callId: 'b1' }] },
  { role: 'tool', text: '', toolResults: [{ callId: 'b1', output: 'added 1 package', isError: false }] },
  { role: 'user', text: 'npm?? where did that come from, everything here is pnpm' },
  { role: 'assistant', text: 'Switched to pnpm.' },
  { role: 'user', text: "personally I like vitest much better than jest, so please stick with it everywhere" },
  { role: 'assistant', text: 'Noted.' },
  { role: 'user', text: 'No, that is the wrong package' },
];

function seeded() {
  const db = openStore(':memory:');
  const id = new SessionWriter(db).write({ format: 'claude-code', externalId: 's', messages } as ParsedSession, null).sessionId;
  const asked: string[][] = [];
  const vectorsFor = async (texts: string[]) => {
    asked.push(texts);
    return new Map(texts.filter((t) => VECTORS[t]).map((t) => [t, VECTORS[t]]));
  };
  return { db, id, asked, vectorsFor };
}

const summary = (db: ReturnType<typeof seeded>['db']) => listDetectedMoments(db).map((m) => `${m.kind}:${m.detector}:${m.text}`);

describe('detectMoments', () => {
  it('stores the moments of the rules and of the classifier, each with the detector that decided it', async () => {
    const { db, asked, vectorsFor } = seeded();
    expect(await detectMoments(db, { weights, vectorsFor })).toEqual({ scanned: 1, added: 4, removed: 0 });
    // Every typed person turn is judged, in one call for the chunk.
    expect(asked).toEqual([
      [
        'Set up the test runner for the reports package',
        'npm?? where did that come from, everything here is pnpm',
        "personally I like vitest much better than jest, so please stick with it everywhere",
        'No, that is the wrong package',
      ],
    ]);
    expect(summary(db)).toEqual([
      'task:rules:Set up the test runner for the reports package',
      'correction:classifier:npm?? where did that come from, everything here is pnpm',
      "preference:classifier:personally I like vitest much better than jest, so please stick with it everywhere",
      'correction:rules:No, that is the wrong package',
    ]);
    expect(db.prepare('SELECT detectors FROM moment_scans').get()).toEqual({ detectors: 'rules+classifier:toy/model:v1' });
    // Nothing changed: nothing scanned again.
    expect(await detectMoments(db, { weights, vectorsFor })).toEqual({ scanned: 0, added: 0, removed: 0 });
  });

  it('rescans when the classifier becomes unusable (rules alone) and keeps the ids of moments both find', async () => {
    const { db, vectorsFor } = seeded();
    await detectMoments(db, { weights, vectorsFor });
    const before = listDetectedMoments(db);
    // Another embedding model: the analysis passes no weights; the rules alone lose the two classifier moments.
    expect(await detectMoments(db, { weights: null, vectorsFor })).toEqual({ scanned: 1, added: 0, removed: 2 });
    expect(summary(db)).toEqual(['task:rules:Set up the test runner for the reports package', 'correction:rules:No, that is the wrong package']);
    expect(listDetectedMoments(db).map((m) => m.id)).toEqual([before[0].id, before[3].id]);
    expect(db.prepare('SELECT detectors FROM moment_scans').get()).toEqual({ detectors: 'rules' });
    expect(extractMoments(db)).toEqual({ scanned: 0, added: 0, removed: 0 });
  });
});

describe('reverie moments', () => {
  function ctx(db: CliContext['db'], json = false) {
    const lines: string[] = [];
    return { lines, ctx: { db, json, dataDir: '', options: {}, out: (t: string) => lines.push(t), err: () => undefined } as unknown as CliContext };
  }

  it('lists moments with kind, detector, session, message and text; filters by kind and session; --json', async () => {
    const { db, id, vectorsFor } = seeded();
    await detectMoments(db, { weights, vectorsFor });
    const all = ctx(db);
    expect(momentsCommand(all.ctx, {})).toBe(0);
    expect(all.lines).toHaveLength(4);
    expect(all.lines[1]).toMatch(/^\s+\d+ {2}correction classifier session \d+, message \d+ {2}/);
    expect(all.lines[1].endsWith('  npm?? where did that come from, everything here is pnpm')).toBe(true);

    const json = ctx(db);
    momentsCommand(json.ctx, { kind: 'correction', session: String(id), json: true });
    const rows = JSON.parse(json.lines.join('\n')) as { kind: string; detector: string; text: string; sessionId: number; messageId: number; id: number }[];
    expect(rows.map((r) => [r.kind, r.detector, r.text, r.sessionId])).toEqual([
      ['correction', 'classifier', 'npm?? where did that come from, everything here is pnpm', id],
      ['correction', 'rules', 'No, that is the wrong package', id],
    ]);
    expect(Object.keys(rows[0]).sort()).toEqual(['detector', 'id', 'kind', 'messageId', 'sessionId', 'text']);

    const none = ctx(db);
    momentsCommand(none.ctx, { session: String(id + 1) });
    expect(none.lines).toEqual(['No moments stored. Run `reverie analyze` after importing sessions.']);
    expect(() => momentsCommand(none.ctx, { kind: 'mistake' })).toThrow(/--kind must be one of correction, failure, task, preference/);
    expect(() => momentsCommand(none.ctx, { session: 'abc' })).toThrow(/--session must be a session number/);
  });
});
