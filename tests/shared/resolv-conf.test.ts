import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseResolvConf } from '../../src/shared/resolv-conf';

const fixture = (path: string) => readFileSync(resolve(import.meta.dirname, '../fixtures', path), 'utf8');

describe('parseResolvConf', () => {
  it('reads Docker’s resolv.conf on a user network (captured): the embedded DNS', () => {
    expect(parseResolvConf(fixture('dns/docker-resolv.conf.txt'))).toEqual({ nameservers: ['127.0.0.11'], search: [], options: ['ndots:0'] });
  });

  it('reads Podman’s (captured): aardvark on the network gateway, then the host’s server', () => {
    expect(parseResolvConf(fixture('dns/podman-resolv.conf.txt'))).toEqual({
      nameservers: ['10.89.0.1', '10.255.255.53'],
      search: ['dns.podman'],
      options: [],
    });
  });

  it('reads this machine’s and the systemd stub file', () => {
    expect(parseResolvConf(fixture('host-network/linux-etc-resolv.conf')).nameservers).toEqual(['10.255.255.53']);
    expect(parseResolvConf(fixture('host-network/linux-resolv.conf-systemd-stub.txt'))).toEqual({ nameservers: ['127.0.0.53'], search: [], options: [] });
  });

  it('skips # and ; comments, whole-line and trailing', () => {
    const text = '# generated\n; also a comment\nnameserver 10.0.0.2 # primary\nnameserver 10.0.0.3 ; backup\n  \nsearch a.example b.example # two\n';
    expect(parseResolvConf(text)).toEqual({ nameservers: ['10.0.0.2', '10.0.0.3'], search: ['a.example', 'b.example'], options: [] });
  });

  it('lists every nameserver, IPv6 included, and ignores words after the address', () => {
    expect(
      parseResolvConf('nameserver 192.0.2.11\nnameserver fd00::53\nnameserver 198.51.100.99 extra\nnameserver 198.51.100.88\nnameserver\n').nameservers,
    ).toEqual(['192.0.2.11', 'fd00::53', '198.51.100.99', '198.51.100.88']);
  });

  it('search and domain: the last instance wins; domain is a one-entry search list', () => {
    expect(parseResolvConf('domain corp.example\n').search).toEqual(['corp.example']);
    expect(parseResolvConf('domain corp.example\nsearch a.example b.example\n').search).toEqual(['a.example', 'b.example']);
    expect(parseResolvConf('search a.example\nsearch c.example d.example\n').search).toEqual(['c.example', 'd.example']);
    expect(parseResolvConf('search a.example\ndomain corp.example\n').search).toEqual(['corp.example']);
    expect(parseResolvConf('search a.example\nsearch\n').search).toEqual([]);
  });

  it('accumulates options lines, handles CRLF, tabs and unknown keywords', () => {
    expect(parseResolvConf('options ndots:5 timeout:2\r\nsortlist 10.0.0.0\r\noptions\tedns0\r\nfoo bar\r\n')).toEqual({
      nameservers: [],
      search: [],
      options: ['ndots:5', 'timeout:2', 'edns0'],
    });
    expect(parseResolvConf('')).toEqual({ nameservers: [], search: [], options: [] });
  });
});
