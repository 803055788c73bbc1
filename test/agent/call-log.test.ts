import { describe, expect, it } from 'vitest';
import { AGENT_CALLS_KEPT, listAgentCalls, logAgentCall } from '../../electron/engine/store/agent.js';
import { openStore } from '../../electron/engine/store/db.js';

describe('the agent call log', () => {
  it('keeps the newest calls only, so a hook at every session start cannot grow it without end', () => {
    const db = openStore(':memory:');
    for (let i = 0; i < AGENT_CALLS_KEPT + 5; i++) logAgentCall(db, { surface: 'hook', tool: 'session-start', args: { i }, project: null, bytes: i });
    expect((db.prepare('SELECT count(*) AS n FROM agent_calls').get() as { n: number }).n).toBe(AGENT_CALLS_KEPT);
    const [newest] = listAgentCalls(db, 1);
    expect(JSON.parse(newest!.args)).toEqual({ i: AGENT_CALLS_KEPT + 4 });
    expect((db.prepare('SELECT min(bytes) AS b FROM agent_calls').get() as { b: number }).b).toBe(5);
    db.close();
  });
});
