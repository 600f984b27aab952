import type { Container, ContainersChanged, Engine, Network, NetworksChanged } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { ContainerCache, type CacheOwner } from './container-cache';
import type { ContainerEngine, EventSubscription } from './container-engine';
import { NetworkCache } from './network-cache';
import { sameJson } from './same-json';

export interface SupervisorTiming {
  /** How often an available engine is pinged, to notice one that hangs rather than closes. */
  heartbeatMs: number;
  /** Heartbeat + this stays under the 2 s in which a lost engine must show as unavailable. */
  pingTimeoutMs: number;
  /** Connecting reads `/version`, which a busy Podman answers in half a second or more. */
  probeTimeoutMs: number;
  backoffInitialMs: number;
  backoffMaxMs: number;
}

export const DEFAULT_TIMING: SupervisorTiming = {
  heartbeatMs: 1000,
  pingTimeoutMs: 950,
  probeTimeoutMs: 5000,
  backoffInitialMs: 250,
  backoffMaxMs: 4000,
};

export interface SupervisorListener {
  engineChanged(engine: Engine): void;
  containersChanged(change: ContainersChanged): void;
  networksChanged?(change: NetworksChanged): void;
}

/**
 * Keeps one engine's connection: connects, watches its event stream, notices loss (stream end or
 * failed heartbeat), reconnects with backoff, and resyncs the caches of its containers and
 * networks only after a reconnect. The caches keep themselves live from the events in between.
 */
export class EngineSupervisor {
  private info: Engine;
  private readonly containerCache: ContainerCache;
  private readonly networkCache: NetworkCache;
  private subscription: EventSubscription | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private backoff: number;
  private generation = 0;
  private stopped = false;
  /** True between subscribing and the first full list: network events wait for the list. */
  private loading = false;

  constructor(
    readonly engine: ContainerEngine,
    source: Engine['source'],
    private readonly listener: SupervisorListener,
    private readonly timing: SupervisorTiming = DEFAULT_TIMING,
  ) {
    this.backoff = timing.backoffInitialMs;
    this.info = {
      id: engine.id,
      kind: null,
      name: engine.endpoint,
      endpoint: engine.endpoint,
      version: null,
      apiVersion: null,
      status: 'connecting',
      error: null,
      source,
    };
    const owner: CacheOwner = { engineId: engine.id, isAvailable: () => this.available, generation: () => this.generation };
    this.containerCache = new ContainerCache(
      engine,
      owner,
      (change) => this.listener.containersChanged(change),
      (err) => this.lost(err),
    );
    this.networkCache = new NetworkCache(engine, owner, (change) => this.listener.networksChanged?.(change));
  }

  get snapshot(): Engine {
    return this.info;
  }

  get containers(): Container[] {
    return this.containerCache.list;
  }

  get networks(): Network[] {
    return this.networkCache.list;
  }

  get available(): boolean {
    return this.info.status === 'available';
  }

  /** Re-reads one network (after create/connect, or for an event) and pushes it. */
  refreshNetwork(idOrName: string): Promise<Network | null> {
    return this.networkCache.refresh(idOrName);
  }

  /** Re-reads every network: not every engine reports network events. */
  reloadNetworks(): Promise<Network[]> {
    return this.networkCache.reload();
  }

  forgetNetwork(id: string): void {
    this.networkCache.forget(id);
  }

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.generation++;
    this.teardown();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.engine.dispose();
  }

  /** Applies a snapshot the caller already read (after an action), so the UI need not wait for the event. */
  upsert(container: Container): void {
    this.containerCache.upsert(container);
  }

  forget(id: string): void {
    this.containerCache.remove(id);
  }

  /** Re-reads one container; a caller never gets a read older than its call. */
  refresh(id: string): Promise<Container | null> {
    return this.containerCache.refresh(id);
  }

  private async connect(): Promise<void> {
    const gen = ++this.generation;
    try {
      const identity = await this.withTimeout((signal) => this.engine.probe(signal));
      if (gen !== this.generation) return;
      this.subscription = this.engine.watch({
        onEvent: (event) => {
          if (gen === this.generation) this.containerCache.onEvent(event);
        },
        onNetworkEvent: (event) => {
          if (gen === this.generation && !this.loading) this.networkCache.onEvent(event);
        },
        onEnd: (error) => {
          if (gen === this.generation) this.lost(error ?? new AppError('ENGINE_UNAVAILABLE', `The event stream of ${this.engine.endpoint} ended.`));
        },
      });
      this.loading = true;
      this.containerCache.beginLoad();
      const [list, networks] = await Promise.all([this.engine.listContainers(), this.engine.listNetworks().catch(() => [] as Network[])]);
      if (gen !== this.generation) return;
      this.loading = false;
      this.networkCache.loaded(networks);
      this.setInfo({
        kind: identity.kind,
        name: `${identity.product} ${identity.version}`,
        version: identity.version,
        apiVersion: identity.apiVersion,
        status: 'available',
        error: null,
      });
      // The snapshots go out before the re-reads of what changed during the load, as upserts after them.
      this.containerCache.loaded(list, () => {
        this.listener.containersChanged({ type: 'snapshot', engineId: this.info.id, containers: this.containers });
        this.listener.networksChanged?.({ type: 'snapshot', engineId: this.info.id, networks: this.networks });
      });
      this.backoff = this.timing.backoffInitialMs;
      this.startHeartbeat(gen);
    } catch (err) {
      if (gen === this.generation) this.lost(err);
    }
  }

  private lost(err: unknown): void {
    if (this.stopped) return;
    const gen = ++this.generation;
    this.teardown();
    const message = err instanceof Error ? err.message : String(err);
    const hadContainers = this.containerCache.clear();
    this.networkCache.clear();
    this.setInfo({ status: 'unavailable', error: message });
    if (hadContainers) this.listener.containersChanged({ type: 'snapshot', engineId: this.info.id, containers: [] });
    const delay = this.backoff;
    this.backoff = Math.min(this.backoff * 2, this.timing.backoffMaxMs);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopped && gen === this.generation) void this.connect();
    }, delay);
  }

  private startHeartbeat(gen: number): void {
    const ping = this.engine.ping?.bind(this.engine);
    if (!ping) return;
    let busy = false;
    this.heartbeat = setInterval(() => {
      if (busy) return;
      busy = true;
      void this.withTimeout((signal) => ping(signal), this.timing.pingTimeoutMs)
        .catch((err) => {
          if (gen === this.generation) this.lost(err);
        })
        .finally(() => (busy = false));
    }, this.timing.heartbeatMs);
    this.heartbeat.unref?.();
  }

  private teardown(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    this.subscription?.close();
    this.subscription = null;
    this.loading = false;
    this.containerCache.cancelLoad();
  }

  private async withTimeout<T>(fn: (signal: AbortSignal) => Promise<T>, timeoutMs = this.timing.probeTimeoutMs): Promise<T> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      return await fn(controller.signal);
    } finally {
      clearTimeout(timer);
    }
  }

  private setInfo(patch: Partial<Engine>): void {
    const next = { ...this.info, ...patch };
    if (sameJson(next, this.info)) return;
    this.info = next;
    this.listener.engineChanged(next);
  }
}
