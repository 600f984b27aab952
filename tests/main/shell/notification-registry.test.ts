import { describe, expect, it } from 'vitest';
import { DEFAULT_QUIET_MS, NotificationRegistry } from '../../../src/main/shell/notification-registry';

function registry(options: { quietMs?: number; maxEntries?: number } = {}) {
  const clock = { now: 1_000_000 };
  return { clock, registry: new NotificationRegistry({ ...options, now: () => clock.now }) };
}

const conflict = (key: string, containerId: string | null = 'c1') => ({ key, engineId: 'docker', containerId });

describe('NotificationRegistry', () => {
  it('notifies once per key, however often it repeats', () => {
    const { registry: r } = registry();
    expect(r.shouldNotify(conflict('c1:8080/tcp'))).toBe(true);
    expect(r.shouldNotify(conflict('c1:8080/tcp'))).toBe(false);
    expect(r.shouldNotify(conflict('c1:8080/tcp'))).toBe(false);
  });

  it('notifies another key independently', () => {
    const { registry: r } = registry();
    expect(r.shouldNotify(conflict('c1:8080/tcp'))).toBe(true);
    expect(r.shouldNotify(conflict('c1:8443/tcp'))).toBe(true);
    expect(r.shouldNotify(conflict('c2:8080/tcp', 'c2'))).toBe(true);
  });

  it('notifies again after clear(key)', () => {
    const { registry: r } = registry();
    r.shouldNotify(conflict('k'));
    r.clear('k');
    expect(r.shouldNotify(conflict('k'))).toBe(true);
    expect(r.shouldNotify(conflict('k'))).toBe(false);
    r.clear('unknown');
  });

  it('clears every key of one container', () => {
    const { registry: r } = registry();
    r.shouldNotify(conflict('a', 'c1'));
    r.shouldNotify(conflict('b', 'c1'));
    r.shouldNotify(conflict('c', 'c2'));
    r.shouldNotify({ key: 'preflight', engineId: null, containerId: null });
    r.clearContainer('docker', 'c1');
    expect(r.shouldNotify(conflict('a', 'c1'))).toBe(true);
    expect(r.shouldNotify(conflict('b', 'c1'))).toBe(true);
    expect(r.shouldNotify(conflict('c', 'c2'))).toBe(false);
    expect(r.shouldNotify({ key: 'preflight' })).toBe(false);
    r.clearContainer('podman', 'c2');
    expect(r.shouldNotify(conflict('c', 'c2'))).toBe(false);
  });

  it('notifies again after a quiet period (10 minutes by default)', () => {
    const { registry: r, clock } = registry();
    r.shouldNotify(conflict('k'));
    clock.now += DEFAULT_QUIET_MS - 1;
    expect(r.shouldNotify(conflict('k'))).toBe(false);
    // That repeat restarted the quiet period: a conflict reported all along stays announced once.
    clock.now += DEFAULT_QUIET_MS - 1;
    expect(r.shouldNotify(conflict('k'))).toBe(false);
    clock.now += DEFAULT_QUIET_MS;
    expect(r.shouldNotify(conflict('k'))).toBe(true);
    expect(DEFAULT_QUIET_MS).toBe(600_000);
  });

  it('honours a configured quiet period', () => {
    const { registry: r, clock } = registry({ quietMs: 1000 });
    r.shouldNotify(conflict('k'));
    clock.now += 999;
    expect(r.shouldNotify(conflict('k'))).toBe(false);
    clock.now += 1000;
    expect(r.shouldNotify(conflict('k'))).toBe(true);
  });

  it('keeps memory bounded, forgetting the least recently seen first', () => {
    const { registry: r } = registry({ maxEntries: 3 });
    for (const key of ['a', 'b', 'c']) r.shouldNotify(conflict(key));
    r.shouldNotify(conflict('a')); // a is now the most recent
    r.shouldNotify(conflict('d')); // evicts b
    expect(r.size).toBe(3);
    expect(r.shouldNotify(conflict('a'))).toBe(false);
    expect(r.shouldNotify(conflict('b'))).toBe(true);
    for (let i = 0; i < 1000; i++) r.shouldNotify(conflict(`k${i}`));
    expect(r.size).toBe(3);
  });

  it('drops entries older than the quiet period', () => {
    const { registry: r, clock } = registry({ quietMs: 1000 });
    for (const key of ['a', 'b', 'c']) r.shouldNotify(conflict(key));
    clock.now += 5000;
    r.shouldNotify(conflict('d'));
    expect(r.size).toBe(1);
  });
});
