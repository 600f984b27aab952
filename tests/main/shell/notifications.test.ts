import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventListener } from '../../../src/main/core/app-core';
import type { PortConflictEvent } from '../../../src/shared/contract';
import { events } from '../../../src/shared/contract';

type Handler = (...args: any[]) => any;

const electron = vi.hoisted(() => {
  const shown: any[] = [];
  const support = { value: true };
  const failShow = { value: false };
  class FakeNotification {
    static isSupported = vi.fn(() => support.value);
    options: any;
    handlers = new Map<string, Handler>();
    show = vi.fn(() => {
      if (failShow.value) throw new Error('no notification daemon');
      shown.push(this);
    });
    close = vi.fn();
    constructor(options: unknown) {
      this.options = options;
    }
    on(event: string, handler: Handler) {
      this.handlers.set(event, handler);
      return this;
    }
  }
  return { shown, support, failShow, Notification: FakeNotification };
});
vi.mock('electron', () => ({ Notification: electron.Notification }));

import { NotificationRegistry } from '../../../src/main/shell/notification-registry';
import { alertTitle, conflictTitle, registerConflictNotifications } from '../../../src/main/shell/notifications';

const DOCKER = 'unix:///var/run/docker.sock';

function conflict(overrides: Partial<PortConflictEvent> = {}): PortConflictEvent {
  // Parsed like core.emit does, so the fixture cannot drift from the contract.
  return events['ports.conflict'].parse({
    key: `${DOCKER}/abc:0.0.0.0:8080/tcp`,
    source: 'engine',
    engineId: DOCKER,
    containerId: 'abc',
    containerName: 'web',
    hostIp: '0.0.0.0',
    hostPort: 8080,
    protocol: 'tcp',
    holders: [{ kind: 'process', pid: 4242, command: 'python3', user: 'me', hostIp: '0.0.0.0', hostPort: 8080, protocol: 'tcp' }],
    message: 'web cannot publish 8080: python3 (pid 4242) is listening on it.',
    ...overrides,
  });
}

function fakeCore() {
  const listeners = new Set<EventListener>();
  const core = {
    emit: vi.fn(),
    onEvent: vi.fn((listener: EventListener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    }),
  };
  return { core, listeners, fire: (...args: Parameters<EventListener>) => listeners.forEach((l) => l(...args)) };
}

describe('registerConflictNotifications', () => {
  let fake: ReturnType<typeof fakeCore>;
  let registry: NotificationRegistry;
  const showWindow = vi.fn();
  let dispose: () => void;

  beforeEach(() => {
    vi.clearAllMocks();
    electron.shown.length = 0;
    electron.support.value = true;
    electron.failShow.value = false;
    fake = fakeCore();
    registry = new NotificationRegistry();
    dispose = registerConflictNotifications(fake.core, { showWindow, registry });
  });

  it('shows a notification titled with the port, the message as body, not silent', () => {
    fake.fire('ports.conflict', conflict());
    expect(electron.shown).toHaveLength(1);
    expect(electron.shown[0].options).toEqual({
      title: 'Port 8080 is already in use',
      body: 'web cannot publish 8080: python3 (pid 4242) is listening on it.',
      silent: false,
    });
  });

  it('names the protocol when it is not tcp', () => {
    expect(conflictTitle({ hostPort: 5353, protocol: 'udp' })).toBe('Port 5353/udp is already in use');
  });

  it('notifies once per key even when the event repeats', () => {
    for (let i = 0; i < 5; i++) fake.fire('ports.conflict', conflict());
    expect(electron.shown).toHaveLength(1);
  });

  it('notifies a second key', () => {
    fake.fire('ports.conflict', conflict());
    fake.fire('ports.conflict', conflict({ key: 'other', hostPort: 8443 }));
    expect(electron.shown.map((n) => n.options.title)).toEqual(['Port 8080 is already in use', 'Port 8443 is already in use']);
  });

  it('notifies again once the conflict was cleared', () => {
    fake.fire('ports.conflict', conflict());
    registry.clear(conflict().key);
    fake.fire('ports.conflict', conflict());
    expect(electron.shown).toHaveLength(2);
  });

  it('forgets the conflicts of a removed container', () => {
    fake.fire('ports.conflict', conflict());
    fake.fire('containers.changed', { type: 'remove', engineId: DOCKER, id: 'abc' });
    fake.fire('ports.conflict', conflict());
    expect(electron.shown).toHaveLength(2);
  });

  it('on click shows the window and opens the container', () => {
    fake.fire('ports.conflict', conflict());
    electron.shown[0].handlers.get('click')!({});
    expect(showWindow).toHaveBeenCalledTimes(1);
    expect(fake.core.emit).toHaveBeenCalledWith('ui.command', {
      command: 'container.open',
      target: { engineId: DOCKER, id: 'abc' },
    });
    // The emitted payload must pass the contract, or core.emit would drop it.
    expect(events['ui.command'].safeParse(fake.core.emit.mock.calls[0][1]).success).toBe(true);
  });

  it('on click only shows the window when the conflict has no container', () => {
    fake.fire('ports.conflict', conflict({ key: 'preflight', source: 'preflight', engineId: null, containerId: null, containerName: null }));
    electron.shown[0].handlers.get('click')!({});
    expect(showWindow).toHaveBeenCalledTimes(1);
    expect(fake.core.emit).not.toHaveBeenCalled();
  });

  it('does nothing, and does not crash, when notifications are unsupported', () => {
    electron.support.value = false;
    expect(() => fake.fire('ports.conflict', conflict())).not.toThrow();
    expect(electron.shown).toHaveLength(0);
    // Nothing was announced, so nothing is suppressed once notifications work.
    electron.support.value = true;
    fake.fire('ports.conflict', conflict());
    expect(electron.shown).toHaveLength(1);
  });

  it('logs instead of crashing when showing fails', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    electron.failShow.value = true;
    expect(() => fake.fire('ports.conflict', conflict())).not.toThrow();
    expect(error).toHaveBeenCalledWith('[notifications] showing a notification failed', expect.any(Error));
    error.mockRestore();
  });

  it('forgets a notification that failed to show (Windows)', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    fake.fire('ports.conflict', conflict());
    electron.shown[0].handlers.get('failed')!({}, 'toast error');
    dispose();
    expect(electron.shown[0].close).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  });

  it('notifies a failed quick check after a start, once, and opens the container on click', () => {
    const alert = events['diagnostics.alert'].parse({
      engineId: DOCKER,
      containerId: 'abc',
      containerName: 'web',
      checkId: 'listener-not-loopback-only',
      summary: '80/tcp listens only on 127.0.0.1 inside the container',
      fixes: ['httpd -p 0.0.0.0:80'],
    });
    fake.fire('diagnostics.alert', alert);
    fake.fire('diagnostics.alert', alert);
    expect(electron.shown).toHaveLength(1);
    expect(electron.shown[0].options).toEqual({ title: alertTitle(alert), body: alert.summary, silent: false });
    expect(alertTitle(alert)).toBe('web started, but its port is not reachable');
    electron.shown[0].handlers.get('click')!({});
    expect(fake.core.emit).toHaveBeenCalledWith('ui.command', { command: 'container.open', target: { engineId: DOCKER, id: 'abc' } });
    // Removing the container clears its alerts too.
    fake.fire('containers.changed', { type: 'remove', engineId: DOCKER, id: 'abc' });
    fake.fire('diagnostics.alert', alert);
    expect(electron.shown).toHaveLength(2);
  });

  it('ignores other events', () => {
    fake.fire('ui.command', { command: 'containers.refresh' });
    fake.fire('engines.changed', { engines: [] });
    expect(electron.shown).toHaveLength(0);
  });

  it('dispose unsubscribes and closes notifications still on screen', () => {
    fake.fire('ports.conflict', conflict());
    fake.fire('ports.conflict', conflict({ key: 'clicked' }));
    electron.shown[1].handlers.get('click')!({});
    dispose();
    expect(fake.listeners.size).toBe(0);
    expect(electron.shown[0].close).toHaveBeenCalledTimes(1);
    expect(electron.shown[1].close).not.toHaveBeenCalled();
    fake.fire('ports.conflict', conflict({ key: 'after' }));
    expect(electron.shown).toHaveLength(2);
  });
});
