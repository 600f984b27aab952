import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  parseResolvectlStatus,
  parseScutilDns,
  readHostResolver,
  resolvedToConfig,
  scutilToConfig,
  type ToolRunner,
} from '../../../../src/main/services/host-network/host-resolver';

const FIXTURES = resolve(import.meta.dirname, '../../../fixtures/host-network');
const path = (name: string) => join(FIXTURES, name);
const fixture = (name: string) => readFile(path(name), 'utf8');

/** A fake tool runner: answers for one tool, "command not found" for every other. */
function runner(tool: string, stdout: string, exitCode = 0): ToolRunner & { calls: Array<[string, string[]]> } {
  const calls: Array<[string, string[]]> = [];
  const run = async (file: string, args: string[]) => {
    calls.push([file, args]);
    if (file !== tool) throw Object.assign(new Error(`spawn ${file} ENOENT`), { code: 'ENOENT' });
    return { stdout, exitCode };
  };
  return Object.assign(run, { calls });
}

describe('parseResolvectlStatus', () => {
  it('per-link servers, current server, domains and DefaultRoute (systemd ≥ 247 layout)', async () => {
    const s = parseResolvectlStatus(await fixture('resolvectl-status.txt'));
    expect(s.resolvConfMode).toBe('stub');
    expect(s.global).toEqual({ servers: [], currentServer: null, domains: [], fallbackServers: [], defaultRoute: null });
    expect(s.links.map((l) => `${l.index} ${l.name} ${l.defaultRoute}`)).toEqual([
      '2 enp0s31f6 false',
      '5 wlp4s0 true',
      '6 virbr0 false',
      '9 docker0 false',
      '12 wg0 false',
    ]);
    expect(s.links[1]).toMatchObject({ servers: ['192.168.1.1', 'fdb8:7b34:b3d9::1'], currentServer: '192.168.1.1', domains: ['lan'] });
    expect(s.links[4]).toMatchObject({ servers: ['10.8.0.1'], domains: ['~corp.example'] });
  });

  it('keeps link-local zones (systemd ≥ 258 prints %ifindex)', async () => {
    const s = parseResolvectlStatus(await fixture('resolvectl-status-link-local.txt'));
    expect(s.links[0]).toMatchObject({
      name: 'enp34s0',
      servers: ['192.168.1.12', '192.168.1.13', 'fe80::861e:a3ff:feb1:f8e7%2'],
      currentServer: 'fe80::861e:a3ff:feb1:f8e7%2',
      defaultRoute: true,
    });
  });

  it('older `systemd-resolve --status`: one value per line, DNSSEC NTA not mistaken for domains', async () => {
    const s = parseResolvectlStatus(await fixture('systemd-resolve-status-legacy.txt'));
    expect(s.global).toMatchObject({ servers: ['10.141.255.254', '168.63.129.16'], domains: ['cm.cluster', 'eth.cluster'] });
    expect(s.links.find((l) => l.name === 'eth0')).toMatchObject({ servers: ['168.63.129.16'], domains: ['reddog.example.internal'], defaultRoute: null });
  });

  it('drops a DNS-over-TLS server name, reads fallback servers', () => {
    const s = parseResolvectlStatus('Global\n       DNS Servers: 192.0.2.11#dns.example\nFallback DNS Servers: 198.51.100.99 198.51.100.88\n');
    expect(s.global).toMatchObject({ servers: ['192.0.2.11'], fallbackServers: ['198.51.100.99', '198.51.100.88'] });
  });
});

describe('resolvedToConfig', () => {
  it('servers of default-route links; ~domains route but do not search', async () => {
    expect(resolvedToConfig(parseResolvectlStatus(await fixture('resolvectl-status.txt')))).toEqual({
      nameservers: ['192.168.1.1', 'fdb8:7b34:b3d9::1'],
      search: ['lan'],
      domains: [
        { domain: 'lan', nameservers: ['192.168.1.1', 'fdb8:7b34:b3d9::1'], port: null },
        { domain: 'corp.example', nameservers: ['10.8.0.1'], port: null },
      ],
    });
  });

  it('global first, without repeats; fallback servers only when nothing else is configured', async () => {
    expect(resolvedToConfig(parseResolvectlStatus(await fixture('systemd-resolve-status-legacy.txt')))).toMatchObject({
      nameservers: ['10.141.255.254', '168.63.129.16'],
      search: ['cm.cluster', 'eth.cluster', 'reddog.example.internal'],
    });
    expect(resolvedToConfig(parseResolvectlStatus('Global\nFallback DNS Servers: 198.51.100.99\n')).nameservers).toEqual(['198.51.100.99']);
  });
});

describe('parseScutilDns / scutilToConfig', () => {
  it('default resolver, mDNS domains and an Apple container domain (port 2053)', async () => {
    const parsed = parseScutilDns(await fixture('scutil-dns.txt'));
    expect(parsed.resolvers.map((r) => [r.index, r.domain])).toEqual([
      [1, null],
      [2, 'local'],
      [3, '254.169.in-addr.arpa'],
      [4, 'test'],
    ]);
    expect(parsed.resolvers[0]).toMatchObject({ ifName: 'en0', flags: ['Request A records', 'Request AAAA records'] });
    expect(parsed.resolvers[1].options).toEqual(['mdns']);
    expect(parsed.scoped).toHaveLength(1);
    expect(parsed.scoped[0].flags[0]).toBe('Scoped');
    expect(scutilToConfig(parsed)).toEqual({
      nameservers: ['192.168.1.254', '2600:1700:3ecb:2410::1'],
      search: ['attlocal.net', 'test'],
      options: [],
      domains: [{ domain: 'test', nameservers: ['127.0.0.1'], port: 2053 }],
    });
  });

  it('a VPN’s supplemental resolver comes first; every default resolver counts', async () => {
    expect(scutilToConfig(parseScutilDns(await fixture('scutil-dns-vpn.txt')))).toEqual({
      nameservers: ['100.100.111.1', 'fd00:2021:1111:8000:100:100:111:0', '2600:1700:3ecb:2410::1', '192.168.1.254'],
      search: ['attlocal.net'],
      options: [],
      domains: [],
    });
  });

  it('falls back to scoped resolvers when only those have servers', () => {
    const text =
      'DNS configuration\n\nresolver #1\n  domain   : local\n  options  : mdns\n\nDNS configuration (for scoped queries)\n\nresolver #1\n  nameserver[0] : 192.168.0.2\n  if_index : 14 (en0)\n';
    expect(scutilToConfig(parseScutilDns(text)).nameservers).toEqual(['192.168.0.2']);
  });
});

describe('readHostResolver', () => {
  it('linux with systemd-resolved: resolvectl status, run with an argument array', async () => {
    const text = await fixture('resolvectl-status.txt');
    const run = runner('resolvectl', text);
    const r = await readHostResolver({ platform: 'linux', run, resolvConfPath: path('linux-resolv.conf-systemd-stub.txt') });
    expect(run.calls).toEqual([['resolvectl', ['status', '--no-pager']]]);
    expect(r).toMatchObject({ source: 'resolvectl', nameservers: ['192.168.1.1', 'fdb8:7b34:b3d9::1'], search: ['lan'], raw: text, note: null });
  });

  it('linux without resolvectl: /etc/resolv.conf (this machine’s, copied)', async () => {
    const r = await readHostResolver({ platform: 'linux', run: runner('none', ''), resolvConfPath: path('linux-etc-resolv.conf') });
    expect(r).toEqual({
      nameservers: ['10.255.255.53'],
      search: [],
      options: [],
      source: '/etc/resolv.conf',
      raw: 'nameserver 10.255.255.53\n',
      note: null,
      domains: [],
    });
  });

  it('linux, resolved not running but resolv.conf names its stub: says where the real servers are', async () => {
    const run = runner('resolvectl', 'Failed to get global data: Unit dbus-org.freedesktop.resolve1.service not found.', 1);
    const r = await readHostResolver({ platform: 'linux', run, resolvConfPath: path('linux-resolv.conf-systemd-stub.txt') });
    expect(r.source).toBe('/etc/resolv.conf');
    expect(r.nameservers).toEqual(['127.0.0.53']);
    expect(r.note).toMatch(/127\.0\.0\.53 is systemd-resolved's local stub: the real upstream servers are listed by `resolvectl status`/);
  });

  it('linux, resolved running without servers (foreign mode): resolv.conf is the truth', async () => {
    const run = runner('resolvectl', 'Global\n  resolv.conf mode: foreign\n');
    const r = await readHostResolver({ platform: 'linux', run, resolvConfPath: path('linux-etc-resolv.conf') });
    expect(r).toMatchObject({ source: '/etc/resolv.conf', nameservers: ['10.255.255.53'] });
  });

  it('macOS: scutil --dns, with the per-domain resolvers', async () => {
    const run = runner('scutil', await fixture('scutil-dns.txt'));
    const r = await readHostResolver({ platform: 'darwin', run });
    expect(run.calls).toEqual([['scutil', ['--dns']]]);
    expect(r).toMatchObject({ source: 'scutil --dns', nameservers: ['192.168.1.254', '2600:1700:3ecb:2410::1'], domains: [{ domain: 'test', port: 2053 }] });
  });

  it('macOS without scutil: resolv.conf, with a note saying it is not the whole story', async () => {
    const r = await readHostResolver({ platform: 'darwin', run: runner('none', ''), resolvConfPath: path('linux-etc-resolv.conf') });
    expect(r.source).toBe('/etc/resolv.conf');
    expect(r.note).toMatch(/scutil --dns could not be run/);
  });

  it('no resolv.conf at all is an error that names the file', async () => {
    await expect(readHostResolver({ platform: 'linux', run: runner('none', ''), resolvConfPath: path('missing') })).rejects.toThrow(/Could not read .*missing/);
  });

  it.runIf(process.platform === 'linux' && existsSync('/etc/resolv.conf'))('this machine, for real', async () => {
    const r = await readHostResolver();
    expect(['resolvectl', '/etc/resolv.conf']).toContain(r.source);
    expect(Array.isArray(r.nameservers)).toBe(true);
  });
});
