import type { Container, ContainersChanged, Engine, Network, NetworksChanged } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { ContainerEngine, ContainerEvent, EventSubscription, NetworkEvent } from './container-engine';

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

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

const STATUS_AFTER: Partial<Record<Container['state'], (exitCode?: number) => string>> = {
  exited: (code) => `Exited (${code ?? 0}) Less than a second ago`,
  running: () => 'Up Less than a second',
  paused: () => 'Up (Paused)',
};

/** The cached snapshot with the state an event reported; the follow-up read fills in the rest. */
function patched(c: Container, patch: NonNullable<ContainerEvent['statePatch']>): Container {
  return {
    ...c,
    state: patch.state,
    status: STATUS_AFTER[patch.state]?.(patch.exitCode) ?? c.status,
    ...(patch.state === 'running' && patch.at ? { startedAt: patch.at } : {}),
  };
}

/**
 * Keeps one engine's state: whether it answers, and a live cache of its containers fed by its
 * event stream. Connects, watches, notices loss (stream end or failed heartbeat), reconnects with
 * backoff, and resyncs the whole list only after a reconnect. Per event it re-reads just the one
 * container the event names.
 */
export class EngineSupervisor {
  private info: Engine;
  private readonly cache = new Map<string, Container>();
  private readonly networkCache = new Map<string, Network>();
  private subscription: EventSubscription | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private backoff: number;
  private generation = 0;
  private stopped = false;
  /** Per-container refresh state: one read in flight, at most one more queued behind it. */
  private readonly inflight = new Map<string, { again: boolean; done: Promise<Container | null> }>();
  /** Bumped when an event patches a container, so a read that began earlier can't undo the patch. */
  private readonly patchEpoch = new Map<string, number>();
  /** Containers that changed while the full list was loading; re-read once it lands. */
  private pendingDuringLoad: Set<string> | null = null;

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
  }

  get snapshot(): Engine {
    return this.info;
  }

  get containers(): Container[] {
    return [...this.cache.values()];
  }

  get networks(): Network[] {
    return [...this.networkCache.values()];
  }

  /** Re-reads one network (after create/connect, or for an event) and pushes it. */
  async refreshNetwork(idOrName: string): Promise<Network | null> {
    const known = [...this.networkCache.values()].find((n) => n.id === idOrName || n.name === idOrName);
    try {
      const n = await this.engine.inspectNetwork(idOrName);
      this.networkCache.set(n.id, n);
      if (known && known.id !== n.id) this.networkCache.delete(known.id);
      if (this.available) this.listener.networksChanged?.({ type: 'upsert', engineId: this.info.id, network: n });
      return n;
    } catch (err) {
      if (err instanceof AppError && err.code === 'NOT_FOUND') {
        if (known) this.forgetNetwork(known.id);
        return null;
      }
      throw err;
    }
  }

  /**
   * Re-reads every network. Not every engine reports network events (Podman 4's compat stream
   * leaves some out), so what the user asks for directly is read fresh.
   */
  async reloadNetworks(): Promise<Network[]> {
    const fresh = await this.engine.listNetworks();
    const changed = fresh.length !== this.networkCache.size || fresh.some((n) => !sameJson(n, this.networkCache.get(n.id)));
    this.networkCache.clear();
    for (const n of fresh) this.networkCache.set(n.id, n);
    if (changed && this.available) this.listener.networksChanged?.({ type: 'snapshot', engineId: this.info.id, networks: fresh });
    return fresh;
  }

  forgetNetwork(id: string): void {
    if (this.networkCache.delete(id) && this.available) this.listener.networksChanged?.({ type: 'remove', engineId: this.info.id, id });
  }

  get available(): boolean {
    return this.info.status === 'available';
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
    this.applyUpsert(container);
  }

  forget(id: string): void {
    this.applyRemove(id);
  }

  /**
   * Re-reads one container; used after actions and for each event. When a read is already in
   * flight the caller gets the result of one that starts after its call, never an older one.
   */
  refresh(id: string): Promise<Container | null> {
    const running = this.inflight.get(id);
    if (running) {
      running.again = true;
      return running.done;
    }
    const entry: { again: boolean; done: Promise<Container | null> } = { again: false, done: Promise.resolve(null) };
    entry.done = this.readUntilSettled(id, entry).finally(() => this.inflight.delete(id));
    this.inflight.set(id, entry);
    return entry.done;
  }

  private async readUntilSettled(id: string, entry: { again: boolean }): Promise<Container | null> {
    const gen = this.generation;
    let latest: Container | null;
    do {
      entry.again = false;
      const epoch = this.patchEpoch.get(id) ?? 0;
      latest = await this.engine.getContainer(id);
      if (gen !== this.generation) return latest;
      if ((this.patchEpoch.get(id) ?? 0) !== epoch) {
        entry.again = true; // read before the latest event: stale, read again
        continue;
      }
      if (latest) this.applyUpsert(latest);
      else this.applyRemove(id);
    } while (entry.again);
    return latest;
  }

  private async connect(): Promise<void> {
    const gen = ++this.generation;
    try {
      const identity = await this.withTimeout((signal) => this.engine.probe(signal));
      if (gen !== this.generation) return;
      this.subscription = this.engine.watch({
        onEvent: (event) => this.onEvent(event, gen),
        onNetworkEvent: (event) => this.onNetworkEvent(event, gen),
        onEnd: (error) => {
          if (gen === this.generation) this.lost(error ?? new AppError('ENGINE_UNAVAILABLE', `The event stream of ${this.engine.endpoint} ended.`));
        },
      });
      this.pendingDuringLoad = new Set();
      const [list, networks] = await Promise.all([this.engine.listContainers(), this.engine.listNetworks().catch(() => [] as Network[])]);
      if (gen !== this.generation) return;
      this.cache.clear();
      for (const c of list) this.cache.set(c.id, c);
      this.networkCache.clear();
      for (const n of networks) this.networkCache.set(n.id, n);
      this.setInfo({
        kind: identity.kind,
        name: `${identity.product} ${identity.version}`,
        version: identity.version,
        apiVersion: identity.apiVersion,
        status: 'available',
        error: null,
      });
      this.listener.containersChanged({ type: 'snapshot', engineId: this.info.id, containers: this.containers });
      this.listener.networksChanged?.({ type: 'snapshot', engineId: this.info.id, networks: this.networks });
      const pending = this.pendingDuringLoad;
      this.pendingDuringLoad = null;
      for (const id of pending) void this.refresh(id).catch(() => undefined);
      this.backoff = this.timing.backoffInitialMs;
      this.startHeartbeat(gen);
    } catch (err) {
      if (gen === this.generation) this.lost(err);
    }
  }

  private onEvent(event: ContainerEvent, gen: number): void {
    if (gen !== this.generation) return;
    if (this.pendingDuringLoad) {
      this.pendingDuringLoad.add(event.id);
      return;
    }
    if (event.action === 'remove') {
      // The event may carry a short id or a name; drop whichever cached container it names.
      const match = this.find(event.id);
      if (match) this.applyRemove(match.id);
      return;
    }
    if (event.container) {
      this.applyUpsert(event.container);
      return;
    }
    const cached = event.statePatch ? this.find(event.id) : undefined;
    if (cached && event.statePatch) {
      this.patchEpoch.set(cached.id, (this.patchEpoch.get(cached.id) ?? 0) + 1);
      this.applyUpsert(patched(cached, event.statePatch));
    }
    void this.refresh(cached?.id ?? event.id).catch((err) => {
      if (err instanceof AppError && err.code === 'ENGINE_UNAVAILABLE') this.lost(err);
    });
  }

  private onNetworkEvent(event: NetworkEvent, gen: number): void {
    if (gen !== this.generation || this.pendingDuringLoad) return;
    if (event.action === 'remove') {
      const known = [...this.networkCache.values()].find((n) => n.id === event.id || n.name === event.id);
      if (known) this.forgetNetwork(known.id);
      return;
    }
    if (event.network) {
      this.networkCache.set(event.network.id, event.network);
      if (this.available) this.listener.networksChanged?.({ type: 'upsert', engineId: this.info.id, network: event.network });
      return;
    }
    void this.refreshNetwork(event.id).catch(() => undefined);
  }

  private find(idOrName: string): Container | undefined {
    const direct = this.cache.get(idOrName);
    if (direct) return direct;
    for (const c of this.cache.values()) if (c.name === idOrName || c.id.startsWith(idOrName)) return c;
    return undefined;
  }

  private applyUpsert(container: Container): void {
    const prev = this.cache.get(container.id);
    if (prev && sameJson(prev, container)) return;
    this.cache.set(container.id, container);
    if (this.available) this.listener.containersChanged({ type: 'upsert', engineId: this.info.id, container });
  }

  private applyRemove(id: string): void {
    this.patchEpoch.delete(id);
    if (!this.cache.delete(id)) return;
    if (this.available) this.listener.containersChanged({ type: 'remove', engineId: this.info.id, id });
  }

  private lost(err: unknown): void {
    if (this.stopped) return;
    const gen = ++this.generation;
    this.teardown();
    const message = err instanceof Error ? err.message : String(err);
    const hadContainers = this.cache.size > 0;
    this.cache.clear();
    if (this.networkCache.size > 0) {
      this.networkCache.clear();
      this.listener.networksChanged?.({ type: 'snapshot', engineId: this.info.id, networks: [] });
    }
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
    this.pendingDuringLoad = null;
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
