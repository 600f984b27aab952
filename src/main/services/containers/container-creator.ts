import type { Container, ContainerRef, PortConflictEvent, PortWarning } from '../../../shared/contract';
import { AppError, isAppError } from '../../../shared/errors';
import { classifyEnginePortError } from '../../../shared/engine-port-errors';
import { describeHolders } from '../../../shared/port-holder-text';
import { portWarnings } from '../../../shared/port-rules';
import type { PortSpec } from '../../../shared/port-spec';
import type { CreateContainerSpec } from '../../engines/container-engine';
import { requireAvailable, type EngineRegistry } from '../../engines/engine-registry';
import type { EngineSupervisor } from '../../engines/engine-supervisor';
import type { StartPortGuard } from './containers-service';
import { conflictEvent, type PortsService } from '../ports/ports-service';

export interface CreateRequest extends CreateContainerSpec {
  engineId: string;
  start: boolean;
}

const HOST_NETWORK_WARNING: PortWarning = {
  code: 'HOST_NETWORK',
  message:
    'Host networking removes network isolation: the container shares the host’s network stack, every port it opens is open on the host, and port mappings are ignored.',
  fix: 'Use a user-defined network and publish only the ports you need (bound to 127.0.0.1 where possible).',
  fixedSpec: null,
};

/** A stopped container's configured ports, as the specs it will ask the engine for on start. */
export function configuredSpecs(c: Container): PortSpec[] {
  return c.ports
    .filter((p) => p.hostPort !== null && p.hostPort > 0)
    .map((p) => ({
      hostIp: p.hostIp === '0.0.0.0' || p.hostIp === '::' ? '' : p.hostIp,
      hostPortStart: p.hostPort,
      hostPortEnd: p.hostPort,
      containerPortStart: p.containerPort,
      containerPortEnd: p.containerPort,
      protocol: p.protocol,
    }));
}

/**
 * Creating and starting with ports: the pre-flight check runs before the engine is asked, and when
 * the engine refuses a port anyway (something grabbed it in between) the refusal becomes a CONFLICT
 * that names the holder, and the container stays listed instead of vanishing.
 */
export class ContainerCreator implements StartPortGuard {
  constructor(
    private readonly engines: EngineRegistry,
    private readonly ports: PortsService,
    private readonly emitConflict: (event: PortConflictEvent) => void,
  ) {}

  async create(req: CreateRequest): Promise<{ container: Container; warnings: PortWarning[] }> {
    const s = this.available(req.engineId);
    const hostNetwork = req.network === 'host';
    // On the host network the container binds host ports itself; there are no mappings to check.
    if (!hostNetwork) await this.ports.assertFree(req.ports, { engineId: req.engineId, containerName: req.name });
    const { engineId: _engine, start: _start, ...spec } = req;
    const id = await s.engine.createContainer(spec);
    let container = await this.listed(s, id);
    if (req.start) {
      try {
        await s.engine.startContainer(id);
      } catch (err) {
        throw await this.explainPortRefusal(err, s, id);
      }
      container = await this.listed(s, id);
    }
    return { container, warnings: hostNetwork ? [HOST_NETWORK_WARNING] : req.ports.flatMap((p) => portWarnings(p)) };
  }

  /** Before `containers.start`: the same pre-flight check for the ports a stopped container will claim. */
  async beforeStart(s: EngineSupervisor, ref: ContainerRef): Promise<string> {
    const known = s.containers.find((c) => c.id === ref.id || c.name === ref.id);
    if (known && known.state !== 'running') {
      await this.ports.assertFree(configuredSpecs(known), {
        exclude: ref,
        engineId: ref.engineId,
        containerId: known.id,
        containerName: known.name,
      });
    }
    return known?.id ?? ref.id;
  }

  /** An engine's refusal to publish a port, said as a CONFLICT naming the holder. */
  explainStartFailure(err: unknown, s: EngineSupervisor, id: string): Promise<unknown> {
    return this.explainPortRefusal(err, s, id);
  }

  private async explainPortRefusal(err: unknown, s: EngineSupervisor, id: string): Promise<unknown> {
    if (!isAppError(err)) return err;
    const port = classifyEnginePortError(err.message);
    if (!port) return err;
    const container = await s.refresh(id).catch(() => null);
    const holders =
      port.hostPort === null
        ? []
        : (await this.ports.owner(port.hostPort, port.protocol, port.hostIp)).holders.filter(
            (h) => !(h.kind === 'container' && h.containerId === container?.id),
          );
    const where = `${port.hostIp || '*'}:${port.hostPort ?? '?'}/${port.protocol}`;
    if (port.hostPort !== null) {
      this.emitConflict(
        conflictEvent(
          'engine',
          { hostIp: port.hostIp, hostPort: port.hostPort, protocol: port.protocol, holders },
          {
            engineId: s.snapshot.id,
            containerId: container?.id ?? id,
            containerName: container?.name,
          },
        ),
      );
    }
    const kept = container ? ` Container ${container.name} was created and is kept (${container.state}); pick another port and start it again.` : '';
    return new AppError('CONFLICT', `The engine refused to publish ${where}: it is held by ${describeHolders(holders)}.${kept}`, {
      engineMessage: err.message,
      port,
      holders,
      container: container ? { engineId: container.engineId, id: container.id, name: container.name, state: container.state } : null,
    });
  }

  /** The new container's snapshot, put in the cache right away so every window lists it. */
  private async listed(s: EngineSupervisor, id: string): Promise<Container> {
    const c = await s.refresh(id);
    if (!c) throw new AppError('ENGINE_ERROR', `The engine created container ${id} but does not list it.`);
    return c;
  }

  private available(engineId: string): EngineSupervisor {
    return requireAvailable(this.engines, engineId);
  }
}
