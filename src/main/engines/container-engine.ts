import type { Container, ContainerDetails, ContainerState, EngineKind, Network } from '../../shared/contract';
import type { PortSpec } from '../../shared/port-spec';

/** What an engine said about itself when probed. */
export interface EngineIdentity {
  kind: EngineKind;
  /** "Docker", "Podman", "Apple container" */
  product: string;
  version: string;
  apiVersion: string | null;
}

/** A change the engine reported for one container. */
export interface ContainerEvent {
  id: string;
  /** `upsert`: the container exists and may have changed; `remove`: it is gone. */
  action: 'upsert' | 'remove';
  /** Set when the engine already knows the new snapshot (a poller); otherwise the caller inspects. */
  container?: Container;
  /**
   * What the event itself says about the new state (a `die` means exited, with its code). Applied at
   * once so the push doesn't wait for an inspect, which the engine may hold while it cleans up.
   */
  statePatch?: { state: ContainerState; exitCode?: number; at?: string };
  /** Engine's raw action (start, die, destroy…), for logs and tests. */
  raw: string;
}

/** A change the engine reported for one network (created, removed, a container connected…). */
export interface NetworkEvent {
  /** Network id or name. */
  id: string;
  action: 'upsert' | 'remove';
  /** Set when the engine already knows the new snapshot (a poller); otherwise the caller inspects. */
  network?: Network;
  raw: string;
}

export interface EventSubscription {
  close(): void;
}

export interface EventHandlers {
  onEvent(event: ContainerEvent): void;
  /** Network changes; engines that can't report them leave it uncalled. */
  onNetworkEvent?(event: NetworkEvent): void;
  /** The stream ended or failed: the engine may be gone. Called at most once. */
  onEnd(error: Error | null): void;
}

/** A container's network counters at one moment, summed over its interfaces (loopback excluded). */
export interface NetworkCounters {
  at: Date;
  rxBytes: number;
  txBytes: number;
  rxErrors: number;
  txErrors: number;
  rxDropped: number;
  txDropped: number;
}

export interface NetworkStatsHandlers {
  onStats(counters: NetworkCounters): void;
  /** The stream ended (container stopped, engine gone) or failed. Called at most once, never after close(). */
  onEnd(error: Error | null): void;
}

/** What `containers.create` asks an engine for, already validated against the contract. */
export interface CreateContainerSpec {
  image: string;
  name?: string;
  /** `default`, `host`, `none`, or a network's name. */
  network?: string;
  ports: PortSpec[];
  env: string[];
  command?: string[];
  aliases?: string[];
  ipv4Address?: string;
  dns?: string[];
  dnsSearch?: string[];
  dnsOptions?: string[];
  /** Apple `--dns-domain`. */
  dnsDomain?: string;
  hostname?: string;
}

export interface CreateNetworkSpec {
  name: string;
  driver: 'bridge' | 'macvlan' | 'ipvlan';
  subnet?: string;
  gateway?: string;
  ipRange?: string;
  internal: boolean;
  ipv6: boolean;
  ipv6Subnet?: string;
  parent?: string;
  dnsServers: string[];
  labels: Record<string, string>;
}

export interface ExecResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** What an engine can and cannot do, so the UI explains instead of failing. */
export interface EngineCapabilities {
  /** Apple cannot attach a running container to another network. */
  connectRunning: boolean;
  networkDrivers: ReadonlyArray<'bridge' | 'macvlan' | 'ipvlan'>;
  /** Podman's per-network DNS servers. */
  perNetworkDns: boolean;
  /** Apple `container system dns` local domains. */
  dnsDomains: boolean;
}

/**
 * One container engine, whatever family. Implementations map the engine's payloads to the
 * normalized model and its failures to `AppError` codes (NOT_FOUND, CONFLICT, ENGINE_UNAVAILABLE,
 * ENGINE_ERROR). They hold no state about availability: `EngineSupervisor` does that.
 */
export interface ContainerEngine {
  /** Stable id: the endpoint, e.g. `unix:///var/run/docker.sock`. */
  readonly id: string;
  readonly endpoint: string;
  /** Says what the engine is, or throws ENGINE_UNAVAILABLE. */
  probe(signal?: AbortSignal): Promise<EngineIdentity>;
  /**
   * A cheap liveness check for the heartbeat, which notices an engine that hangs rather than closes
   * its stream. Engines whose `watch` already notices loss (a poller) leave it out.
   */
  ping?(signal?: AbortSignal): Promise<void>;
  listContainers(): Promise<Container[]>;
  /** Summary snapshot of one container, or null when it does not exist. */
  getContainer(id: string): Promise<Container | null>;
  inspectContainer(id: string): Promise<ContainerDetails>;
  startContainer(id: string): Promise<void>;
  stopContainer(id: string, timeoutSeconds?: number): Promise<void>;
  restartContainer(id: string, timeoutSeconds?: number): Promise<void>;
  removeContainer(id: string, force?: boolean): Promise<void>;
  /** Creates (does not start) a container; returns its id. */
  createContainer(spec: CreateContainerSpec): Promise<string>;
  readonly capabilities: EngineCapabilities;
  listNetworks(): Promise<Network[]>;
  /** A network by id or name; NOT_FOUND when it does not exist. */
  inspectNetwork(id: string): Promise<Network>;
  /** Creates a network; returns its id. */
  createNetwork(spec: CreateNetworkSpec): Promise<string>;
  removeNetwork(id: string): Promise<void>;
  connectNetwork(network: string, container: string, options: { aliases: string[]; ipv4Address?: string; ipv6Address?: string }): Promise<void>;
  disconnectNetwork(network: string, container: string, force: boolean): Promise<void>;
  /** Runs a command inside a running container: argv, never a shell string. */
  exec(id: string, command: string[], options: { timeoutMs: number }): Promise<ExecResult>;
  /** Apple local DNS domains (`container system dns`); UNSUPPORTED elsewhere. */
  listDnsDomains?(): Promise<string[]>;
  createDnsDomain?(domain: string, localhost?: string): Promise<void>;
  deleteDnsDomain?(domain: string): Promise<void>;
  /**
   * A live stream of one running container's network counters, at the engine's own cadence.
   * Engines without a stats stream (Apple's CLI) leave it out; callers then read /proc/net/dev.
   */
  networkStats?(id: string, handlers: NetworkStatsHandlers): EventSubscription;
  /** Live changes: an event stream (Docker API) or a poller (Apple CLI). */
  watch(handlers: EventHandlers): EventSubscription;
  dispose(): void;
}
