import type { Container, DnsConfig, Network, RequestOf, ResolveResult, ResultOf } from '../../../src/shared/contract';
import type { networkChannels } from '../../../src/shared/contract/networks';
import { AppError } from '../../../src/shared/errors';

/** The state the fake keeps for networks and DNS; the FakeTransport owns one. */
export interface FakeNetworkState {
  networks: Network[];
  containers: Container[];
  /** What `dns.resolve` answers per name; a missing name answers NXDOMAIN. */
  dnsAnswers: Record<string, string[]>;
  resolvConf: DnsConfig & { raw: string };
  domains: string[];
}

type Handler = (request: any) => unknown;

export function resolveResult(name: string, addresses: string[]): ResolveResult {
  const ok = addresses.length > 0;
  return {
    name,
    addresses,
    server: '127.0.0.11',
    ok,
    error: ok ? null : `NXDOMAIN: ${name} does not exist`,
    command: ['nslookup', name],
    output: ok ? `Server: 127.0.0.11\nName: ${name}\nAddress: ${addresses.join('\nAddress: ')}` : `** server can't find ${name}: NXDOMAIN`,
    durationMs: 12,
  };
}

/**
 * The network and DNS channels over the fake's own state: connect/disconnect change both the
 * network's members and the container's attachments, as the engine would.
 */
export function networkHandlers(s: FakeNetworkState): Record<keyof typeof networkChannels, Handler> {
  let created = 0;
  const find = (engineId: string, id: string): Network => {
    const n = s.networks.find((x) => x.engineId === engineId && (x.id === id || x.name === id));
    if (!n) throw new AppError('NOT_FOUND', `No network ${id}`);
    return n;
  };
  const replace = (next: Network) => (s.networks = s.networks.map((n) => (n.id === next.id && n.engineId === next.engineId ? next : n)));
  return {
    'networks.list': (r: RequestOf<'networks.list'>) => s.networks.filter((n) => !r.engineId || n.engineId === r.engineId),
    'networks.inspect': (r: RequestOf<'networks.inspect'>) => find(r.engineId, r.id),
    'networks.create': (r: RequestOf<'networks.create'>): ResultOf<'networks.create'> => {
      const n: Network = {
        engineId: r.engineId,
        id: `net${++created}`,
        name: r.name,
        driver: r.driver ?? 'bridge',
        scope: 'local',
        subnets: r.subnet ? [{ subnet: r.subnet, gateway: r.gateway ?? null, ipRange: r.ipRange ?? null }] : [],
        internal: r.internal ?? false,
        ipv6: r.ipv6 ?? false,
        isDefault: false,
        dnsEnabled: true,
        dnsServers: r.dnsServers ?? [],
        createdAt: null,
        labels: r.labels ?? {},
        options: r.parent ? { parent: r.parent } : {},
        containers: [],
      };
      s.networks = [...s.networks, n];
      return n;
    },
    'networks.remove': (r: RequestOf<'networks.remove'>) => {
      const n = find(r.engineId, r.id);
      if (n.containers.length) {
        const names = n.containers.map((m) => m.containerName);
        throw new AppError('CONFLICT', `Network ${n.name} is in use by ${names.join(', ')}. Disconnect or remove them first.`);
      }
      s.networks = s.networks.filter((x) => x !== n);
      return { ok: true };
    },
    'networks.connect': (r: RequestOf<'networks.connect'>) => {
      const n = find(r.engineId, r.network);
      const c = s.containers.find((x) => x.engineId === r.engineId && (x.id === r.container || x.name === r.container));
      if (!c) throw new AppError('NOT_FOUND', `No container ${r.container}`);
      const ip = r.ipv4Address ?? `10.10.0.${10 + n.containers.length}`;
      const aliases = r.aliases ?? [];
      replace({
        ...n,
        containers: [
          ...n.containers,
          { containerId: c.id, containerName: c.name, ipv4Address: ip, prefixLength: 24, ipv6Address: null, macAddress: null, aliases },
        ],
      });
      const attachment = {
        network: n.name,
        networkId: n.id,
        ipAddress: ip,
        prefixLength: 24,
        ipv6Address: null,
        gateway: null,
        macAddress: null,
        aliases,
        dnsNames: [c.name, ...aliases],
      };
      s.containers = s.containers.map((x) => (x === c ? { ...c, networks: [...c.networks, attachment] } : x));
      return { ok: true };
    },
    'networks.disconnect': (r: RequestOf<'networks.disconnect'>) => {
      const n = find(r.engineId, r.network);
      replace({ ...n, containers: n.containers.filter((m) => m.containerId !== r.container && m.containerName !== r.container) });
      return { ok: true };
    },
    'dns.resolve': (r: RequestOf<'dns.resolve'>) => resolveResult(r.name, s.dnsAnswers[r.name] ?? []),
    'dns.containerConfig': () => s.resolvConf,
    'dns.hostConfig': () => ({
      nameservers: ['192.168.1.1'],
      search: ['lan'],
      options: [],
      source: '/etc/resolv.conf',
      raw: 'nameserver 192.168.1.1\nsearch lan\n',
    }),
    'dns.check': (r: RequestOf<'dns.check'>): ResultOf<'dns.check'> => ({
      ok: true,
      summary: `${r.id} resolves its peers through the engine's DNS.`,
      expectedNameservers: ['127.0.0.11'],
      resolvConf: { nameservers: s.resolvConf.nameservers, search: s.resolvConf.search, options: s.resolvConf.options },
      lookups: (r.names ?? []).map((name) => resolveResult(name, s.dnsAnswers[name] ?? [])),
      cause: null,
      fix: null,
    }),
    'dns.domains.list': () => ({ domains: s.domains }),
    'dns.domains.create': (r: RequestOf<'dns.domains.create'>) => ({ domains: (s.domains = [...s.domains, r.domain]) }),
    'dns.domains.delete': (r: RequestOf<'dns.domains.delete'>) => ({ domains: (s.domains = s.domains.filter((d) => d !== r.domain)) }),
  };
}
