import { describe, expect, it } from 'vitest';
import { EXPORT_FORMATS } from '../../shared/api.js';
import { FORMAT_IDS } from '../../shared/types.js';
import { EXPORT_FORMAT_LABELS, FORMAT_LABELS, formatLabel, plural, pluralOf } from '../../shared/words.js';

describe('plurals', () => {
  it('uses the singular for exactly one and the plural otherwise, zero included', () => {
    expect(plural(1, 'session')).toBe('1 session');
    expect(plural(0, 'session')).toBe('0 sessions');
    expect(plural(2, 'session')).toBe('2 sessions');
  });

  it('forms English plurals: -ies after a consonant, -es after a sibilant, -s otherwise', () => {
    expect(pluralOf('entry')).toBe('entries');
    expect(pluralOf('reply')).toBe('replies');
    expect(pluralOf('day')).toBe('days');
    expect(pluralOf('match')).toBe('matches');
    expect(pluralOf('box')).toBe('boxes');
    expect(pluralOf('lesson')).toBe('lessons');
    expect(plural(3, 'watched folder')).toBe('3 watched folders');
  });

  it('takes an explicit plural and groups large counts', () => {
    expect(plural(2, 'person', 'people')).toBe('2 people');
    expect(plural(1, 'person', 'people')).toBe('1 person');
    expect(plural(12000, 'moment')).toBe('12,000 moments');
  });
});

describe('labels', () => {
  it('names every log format and export format in words, never by its id', () => {
    for (const id of FORMAT_IDS) {
      expect(FORMAT_LABELS[id]).toBeTruthy();
      expect(FORMAT_LABELS[id]).not.toBe(id);
    }
    for (const f of EXPORT_FORMATS) expect(EXPORT_FORMAT_LABELS[f]).not.toBe(f);
    expect(EXPORT_FORMAT_LABELS['claude-md']).toBe('CLAUDE.md');
    expect(EXPORT_FORMAT_LABELS['agents-md']).toBe('AGENTS.md');
    expect(formatLabel('claude-code')).toBe('Claude Code');
  });

  it('labels are distinct, so no two formats read the same', () => {
    expect(new Set(Object.values(FORMAT_LABELS)).size).toBe(FORMAT_IDS.length);
    expect(new Set(Object.values(EXPORT_FORMAT_LABELS)).size).toBe(EXPORT_FORMATS.length);
  });

  it('shows an unknown id as it is and a missing one in words', () => {
    expect(formatLabel('future-format')).toBe('future-format');
    expect(formatLabel(null)).toBe('unknown format');
  });
});
