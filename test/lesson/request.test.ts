import { describe, expect, it } from 'vitest';
import { openStore } from '../../electron/engine/store/db.js';
import { estimateRequest, estimateTokens, priceOf, sumEstimates } from '../../electron/engine/lesson/estimate.js';
import { buildLessonRequest, DEFAULT_LESSON_MODEL, messagesUrl, SYSTEM_PROMPT } from '../../electron/engine/lesson/request.js';
import { retireLesson } from '../../electron/engine/lesson/store.js';
import { addLesson, digestFor } from './fixtures.js';

describe('buildLessonRequest', () => {
  it('sends the digest text verbatim, the existing lessons by id, and asks for structured output', () => {
    const db = openStore(':memory:');
    const kept = addLesson(db, { why: 'PRIVATE-WHY-TEXT', evidence: [424242] });
    const retired = retireLesson(db, addLesson(db, { title: 'Old one', rule: 'Run `old`.' }).id);
    const digest = digestFor(7, 'failure', { text: 'Pattern text\nwith "quotes" and <PATH_1> placeholders' });
    const req = buildLessonRequest(digest, [kept, retired]);

    expect(req.bytes).toBe(JSON.stringify(req.body));
    const body = JSON.parse(req.bytes);
    expect(Object.keys(body)).toEqual(['model', 'max_tokens', 'system', 'messages', 'output_config']);
    expect(body.model).toBe(DEFAULT_LESSON_MODEL);
    expect(body.system).toBe(SYSTEM_PROMPT);
    expect(body.output_config.format.type).toBe('json_schema');
    expect(body.output_config.format.schema.properties.actions.items.required).toContain('rule');
    // Forced tool use is rejected by current models: structured output instead, no tools.
    expect(body.tools).toBeUndefined();
    expect(body.tool_choice).toBeUndefined();

    const user: string = body.messages[0].content;
    expect(user).toContain(`<digest>\n${digest.text}\n</digest>`);
    expect(user).toContain(`[${kept.id}] Use pnpm: Run \`pnpm test\``);
    expect(user).not.toContain('Old one');
    expect(req.offered).toEqual([kept.id]);
    // Only id, title and rule of a lesson leave: not its why or its evidence.
    expect(req.bytes).not.toContain('PRIVATE-WHY-TEXT');
    expect(req.bytes).not.toContain('424242');
    expect(req.clusterId).toBe(7);
  });

  it('is deterministic and honours the model and token options', () => {
    const d = digestFor(1, 'task');
    expect(buildLessonRequest(d, []).bytes).toBe(buildLessonRequest(d, []).bytes);
    const r = buildLessonRequest(d, [], { model: 'claude-haiku-5-5', maxTokens: 2000 });
    expect(r.body.model).toBe('claude-haiku-5-5');
    expect(r.body.max_tokens).toBe(2000);
    expect(r.body.messages[0].content).toContain('(none)');
  });

  it('offers lessons of the same kind first, up to the cap', () => {
    const db = openStore(':memory:');
    const others = Array.from({ length: 4 }, (_, i) => addLesson(db, { kind: 'task', title: `task ${i}` }));
    const same = addLesson(db, { kind: 'failure', title: 'same kind' });
    const req = buildLessonRequest(digestFor(1, 'failure'), [...others, same], { maxExisting: 3 });
    expect(req.offered).toEqual([others[2].id, others[3].id, same.id]);
  });

  it('offers only lessons about the pattern or sharing a keyword with it, not every lesson in every request', () => {
    const db = openStore(':memory:');
    const own = { ...addLesson(db, { title: 'Own', rule: 'Say hello first.' }), clusterId: 9 };
    const related = addLesson(db, { title: 'Vitest config', rule: 'Keep vitest.config.ts at the root.' });
    const unrelated = addLesson(db, { title: 'Emoji', rule: 'Never put emoji in commit messages.' });
    const req = buildLessonRequest(digestFor(9, 'failure'), [own, related, unrelated]);
    expect(req.offered).toEqual([own.id, related.id]);
    expect(req.body.messages[0].content).not.toContain('emoji');
  });
});

describe('messagesUrl', () => {
  it('uses the option, then ANTHROPIC_BASE_URL, then the public API', () => {
    expect(messagesUrl('http://127.0.0.1:9/', {})).toBe('http://127.0.0.1:9/v1/messages');
    expect(messagesUrl(undefined, { ANTHROPIC_BASE_URL: 'https://proxy.example' })).toBe('https://proxy.example/v1/messages');
    expect(messagesUrl(undefined, {})).toBe('https://api.anthropic.com/v1/messages');
  });
});

describe('estimate', () => {
  it('estimates tokens from characters, leaning high', () => {
    expect(estimateTokens('x'.repeat(350))).toBe(100);
    expect(estimateTokens('x'.repeat(351))).toBe(101);
  });

  it('bounds the cost with max_tokens at the model price, and knows dated snapshots', () => {
    const req = buildLessonRequest(digestFor(1, 'failure'), [], { model: 'claude-sonnet-5-5', maxTokens: 1000 });
    const e = estimateRequest(req);
    expect(e.inputTokens).toBe(Math.ceil(req.bytes.length / 3.5));
    expect(e.outputTokensMax).toBe(1000);
    expect(e.usdMax).toBeCloseTo((e.inputTokens * 2 + 1000 * 10) / 1e6, 10);
    expect(priceOf('claude-haiku-4-5-20251001')).toEqual(priceOf('claude-haiku-4-5'));
    expect(estimateRequest({ ...req, model: 'some-future-model' }).usdMax).toBeNull();
  });

  it('sums estimates, losing the price when one part has none', () => {
    const a = { inputTokens: 10, outputTokensMax: 100, usdMax: 0.5 };
    expect(sumEstimates([a, a])).toEqual({ inputTokens: 20, outputTokensMax: 200, usdMax: 1 });
    expect(sumEstimates([a, { ...a, usdMax: null }]).usdMax).toBeNull();
  });
});
