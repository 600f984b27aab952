import { describe, expect, it } from 'vitest';
import { durationSince } from '../../src/shared/duration-text';

const now = Date.parse('2026-12-03T12:00:00Z');
const before = (seconds: number) => new Date(now - seconds * 1000).toISOString();

describe('durationSince', () => {
  it.each([
    [0, 'Less than a second'],
    [1, 'Less than a second'],
    [45, '45 seconds'],
    [60, 'About a minute'],
    [5 * 60, '5 minutes'],
    [3600, 'About an hour'],
    [5 * 3600, '5 hours'],
    [3 * 86400, '3 days'],
  ])('%i s → %s', (seconds, expected) => {
    expect(durationSince(before(seconds), now)).toBe(expected);
  });

  it('is empty without a time, and never negative for a clock that runs behind', () => {
    expect(durationSince(null, now)).toBe('');
    expect(durationSince(before(-30), now)).toBe('Less than a second');
  });
});
