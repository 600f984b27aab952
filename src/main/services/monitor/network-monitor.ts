/**
 * Live network samples of the containers a window is looking at. Each watched container has one
 * counter source (the engine's stats stream, or /proc/net/dev polling) held by a lease: the
 * renderer renews it every few seconds, so a closed window or a disconnected browser tab stops
 * its streams by itself when the lease runs out.
 */
import type { Container, ContainerRef, EngineKind, NetworkSample } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { findContainerByRef } from '../../../shared/host-address';
import type { ContainerEngine, NetworkCounters } from '../../engines/container-engine';
import { requireAvailable, type EngineRegistry } from '../../engines/engine-registry';
import { openCounterSource, type CounterSource } from './counter-source';
import { ratesBetween } from './network-rates';
import { countTcpConnections, type ConnectionCounts } from './tcp-connections';

export interface NetworkMonitorDeps {
  engines: Pick<EngineRegistry, 'get'>;
  emitSample: (s: NetworkSample) => void;
  tally: (ref: { engineId: string; id: string }) => { dnsFailures: number; networkErrors: number };
  /** How long a watch lives without renewal. */
  leaseMs?: number;
  /** /proc/net/dev polling period for engines without a stats stream. */
  pollMs?: number;
  /** /proc/net/tcp is read at most this often: an exec per second per container would be wasteful. */
  connectionsEveryMs?: number;
  execTimeoutMs?: number;
}

export interface MonitorLease {
  expiresAt: string;
  intervalMs: number;
}

interface Watch {
  engineId: string;
  containerId: string;
  name: string;
  engine: ContainerEngine;
  source: CounterSource | null;
  lease: ReturnType<typeof setTimeout> | null;
  previous: NetworkCounters | null;
  connections: ConnectionCounts | null;
  connectionsAt: number;
  connectionsRead: Promise<ConnectionCounts | null> | null;
  stopped: boolean;
}

export class NetworkMonitor {
  private readonly watches = new Map<string, Watch>();
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly connectionsEveryMs: number;
  private readonly execTimeoutMs: number;

  constructor(private readonly deps: NetworkMonitorDeps) {
    this.leaseMs = deps.leaseMs ?? 15_000;
    this.pollMs = deps.pollMs ?? 2000;
    this.connectionsEveryMs = deps.connectionsEveryMs ?? 2000;
    this.execTimeoutMs = deps.execTimeoutMs ?? 2000;
  }

  /** Starts streaming samples of a running container, or renews the lease of one already streaming. */
  async watch(ref: ContainerRef): Promise<MonitorLease> {
    const existing = this.find(ref);
    if (existing) return this.renew(existing);
    const supervisor = requireAvailable(this.deps.engines, ref.engineId, 'start it to see live traffic');
    const container = await supervisor.engine.getContainer(ref.id);
    if (!container)
      throw new AppError('NOT_FOUND', `No container ${ref.id} on ${supervisor.snapshot.name}.`, { kind: 'container', engineId: ref.engineId, id: ref.id });
    if (container.state !== 'running') {
      throw new AppError('CONFLICT', `${container.name} is ${container.state}: start it to see its live traffic.`, {
        engineId: ref.engineId,
        id: ref.id,
        state: container.state,
      });
    }
    // Two watches of one container may have raced through the inspect: keep the first stream.
    const raced = this.watches.get(keyOf(ref.engineId, container.id));
    if (raced) return this.renew(raced);
    return this.start(ref.engineId, container, supervisor.engine, supervisor.snapshot.kind);
  }

  unwatch(ref: ContainerRef): { ok: true } {
    const w = this.find(ref);
    if (w) this.end(w);
    return { ok: true };
  }

  /** Stops every stream (app shutdown). */
  stop(): void {
    for (const w of [...this.watches.values()]) this.end(w);
  }

  /** How many containers are streaming now; for tests and diagnostics. */
  get size(): number {
    return this.watches.size;
  }

  private start(engineId: string, c: Container, engine: ContainerEngine, kind: EngineKind | null): MonitorLease {
    const w: Watch = {
      engineId,
      containerId: c.id,
      name: c.name,
      engine,
      source: null,
      lease: null,
      previous: null,
      connections: null,
      connectionsAt: -Infinity,
      connectionsRead: null,
      stopped: false,
    };
    this.watches.set(keyOf(engineId, c.id), w);
    const source = openCounterSource(
      engine,
      kind,
      c.id,
      {
        onStats: (counters) => this.onCounters(w, counters),
        // Container stopped or engine gone: drop the watch; the renderer's next renewal gets
        // CONFLICT/NOT_FOUND, or restarts the stream if the container is running again.
        onEnd: () => this.end(w),
      },
      { pollMs: this.pollMs, execTimeoutMs: this.execTimeoutMs },
    );
    if (w.stopped) {
      // The source ended while it was opening.
      source.close();
      return { expiresAt: new Date().toISOString(), intervalMs: source.intervalMs };
    }
    w.source = source;
    return this.renew(w);
  }

  private renew(w: Watch): MonitorLease {
    if (w.lease) clearTimeout(w.lease);
    const expiresAt = Date.now() + this.leaseMs;
    w.lease = setTimeout(() => this.end(w), this.leaseMs);
    w.lease.unref?.();
    return { expiresAt: new Date(expiresAt).toISOString(), intervalMs: w.source?.intervalMs ?? this.pollMs };
  }

  private end(w: Watch): void {
    if (w.stopped) return;
    w.stopped = true;
    if (w.lease) clearTimeout(w.lease);
    w.source?.close();
    this.watches.delete(keyOf(w.engineId, w.containerId));
  }

  private find(ref: ContainerRef): Watch | undefined {
    const exact = this.watches.get(keyOf(ref.engineId, ref.id));
    if (exact) return exact;
    // By name, or by the short id the CLI prints.
    const mine = [...this.watches.values()].filter((w) => w.engineId === ref.engineId).map((w) => ({ id: w.containerId, name: w.name, watch: w }));
    return findContainerByRef(mine, ref.id)?.watch;
  }

  private onCounters(w: Watch, counters: NetworkCounters): void {
    if (w.stopped) return;
    // Rates are computed in arrival order, before any await, so a slow /proc read can't reorder them.
    const rates = ratesBetween(w.previous, counters);
    w.previous = counters;
    void this.connectionsOf(w).then((connections) => {
      if (w.stopped) return;
      const tally = this.deps.tally({ engineId: w.engineId, id: w.containerId });
      this.deps.emitSample({
        engineId: w.engineId,
        containerId: w.containerId,
        at: counters.at.toISOString(),
        ...rates,
        rxBytes: counters.rxBytes,
        txBytes: counters.txBytes,
        rxErrors: counters.rxErrors,
        txErrors: counters.txErrors,
        rxDropped: counters.rxDropped,
        txDropped: counters.txDropped,
        connections,
        dnsFailures: tally.dnsFailures,
        networkErrors: tally.networkErrors,
      });
    });
  }

  /**
   * The TCP connection counts for the next sample: a fresh read when the last one is old enough,
   * else the last value. Samples that arrive during a read wait for that same read, so they are
   * still emitted in order.
   */
  private connectionsOf(w: Watch): Promise<ConnectionCounts | null> {
    if (w.connectionsRead) return w.connectionsRead;
    if (Date.now() - w.connectionsAt < this.connectionsEveryMs) return Promise.resolve(w.connections);
    w.connectionsAt = Date.now();
    w.connectionsRead = this.readConnections(w).then((c) => {
      w.connections = c;
      w.connectionsRead = null;
      return c;
    });
    return w.connectionsRead;
  }

  private async readConnections(w: Watch): Promise<ConnectionCounts | null> {
    try {
      // tcp6 is missing when IPv6 is off: cat then exits 1 but still prints tcp, which is enough.
      const r = await w.engine.exec(w.containerId, ['cat', '/proc/net/tcp', '/proc/net/tcp6'], { timeoutMs: this.execTimeoutMs });
      return r.timedOut ? null : countTcpConnections(r.stdout);
    } catch {
      return null;
    }
  }
}

function keyOf(engineId: string, containerId: string): string {
  return `${engineId}\n${containerId}`;
}
