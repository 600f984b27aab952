import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  netstatDestination,
  parseNetstatRoutes,
  parseProcNetIpv6Route,
  parseProcNetRoute,
  readHostRoutes,
} from '../../../../src/main/services/host-network/host-routes';
import { parseCidr } from '../../../../src/shared/cidr';
import { validateNetworkSpec } from '../../../../src/shared/network-rules';

const FIXTURES = resolve(import.meta.dirname, '../../../fixtures/host-network');
const fixture = (name: string) => readFile(join(FIXTURES, name), 'utf8');

describe('parseProcNetRoute (captured on this Debian 12 host, little-endian)', () => {
  it('decodes reversed hex words into CIDRs, with the gateway of the default route', async () => {
    expect(parseProcNetRoute(await fixture('linux-proc-net-route-with-bridges.txt'), 'LE')).toEqual([
      { destination: '0.0.0.0/0', iface: 'eth0', gateway: '192.0.2.1' },
      { destination: '172.17.0.0/16', iface: 'docker0', gateway: null },
      { destination: '172.18.0.0/16', iface: 'br-15e7dcb8283f', gateway: null },
      { destination: '192.0.2.0/24', iface: 'eth0', gateway: null },
    ]);
    expect(parseProcNetRoute(await fixture('linux-proc-net-route-podman-bridge.txt'), 'LE')).toContainEqual({
      destination: '10.89.0.0/24',
      iface: 'podman1',
      gateway: null,
    });
  });

  it('reads big-endian words in order, and skips down, reject and non-contiguous routes', () => {
    const text = [
      'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT',
      'eth0\tC0000200\t00000000\t0001\t0\t0\t0\tFFFFFF00\t0\t0\t0',
      'eth1\t0A000000\t00000000\t0000\t0\t0\t0\tFF000000\t0\t0\t0', // not RTF_UP
      'eth2\t0B000000\t00000000\t0201\t0\t0\t0\tFF000000\t0\t0\t0', // RTF_REJECT
      'eth3\t0C000000\t00000000\t0001\t0\t0\t0\tFF00FF00\t0\t0\t0', // not a prefix
    ].join('\n');
    expect(parseProcNetRoute(text, 'BE')).toEqual([{ destination: '192.0.2.0/24', iface: 'eth0', gateway: null }]);
  });
});

describe('parseProcNetIpv6Route (captured, Podman network up)', () => {
  it('keeps main-table routes; drops local, multicast and unreachable entries', async () => {
    expect(parseProcNetIpv6Route(await fixture('linux-proc-net-ipv6_route.txt'))).toEqual([
      { destination: 'fd00::/64', iface: 'eth0', gateway: null },
      { destination: 'fe80::/64', iface: 'eth0', gateway: null },
      { destination: 'fe80::/64', iface: 'docker0', gateway: null },
      { destination: 'fe80::/64', iface: 'podman1', gateway: null },
      { destination: 'fe80::/64', iface: 'veth0', gateway: null },
      { destination: 'fe80::/64', iface: 'veth1', gateway: null },
      { destination: '::/0', iface: 'eth0', gateway: 'fd00::1' },
    ]);
  });
});

describe('netstatDestination: BSD classful abbreviations', () => {
  it.each([
    ['default', 4, 'UGSc', '0.0.0.0/0'],
    ['default', 6, 'UGcIg', '::/0'],
    ['127', 4, 'UCS', '127.0.0.0/8'],
    ['169.254', 4, 'UCS', '169.254.0.0/16'],
    ['192.168.13', 4, 'UCS', '192.168.13.0/24'],
    ['192.168.52/23', 4, 'UCS', '192.168.52.0/23'],
    ['10.1/16', 4, 'UCS', '10.1.0.0/16'],
    ['0/1', 4, 'UScg', '0.0.0.0/1'],
    ['128.0/1', 4, 'USc', '128.0.0.0/1'],
    ['127.0.0.1', 4, 'UH', '127.0.0.1/32'],
    ['fe80::%lo0/64', 6, 'UcI', 'fe80::/64'],
    ['fe80::1%lo0', 6, 'UHLI', 'fe80::1/128'],
  ] as const)('%s (IPv%s, %s) → %s', (text, family, flags, cidr) => {
    expect(netstatDestination(text, family, flags)).toBe(cidr);
  });

  it('gives null for text it cannot read', () => {
    expect(netstatDestination('1.2.3.4.5', 4, 'U')).toBeNull();
    expect(netstatDestination('link#4', 4, 'U')).toBeNull();
  });
});

describe('parseNetstatRoutes (documented macOS outputs)', () => {
  it('macOS 10.15 `netstat -rn -f inet` (no Refs/Use columns); neighbour, multicast rows left out', async () => {
    expect(parseNetstatRoutes(await fixture('macos-netstat-rn-f-inet-catalina.txt'))).toEqual([
      { destination: '0.0.0.0/0', iface: 'en0', gateway: '192.168.52.1' },
      { destination: '127.0.0.0/8', iface: 'lo0', gateway: '127.0.0.1' },
      { destination: '127.0.0.1/32', iface: 'lo0', gateway: '127.0.0.1' },
      { destination: '169.254.0.0/16', iface: 'en0', gateway: null },
      { destination: '192.168.52.0/23', iface: 'en0', gateway: null },
      { destination: '192.168.52.1/32', iface: 'en0', gateway: null },
      { destination: '192.168.53.90/32', iface: 'en0', gateway: null },
      { destination: '255.255.255.255/32', iface: 'en0', gateway: null },
    ]);
  });

  it('macOS ≤ 10.14 layout with Refs/Use, plus an Internet6 section with zones', async () => {
    const routes = parseNetstatRoutes(await fixture('macos-netstat-rn-mojave.txt'));
    expect(routes.filter((r) => !r.destination.includes(':'))).toEqual([
      { destination: '0.0.0.0/0', iface: 'en0', gateway: '192.168.13.1' },
      { destination: '127.0.0.0/8', iface: 'lo0', gateway: '127.0.0.1' },
      { destination: '127.0.0.1/32', iface: 'lo0', gateway: '127.0.0.1' },
      { destination: '169.254.0.0/16', iface: 'en0', gateway: null },
      { destination: '192.168.13.0/24', iface: 'en0', gateway: null },
      { destination: '192.168.13.1/32', iface: 'en0', gateway: null },
      { destination: '192.168.13.111/32', iface: 'en0', gateway: null },
      { destination: '192.168.64.0/24', iface: 'bridge100', gateway: null },
    ]);
    expect(routes.filter((r) => r.destination.includes(':'))).toEqual([
      { destination: '::/0', iface: 'utun0', gateway: 'fe80::%utun0' },
      { destination: '::1/128', iface: 'lo0', gateway: '::1' },
      { destination: 'fd6f:74a0:9a49::/64', iface: 'utun5', gateway: 'fe80::2e0:4cff:fe3c:b817%utun5' },
      { destination: 'fd6f:74a0:9a49::1/128', iface: 'lo0', gateway: null },
      { destination: 'fe80::/64', iface: 'lo0', gateway: 'fe80::1%lo0' },
      { destination: 'fe80::1/128', iface: 'lo0', gateway: null },
      { destination: 'fe80::/64', iface: 'en0', gateway: null },
    ]);
  });

  it('a full-tunnel VPN’s 0/1 + 128.0/1 pair', async () => {
    expect(parseNetstatRoutes(await fixture('macos-netstat-rn-f-inet-vpn.txt'))).toEqual([
      { destination: '0.0.0.0/1', iface: 'utun3', gateway: null },
      { destination: '0.0.0.0/0', iface: 'en0', gateway: '192.168.1.1' },
      { destination: '127.0.0.0/8', iface: 'lo0', gateway: '127.0.0.1' },
      { destination: '127.0.0.1/32', iface: 'lo0', gateway: '127.0.0.1' },
      { destination: '128.0.0.0/1', iface: 'utun3', gateway: null },
      { destination: '192.168.1.0/24', iface: 'en0', gateway: null },
    ]);
  });

  it('ignores text outside a section with a header', () => {
    expect(parseNetstatRoutes('Routing tables\n\ndefault 10.0.0.1 UGSc en0\n')).toEqual([]);
  });
});

describe('readHostRoutes', () => {
  let dir: string | null = null;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = null;
  });

  it('linux: reads route and ipv6_route under procRoot', async () => {
    dir = await mkdtemp(join(tmpdir(), 'ck-proc-'));
    await mkdir(join(dir, 'net'));
    await copyFile(join(FIXTURES, 'linux-proc-net-route-podman-bridge.txt'), join(dir, 'net', 'route'));
    await copyFile(join(FIXTURES, 'linux-proc-net-ipv6_route.txt'), join(dir, 'net', 'ipv6_route'));
    const routes = await readHostRoutes({ platform: 'linux', procRoot: dir });
    expect(routes.map((r) => `${r.destination} ${r.iface}`)).toEqual([
      '0.0.0.0/0 eth0',
      '10.89.0.0/24 podman1',
      '172.17.0.0/16 docker0',
      '192.0.2.0/24 eth0',
      'fd00::/64 eth0',
      'fe80::/64 eth0',
      'fe80::/64 docker0',
      'fe80::/64 podman1',
      'fe80::/64 veth0',
      'fe80::/64 veth1',
      '::/0 eth0',
    ]);
  });

  it('linux: a kernel without IPv6 (no ipv6_route) is not an error', async () => {
    dir = await mkdtemp(join(tmpdir(), 'ck-proc-'));
    await mkdir(join(dir, 'net'));
    await copyFile(join(FIXTURES, 'linux-proc-net-route-with-bridges.txt'), join(dir, 'net', 'route'));
    expect(await readHostRoutes({ platform: 'linux', procRoot: dir })).toHaveLength(4);
  });

  it('darwin: runs `netstat -rn` (argument array) and de-duplicates', async () => {
    const calls: string[][] = [];
    const text = await fixture('macos-netstat-rn-f-inet-vpn.txt');
    const routes = await readHostRoutes({ platform: 'darwin', runNetstat: async (args) => (calls.push(args), text + text.split('\n').slice(4).join('\n')) });
    expect(calls).toEqual([['-rn']]);
    expect(routes).toHaveLength(6);
  });

  it('other platforms: no routes, so the route check is skipped', async () => {
    expect(await readHostRoutes({ platform: 'win32' })).toEqual([]);
  });

  it.runIf(process.platform === 'linux')('linux: the real /proc of this machine parses', async () => {
    const routes = await readHostRoutes();
    for (const r of routes) expect(() => parseCidr(r.destination)).not.toThrow();
  });

  it('feeds validateNetworkSpec: a subnet on the host LAN is refused, naming route and interface', async () => {
    const routes = parseProcNetRoute(await fixture('linux-proc-net-route-with-bridges.txt'), 'LE').filter((r) => !/^(docker\d+|br-)/.test(r.iface));
    expect(validateNetworkSpec({ name: 'x', subnet: '192.0.2.0/25' }, { networks: [], routes })).toEqual([
      { field: 'subnet', message: '192.0.2.0/25 overlaps the host route 192.0.2.0/24 on eth0 — containers could not reach that network' },
    ]);
  });
});
