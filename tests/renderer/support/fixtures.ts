import type { Container, Engine, NetworkAttachment, PortBinding } from '../../../src/shared/contract';

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
