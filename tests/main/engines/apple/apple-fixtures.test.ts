import { describe, it, expect } from 'vitest';
import { ContainerDetailsSchema, ContainerSchema, NetworkSchema, type Container } from '../../../../src/shared/contract';
import { toNetwork } from '../../../../src/main/engines/apple/apple-networks';
import {
  AppleContainerListSchema,
  AppleNetworkListSchema,
  AppleSystemStatusSchema,
  parseCliJson,
  parseDnsList,
} from '../../../../src/main/engines/apple/apple-schemas';
import {
  isSystemRunning,
  normalizeContainer,
  normalizeContainerDetails,
  normalizeNetwork,
  parseAppleVersion,
} from '../../../../src/main/engines/apple/apple-normalize';
import { fixtureKind, listFixtureFiles, readFixture } from './fixtures';

const ENGINE = 'cli:/usr/local/bin/container';

function containers(rel: string): Container[] {
  return parseCliJson(AppleContainerListSchema, readFixture(rel), rel).map((c) => normalizeContainer(c, ENGINE));
}
function details(rel: string) {
  return parseCliJson(AppleContainerListSchema, readFixture(rel), rel).map((c) => normalizeContainerDetails(c, ENGINE));
}
function byId(list: Container[], id: string): Container {
  const found = list.find((c) => c.id === id);
  if (!found) throw new Error(`no ${id} in fixture`);
  return found;
}
function portStrings(c: Container): string[] {
  return c.ports.map((p) => `${p.hostIp}:${p.hostPort}->${p.containerPort}/${p.protocol}`);
}

describe('every Apple CLI fixture', () => {
  const files = listFixtureFiles();

  it('finds the fixtures, including legacy/', () => {
    expect(files.length).toBeGreaterThanOrEqual(13);
    expect(files.some((f) => f.startsWith('legacy/'))).toBe(true);
  });

  it.each(files)('%s parses and normalizes to the shared model', (rel) => {
    const kind = fixtureKind(rel);
    expect(kind, `unclassified fixture ${rel}: teach fixtureKind() about it`).not.toBeNull();
    const text = readFixture(rel);
    switch (kind) {
      case 'container-list': {
        const raw = parseCliJson(AppleContainerListSchema, text, rel);
        expect(raw.length).toBeGreaterThan(0);
        for (const c of raw) {
          ContainerSchema.parse(normalizeContainer(c, ENGINE));
          ContainerDetailsSchema.parse(normalizeContainerDetails(c, ENGINE));
        }
        break;
      }
      case 'network-list': {
        const raw = parseCliJson(AppleNetworkListSchema, text, rel);
        const nets = raw.map(normalizeNetwork);
        expect(nets.length).toBeGreaterThan(0);
        for (const n of nets) expect(n.name).not.toBe('');
        for (const n of raw) NetworkSchema.parse(toNetwork(n, ENGINE, []));
        break;
      }
      case 'system-status':
        parseCliJson(AppleSystemStatusSchema, text, rel);
        break;
      case 'dns-list':
        expect(parseDnsList(text).length).toBeGreaterThan(0);
        break;
      case 'dns-text': {
        // The 0.5 file is a note wrapping the plain-text stdout.
        const wrapped = JSON.parse(text) as { stdout: string };
        expect(parseDnsList(wrapped.stdout).length).toBeGreaterThan(0);
        break;
      }
    }
  });
});

describe('1.2.2 container fixtures', () => {
  it('ls -a: web running on backend with two ports, db stopped with no networks', () => {
    const list = containers('container-ls-a.v1.2.2.json');
    expect(list.map((c) => c.id).sort()).toEqual(['db', 'web']);

    const web = byId(list, 'web');
    expect(web).toMatchObject({
      engineId: ENGINE,
      name: 'web',
      image: 'docker.io/library/nginx:latest',
      state: 'running',
      status: 'running since 2026-08-08T09:14:05Z',
      createdAt: '2026-08-08T09:14:03.000Z',
      startedAt: '2026-08-08T09:14:05.000Z',
      networkMode: 'backend',
      labels: {},
    });
    expect(portStrings(web)).toEqual(['127.0.0.1:8080->80/tcp', '0.0.0.0:8443->443/tcp']);
    expect(web.networks).toEqual([
      {
        network: 'backend',
        networkId: 'backend',
        ipAddress: '192.168.100.2',
        prefixLength: 24,
        ipv6Address: 'fd5e:7b21:4c3a:1f00:f43b:9eff:fe21:4c8d',
        gateway: '192.168.100.1',
        macAddress: 'f6:3b:9e:21:4c:8d',
        aliases: [],
        dnsNames: ['web.test', 'web'],
      },
    ]);

    const db = byId(list, 'db');
    expect(db).toMatchObject({ state: 'exited', status: 'stopped', startedAt: null, networks: [], networkMode: 'default' });
    expect(db.image).toBe('docker.io/library/postgres:16');
    expect(portStrings(db)).toEqual(['0.0.0.0:5432->5432/tcp']);
  });

  it('inspect web: command, env, hostname and DNS', () => {
    const [web] = details('container-inspect-web.running.v1.2.2.json');
    expect(web.command).toEqual(['/docker-entrypoint.sh', 'nginx', '-g', 'daemon off;']);
    expect(web.env).toContain('NGINX_VERSION=1.29.1');
    expect(web.hostname).toBe('web.test');
    expect(web.dns).toEqual({ servers: [], search: ['test'], options: [] });
    expect(web.restartPolicy).toBeNull();
    expect(web.exitCode).toBeNull();
    expect(web.networks[0].ipAddress).toMatch(/^192\.168\.100\.\d+$/);
  });

  it('inspect db: stopped, never started, still publishes 5432', () => {
    const [db] = details('container-inspect-db.stopped.v1.2.2.json');
    expect(db).toMatchObject({ id: 'db', state: 'exited', startedAt: null, createdAt: '2026-08-08T09:20:41.000Z' });
    expect(db.networks).toEqual([]);
    expect(db.command).toEqual(['docker-entrypoint.sh', 'postgres']);
    expect(db.env).toContain('POSTGRES_PASSWORD=example');
    expect(portStrings(db)).toEqual(['0.0.0.0:5432->5432/tcp']);
  });
});

describe('legacy container fixtures', () => {
  it('0.11: Double dates (seconds since 2001) convert to 2026, legacy attachment keys read', () => {
    const list = containers('legacy/container-ls-a.v0.11.json');
    const web = byId(list, 'web');
    expect(web.startedAt).toBe('2026-08-08T09:14:05.000Z');
    expect(new Date(web.startedAt as string).getUTCFullYear()).toBe(2026);
    expect(web.createdAt).toBeNull();
    expect(web.state).toBe('running');
    expect(web.networks[0]).toMatchObject({ ipAddress: '192.168.100.2', prefixLength: 24, gateway: '192.168.100.1' });
    expect(portStrings(web)).toEqual(['127.0.0.1:8080->80/tcp', '0.0.0.0:8443->443/tcp']);
    const db = byId(list, 'db');
    expect(db).toMatchObject({ state: 'exited', networks: [], startedAt: null });
    expect(portStrings(db)).toEqual(['0.0.0.0:5432->5432/tcp']);
  });

  it('0.5: `address`/`gateway` attachments, ports without `count`, no dates', () => {
    const [web] = containers('legacy/container-ls-a.v0.5.json');
    expect(web).toMatchObject({ id: 'web', state: 'running', status: 'running', startedAt: null, createdAt: null });
    expect(web.networks[0]).toMatchObject({
      network: 'backend',
      ipAddress: '192.168.100.2',
      prefixLength: 24,
      gateway: '192.168.100.1',
      macAddress: null,
      ipv6Address: null,
      dnsNames: ['web.test', 'web'],
    });
    expect(portStrings(web)).toEqual(['127.0.0.1:8080->80/tcp', '0.0.0.0:8443->443/tcp']);
  });

  it('real 0.2-era inspect: status string, configuration.id, string network list', () => {
    const [redis] = details('legacy/container-inspect.v0.2-era.REAL.from-ContainerKit-635753b.json');
    expect(redis).toMatchObject({
      id: 'redis',
      name: 'redis',
      image: 'docker.io/library/redis:latest',
      state: 'running',
      hostname: 'redis',
      networkMode: 'default',
      ports: [],
      command: ['docker-entrypoint.sh', 'redis-server'],
    });
    expect(redis.dns).toEqual({ servers: ['192.168.64.1'], search: [], options: [] });
    expect(redis.networks).toEqual([
      {
        network: 'default',
        networkId: 'default',
        ipAddress: '192.168.64.12',
        prefixLength: 24,
        ipv6Address: null,
        gateway: '192.168.64.1',
        macAddress: null,
        aliases: [],
        dnsNames: ['redis'],
      },
    ]);
  });
});

describe('system, DNS and network fixtures', () => {
  it('system status running: version from apiServerVersion', () => {
    const s = parseCliJson(AppleSystemStatusSchema, readFixture('system-status.v1.2.2.json'), 'status');
    expect(isSystemRunning(s)).toBe(true);
    expect(parseAppleVersion(s.apiServerVersion)).toBe('1.2.2');
  });

  it('system status not running', () => {
    const s = parseCliJson(AppleSystemStatusSchema, readFixture('system-status.not-running.v1.2.2.json'), 'status');
    expect(s.status).toBe('not running');
    expect(isSystemRunning(s)).toBe(false);
    expect(parseAppleVersion(s.apiServerVersion)).toBeNull();
  });

  it('dns ls: JSON array (0.6+) and plain text (0.5) give the same domains', () => {
    expect(parseDnsList(readFixture('system-dns-ls.v1.2.2.json'))).toEqual(['host.container.internal', 'test']);
    const legacy = JSON.parse(readFixture('legacy/system-dns-ls.v0.5.txt.json')) as { stdout: string };
    expect(parseDnsList(legacy.stdout)).toEqual(['host.container.internal', 'test']);
  });

  const expectedNetworks = [
    {
      name: 'backend',
      mode: 'nat',
      ipv4Subnet: '192.168.100.0/24',
      ipv4Gateway: '192.168.100.1',
      ipv6Subnet: 'fd5e:7b21:4c3a:1f00::/64',
      builtin: false,
    },
    {
      name: 'default',
      mode: 'nat',
      ipv4Subnet: '192.168.64.0/24',
      ipv4Gateway: '192.168.64.1',
      ipv6Subnet: 'fd0c:21a7:9e44:3b00::/64',
      builtin: true,
    },
  ];

  it.each(['network-ls.v1.2.2.json', 'legacy/network-ls.v0.11.json'])('%s normalizes to the same networks', (rel) => {
    expect(parseCliJson(AppleNetworkListSchema, readFixture(rel), rel).map(normalizeNetwork)).toEqual(expectedNetworks);
  });

  it('network inspect backend', () => {
    const [backend] = parseCliJson(AppleNetworkListSchema, readFixture('network-inspect-backend.v1.2.2.json'), 'x');
    expect(normalizeNetwork(backend)).toEqual(expectedNetworks[0]);
  });

  it('0.5 network shape (`config.subnet`, `status.address`)', () => {
    const v05 = [
      { id: 'default', state: 'running', config: { id: 'default', mode: 'nat', labels: {} }, status: { address: '192.168.64.0/24', gateway: '192.168.64.1' } },
    ];
    expect(parseCliJson(AppleNetworkListSchema, JSON.stringify(v05), 'network ls').map(normalizeNetwork)).toEqual([
      { name: 'default', mode: 'nat', ipv4Subnet: '192.168.64.0/24', ipv4Gateway: '192.168.64.1', ipv6Subnet: null, builtin: true },
    ]);
  });
});
