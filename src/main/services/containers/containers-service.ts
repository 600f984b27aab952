import type { Container, ContainerDetails, ContainerRef } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { requireAvailable, type EngineRegistry } from '../../engines/engine-registry';
import type { EngineSupervisor } from '../../engines/engine-supervisor';

/** What starting a container checks first (its ports) and how a refusal is explained. */
export interface StartPortGuard {
  /** Throws CONFLICT when a port the container will claim is held; returns the container's id. */
  beforeStart(s: EngineSupervisor, ref: ContainerRef): Promise<string>;
  explainStartFailure(err: unknown, s: EngineSupervisor, id: string): Promise<unknown>;
}

/** Every available engine's containers from the live caches, sorted by name. */
export function listContainers(engines: Pick<EngineRegistry, 'get' | 'all'>, filter: { engineId?: string; runningOnly?: boolean } = {}): Container[] {
  const supervisors = filter.engineId ? [engines.get(filter.engineId)] : engines.all();
  const out: Container[] = [];
  for (const s of supervisors) {
    if (!s.available) continue;
    for (const c of s.containers) if (!filter.runningOnly || c.state === 'running') out.push(c);
  }
  return out.sort((a, b) => a.name.localeCompare(b.name) || a.engineId.localeCompare(b.engineId));
}

/** Container queries and actions across every engine; reads come from the live caches. */
export class ContainersService {
  constructor(
    private readonly engines: EngineRegistry,
    /** Without one (tests of the plain actions), a start asks the engine directly. */
    private readonly startGuard?: StartPortGuard,
  ) {}

  list(filter: { engineId?: string; runningOnly?: boolean } = {}): Container[] {
    return listContainers(this.engines, filter);
  }

  async inspect(ref: ContainerRef): Promise<ContainerDetails> {
    return this.available(ref.engineId).engine.inspectContainer(ref.id);
  }

  async start(ref: ContainerRef): Promise<Container> {
    const s = this.available(ref.engineId);
    const id = (await this.startGuard?.beforeStart(s, ref)) ?? ref.id;
    try {
      await s.engine.startContainer(ref.id);
      return await this.reread(s, ref.id);
    } catch (err) {
      throw this.startGuard ? await this.startGuard.explainStartFailure(err, s, id) : err;
    }
  }

  async stop(ref: ContainerRef & { timeoutSeconds?: number }): Promise<Container> {
    const s = this.available(ref.engineId);
    await s.engine.stopContainer(ref.id, ref.timeoutSeconds);
    return this.reread(s, ref.id);
  }

  async restart(ref: ContainerRef & { timeoutSeconds?: number }): Promise<Container> {
    const s = this.available(ref.engineId);
    await s.engine.restartContainer(ref.id, ref.timeoutSeconds);
    return this.reread(s, ref.id);
  }

  async remove(ref: ContainerRef & { force?: boolean }): Promise<{ ok: true }> {
    const s = this.available(ref.engineId);
    const known = s.containers.find((c) => c.id === ref.id || c.name === ref.id);
    await s.engine.removeContainer(ref.id, ref.force ?? false);
    if (known) s.forget(known.id);
    return { ok: true };
  }

  private available(engineId: string): EngineSupervisor {
    return requireAvailable(this.engines, engineId);
  }

  /** The snapshot right after an action, applied to the cache so every window sees it at once. */
  private async reread(s: EngineSupervisor, id: string): Promise<Container> {
    const c = await s.engine.getContainer(id);
    if (!c) throw new AppError('NOT_FOUND', `Container ${id} is gone.`, { kind: 'container', engineId: s.snapshot.id, id });
    s.upsert(c);
    return c;
  }
}
