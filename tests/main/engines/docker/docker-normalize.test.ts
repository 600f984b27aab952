import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ContainerDetailsSchema, ContainerSchema, type PortBinding } from '../../../../src/shared/contract';
import {
  describeStatus,
  normalizeContainer,
  normalizeDetails,
  normalizeState,
  normalizeTime,
  type DockerInspect,
} from '../../../../src/main/engines/docker/docker-normalize';
import { identify } from '../../../../src/main/engines/docker/docker-engine';

const FIXTURE_DIR = fileURLToPath(new URL('../../../fixtures/engine-api/', import.meta.url));
const ENGINE = 'unix:///run/test.sock';

function fixture<T = DockerInspect>(name: string): T {
  return JSON.parse(readFileSync(path.join(FIXTURE_DIR, name), 'utf8')) as T;
}

const inspectFixtures = readdirSync(FIXTURE_DIR)
  .filter((f) => /-inspect-.*\.json$/.test(f))
  .sort();

const DOCKER_WEB_ID = '16fe5e546c5e76848091230c0085780ede01ae8fd55762d272e8f8681e5ff121';
const DOCKER_DB_ID = '7376a5671082d7f69c7403086ad2a5189ce3f9f22827ae0e540dfd509bd77439';
const PODMAN_WEB_ID = '33cdaefb0513f33bd55e4f47507017c722df5bca09b73434d748105b69db4494';
const PODMAN_DB_ID = 'd7e3bb2f0bfc67db5d700bc7e13a79096d1e238903f0c60a2c67dac6e805572e';

/** Order-insensitive comparison of port lists (the order among equal container ports is not part of the contract). */
const key = (p: PortBinding) => `${p.containerPort}/${p.protocol} ${p.hostIp}:${p.hostPort}`;
const portKeys = (ports: PortBinding[]) => ports.map(key).sort();

describe('every captured inspect payload', () => {
  it('finds the five inspect fixtures', () => {
    expect(inspectFixtures).toEqual([
      'docker-20.10-inspect-created.json',
      'docker-20.10-inspect-exited.json',
      'docker-20.10-inspect-running-user-network.json',
      'podman-4.3-inspect-created.json',
      'podman-4.3-inspect-running-user-network.json',
    ]);
  });

  it.each(inspectFixtures)('%s normalizes to a valid Container and ContainerDetails', (file) => {
    const raw = fixture(file);
    const c = normalizeContainer(ENGINE, raw);
    const d = normalizeDetails(ENGINE, raw);
    expect(ContainerSchema.strict().parse(c)).toEqual(c);
    expect(ContainerDetailsSchema.strict().parse(d)).toEqual(d);
    expect(c.engineId).toBe(ENGINE);
    expect(c.id).toBe(raw.Id);
    expect(c.name.startsWith('/')).toBe(false);
    expect(c.image).toBe('localhost/ck-test:latest');
    // Details are the summary plus more, never a different summary.
    const { command, hostname, env, restartPolicy, exitCode, dns, ...summary } = d;
    void [command, hostname, env, restartPolicy, exitCode, dns];
    expect(summary).toEqual({ ...c, status: summary.status });
  });
});

describe('Docker 20.10, running on a user network', () => {
  const raw = fixture('docker-20.10-inspect-running-user-network.json');
  const c = normalizeContainer(ENGINE, raw);

  it('reads identity, state, times and labels', () => {
    expect(c.id).toBe(DOCKER_WEB_ID);
    expect(c.name).toBe('ck-fixture-web');
    expect(c.state).toBe('running');
    expect(c.createdAt).toBe('2026-11-28T12:18:43.363Z');
    expect(c.startedAt).toBe('2026-11-28T12:18:43.946Z');
    expect(c.labels).toEqual({ app: 'fixture' });
    expect(c.networkMode).toBe('ck-fixture-net');
  });

  it('lists what the engine actually bound, IPv4 and IPv6, tcp and udp', () => {
    expect(portKeys(c.ports)).toEqual(
      portKeys([
        { hostIp: '127.0.0.1', hostPort: 18080, containerPort: 80, protocol: 'tcp' },
        { hostIp: '0.0.0.0', hostPort: 18443, containerPort: 443, protocol: 'tcp' },
        { hostIp: '::', hostPort: 18443, containerPort: 443, protocol: 'tcp' },
        { hostIp: '0.0.0.0', hostPort: 15353, containerPort: 53, protocol: 'udp' },
        { hostIp: '::', hostPort: 15353, containerPort: 53, protocol: 'udp' },
      ]),
    );
    expect(c.ports).toHaveLength(5);
    // Sorted by container port.
    expect(c.ports.map((p) => p.containerPort)).toEqual([53, 53, 80, 443, 443]);
  });

  it('describes its attachment to ck-fixture-net, resolvable by name and alias', () => {
    expect(c.networks).toEqual([
      {
        network: 'ck-fixture-net',
        networkId: 'c44953c5eb32bb840467f92a434cf2215c4115ea433069a6c59e088b407d81a9',
        ipAddress: '10.231.0.2',
        prefixLength: 24,
        ipv6Address: null,
        gateway: '10.231.0.1',
        macAddress: '02:42:0a:e7:00:02',
        aliases: ['web', '16fe5e546c5e'],
        dnsNames: expect.arrayContaining(['ck-fixture-web', 'web']),
      },
    ]);
    const dns = c.networks[0].dnsNames;
    expect(new Set(dns).size).toBe(dns.length);
  });

  it('has no exit code while running, and no DNS overrides', () => {
    const d = normalizeDetails(ENGINE, raw);
    expect(d.exitCode).toBeNull();
    expect(d.command).toEqual(['httpd', '-f', '-p', '80']);
    expect(d.hostname).toBe('16fe5e546c5e');
    expect(d.env).toEqual(['PATH=/bin']);
    expect(d.restartPolicy).toBe('no');
    expect(d.dns).toEqual({ servers: [], search: [], options: [] });
  });
});

describe('Docker 20.10, the same container stopped', () => {
  const raw = fixture('docker-20.10-inspect-exited.json');
  const c = normalizeContainer(ENGINE, raw);

  it('is exited with its exit code', () => {
    expect(c.id).toBe(DOCKER_WEB_ID);
    expect(c.state).toBe('exited');
    expect(c.startedAt).toBe('2026-11-28T12:18:43.946Z');
    expect(normalizeDetails(ENGINE, raw).exitCode).toBe(137);
  });

  it('shows the ports it asked for (HostConfig.PortBindings), since nothing is bound', () => {
    expect(portKeys(c.ports)).toEqual(
      portKeys([
        { hostIp: '127.0.0.1', hostPort: 18080, containerPort: 80, protocol: 'tcp' },
        { hostIp: '', hostPort: 18443, containerPort: 443, protocol: 'tcp' },
        { hostIp: '', hostPort: 15353, containerPort: 53, protocol: 'udp' },
      ]),
    );
    expect(c.ports).toHaveLength(3);
  });

  it('keeps the network and aliases but no addresses', () => {
    expect(c.networks).toHaveLength(1);
    const n = c.networks[0];
    expect(n.network).toBe('ck-fixture-net');
    expect(n.networkId).toBe('c44953c5eb32bb840467f92a434cf2215c4115ea433069a6c59e088b407d81a9');
    expect(n.ipAddress).toBeNull();
    expect(n.prefixLength).toBeNull();
    expect(n.gateway).toBeNull();
    expect(n.macAddress).toBeNull();
    expect(n.aliases).toEqual(['web', '16fe5e546c5e']);
    expect(n.dnsNames).toEqual(expect.arrayContaining(['ck-fixture-web', 'web']));
  });
});

describe('Docker 20.10, created and never started', () => {
  const raw = fixture('docker-20.10-inspect-created.json');
  const c = normalizeContainer(ENGINE, raw);
  const d = normalizeDetails(ENGINE, raw);

  it('is created, with no start time for the zero date', () => {
    expect(c.id).toBe(DOCKER_DB_ID);
    expect(c.name).toBe('ck-fixture-db');
    expect(c.state).toBe('created');
    expect(c.createdAt).toBe('2026-11-28T12:18:43.975Z');
    expect(c.startedAt).toBeNull();
    expect(c.labels).toEqual({});
  });

  it('shows its configured port with an empty host IP', () => {
    expect(c.ports).toEqual([{ hostIp: '', hostPort: 15432, containerPort: 5432, protocol: 'tcp' }]);
  });

  it('is on the default bridge, where names do not resolve', () => {
    expect(c.networks).toHaveLength(1);
    expect(c.networks[0]).toMatchObject({ network: 'bridge', networkId: null, ipAddress: null, aliases: [], dnsNames: [] });
  });

  it('carries the --dns and --dns-search it was created with', () => {
    expect(d.dns).toEqual({ servers: ['10.231.0.53'], search: ['corp.test'], options: [] });
    expect(d.command).toEqual(['sleep', '100']);
    expect(d.hostname).toBe('7376a5671082');
  });
});

describe('Podman 4.3, running on a user network', () => {
  const raw = fixture('podman-4.3-inspect-running-user-network.json');
  const c = normalizeContainer(ENGINE, raw);

  it('reads identity and state', () => {
    expect(c.id).toBe(PODMAN_WEB_ID);
    expect(c.name).toBe('ck-fixture-web');
    expect(c.state).toBe('running');
    expect(c.createdAt).toBe('2026-11-28T12:18:46.358Z');
    expect(c.startedAt).toBe('2026-11-28T12:18:46.611Z');
    expect(c.labels).toEqual({ app: 'fixture' });
  });

  it('lists its published ports', () => {
    expect(portKeys(c.ports)).toEqual(
      portKeys([
        { hostIp: '127.0.0.1', hostPort: 18080, containerPort: 80, protocol: 'tcp' },
        { hostIp: '', hostPort: 18443, containerPort: 443, protocol: 'tcp' },
      ]),
    );
    expect(c.ports).toHaveLength(2);
  });

  it('describes its attachment to ck-fixture-net', () => {
    expect(c.networks).toHaveLength(1);
    expect(c.networks[0]).toMatchObject({
      network: 'ck-fixture-net',
      networkId: 'ck-fixture-net',
      ipAddress: '10.232.0.2',
      prefixLength: 24,
      ipv6Address: null,
      gateway: '10.232.0.1',
      macAddress: '5e:48:b7:b9:a3:94',
      aliases: ['web', '33cdaefb0513'],
    });
    expect(c.networks[0].dnsNames).toEqual(expect.arrayContaining(['ck-fixture-web', 'web']));
  });

  it('has no restart policy when Podman reports an empty one, and an entrypoint-less command', () => {
    const d = normalizeDetails(ENGINE, raw);
    expect(d.restartPolicy).toBeNull();
    expect(d.command).toEqual(['httpd', '-f', '-p', '80']);
    expect(d.exitCode).toBeNull();
  });

  it('does not append an empty health status', () => {
    expect(describeStatus(raw, Date.parse('2026-11-28T12:21:46.611Z'))).toBe('Up 3 minutes');
  });
});

describe('Podman 4.3, created', () => {
  const raw = fixture('podman-4.3-inspect-created.json');
  const c = normalizeContainer(ENGINE, raw);

  it('is created, on the default podman network without DNS names', () => {
    expect(c.id).toBe(PODMAN_DB_ID);
    expect(c.name).toBe('ck-fixture-db');
    expect(c.state).toBe('created');
    expect(c.startedAt).toBeNull();
    expect(c.ports).toEqual([{ hostIp: '', hostPort: 15432, containerPort: 5432, protocol: 'tcp' }]);
    expect(c.networks).toHaveLength(1);
    expect(c.networks[0]).toMatchObject({ network: 'podman', ipAddress: null, aliases: ['d7e3bb2f0bfc'], dnsNames: [] });
  });
});

describe('describeStatus', () => {
  const running = fixture('docker-20.10-inspect-running-user-network.json');
  const exited = fixture('docker-20.10-inspect-exited.json');
  const created = fixture('docker-20.10-inspect-created.json');
  const started = Date.parse('2026-11-28T12:18:43.946Z');
  const finished = Date.parse('2026-11-28T12:18:45.383Z');

  it.each([
    [500, 'Up Less than a second'],
    [30_000, 'Up 30 seconds'],
    [60_000, 'Up About a minute'],
    [3 * 60_000, 'Up 3 minutes'],
    [60 * 60_000, 'Up About an hour'],
    [5 * 3600_000, 'Up 5 hours'],
    [3 * 86400_000, 'Up 3 days'],
  ])('running for %i ms reads "%s"', (elapsed, text) => {
    expect(describeStatus(running, started + elapsed)).toBe(text);
    expect(normalizeContainer(ENGINE, running, started + elapsed).status).toBe(text);
  });

  it('adds a real health status', () => {
    const healthy: DockerInspect = { ...running, State: { ...running.State, Health: { Status: 'healthy' } } };
    expect(describeStatus(healthy, started + 3 * 60_000)).toBe('Up 3 minutes (healthy)');
  });

  it('says how long ago an exited container stopped, with its code', () => {
    expect(describeStatus(exited, finished + 2 * 3600_000)).toBe('Exited (137) 2 hours ago');
    expect(describeStatus(exited, finished + 10_000)).toBe('Exited (137) 10 seconds ago');
  });

  it('says Created for a container never started', () => {
    expect(describeStatus(created, Date.parse('2030-01-01T00:00:00Z'))).toBe('Created');
  });
});

describe('normalizeState', () => {
  it.each([
    ['running', 'running'],
    ['Running', 'running'],
    ['exited', 'exited'],
    ['created', 'created'],
    ['paused', 'paused'],
    ['restarting', 'restarting'],
    ['removing', 'removing'],
    ['dead', 'dead'],
    // Podman's own words
    ['stopped', 'exited'],
    ['configured', 'created'],
    ['initialized', 'created'],
    ['something-new', 'unknown'],
    ['', 'unknown'],
    [undefined, 'unknown'],
  ] as const)('%s → %s', (input, expected) => {
    expect(normalizeState(input)).toBe(expected);
  });
});

describe('normalizeTime', () => {
  it('turns the Docker zero date and garbage into null, and nanoseconds into ISO', () => {
    expect(normalizeTime('0001-01-01T00:00:00Z')).toBeNull();
    expect(normalizeTime('')).toBeNull();
    expect(normalizeTime(null)).toBeNull();
    expect(normalizeTime('not a date')).toBeNull();
    expect(normalizeTime('2026-11-28T12:18:43.363871695Z')).toBe('2026-11-28T12:18:43.363Z');
    expect(normalizeTime('2026-11-28T13:18:43+01:00')).toBe('2026-11-28T12:18:43.000Z');
  });
});

describe('hand-made edge cases', () => {
  it('falls back to the short id when there is no name, and keeps exposed-only ports unpublished', () => {
    const c = normalizeContainer(ENGINE, {
      Id: 'abcdef0123456789abcdef',
      Config: { Image: 'x', ExposedPorts: { '8080/tcp': {} } },
      State: { Status: 'created' },
    });
    expect(c.name).toBe('abcdef012345');
    expect(c.ports).toEqual([{ hostIp: '', hostPort: null, containerPort: 8080, protocol: 'tcp' }]);
    expect(c.networks).toEqual([]);
    expect(c.networkMode).toBeNull();
    expect(ContainerSchema.safeParse(c).success).toBe(true);
  });

  it('ignores port keys it cannot read instead of producing an invalid port', () => {
    const c = normalizeContainer(ENGINE, {
      Id: 'abc',
      Config: { ExposedPorts: { '80/tcp': {}, nonsense: {} } },
      NetworkSettings: { Ports: { '99999/tcp': [{ HostPort: '1' }], garbage: null, '53/udp': [{ HostIp: '::', HostPort: '5353' }] } },
    });
    expect(c.ports).toEqual([
      { hostIp: '::', hostPort: 5353, containerPort: 53, protocol: 'udp' },
      { hostIp: '', hostPort: null, containerPort: 80, protocol: 'tcp' },
    ]);
  });
});

describe('identify', () => {
  it('recognizes Docker 20.10 from its /version', () => {
    expect(identify(fixture('docker-20.10-version.json'))).toEqual({
      kind: 'docker',
      product: 'Docker',
      version: '20.10.24+dfsg1',
      apiVersion: '1.41',
    });
  });

  it('recognizes Podman 4.3 from its /version components', () => {
    expect(identify(fixture('podman-4.3-version.json'))).toEqual({
      kind: 'podman',
      product: 'Podman',
      version: '4.3.1',
      apiVersion: '1.41',
    });
  });

  it('says unknown when nothing is reported', () => {
    expect(identify({})).toEqual({ kind: 'docker', product: 'Docker', version: 'unknown', apiVersion: null });
  });
});
