import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { Container, Engine } from '../../../../src/shared/contract';
import { exportPortMap, exportPortMapPaced } from '../../../../src/main/services/ports/port-map-export';

const engine = (id: string, kind: Engine['kind'], name: string): Engine => ({
  id,
  kind,
  name,
  endpoint: id,
  version: '1',
  apiVersion: null,
  status: 'available',
  error: null,
  source: 'discovered',
});
const engines = [engine('d', 'docker', 'Docker 27'), engine('p', 'podman', 'Podman 5')];
const attach = (network: string) => ({
  network,
  networkId: null,
  ipAddress: null,
  prefixLength: null,
  ipv6Address: null,
  gateway: null,
  macAddress: null,
  aliases: [],
  dnsNames: [],
});

function container(i: number, over: Partial<Container> = {}): Container {
  return {
    engineId: i % 2 ? 'p' : 'd',
    id: String(i).padStart(64, 'a'),
    name: `web-${i}`,
    image: 'nginx',
    state: 'running',
    status: 'Up',
    createdAt: null,
    startedAt: null,
    ports: [
      { hostIp: '0.0.0.0', hostPort: 10_000 + i, containerPort: 80, protocol: 'tcp' },
      { hostIp: '::1', hostPort: 20_000 + i, containerPort: 53, protocol: 'udp' },
    ],
    networks: [attach(`net${i % 7}`), attach('bridge')],
    networkMode: 'bridge',
    labels: {},
    ...over,
  };
}

describe('exportPortMapPaced', () => {
  const now = new Date('2026-12-01T08:00:00Z');

  it('writes exactly what exportPortMap writes, odd names and name clashes included', async () => {
    const containers = [
      ...Array.from({ length: 40 }, (_, i) => container(i)),
      container(100, { name: 'web' }),
      container(101, { name: 'web' }),
      container(102, { name: 'web-podman2', engineId: 'd' }),
      container(103, { name: 'a:b c', image: 'registry.example.com:5000/team/app:v1' }),
      container(104, { name: '', image: 'multi\nline' }),
      container(105, { name: 'true' }),
      container(106, { name: 'off', state: 'exited' }),
      container(107, { name: 'no-ports', ports: [], networks: [] }),
    ];
    expect(await exportPortMapPaced(containers, engines, now)).toEqual(exportPortMap(containers, engines, now));
  });

  it('writes the empty document the same way', async () => {
    expect(await exportPortMapPaced([container(1, { state: 'exited' })], engines, now)).toEqual(exportPortMap([], engines, now));
  });

  it('hands the event loop back while it writes hundreds of services', async () => {
    const containers = Array.from({ length: 600 }, (_, i) => container(i));
    let turned = false;
    setImmediate(() => (turned = true));
    const { yaml } = await exportPortMapPaced(containers, engines, now);
    expect(turned).toBe(true);
    expect(Object.keys((parse(yaml) as { services: Record<string, unknown> }).services)).toHaveLength(600);
  });
});
