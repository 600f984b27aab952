import { events, type EventName } from '../../shared/contract';
import type { Envelope } from '../../shared/contract';
import { AppleContainerEngine } from '../engines/apple/apple-engine';
import { findAppleContainerCli } from '../engines/apple/apple-cli';
import type { ContainerEngine } from '../engines/container-engine';
import { DockerEngine } from '../engines/docker/docker-engine';
import { defaultDiscoveryContext, type DiscoveryContext } from '../engines/engine-discovery';
import { EngineRegistry } from '../engines/engine-registry';
import type { SupervisorTiming } from '../engines/engine-supervisor';
import { bindHandlers } from '../ipc/handlers';
import { createRouter } from '../ipc/router';
import { ContainersService, listContainers } from '../services/containers/containers-service';
import { ContainerCreator } from '../services/containers/container-creator';
import { PortConflictMonitor } from '../services/ports/port-conflict-monitor';
import { PortsService } from '../services/ports/ports-service';
import type { ReadHostPorts } from '../services/ports/host-port-snapshot';
import { readHostPortTable } from '../services/ports/host-port-table';
import { SettingsStore } from '../services/settings/settings-store';
import { NetworksService } from '../services/networks/networks-service';
import { DnsService } from '../services/dns/dns-service';
import { readHostRoutes } from '../services/host-network/host-routes';
import { readHostResolver } from '../services/host-network/host-resolver';
import { DiagnosticsService } from '../services/diagnostics/diagnostics-service';
import { TroubleshootService } from '../services/troubleshoot/troubleshoot-service';
import { FirewallService } from '../services/firewall/firewall-service';
import { NetworkMonitor } from '../services/monitor/network-monitor';
import { StartCheck } from '../services/diagnostics/start-check';

export type EventListener = (event: EventName, payload: unknown) => void;

/** Everything the main process does, without Electron: Electron IPC and browser mode both wrap it. */
export interface AppCore {
  /** Validates `payload` against the contract for `channel`; never throws, always an envelope. */
  invoke(channel: string, payload: unknown): Promise<Envelope<unknown>>;
  /** Pushed events, already validated against the contract. Returns an unsubscribe function. */
  onEvent(listener: EventListener): () => void;
  /** Lets a shell (the application menu) push an event of its own, e.g. `ui.command`. */
  emit(event: EventName, payload: unknown): void;
  start(): Promise<void>;
  dispose(): Promise<void>;
  /** The services, for shells that act on them directly (tray, notifications). */
  readonly services: { engines: EngineRegistry; containers: ContainersService; settings: SettingsStore; ports: PortsService; portMonitor: PortConflictMonitor };
}

export interface AppCoreOptions {
  /** JSON file where settings (user-added engine sockets) persist. */
  settingsFile: string;
  env?: NodeJS.ProcessEnv;
  /** Overrides discovery entirely (tests point the app at exactly the engines they started). */
  discovery?: (extraSockets: readonly string[]) => DiscoveryContext;
  /** Whether to look for Apple's `container` CLI; defaults to macOS only. */
  appleCli?: boolean;
  timing?: SupervisorTiming;
  /** How the host's socket tables are read (the real kernel tables unless a test says otherwise). */
  readHostPorts?: ReadHostPorts;
  /** How often stopped containers' ports are checked against host processes; 0 turns it off. */
  conflictScanMs?: number;
  /** The quick check after a container start (on unless a test turns it off; the user's setting also applies). */
  quickCheckOnStart?: boolean;
}

async function findAppleEngines(env: NodeJS.ProcessEnv): Promise<ContainerEngine[]> {
  const binary = await findAppleContainerCli(env);
  return binary ? [new AppleContainerEngine({ binary })] : [];
}

export function createAppCore(options: AppCoreOptions): AppCore {
  const env = options.env ?? process.env;
  const listeners = new Set<EventListener>();
  const emit = (event: EventName, payload: unknown): void => {
    const parsed = events[event].safeParse(payload);
    if (!parsed.success) {
      console.error(`Dropped ${event}: payload breaks the contract`, parsed.error.issues);
      return;
    }
    for (const l of listeners) {
      try {
        l(event, parsed.data);
      } catch (err) {
        console.error(`A listener of ${event} failed`, err);
      }
    }
  };

  // Settings and engines need each other (a saved socket makes the registry rescan; discovery reads
  // the saved sockets), and so do engines and the start check: `engines` is declared first and
  // assigned once everything it calls back into exists.
  // eslint-disable-next-line prefer-const -- assigned once below, after what it calls back into exists
  let engines: EngineRegistry | undefined;
  const settings = new SettingsStore(options.settingsFile, () => void engines?.rescan());
  const startCheck = new StartCheck({
    engineFor: (engineId) => {
      const s = engines?.all().find((x) => x.snapshot.id === engineId);
      return s?.available ? s.engine : null;
    },
    enabled: () => settings.get().quickCheckOnStart && (options.quickCheckOnStart ?? true),
    onAlert: (alert) => emit('diagnostics.alert', alert),
  });
  const discovery = options.discovery ?? ((extra) => ({ ...defaultDiscoveryContext(extra), env }));
  const lookForApple = options.appleCli ?? (process.platform === 'darwin' || Boolean(env.CK_APPLE_CONTAINER_CLI));
  const registry = new EngineRegistry(
    {
      createApiEngine: (endpoint) => new DockerEngine({ endpoint }),
      findCliEngines: lookForApple ? () => findAppleEngines(env) : undefined,
      discovery: () => discovery(settings.get().engineSockets),
      timing: options.timing,
    },
    {
      enginesChanged: (list) => emit('engines.changed', { engines: list }),
      containersChanged: (change) => {
        emit('containers.changed', change);
        startCheck.onContainersChanged(change);
      },
      networksChanged: (change) => emit('networks.changed', change),
    },
  );
  engines = registry;
  const emitConflict = (event: unknown): void => emit('ports.conflict', event);
  const ports = new PortsService({
    readHostPorts: options.readHostPorts ?? readHostPortTable,
    containers: () => listContainers(registry),
    settings: () => settings.get(),
    emitConflict,
  });
  const creator = new ContainerCreator(registry, ports, emitConflict);
  const containers = new ContainersService(registry, creator);
  const monitor = new PortConflictMonitor(ports, () => containers.list(), emitConflict, options.conflictScanMs ?? 5000);
  const networks = new NetworksService(registry, () => readHostRoutes());
  const dns = new DnsService(registry, networks, () => readHostResolver());
  const emitProgress = (p: unknown): void => emit('diagnostics.progress', p);
  const diagnostics = new DiagnosticsService({ engines: registry, emitProgress, readHostPorts: options.readHostPorts });
  const troubleshoot = new TroubleshootService({ engines: registry, diagnostics, ports, emitProgress });
  const firewall = new FirewallService({ engines: registry, containers: () => containers.list() });
  const networkMonitor = new NetworkMonitor({ engines: registry, emitSample: (s) => emit('monitor.sample', s), tally: (ref) => diagnostics.tally(ref) });
  const invoke = createRouter(
    bindHandlers({ engines: registry, containers, settings, ports, creator, networks, dns, diagnostics, troubleshoot, firewall, monitor: networkMonitor }),
  );

  return {
    invoke,
    emit,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async start() {
      await registry.start();
      if ((options.conflictScanMs ?? 5000) > 0) monitor.start();
    },
    async dispose() {
      monitor.stop();
      networkMonitor.stop();
      startCheck.stop();
      registry.stop();
      listeners.clear();
    },
    services: { engines: registry, containers, settings, ports, portMonitor: monitor },
  };
}
