import type { Container, CreateNetworkRequest, Network, NetworkMember } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { validateNetworkSpec } from '../../../shared/network-rules';
import { requireAvailable, type EngineRegistry } from '../../engines/engine-registry';
import type { EngineSupervisor } from '../../engines/engine-supervisor';

export interface HostRoute {
  destination: string;
  iface: string;
  gateway: string | null;
}

/** Engine bridges: their routes are the engine's own networks, which are compared by name instead. */
const ENGINE_BRIDGE = /^(docker\d*|br-[0-9a-f]{6,}|cni-podman\d*|podman\d+|veth\w*|vmenet\d*|bridge1\d\d)$/;

/**
 * Networks across engines. Membership comes from the live container caches (running and stopped
 * containers alike), so a network's member list is never staler than the container list.
 */
export class NetworksService {
  constructor(
    private readonly engines: EngineRegistry,
    private readonly readRoutes: () => Promise<HostRoute[]>,
  ) {}

  /** The cached networks (kept live by events); `fresh` re-reads them from the engines first. */
  async list(engineId?: string, fresh = false): Promise<Network[]> {
    const supervisors = (engineId ? [this.engines.get(engineId)] : this.engines.all()).filter((s) => s.available);
    if (fresh) await Promise.all(supervisors.map((s) => s.reloadNetworks().catch(() => undefined)));
    return supervisors.flatMap((s) => s.networks.map((n) => withMembers(n, s.containers)));
  }

  cached(engineId: string): Network[] {
    const s = this.engines.get(engineId);
    return s.available ? s.networks.map((n) => withMembers(n, s.containers)) : [];
  }

  async inspect(engineId: string, id: string): Promise<Network> {
    const s = this.available(engineId);
    await s.reloadNetworks().catch(() => undefined);
    return withMembers(this.find(s, id), s.containers);
  }

  /** Refused before the engine is called when the subnet, gateway or range is wrong or overlaps. */
  async create(req: CreateNetworkRequest): Promise<Network> {
    const s = this.available(req.engineId);
    if (!s.engine.capabilities.networkDrivers.includes(req.driver)) {
      throw new AppError('UNSUPPORTED', `${s.snapshot.name} cannot create ${req.driver} networks.`, { driver: req.driver });
    }
    if ((req.driver === 'macvlan' || req.driver === 'ipvlan') && !req.parent) {
      throw new AppError('INVALID_INPUT', `A ${req.driver} network needs the host interface it attaches to (parent), e.g. eth0.`, { field: 'parent' });
    }
    const [routes, existing] = await Promise.all([
      this.readRoutes().then(
        (all) => all.filter((r) => !ENGINE_BRIDGE.test(r.iface)),
        () => [],
      ),
      s.reloadNetworks(),
    ]);
    const problems = validateNetworkSpec(req, {
      networks: existing.map((n) => ({ name: n.name, subnets: n.subnets.map((x) => x.subnet) })),
      routes,
    });
    if (problems.length > 0) {
      const overlap = problems.some((p) => /overlap|already/i.test(p.message));
      throw new AppError(overlap ? 'CONFLICT' : 'INVALID_INPUT', problems.map((p) => p.message).join('; '), { problems });
    }
    const id = await s.engine.createNetwork({
      name: req.name,
      driver: req.driver,
      subnet: req.subnet,
      gateway: req.gateway,
      ipRange: req.ipRange,
      internal: req.internal,
      ipv6: req.ipv6,
      ipv6Subnet: req.ipv6Subnet,
      parent: req.parent,
      dnsServers: req.dnsServers,
      labels: req.labels,
    });
    const created = await s.refreshNetwork(id);
    if (!created) throw new AppError('ENGINE_ERROR', `The engine created network ${req.name} but does not list it.`);
    return withMembers(created, s.containers);
  }

  /** Refuses a network in use, naming the containers (stopped ones too: they would lose it on start). */
  async remove(engineId: string, id: string): Promise<{ ok: true }> {
    const s = this.available(engineId);
    await s.reloadNetworks().catch(() => undefined);
    const network = this.find(s, id);
    if (network.isDefault) throw new AppError('CONFLICT', `${network.name} is the engine's default network and cannot be removed.`);
    const users = withMembers(network, s.containers).containers;
    if (users.length > 0) {
      throw new AppError(
        'CONFLICT',
        `Network ${network.name} is in use by ${users.map((u) => u.containerName).join(', ')}. Disconnect or remove ${users.length === 1 ? 'it' : 'them'} first.`,
        { containers: users.map((u) => ({ id: u.containerId, name: u.containerName })) },
      );
    }
    await s.engine.removeNetwork(network.id);
    s.forgetNetwork(network.id);
    return { ok: true };
  }

  async connect(req: {
    engineId: string;
    network: string;
    container: string;
    aliases: string[];
    ipv4Address?: string;
    ipv6Address?: string;
  }): Promise<{ ok: true }> {
    const s = this.available(req.engineId);
    if (!s.engine.capabilities.connectRunning) {
      throw new AppError(
        'UNSUPPORTED',
        `${s.snapshot.name} attaches networks only when a container is created; it cannot connect ${req.container} to ${req.network} now.`,
      );
    }
    await s.engine.connectNetwork(req.network, req.container, req);
    await Promise.all([s.refresh(req.container), s.refreshNetwork(req.network)]);
    return { ok: true };
  }

  async disconnect(req: { engineId: string; network: string; container: string; force: boolean }): Promise<{ ok: true }> {
    const s = this.available(req.engineId);
    if (!s.engine.capabilities.connectRunning) {
      throw new AppError('UNSUPPORTED', `${s.snapshot.name} cannot disconnect a container from a network; recreate the container without it.`);
    }
    await s.engine.disconnectNetwork(req.network, req.container, req.force);
    await Promise.all([s.refresh(req.container), s.refreshNetwork(req.network)]);
    return { ok: true };
  }

  private find(s: EngineSupervisor, id: string): Network {
    const n = s.networks.find((x) => x.id === id || x.name === id || x.id.startsWith(id));
    if (!n) throw new AppError('NOT_FOUND', `No network ${id} on ${s.snapshot.name}.`, { kind: 'network', engineId: s.snapshot.id, id });
    return n;
  }

  private available(engineId: string): EngineSupervisor {
    return requireAvailable(this.engines, engineId);
  }
}

/** A network's members from the containers attached to it, with their addresses and aliases. */
export function withMembers(n: Network, containers: readonly Container[]): Network {
  const members: NetworkMember[] = [];
  for (const c of containers) {
    const a = c.networks.find((x) => x.network === n.name || (x.networkId && x.networkId === n.id));
    const byMode = !a && c.networkMode === n.name;
    if (!a && !byMode) continue;
    const engineSaid = n.containers.find((m) => m.containerId === c.id);
    members.push({
      containerId: c.id,
      containerName: c.name,
      ipv4Address: a?.ipAddress ?? engineSaid?.ipv4Address ?? null,
      prefixLength: a?.prefixLength ?? engineSaid?.prefixLength ?? null,
      ipv6Address: a?.ipv6Address ?? engineSaid?.ipv6Address ?? null,
      macAddress: a?.macAddress ?? engineSaid?.macAddress ?? null,
      aliases: (a?.aliases ?? []).filter((x) => x !== c.id.slice(0, 12)),
    });
  }
  return { ...n, containers: members.sort((x, y) => x.containerName.localeCompare(y.containerName)) };
}
