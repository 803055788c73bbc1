import { describe, expect, it } from 'vitest';
import { serialised } from '../../electron/engine/analyze/serial.js';
import { storeTurn } from '../../electron/engine/jobs/runner.js';

/** A job that runs until released, recording when it starts. */
function held(log: string[], name: string) {
  let release!: () => void;
  const done = new Promise<void>((r) => (release = r));
  return { job: async () => (log.push(name), await done, name), release };
}

describe('one job of a kind at a time per store', () => {
  it('runs them in order, each after the one before has settled, failed or not', async () => {
    const owner = {};
    const log: string[] = [];
    const a = held(log, 'a');
    const first = serialised(owner, 'k', a.job);
    const second = serialised(owner, 'k', async () => {
      log.push('b');
      throw new Error('b failed');
    });
    const third = serialised(owner, 'k', async () => (log.push('c'), 'c'));
    await new Promise((r) => setTimeout(r, 20));
    expect(log).toEqual(['a']);
    a.release();
    expect(await first).toBe('a');
    await expect(second).rejects.toThrow('b failed');
    expect(await third).toBe('c');
    expect(log).toEqual(['a', 'b', 'c']);
  });

  it('a job cancelled while it waits rejects at once without running, and the next still waits its turn', async () => {
    const owner = {};
    const log: string[] = [];
    const a = held(log, 'a');
    const first = storeTurn(owner as never, a.job);
    const cancel = new AbortController();
    const waiting = storeTurn(owner as never, async () => (log.push('b'), 'b'), cancel.signal);
    const next = storeTurn(owner as never, async () => (log.push('c'), 'c'));
    cancel.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'CancelledError' });
    // Still in a's turn: neither b nor c ran.
    await new Promise((r) => setTimeout(r, 20));
    expect(log).toEqual(['a']);
    a.release();
    expect(await first).toBe('a');
    expect(await next).toBe('c');
    expect(log).toEqual(['a', 'c']);
    // Cancelled with nothing ahead of it: it starts and meets its cancel itself (so it can record it).
    const signal = AbortSignal.abort();
    expect(await serialised({}, 'dream', async () => (log.push('d'), signal.aborted), signal)).toBe(true);
    expect(log).toEqual(['a', 'c', 'd']);
  });
});
