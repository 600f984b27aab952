import type { MenuItemConstructorOptions } from 'electron';
import type { Container, ContainerRef, Engine, PortBinding, Protocol } from '../../shared/contract';
import { formatHostPort, portScheme } from '../../shared/host-address';

/**
 * The tray menu as plain data: no Electron at runtime, so every label, URL and click target is
 * unit-tested without a display. `tray.ts` only turns this into a native menu.
 */

export const TRAY_APP_NAME = 'Container Kit';
/** A tray menu taller than the screen is unusable; the app lists the rest. */
export const MAX_TRAY_CONTAINERS = 25;
/** A published range (-p 8000-8100:8000-8100) would otherwise bury the container's own actions. */
export const MAX_TRAY_PORTS = 20;

export interface TrayState {
  containers: Container[];
  engines: Engine[];
  /** Engine discovery has not reported yet (app start-up): an empty engine list means "not yet", not "none". */
  discovering?: boolean;
}

/** Starting up is not an error: say so instead of flashing "no engine" until the first report. */
function isConnecting(state: TrayState): boolean {
  return state.discovering === true || state.engines.some((e) => e.status === 'connecting');
}

export interface TrayActions {
  openUrl(url: string): void;
  startContainer(ref: ContainerRef): void;
  stopContainer(ref: ContainerRef): void;
  restartContainer(ref: ContainerRef): void;
  openContainer(ref: ContainerRef): void;
  openApp(): void;
  quit(): void;
}

export interface TrayPort {
  /** `localhost:8080 → 80/tcp` */
  label: string;
  /** What a click opens; null when there is nothing a browser could open (udp, sctp). */
  url: string | null;
  hostPort: number;
  containerPort: number;
  protocol: Protocol;
}

/** `localhost:8080` for "every interface" (the engine reports one binding per address family), `[::1]:8080` in a label as in a URL. */
const hostAndPort = (binding: PortBinding & { hostPort: number }): string => formatHostPort(binding.hostIp, binding.hostPort, 'localhost');

function portUrl(binding: PortBinding & { hostPort: number }): string | null {
  if (binding.protocol !== 'tcp') return null;
  return `${portScheme(binding.hostPort, binding.containerPort)}://${hostAndPort(binding)}`;
}

/** The container's published ports, one per reachable host address and port, in port order. */
export function publishedPorts(container: Container): TrayPort[] {
  const seen = new Map<string, TrayPort>();
  for (const binding of container.ports) {
    // Exposed-only ports (no host port) and engine placeholders (0) cannot be reached from the host.
    if (binding.hostPort === null || binding.hostPort === 0) continue;
    const published = { ...binding, hostPort: binding.hostPort };
    const at = hostAndPort(published);
    // 0.0.0.0:8080 and [::]:8080 are one port to the user: the key ignores the address family.
    const key = `${at}|${binding.protocol}`;
    if (seen.has(key)) continue;
    seen.set(key, {
      label: `${at} → ${binding.containerPort}/${binding.protocol}`,
      url: portUrl(published),
      hostPort: published.hostPort,
      containerPort: binding.containerPort,
      protocol: binding.protocol,
    });
  }
  return [...seen.values()].sort((a, b) => a.hostPort - b.hostPort || a.protocol.localeCompare(b.protocol));
}

/** Sorted as the user reads them: by name, then (same name on two engines) by engine name. */
function runningContainers(state: TrayState): Container[] {
  const engineName = new Map(state.engines.map((e) => [e.id, e.name || e.id]));
  const nameOf = (c: Container): string => engineName.get(c.engineId) ?? c.engineId;
  return state.containers
    .filter((c) => c.state === 'running')
    .sort((a, b) => a.name.localeCompare(b.name) || nameOf(a).localeCompare(nameOf(b)) || a.engineId.localeCompare(b.engineId));
}

const availableEngines = (state: TrayState): Engine[] => state.engines.filter((e) => e.status === 'available');

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The tooltip: what the icon says without opening it. */
export function trayTooltip(state: TrayState): string {
  if (availableEngines(state).length === 0) {
    return `${TRAY_APP_NAME} — ${isConnecting(state) ? 'connecting…' : 'no engine available'}`;
  }
  const running = runningContainers(state).length;
  return `${TRAY_APP_NAME} — ${running === 0 ? 'nothing running' : `${running} running`}`;
}

function portItems(container: Container, ref: ContainerRef, actions: TrayActions): MenuItemConstructorOptions[] {
  const ports = publishedPorts(container);
  const items: MenuItemConstructorOptions[] = ports.slice(0, MAX_TRAY_PORTS).map((port) => {
    const { url } = port;
    // Disabled rather than hidden: the user still sees that the port is published.
    return url === null ? { label: port.label, enabled: false } : { label: port.label, toolTip: url, click: () => actions.openUrl(url) };
  });
  if (ports.length > MAX_TRAY_PORTS) {
    items.push({ label: `… and ${plural(ports.length - MAX_TRAY_PORTS, 'more port')}`, click: () => actions.openContainer(ref) });
  }
  if (ports.length === 0) items.push({ label: 'No published ports', enabled: false });
  return items;
}

function containerItem(container: Container, engineName: string | null, actions: TrayActions): MenuItemConstructorOptions {
  const ref: ContainerRef = { engineId: container.engineId, id: container.id };
  return {
    // The id keeps the template's fingerprint different for a re-created container with the same name.
    id: `container:${container.engineId}/${container.id}`,
    label: engineName ? `${container.name} (${engineName})` : container.name,
    submenu: [
      ...portItems(container, ref, actions),
      { type: 'separator' },
      { label: 'Open in Container Kit', click: () => actions.openContainer(ref) },
      { label: 'Restart', click: () => actions.restartContainer(ref) },
      { label: 'Stop', click: () => actions.stopContainer(ref) },
    ],
  };
}

/** Header, running containers (with their ports and actions), then the app's own items. */
export function buildTrayMenu(state: TrayState, actions: TrayActions): MenuItemConstructorOptions[] {
  const engines = availableEngines(state);
  const running = runningContainers(state);
  const body: MenuItemConstructorOptions[] = [];

  if (engines.length === 0) {
    body.push({ id: 'no-engine', label: isConnecting(state) ? 'Connecting to container engines…' : 'No container engine available', enabled: false });
  } else if (running.length === 0) {
    body.push({ id: 'header', label: 'No running containers', enabled: false });
  } else {
    body.push({ id: 'header', label: `${plural(running.length, 'container')} running`, enabled: false });
    body.push({ type: 'separator' });
    // With two engines, "web" alone would be ambiguous; with one it is just noise.
    const names = new Map(engines.map((e) => [e.id, e.name || e.id]));
    for (const container of running.slice(0, MAX_TRAY_CONTAINERS)) {
      const engineName = engines.length > 1 ? (names.get(container.engineId) ?? container.engineId) : null;
      body.push(containerItem(container, engineName, actions));
    }
    if (running.length > MAX_TRAY_CONTAINERS) {
      body.push({ id: 'more', label: `… and ${running.length - MAX_TRAY_CONTAINERS} more`, click: () => actions.openApp() });
    }
  }

  return [...body, { type: 'separator' }, { label: `Open ${TRAY_APP_NAME}`, click: () => actions.openApp() }, { label: 'Quit', click: () => actions.quit() }];
}
