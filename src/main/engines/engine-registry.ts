import type { ContainersChanged, Engine, NetworksChanged } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { ContainerEngine } from './container-engine';
import { discoverEndpoints, type DiscoveryContext, type EndpointCandidate } from './engine-discovery';
import { EngineSupervisor, DEFAULT_TIMING, type SupervisorTiming } from './engine-supervisor';

export interface RegistryListener {
  enginesChanged(engines: Engine[]): void;
  containersChanged(change: ContainersChanged): void;
  networksChanged?(change: NetworksChanged): void;
}

export interface EngineRegistryOptions {
  /** Builds the engine for a Docker-API endpoint (DockerEngine in the app). */
  createApiEngine(endpoint: string): ContainerEngine;
  /** Finds CLI-driven engines (Apple `container`); called on every rescan. */
  findCliEngines?: () => Promise<ContainerEngine[]>;
  discovery: () => DiscoveryContext;
  rescanMs?: number;
  timing?: SupervisorTiming;
}

/**
 * The supervisor of an engine that answers, for a service about to use it: NOT_FOUND for an
 * unknown id, else ENGINE_UNAVAILABLE naming the engine and why (its last error), with `hint`
 * (what to do, e.g. "start it to see live traffic") appended. Details are `{ engineId }`.
 */
export function requireAvailable(engines: Pick<EngineRegistry, 'get'>, engineId: string, hint?: string): EngineSupervisor {
  const s = engines.get(engineId);
  if (s.available) return s;
  const why = s.snapshot.error ? `: ${s.snapshot.error.replace(/\.$/, '')}` : '';
  throw new AppError('ENGINE_UNAVAILABLE', `${s.snapshot.name} is not available${why}${hint ? `; ${hint}` : ''}.`, { engineId });
}

/**
 * All engines on this machine: discovers endpoints, runs one supervisor per engine, and rescans
 * so an engine started after the app (Docker Desktop, `podman machine start`) appears by itself.
 */
export class EngineRegistry {
  private readonly supervisors = new Map<string, EngineSupervisor>();
  private rescanTimer: NodeJS.Timeout | null = null;
  private scanning: Promise<void> | null = null;
  private again: Promise<void> | null = null;

  constructor(
    private readonly options: EngineRegistryOptions,
    private readonly listener: RegistryListener,
  ) {}

  async start(): Promise<void> {
    await this.rescan();
    this.rescanTimer = setInterval(() => void this.rescan(), this.options.rescanMs ?? 5000);
    this.rescanTimer.unref?.();
  }

  stop(): void {
    if (this.rescanTimer) clearInterval(this.rescanTimer);
    this.rescanTimer = null;
    for (const s of this.supervisors.values()) s.stop();
    this.supervisors.clear();
  }

  list(): Engine[] {
    return [...this.supervisors.values()].map((s) => s.snapshot);
  }

  all(): EngineSupervisor[] {
    return [...this.supervisors.values()];
  }

  /** The supervisor for an engine id, or a NOT_FOUND error that says which ids exist. */
  get(engineId: string): EngineSupervisor {
    const s = this.supervisors.get(engineId);
    if (!s) {
      const known = [...this.supervisors.keys()].join(', ') || 'none';
      throw new AppError('NOT_FOUND', `No engine with id ${engineId}. Known engines: ${known}.`, { kind: 'engine', engineId });
    }
    return s;
  }

  /**
   * Finds new endpoints and drops user-added ones that were removed from settings. A rescan asked
   * for during a scan runs once more after it, so it sees settings changed in the meantime.
   */
  rescan(): Promise<void> {
    if (this.scanning) {
      this.again ??= this.scanning.then(() => {
        this.again = null;
        return this.rescan();
      });
      return this.again;
    }
    this.scanning = this.doRescan().finally(() => (this.scanning = null));
    return this.scanning;
  }

  private async doRescan(): Promise<void> {
    const candidates = discoverEndpoints(this.options.discovery());
    const wanted = new Map<string, EndpointCandidate>(candidates.map((c) => [c.endpoint, c]));
    let changed = false;
    for (const c of candidates) {
      if (this.supervisors.has(c.endpoint)) continue;
      this.add(this.options.createApiEngine(c.endpoint), c.source);
      changed = true;
    }
    const cli = (await this.options.findCliEngines?.().catch(() => [])) ?? [];
    for (const engine of cli) {
      wanted.set(engine.id, { endpoint: engine.id, socketPath: null, source: 'discovered' });
      if (this.supervisors.has(engine.id)) engine.dispose();
      else {
        this.add(engine, 'discovered');
        changed = true;
      }
    }
    // A socket that vanished is kept (shown unavailable) unless the user removed it from settings.
    for (const [id, s] of this.supervisors) {
      if (s.snapshot.source === 'settings' && !wanted.has(id)) {
        s.stop();
        this.supervisors.delete(id);
        this.listener.containersChanged({ type: 'snapshot', engineId: id, containers: [] });
        changed = true;
      }
    }
    if (changed) this.listener.enginesChanged(this.list());
  }

  private add(engine: ContainerEngine, source: Engine['source']): void {
    const supervisor = new EngineSupervisor(
      engine,
      source,
      {
        engineChanged: () => this.listener.enginesChanged(this.list()),
        containersChanged: (change) => this.listener.containersChanged(change),
        networksChanged: (change) => this.listener.networksChanged?.(change),
      },
      this.options.timing ?? DEFAULT_TIMING,
    );
    this.supervisors.set(engine.id, supervisor);
    supervisor.start();
  }
}
