import { describe, expect, it } from 'vitest';
import { renderDigest } from '../../electron/engine/digest/build-digest.js';
import { consentPattern, splitPlaceholders } from '../../electron/engine/lesson/consent-view.js';
import { buildLessonRequest } from '../../electron/engine/lesson/request.js';
import { openStore } from '../../electron/engine/store/db.js';
import { addLesson, digestFor } from './fixtures.js';

/* The readable view of what one request says about the person. */

describe('splitPlaceholders', () => {
  it('marks the scrubber placeholders and keeps every other character', () => {
    const text = 'mail <EMAIL_1> from <PRIVATE_KEY_2>, not <b> or <lower_1>';
    const parts = splitPlaceholders(text);
    expect(parts.filter((p) => p.placeholder).map((p) => p.text)).toEqual(['<EMAIL_1>', '<PRIVATE_KEY_2>']);
    expect(parts.map((p) => p.text).join('')).toBe(text);
    expect(splitPlaceholders('')).toEqual([]);
  });
});

describe('consentPattern', () => {
  const cluster = {
    id: 4, kind: 'failure' as const, label: 'npm test fails', keywords: [], size: 12, sessions: 6, projects: 2,
    firstSeen: '2026-02-01T09:00:00.000Z', lastSeen: '2026-03-01T10:00:00.000Z', weekly: [],
  };
  const examples = ['<PERSON_1> ran npm test in <PATH_1>', 'Error: cannot find module vitest', 'again <PERSON_1>'];
  const digest = digestFor(4, 'failure', { keywords: ['npm test', '<PERSON_1>'], examples, text: renderDigest(cluster, ['npm test', '<PERSON_1>'], examples) });

  it('reads the facts, keywords, examples and quoted lessons from what is sent, placeholders marked', () => {
    const db = openStore(':memory:');
    const lesson = { ...addLesson(db, { title: 'Ask <PERSON_1>', rule: 'Run `pnpm test`.' }), clusterId: 4 };
    const request = buildLessonRequest(digest, [lesson]);
    const view = consentPattern(digest, cluster.label, [lesson]);
    expect(view).toMatchObject({ clusterId: 4, label: 'npm test fails', kind: 'failure' });
    expect(view.facts).toBe('Seen 12 times in 6 sessions across 2 projects, 2026-02-01 to 2026-03-01.');
    expect(view.keywords.map((k) => k.map((p) => p.text).join(''))).toEqual(['npm test', '<PERSON_1>']);
    expect(view.examples).toHaveLength(3);
    expect(view.examples[0]).toEqual([{ text: '<PERSON_1>', placeholder: true }, { text: ' ran npm test in ' }, { text: '<PATH_1>', placeholder: true }]);
    expect(view.lessons).toEqual([{ id: lesson.id, text: [{ text: 'Ask ' }, { text: '<PERSON_1>', placeholder: true }, { text: ': Run `pnpm test`.' }] }]);
    expect(view.placeholders).toEqual(['<PERSON_1>', '<PATH_1>']);
    // Nothing in the view that the request does not carry: every example and lesson line is in the bytes.
    const content = request.body.messages[0].content;
    for (const line of [...view.examples, ...view.lessons.map((l) => l.text)]) expect(content).toContain(line.map((p) => p.text).join(''));
    db.close();
  });

  it('shows the nearby pattern names the request carries, with their placeholders', () => {
    const near = { ...digest, nearby: ['deploy fails for <USER_1>', 'lint errors'] };
    const request = buildLessonRequest(near, []);
    const view = consentPattern(near, cluster.label, []);
    expect(view.nearby.map((n) => n.map((p) => p.text).join(''))).toEqual(['deploy fails for <USER_1>', 'lint errors']);
    expect(view.nearby[0]).toContainEqual({ text: '<USER_1>', placeholder: true });
    expect(view.placeholders).toEqual(['<PERSON_1>', '<PATH_1>', '<USER_1>']);
    const content = request.body.messages[0].content;
    for (const name of near.nearby) expect(content).toContain(name);
  });

  it('shows only the examples the character budget let into the text', () => {
    const long = Array.from({ length: 5 }, (_, i) => `${i} ${'x'.repeat(400)}`);
    const keywords = Array.from({ length: 20 }, (_, i) => `${i}${'k'.repeat(40)}`);
    const cut = digestFor(4, 'failure', { examples: long, text: renderDigest(cluster, keywords, long) });
    const view = consentPattern(cut, 'long', []);
    const inText = cut.text.split('\n').filter((l) => /^\d+\. /.test(l)).length;
    expect(view.examples).toHaveLength(inText);
    expect(inText).toBeLessThan(5);
  });
});
