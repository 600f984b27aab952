import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  interfacesFromProc,
  parseFibTrieLocal,
  parseIfInet6,
  parseIpAddr,
  parseIpRoute,
  parseNetstat,
  parseProcListeners,
  parseProcNetDev,
  parseProcRoute,
  toolMissing,
} from '../../../../src/main/services/diagnostics/facts-parsers';

const fx = (name: string) => readFileSync(resolve(import.meta.dirname, '../../../fixtures/diagnostics', name), 'utf8');

describe('ip addr', () => {
  it('reads BusyBox multi-line output from Docker (name without @if, MAC, UP)', () => {
    expect(parseIpAddr(fx('docker-ip-addr.txt'))).toEqual([
      { name: 'lo', addresses: ['127.0.0.1/8'], mac: '00:00:00:00:00:00', up: true },
      { name: 'eth0', addresses: ['172.17.0.2/16'], mac: '02:42:ac:11:00:02', up: true },
    ]);
  });
  it('reads IPv6 addresses from Podman', () => {
    const eth0 = parseIpAddr(fx('podman-ip-addr.txt')).find((i) => i.name === 'eth0');
    expect(eth0).toEqual({ name: 'eth0', addresses: ['10.89.0.2/24', 'fe80::7ce2:30ff:febc:a441/64'], mac: '7e:e2:30:bc:a4:41', up: true });
  });
  it('reads the one-line -o form (addresses only, no MAC)', () => {
    expect(parseIpAddr(fx('podman-ip-o-addr.txt'))).toEqual([
      { name: 'lo', addresses: ['127.0.0.1/8', '::1/128'], mac: null, up: true },
      { name: 'eth0', addresses: ['10.89.0.2/24', 'fe80::7ce2:30ff:febc:a441/64'], mac: null, up: true },
    ]);
    expect(parseIpAddr(fx('docker-usernet-ip-o-addr.txt')).map((i) => i.addresses)).toEqual([['127.0.0.1/8'], ['172.18.0.2/16']]);
  });
  it('reads iproute2 output with "state UNKNOWN" on loopback', () => {
    expect(parseIpAddr(fx('host-iproute2-ip-addr-lo.txt'))).toEqual([
      { name: 'lo', addresses: ['127.0.0.1/8', '::1/128'], mac: '00:00:00:00:00:00', up: true },
    ]);
  });
  it('a DOWN interface is not up', () => {
    expect(parseIpAddr('3: eth1: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN\n    link/ether 02:42:ac:11:00:09 brd ff:ff:ff:ff:ff:ff\n')[0].up).toBe(
      false,
    );
  });
});

describe('routes', () => {
  it('ip route (BusyBox, Docker and Podman)', () => {
    expect(parseIpRoute(fx('docker-ip-route.txt'))).toEqual([
      { destination: '0.0.0.0/0', gateway: '172.17.0.1', iface: 'eth0' },
      { destination: '172.17.0.0/16', gateway: null, iface: 'eth0' },
    ]);
    expect(parseIpRoute(fx('podman-ip-route.txt'))[0]).toEqual({ destination: '0.0.0.0/0', gateway: '10.89.0.1', iface: 'eth0' });
  });
  it('ip route (iproute2 with proto/linkdown)', () => {
    expect(parseIpRoute(fx('host-iproute2-ip-route.txt'))).toContainEqual({ destination: '172.17.0.0/16', gateway: null, iface: 'docker0' });
  });
  it('/proc/net/route decodes little-endian hex and masks to prefixes', () => {
    expect(parseProcRoute(fx('docker-proc-net-route.txt'))).toEqual([
      { destination: '0.0.0.0/0', gateway: '172.17.0.1', iface: 'eth0' },
      { destination: '172.17.0.0/16', gateway: null, iface: 'eth0' },
    ]);
    expect(parseProcRoute(fx('podman-proc-net-route.txt'))).toEqual([
      { destination: '0.0.0.0/0', gateway: '10.89.0.1', iface: 'eth0' },
      { destination: '10.89.0.0/24', gateway: null, iface: 'eth0' },
    ]);
  });
});

describe('listeners', () => {
  it('BusyBox netstat: IPv6 wildcard shown as :::80 under "tcp"', () => {
    expect(parseNetstat(fx('docker-netstat-tuln.txt'))).toEqual([{ protocol: 'tcp', address: '::', port: 80 }]);
    expect(parseNetstat(fx('podman-netstat-tuln.txt'))).toEqual([{ protocol: 'tcp', address: '::', port: 80 }]);
  });
  it('BusyBox netstat: loopback-only httpd and Docker embedded DNS (tcp and udp)', () => {
    expect(parseNetstat(fx('docker-usernet-loopback-netstat-tuln.txt'))).toEqual([
      { protocol: 'tcp', address: '127.0.0.1', port: 80 },
      { protocol: 'tcp', address: '127.0.0.11', port: 41785 },
      { protocol: 'udp', address: '127.0.0.11', port: 57971 },
    ]);
  });
  it('net-tools netstat (tcp6/udp6 columns)', () => {
    expect(parseNetstat(fx('host-nettools-netstat-tuln.txt'))).toContainEqual({ protocol: 'tcp', address: '0.0.0.0', port: 2024 });
    const text =
      'Proto Recv-Q Send-Q Local Address Foreign Address State\ntcp6       0      0 :::8080                 :::*                    LISTEN\nudp        0      0 0.0.0.0:68              0.0.0.0:*\ntcp        0      0 10.0.0.2:5432           10.0.0.3:4000           ESTABLISHED\n';
    expect(parseNetstat(text)).toEqual([
      { protocol: 'tcp', address: '::', port: 8080 },
      { protocol: 'udp', address: '0.0.0.0', port: 68 },
    ]);
  });
  it('/proc/net/tcp, tcp6 and udp agree with netstat', () => {
    expect(parseProcListeners({ tcp: fx('docker-proc-net-tcp.txt'), tcp6: fx('docker-proc-net-tcp6.txt'), udp: fx('docker-proc-net-udp.txt') })).toEqual([
      { protocol: 'tcp', address: '::', port: 80 },
    ]);
    expect(parseProcListeners({ tcp: fx('docker-usernet-loopback-proc-net-tcp.txt'), udp: fx('docker-usernet-loopback-proc-net-udp.txt') })).toEqual(
      parseNetstat(fx('docker-usernet-loopback-netstat-tuln.txt')),
    );
  });
});

describe('/proc and /sys interfaces', () => {
  it('if_inet6, fib_trie and /proc/net/dev', () => {
    expect(parseIfInet6(fx('podman-proc-net-if_inet6.txt'))).toEqual([
      { iface: 'lo', cidr: '::1/128' },
      { iface: 'eth0', cidr: 'fe80::7ce2:30ff:febc:a441/64' },
    ]);
    expect(parseFibTrieLocal(fx('podman-proc-net-fib_trie.txt')).sort()).toEqual(['10.89.0.2', '127.0.0.1']);
    expect(parseProcNetDev(fx('podman-proc-net-dev.txt'))).toEqual(['lo', 'eth0']);
  });
  it('assembles the same interfaces that ip addr shows', () => {
    const [mac, operstate] = fx('podman-sys-class-net-eth0.txt').split('\n');
    const ifaces = interfacesFromProc({
      names: parseProcNetDev(fx('podman-proc-net-dev.txt')),
      routes: parseProcRoute(fx('podman-proc-net-route.txt')),
      localV4: parseFibTrieLocal(fx('podman-proc-net-fib_trie.txt')),
      inet6: parseIfInet6(fx('podman-proc-net-if_inet6.txt')),
      sys: { eth0: { address: mac, operstate }, lo: { address: '00:00:00:00:00:00', operstate: 'unknown' } },
    });
    expect(ifaces).toEqual(parseIpAddr(fx('podman-ip-addr.txt')));
  });
});

describe('toolMissing', () => {
  it.each([
    [{ exitCode: 127, stdout: '', stderr: 'sh: ip: not found' }, true],
    [
      {
        exitCode: 126,
        stdout: 'OCI runtime exec failed: exec failed: unable to start container process: exec: "ip": executable file not found in $PATH',
        stderr: '',
      },
      true,
    ],
    [{ exitCode: 0, stdout: 'ok', stderr: '' }, false],
    [{ exitCode: 1, stdout: '', stderr: "nc: can't connect to remote host (127.0.0.1): Connection refused" }, false],
  ])('%j → %s', (r, expected) => expect(toolMissing(r)).toBe(expected));
});
