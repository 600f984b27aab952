import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import {
  buildTrayMenu,
  MAX_TRAY_CONTAINERS,
  MAX_TRAY_PORTS,
  publishedPorts,
  trayTooltip,
  type TrayActions,
  type TrayState,
} from '../../../src/main/shell/tray-menu';
import { container, DOCKER, engine, PODMAN, port } from '../../renderer/support/fixtures';

type Item = MenuItemConstructorOptions;

function actions() {
  return {
    openUrl: vi.fn(),
    startContainer: vi.fn(),
    stopContainer: vi.fn(),
    restartContainer: vi.fn(),
    openContainer: vi.fn(),
    openApp: vi.fn(),
    quit: vi.fn(),
  } satisfies TrayActions;
}

function build(state: TrayState) {
  const a = actions();
  return { menu: buildTrayMenu(state, a), actions: a };
}

const labels = (items: Item[]) => items.map((i) => (i.type === 'separator' ? '---' : i.label));
const sub = (item: Item | undefined) => (item?.submenu ?? []) as Item[];
const find = (items: Item[], label: string) => items.find((i) => i.label === label);
const click = (item: Item | undefined) => (item!.click as () => void)();

const web = container({
  id: 'w1',
  name: 'web',
  ports: [
    port(8080, 80),
    port(8080, 80, { hostIp: '::' }),
    port(8443, 8443),
    port(8443, 8443, { hostIp: '::' }),
    port(5353, 53, { protocol: 'udp' }),
    port(null, 9000),
  ],
});
const db = container({ id: 'd1', name: 'db', ports: [port(5432, 5432, { hostIp: '127.0.0.1' })] });
const stopped = container({ id: 's1', name: 'old', state: 'exited', ports: [port(3000, 3000)] });
const oneEngine: TrayState = { engines: [engine()], containers: [web, db, stopped] };

describe('buildTrayMenu', () => {
  it('lists a header with the running count, each running container, then the app items', () => {
    const { menu } = build(oneEngine);
    expect(labels(menu)).toEqual(['2 containers running', '---', 'db', 'web', '---', 'Open Container Kit', 'Quit']);
    expect(menu[0].enabled).toBe(false);
  });

  it('does not list stopped containers', () => {
    expect(labels(build(oneEngine).menu)).not.toContain('old');
  });

  it('gives a running container its published ports, then open, restart and stop', () => {
    const { menu } = build(oneEngine);
    expect(labels(sub(find(menu, 'web')))).toEqual([
      'localhost:5353 → 53/udp',
      'localhost:8080 → 80/tcp',
      'localhost:8443 → 8443/tcp',
      '---',
      'Open in Container Kit',
      'Restart',
      'Stop',
    ]);
  });

  it('opens http for a plain port, https for 443/8443 and 127.0.0.1 for loopback bindings', () => {
    const { menu, actions: a } = build({
      engines: [engine()],
      containers: [web, db, container({ id: 't1', name: 'tls', ports: [port(9443, 443), port(8443, 80, { hostIp: '::' })] })],
    });
    click(find(sub(find(menu, 'web')), 'localhost:8080 → 80/tcp'));
    click(find(sub(find(menu, 'web')), 'localhost:8443 → 8443/tcp'));
    click(find(sub(find(menu, 'db')), '127.0.0.1:5432 → 5432/tcp'));
    click(find(sub(find(menu, 'tls')), 'localhost:9443 → 443/tcp'));
    click(find(sub(find(menu, 'tls')), 'localhost:8443 → 80/tcp'));
    expect(a.openUrl.mock.calls.map((c) => c[0])).toEqual([
      'http://localhost:8080',
      'https://localhost:8443',
      'http://127.0.0.1:5432',
      'https://localhost:9443',
      'https://localhost:8443',
    ]);
  });

  it('shows udp ports disabled and not clickable', () => {
    const udp = find(sub(find(build(oneEngine).menu, 'web')), 'localhost:5353 → 53/udp')!;
    expect(udp.enabled).toBe(false);
    expect(udp.click).toBeUndefined();
  });

  it('brackets a specific IPv6 address and keeps distinct addresses apart', () => {
    const c = container({ id: 'x', name: 'x', ports: [port(80, 80, { hostIp: '::1' }), port(81, 80, { hostIp: '192.168.1.5' })] });
    expect(publishedPorts(c).map((p) => [p.label, p.url])).toEqual([
      ['[::1]:80 → 80/tcp', 'http://[::1]:80'],
      ['192.168.1.5:81 → 80/tcp', 'http://192.168.1.5:81'],
    ]);
  });

  it('says so when a running container publishes nothing', () => {
    const c = container({ id: 'n', name: 'worker', ports: [port(null, 80)] });
    const items = sub(find(build({ engines: [engine()], containers: [c] }).menu, 'worker'));
    expect(items[0]).toMatchObject({ label: 'No published ports', enabled: false });
  });

  it('calls the container actions with the container reference', () => {
    const { menu, actions: a } = build(oneEngine);
    const items = sub(find(menu, 'web'));
    click(find(items, 'Open in Container Kit'));
    click(find(items, 'Restart'));
    click(find(items, 'Stop'));
    const ref = { engineId: DOCKER, id: 'w1' };
    expect(a.openContainer).toHaveBeenCalledWith(ref);
    expect(a.restartContainer).toHaveBeenCalledWith(ref);
    expect(a.stopContainer).toHaveBeenCalledWith(ref);
    click(find(menu, 'Open Container Kit'));
    click(find(menu, 'Quit'));
    expect(a.openApp).toHaveBeenCalledTimes(1);
    expect(a.quit).toHaveBeenCalledTimes(1);
  });

  it('names the engine only when more than one is available', () => {
    const podmanWeb = container({ id: 'p1', name: 'web', engineId: PODMAN });
    const engines = [engine(), engine({ id: PODMAN, kind: 'podman', name: 'Podman 5.2.0', endpoint: PODMAN })];
    expect(labels(build({ engines, containers: [web, podmanWeb] }).menu).slice(2, 4)).toEqual(['web (Docker 27.3.1)', 'web (Podman 5.2.0)']);
    const podmanDown = [engines[0], { ...engines[1], status: 'unavailable' as const }];
    expect(labels(build({ engines: podmanDown, containers: [web] }).menu)).toContain('web');
  });

  it('shows a disabled "No running containers" when nothing runs', () => {
    const { menu } = build({ engines: [engine()], containers: [stopped] });
    expect(labels(menu)).toEqual(['No running containers', '---', 'Open Container Kit', 'Quit']);
    expect(menu[0].enabled).toBe(false);
  });

  it('says when no engine is available, or while engines are still connecting', () => {
    const none = build({ engines: [engine({ status: 'unavailable' })], containers: [] }).menu;
    expect(labels(none)).toEqual(['No container engine available', '---', 'Open Container Kit', 'Quit']);
    expect(none[0].enabled).toBe(false);
    expect(labels(build({ engines: [], containers: [] }).menu)[0]).toBe('No container engine available');
    expect(labels(build({ engines: [engine({ status: 'connecting' })], containers: [] }).menu)[0]).toBe('Connecting to container engines…');
    // At start-up, before discovery reports, an empty list is not "no engine".
    expect(labels(build({ engines: [], containers: [], discovering: true }).menu)[0]).toBe('Connecting to container engines…');
    expect(trayTooltip({ engines: [], containers: [], discovering: true })).toBe('Container Kit — connecting…');
  });

  it('caps the list and opens the app for the rest', () => {
    const many = Array.from({ length: MAX_TRAY_CONTAINERS + 7 }, (_, i) => container({ id: `c${i}`, name: `c${String(i).padStart(3, '0')}` }));
    const { menu, actions: a } = build({ engines: [engine()], containers: many });
    expect(menu[0].label).toBe(`${MAX_TRAY_CONTAINERS + 7} containers running`);
    expect(menu.filter((i) => Array.isArray(i.submenu))).toHaveLength(MAX_TRAY_CONTAINERS);
    const more = find(menu, '… and 7 more');
    click(more);
    expect(a.openApp).toHaveBeenCalledTimes(1);
  });

  it('caps a long published range too', () => {
    const ranged = container({ id: 'r', name: 'r', ports: Array.from({ length: MAX_TRAY_PORTS + 3 }, (_, i) => port(8000 + i, 8000 + i)) });
    const { menu, actions: a } = build({ engines: [engine()], containers: [ranged] });
    const items = sub(find(menu, 'r'));
    expect(items.filter((i) => i.label?.startsWith('localhost:'))).toHaveLength(MAX_TRAY_PORTS);
    click(find(items, '… and 3 more ports'));
    expect(a.openContainer).toHaveBeenCalledWith({ engineId: DOCKER, id: 'r' });
  });

  it('says "1 container running" in the singular', () => {
    expect(build({ engines: [engine()], containers: [db] }).menu[0].label).toBe('1 container running');
  });
});

describe('trayTooltip', () => {
  it('counts running containers', () => {
    expect(trayTooltip(oneEngine)).toBe('Container Kit — 2 running');
    expect(trayTooltip({ engines: [engine()], containers: [stopped] })).toBe('Container Kit — nothing running');
  });
  it('says when no engine is available or engines are connecting', () => {
    expect(trayTooltip({ engines: [engine({ status: 'unavailable' })], containers: [] })).toBe('Container Kit — no engine available');
    expect(trayTooltip({ engines: [], containers: [] })).toBe('Container Kit — no engine available');
    expect(trayTooltip({ engines: [engine({ status: 'connecting' })], containers: [] })).toBe('Container Kit — connecting…');
  });
});
