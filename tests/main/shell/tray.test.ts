import type { MenuItemConstructorOptions } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventListener } from '../../../src/main/core/app-core';
import type { Container, Engine } from '../../../src/shared/contract';
import { container, DOCKER, engine, port } from '../../renderer/support/fixtures';

type Item = MenuItemConstructorOptions;
type Handler = (...args: any[]) => any;

const electron = vi.hoisted(() => {
  const trays: any[] = [];
  class FakeTray {
    image: unknown;
    menus: unknown[] = [];
    tooltips: string[] = [];
    handlers = new Map<string, Handler>();
    destroyed = false;
    constructor(image: unknown) {
      this.image = image;
      trays.push(this);
    }
    setContextMenu = vi.fn((menu: unknown) => this.menus.push(menu));
    setToolTip = vi.fn((tooltip: string) => this.tooltips.push(tooltip));
    on(event: string, handler: Handler) {
      this.handlers.set(event, handler);
      return this;
    }
    isDestroyed = () => this.destroyed;
    destroy = vi.fn(() => {
      this.destroyed = true;
    });
  }
  return {
    trays,
    Tray: FakeTray,
    // The fake "menu" is the template itself, so tests read labels and click items directly.
    Menu: { buildFromTemplate: vi.fn((template: unknown) => template) },
    nativeImage: { createFromPath: vi.fn((path: string) => ({ path, isEmpty: () => path === '' })) },
    shell: { openExternal: vi.fn(() => Promise.resolve()) },
    // security-restrictions imports these; the tray never calls them.
    app: {},
    session: {},
  };
});
vi.mock('electron', () => electron);

import { createTray } from '../../../src/main/shell/tray';

function fakeCore(initial: { containers: Container[]; engines: Engine[] }) {
  const listeners = new Set<EventListener>();
  const state = { ...initial };
  const core = {
    invoke: vi.fn(async (_channel: string, _payload: unknown) => ({ ok: true as const, data: {} })),
    emit: vi.fn(),
    onEvent: vi.fn((listener: EventListener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    }),
    services: {
      containers: { list: vi.fn(() => state.containers) },
      engines: { list: vi.fn(() => state.engines) },
    },
  };
  return { core, state, listeners, fire: (...args: Parameters<EventListener>) => listeners.forEach((l) => l(...args)) };
}

const web = container({ id: 'w1', name: 'web', ports: [port(8080, 80), port(8080, 80, { hostIp: '::' })] });
const db = container({ id: 'd1', name: 'db' });

const lastMenu = (tray: any) => tray.menus.at(-1) as Item[];
const find = (items: Item[], label: string) => items.find((i) => i.label === label);
const sub = (item: Item | undefined) => (item?.submenu ?? []) as Item[];
const click = (item: Item | undefined) => (item!.click as () => void)();

describe('createTray', () => {
  let fake: ReturnType<typeof fakeCore>;
  const showWindow = vi.fn();
  const quit = vi.fn();
  let dispose: () => void;

  beforeEach(() => {
    vi.useFakeTimers();
    vi.clearAllMocks();
    electron.trays.length = 0;
    fake = fakeCore({ containers: [web], engines: [engine()] });
    dispose = createTray(fake.core, { iconPath: '/app/resources/tray.png', showWindow, quit, platform: 'linux' });
  });
  afterEach(() => {
    dispose();
    vi.useRealTimers();
  });

  it('creates the tray from the icon with a menu and tooltip built from the services', () => {
    const [tray] = electron.trays;
    expect(electron.nativeImage.createFromPath).toHaveBeenCalledWith('/app/resources/tray.png');
    expect(tray.image).toMatchObject({ path: '/app/resources/tray.png' });
    expect(tray.menus).toHaveLength(1);
    expect(lastMenu(tray)[0].label).toBe('1 container running');
    expect(tray.tooltips).toEqual(['Container Kit — 1 running']);
  });

  it('rebuilds the menu and tooltip once, debounced, when containers change', () => {
    const [tray] = electron.trays;
    fake.state.containers = [web, db];
    fake.fire('containers.changed', { type: 'upsert', engineId: DOCKER, container: db });
    fake.fire('containers.changed', { type: 'upsert', engineId: DOCKER, container: db });
    expect(tray.menus).toHaveLength(1);
    vi.advanceTimersByTime(100);
    expect(tray.menus).toHaveLength(2);
    expect(lastMenu(tray)[0].label).toBe('2 containers running');
    expect(find(lastMenu(tray), 'db')).toBeDefined();
    expect(tray.tooltips.at(-1)).toBe('Container Kit — 2 running');
  });

  it('follows engines going away', () => {
    const [tray] = electron.trays;
    fake.state.engines = [engine({ status: 'unavailable' })];
    fake.state.containers = [];
    fake.fire('engines.changed', { engines: fake.state.engines });
    vi.advanceTimersByTime(100);
    expect(lastMenu(tray)[0].label).toBe('No container engine available');
    expect(tray.tooltips.at(-1)).toBe('Container Kit — no engine available');
  });

  it('keeps the open menu when nothing visible changed, and ignores other events', () => {
    const [tray] = electron.trays;
    fake.state.containers = [{ ...web, status: 'Up 6 minutes' }];
    fake.fire('containers.changed', { type: 'upsert', engineId: DOCKER, container: fake.state.containers[0] });
    fake.fire('ui.command', { command: 'containers.refresh' });
    vi.advanceTimersByTime(500);
    expect(tray.menus).toHaveLength(1);
    expect(tray.tooltips).toHaveLength(1);
  });

  it('acts through core.invoke with the container reference', async () => {
    const items = sub(find(lastMenu(electron.trays[0]), 'web'));
    click(find(items, 'Stop'));
    click(find(items, 'Restart'));
    expect(fake.core.invoke).toHaveBeenCalledWith('containers.stop', { engineId: DOCKER, id: 'w1' });
    expect(fake.core.invoke).toHaveBeenCalledWith('containers.restart', { engineId: DOCKER, id: 'w1' });
  });

  it('logs a failed action instead of throwing', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    fake.core.invoke.mockResolvedValueOnce({ ok: false, error: { code: 'ENGINE_UNAVAILABLE', message: 'down' } } as never);
    click(find(sub(find(lastMenu(electron.trays[0]), 'web')), 'Stop'));
    await vi.waitFor(() => expect(warn).toHaveBeenCalledWith('[tray] containers.stop failed', 'down'));
    warn.mockRestore();
  });

  it('opens port URLs in the browser', () => {
    click(find(sub(find(lastMenu(electron.trays[0]), 'web')), 'localhost:8080 → 80/tcp'));
    expect(electron.shell.openExternal).toHaveBeenCalledWith('http://localhost:8080');
  });

  it('opens a container in the window through ui.command', () => {
    click(find(sub(find(lastMenu(electron.trays[0]), 'web')), 'Open in Container Kit'));
    expect(showWindow).toHaveBeenCalledTimes(1);
    expect(fake.core.emit).toHaveBeenCalledWith('ui.command', { command: 'container.open', target: { engineId: DOCKER, id: 'w1' } });
  });

  it('opens the app and quits', () => {
    click(find(lastMenu(electron.trays[0]), 'Open Container Kit'));
    click(find(lastMenu(electron.trays[0]), 'Quit'));
    expect(showWindow).toHaveBeenCalledTimes(1);
    expect(quit).toHaveBeenCalledTimes(1);
  });

  it('shows the window on a left click on Windows only', () => {
    expect(electron.trays[0].handlers.has('click')).toBe(false);
    const other = createTray(fake.core, { iconPath: '/i.png', showWindow, quit, platform: 'win32' });
    electron.trays[1].handlers.get('click')!();
    expect(showWindow).toHaveBeenCalledTimes(1);
    other();
  });

  it('says "connecting" until discovery reports, then what it found', () => {
    const starting = fakeCore({ containers: [], engines: [] });
    const stop = createTray(starting.core, { iconPath: '/i.png', showWindow, quit, platform: 'linux' });
    const tray = electron.trays[1];
    expect(lastMenu(tray)[0].label).toBe('Connecting to container engines…');
    expect(tray.tooltips.at(-1)).toBe('Container Kit — connecting…');
    starting.state.engines = [engine()];
    starting.fire('engines.changed', { engines: starting.state.engines });
    vi.advanceTimersByTime(100);
    expect(lastMenu(tray)[0].label).toBe('No running containers');
    stop();
  });

  it('says "no engine" once the grace period ends with nothing discovered', () => {
    const nothing = fakeCore({ containers: [], engines: [] });
    const stop = createTray(nothing.core, { iconPath: '/i.png', showWindow, quit, platform: 'linux', discoveryGraceMs: 2000 });
    const tray = electron.trays[1];
    vi.advanceTimersByTime(1900);
    expect(lastMenu(tray)[0].label).toBe('Connecting to container engines…');
    vi.advanceTimersByTime(200);
    expect(lastMenu(tray)[0].label).toBe('No container engine available');
    expect(tray.tooltips.at(-1)).toBe('Container Kit — no engine available');
    stop();
  });

  it('survives a throwing service read', () => {
    vi.advanceTimersByTime(5000); // discovery's grace period: an empty read means "no engine" from here on
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    fake.core.services.containers.list.mockImplementationOnce(() => {
      throw new Error('boom');
    });
    fake.fire('containers.changed', { type: 'remove', engineId: DOCKER, id: 'w1' });
    vi.advanceTimersByTime(100);
    expect(lastMenu(electron.trays[0])[0].label).toBe('No container engine available');
    error.mockRestore();
  });

  it('dispose destroys the tray, unsubscribes and cancels a pending rebuild', () => {
    const [tray] = electron.trays;
    fake.fire('containers.changed', { type: 'remove', engineId: DOCKER, id: 'w1' });
    dispose();
    dispose();
    expect(tray.destroy).toHaveBeenCalledTimes(1);
    expect(fake.listeners.size).toBe(0);
    vi.advanceTimersByTime(1000);
    expect(tray.menus).toHaveLength(1);
  });
});
