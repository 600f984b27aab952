/**
 * A scripted engine for the diagnostics and troubleshoot services: containers and networks in
 * memory, and `exec` answering the tools the checks run (ip, netstat, cat, nslookup, nc, ping)
 * the way the BusyBox image does (formats from tests/fixtures/diagnostics). Every exec is logged
 * so a test can prove what was (and was not) contacted.
 */
import { vi } from 'vitest';
import type { Container, EngineKind, Network, NetworkAttachment, PortBinding } from '../../../../src/shared/contract';
import type { EngineIdentity, ExecResult } from '../../../../src/main/engines/container-engine';
import { EngineRegistry } from '../../../../src/main/engines/engine-registry';
import { NullEngine } from '../../support/null-engine';

export const ENGINE_ID = 'unix:///fake/engine.sock';

const ok = (stdout: string): ExecResult => ({ exitCode: 0, stdout, stderr: '', timedOut: false });
const failed = (stderr: string, exitCode = 1): ExecResult => ({ exitCode, stdout: '', stderr, timedOut: false });

export function attachment(network: string, ipAddress: string, dns: string[] = []): NetworkAttachment {
  return {
    network,
    networkId: null,
    ipAddress,
    prefixLength: 24,
    ipv6Address: null,
    gateway: ipAddress.replace(/\.\d+$/, '.1'),
    macAddress: null,
    aliases: [],
    dnsNames: dns,
  };
}

export function network(name: string, over: Partial<Network> = {}): Network {
  return {
    engineId: ENGINE_ID,
    id: `net-${name}`,
    name,
    driver: 'bridge',
    scope: 'local',
    subnets: [],
    internal: false,
    ipv6: false,
    isDefault: name === 'bridge' || name === 'podman',
    dnsEnabled: name !== 'bridge' && name !== 'podman',
    dnsServers: [],
    createdAt: null,
    labels: {},
    options: {},
    containers: [],
    ...over,
  };
}

export interface FakeContainer {
  container: Container;
  /** `tcp 0.0.0.0:80` style listeners inside. */
  listeners: Array<{ protocol: 'tcp' | 'udp'; address: string; port: number }>;
  resolvConf: string;
  defaultRoute: boolean;
}

export function fakeContainer(name: string, over: Partial<Container> = {}, inside: Partial<Omit<FakeContainer, 'container'>> = {}): FakeContainer {
  return {
    container: {
      engineId: ENGINE_ID,
      id: `${name}-0123456789abcdef`,
      name,
      image: 'localhost/ck-test:latest',
      state: 'running',
      status: 'Up 1 minute',
      createdAt: null,
      startedAt: null,
      ports: [],
      networks: [attachment('bridge', '172.17.0.2')],
      networkMode: 'bridge',
      labels: {},
      ...over,
    },
    listeners: [],
    resolvConf: 'nameserver 127.0.0.11\noptions ndots:0\n',
    defaultRoute: true,
    ...inside,
  };
}

export const published = (hostPort: number, containerPort = 80, hostIp = '127.0.0.1'): PortBinding => ({ hostIp, hostPort, containerPort, protocol: 'tcp' });

export class FakeNetworkEngine extends NullEngine {
  readonly id = ENGINE_ID;
  readonly endpoint = ENGINE_ID;
  readonly calls: Array<{ id: string; argv: string[] }> = [];
  readonly boxes = new Map<string, FakeContainer>();
  networks: Network[] = [network('bridge')];
  /** Names nslookup resolves (to an address); anything else is NXDOMAIN. */
  readonly names = new Map<string, string>();
  /** `host port` pairs nc connects to. */
  readonly open = new Set<string>();
  /** Per `name argv…` overrides of what exec answers. */
  readonly script = new Map<string, ExecResult | (() => Promise<ExecResult>)>();

  constructor(
    readonly kind: EngineKind = 'docker',
    boxes: FakeContainer[] = [],
  ) {
    super();
    for (const b of boxes) this.add(b);
  }

  add(b: FakeContainer): FakeContainer {
    this.boxes.set(b.container.id, b);
    // Containers on user networks resolve each other by name, like the engine's DNS.
    for (const n of b.container.networks) if (n.dnsNames.length && n.ipAddress) this.names.set(b.container.name, n.ipAddress);
    return b;
  }

  private find(ref: string): FakeContainer | undefined {
    return this.boxes.get(ref) ?? [...this.boxes.values()].find((b) => b.container.name === ref || b.container.id.startsWith(ref));
  }

  async probe(): Promise<EngineIdentity> {
    return this.kind === 'podman'
      ? { kind: 'podman', product: 'Podman', version: '4.3.1', apiVersion: '1.41' }
      : { kind: this.kind, product: 'Docker', version: '20.10.24', apiVersion: '1.41' };
  }
  async listContainers(): Promise<Container[]> {
    return [...this.boxes.values()].map((b) => b.container);
  }
  async getContainer(id: string): Promise<Container | null> {
    return this.find(id)?.container ?? null;
  }
  async listNetworks(): Promise<Network[]> {
    return this.networks;
  }

  // Optional parameters: NullEngine declares exec without any.
  async exec(id = '', argv: string[] = []): Promise<ExecResult> {
    const box = this.find(id)!;
    this.calls.push({ id: box.container.name, argv });
    const scripted = this.script.get(`${box.container.name} ${argv.join(' ')}`);
    if (scripted) return typeof scripted === 'function' ? scripted() : scripted;
    const c = box.container;
    const cmd = argv.join(' ');
    if (cmd === 'ip addr') {
      const eth = c.networks
        .filter((n) => n.ipAddress)
        .map(
          (n, i) =>
            `${i + 2}: eth${i}@if9${i}: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue\n    link/ether 02:42:ac:11:00:0${i + 2} brd ff:ff:ff:ff:ff:ff\n    inet ${n.ipAddress}/24 brd 0.0.0.0 scope global eth${i}\n       valid_lft forever preferred_lft forever`,
        );
      return ok(
        `1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever\n${eth.join('\n')}\n`,
      );
    }
    if (cmd === 'ip route') {
      const first = c.networks.find((n) => n.ipAddress);
      const routes = first
        ? [
            ...(box.defaultRoute ? [`default via ${first.gateway} dev eth0 `] : []),
            `${first.ipAddress!.replace(/\.\d+$/, '.0')}/24 dev eth0 scope link  src ${first.ipAddress}`,
          ]
        : [];
      return ok(`${routes.join('\n')}\n`);
    }
    if (cmd === 'netstat -tuln' || cmd === 'netstat -tln') {
      const rows = box.listeners.map(
        (l) =>
          `${l.protocol}        0      0 ${l.address}:${l.port}`.padEnd(48) +
          `${l.address.includes(':') ? ':::*' : '0.0.0.0:*'}`.padEnd(24) +
          (l.protocol === 'tcp' ? 'LISTEN' : ''),
      );
      return ok(
        `Active Internet connections (only servers)\nProto Recv-Q Send-Q Local Address           Foreign Address         State       \n${rows.join('\n')}\n`,
      );
    }
    if (cmd === 'cat /etc/resolv.conf') return ok(box.resolvConf);
    if (argv[0] === 'nslookup') {
      const address = this.names.get(argv[1]);
      const server = 'Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\n';
      return address
        ? ok(`${server}Non-authoritative answer:\nName:\t${argv[1]}\nAddress: ${address}\n`)
        : { exitCode: 1, stdout: `${server}** server can't find ${argv[1]}: NXDOMAIN\n`, stderr: '', timedOut: false };
    }
    if (argv[0] === 'ping') return failed('ping: permission denied (are you root?)');
    if (argv[0] === 'nc') {
      const [host, port] = argv.slice(-2);
      const ip = this.names.get(host) ?? host;
      return this.open.has(`${ip} ${port}`) ? ok('') : failed(`nc: can't connect to remote host (${ip}): Connection refused`);
    }
    return failed(`exec: "${argv[0]}": executable file not found in $PATH`, 127);
  }
}

/** A real registry and supervisor around the fake, available before the test starts. */
export async function fakeRegistry(engine: FakeNetworkEngine): Promise<EngineRegistry> {
  const registry = new EngineRegistry(
    {
      createApiEngine: () => engine,
      discovery: () => ({ env: {}, platform: 'linux', home: '/nonexistent-home', extraSockets: [ENGINE_ID], exists: () => false }),
      timing: { heartbeatMs: 60_000, pingTimeoutMs: 500, probeTimeoutMs: 500, backoffInitialMs: 10_000, backoffMaxMs: 10_000 },
    },
    { enginesChanged: () => undefined, containersChanged: () => undefined },
  );
  await registry.rescan();
  await vi.waitFor(() => {
    if (!registry.get(ENGINE_ID).available) throw new Error('engine not available yet');
  });
  return registry;
}
