import { describe, expect, it } from 'vitest';
import { statusText } from '../../../src/renderer/lib/container-status';

const now = Date.parse('2026-12-03T12:00:00Z');

describe('statusText', () => {
  it.each([
    // A status read seconds after the start stays "Up 3 seconds" in the cache; the uptime does not.
    [{ state: 'running', status: 'Up 3 seconds', startedAt: '2026-12-03T11:55:00Z' }, 'Up 5 minutes'],
    [{ state: 'running', status: 'Up 3 seconds (healthy)', startedAt: '2026-12-03T11:59:59Z' }, 'Up Less than a second (healthy)'],
    [{ state: 'running', status: 'Up 1 second (health: starting)', startedAt: '2026-12-03T11:59:30Z' }, 'Up 30 seconds (health: starting)'],
    [{ state: 'paused', status: 'Up 2 hours (Paused)', startedAt: '2026-12-03T09:00:00Z' }, 'Up 3 hours (Paused)'],
    // Not up: the engine's words, or the state while a fresh read is on its way.
    [{ state: 'exited', status: 'Exited (0) 2 hours ago', startedAt: '2026-12-03T09:00:00Z' }, 'Exited (0) 2 hours ago'],
    [{ state: 'exited', status: '', startedAt: '2026-12-03T09:00:00Z' }, 'exited'],
    [{ state: 'running', status: 'Up', startedAt: null }, 'Up'],
  ] as const)('%o → %s', (container, expected) => {
    expect(statusText(container, now)).toBe(expected);
  });
});
