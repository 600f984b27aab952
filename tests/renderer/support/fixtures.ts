import type { Container, Engine, Network, NetworkAttachment, NetworkMember, PortBinding } from '../../../src/shared/contract';

export const DOCKER = 'unix:///var/run/docker.sock';
export const PODMAN = 'unix:///run/podman/podman.sock';

export function engine(overrides: Partial<Engine> = {}): Engine {
  return {
    id: DOCKER,
    kind: 'docker',
    name: 'Docker 27.3.1',
    endpoint: DOCKER,
    version: '27.3.1',
    apiVersion: '1.47',
    status: 'available',
    error: null,
    source: 'discovered',
    ...overrides,
  };
}

export function port(hostPort: number | null, containerPort: number, extra: Partial<PortBinding> = {}): PortBinding {
  return { hostIp: '0.0.0.0', hostPort, containerPort, protocol: 'tcp', ...extra };
}

export function network(name: string, ip: string | null, extra: Partial<NetworkAttachment> = {}): NetworkAttachment {
  return {
    network: name,
    networkId: `${name}-id`,
    ipAddress: ip,
    prefixLength: ip ? 16 : null,
    ipv6Address: null,
    gateway: ip ? ip.replace(/\.\d+$/, '.1') : null,
    macAddress: '02:42:ac:11:00:02',
    aliases: [],
    dnsNames: [],
    ...extra,
  };
}

export function container(overrides: Partial<Container> & Pick<Container, 'id' | 'name'>): Container {
  return {
    engineId: DOCKER,
    image: 'nginx:1.27',
    state: 'running',
    status: 'Up 5 minutes',
    createdAt: '2024-05-01T10:00:00Z',
    startedAt: '2024-05-01T10:00:01Z',
    ports: [],
    networks: [network('bridge', '172.17.0.2')],
    networkMode: 'bridge',
    labels: {},
    ...overrides,
  };
}

/** A network as `networks.list` returns it (a user bridge unless told otherwise). */
export function userNetwork(name: string, overrides: Partial<Network> = {}): Network {
  return {
    engineId: DOCKER,
    id: `${name}-id`,
    name,
    driver: 'bridge',
    scope: 'local',
    subnets: [{ subnet: '10.10.0.0/24', gateway: '10.10.0.1', ipRange: null }],
    internal: false,
    ipv6: false,
    isDefault: false,
    dnsEnabled: true,
    dnsServers: [],
    createdAt: '2024-05-01T10:00:00Z',
    labels: {},
    options: {},
    containers: [],
    ...overrides,
  };
}

export function member(containerName: string, ipv4Address: string | null, overrides: Partial<NetworkMember> = {}): NetworkMember {
  return {
    containerId: `${containerName}-id`,
    containerName,
    ipv4Address,
    prefixLength: ipv4Address ? 24 : null,
    ipv6Address: null,
    macAddress: null,
    aliases: [],
    ...overrides,
  };
}
