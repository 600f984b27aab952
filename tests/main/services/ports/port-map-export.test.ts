import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { Container, Engine } from '../../../../src/shared/contract';
import { exportPortMap } from '../../../../src/main/services/ports/port-map-export';

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
const container = (over: Partial<Container>): Container => ({
  engineId: 'd',
  id: 'a'.repeat(64),
  name: 'web',
  image: 'nginx',
  state: 'running',
  status: 'Up',
  createdAt: null,
  startedAt: null,
  ports: [],
  networks: [],
  networkMode: null,
  labels: {},
  ...over,
});

describe('port map export (docker-compose style)', () => {
  const engines = [engine('d', 'docker', 'Docker 27'), engine('p', 'podman', 'Podman 5')];

  it('lists running containers with their published ports, merging the 0.0.0.0/:: twins', () => {
    const { yaml, fileName } = exportPortMap(
      [
        container({
          ports: [
            { hostIp: '0.0.0.0', hostPort: 8080, containerPort: 80, protocol: 'tcp' },
            { hostIp: '::', hostPort: 8080, containerPort: 80, protocol: 'tcp' },
            { hostIp: '127.0.0.1', hostPort: 5353, containerPort: 53, protocol: 'udp' },
            { hostIp: '::1', hostPort: 9000, containerPort: 9000, protocol: 'tcp' },
            { hostIp: '', hostPort: null, containerPort: 443, protocol: 'tcp' },
          ],
          networks: [
            {
              network: 'backend',
              networkId: null,
              ipAddress: '10.0.0.2',
              prefixLength: 24,
              ipv6Address: null,
              gateway: null,
              macAddress: null,
              aliases: [],
              dnsNames: [],
            },
            {
              network: 'bridge',
              networkId: null,
              ipAddress: '172.17.0.2',
              prefixLength: 16,
              ipv6Address: null,
              gateway: null,
              macAddress: null,
              aliases: [],
              dnsNames: [],
            },
          ],
        }),
        container({ name: 'stopped', state: 'exited', ports: [{ hostIp: '', hostPort: 5432, containerPort: 5432, protocol: 'tcp' }] }),
      ],
      engines,
      new Date('2026-11-28T10:00:00Z'),
    );
    expect(yaml.startsWith('# Port map of the running containers')).toBe(true);
    expect(fileName).toBe('port-map-2026-11-28-10-00-00.yaml');
    const doc = parse(yaml);
    expect(Object.keys(doc.services)).toEqual(['web']);
    expect(doc.services.web).toMatchObject({
      image: 'nginx',
      container_name: 'web',
      ports: ['8080:80', '127.0.0.1:5353:53/udp', '[::1]:9000:9000'],
      networks: ['backend'],
      'x-container-kit': { engine: 'Docker 27' },
    });
    expect(doc.networks).toEqual({ backend: { external: true } });
  });

  it('keeps two same-named containers of different engines apart', () => {
    const doc = parse(exportPortMap([container({ engineId: 'd' }), container({ engineId: 'p', id: 'b'.repeat(64) })], engines).yaml);
    expect(Object.keys(doc.services)).toEqual(['web', 'web-podman2']);
  });
});
