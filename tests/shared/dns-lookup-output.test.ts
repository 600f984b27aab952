import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNslookup } from '../../src/shared/dns-lookup-output';

const dns = (name: string) => readFileSync(resolve(import.meta.dirname, '../fixtures/dns', name), 'utf8');

describe('parseNslookup — BusyBox 1.35, captured on Docker 20.10 and Podman 4.3', () => {
  it.each([
    ['docker-nslookup-ck-n1-a.txt', 'ck-n1-a', '172.18.0.2', '127.0.0.11'],
    ['docker-nslookup-alias-a.txt', 'alias-a', '172.18.0.2', '127.0.0.11'],
    ['podman-nslookup-ck-n1-a.txt', 'ck-n1-a', '10.89.0.2', '10.89.0.1'],
    ['podman-nslookup-alias-a.txt', 'alias-a', '10.89.0.2', '10.89.0.1'],
  ])('%s → the container address, not the server’s', (file, name, address, server) => {
    expect(parseNslookup(dns(file), name)).toEqual({ addresses: [address], server, error: null });
  });

  it('NXDOMAIN (printed once per query type) → one plain reason', () => {
    expect(parseNslookup(dns('docker-nslookup-no-such-name.txt'), 'no-such-name')).toEqual({
      addresses: [],
      server: '127.0.0.11',
      error: 'No such name: the resolver (127.0.0.11) answered NXDOMAIN for no-such-name',
    });
    // Podman's search domain shows in the name BusyBox tried last.
    expect(parseNslookup(dns('podman-nslookup-no-such-name.txt'), 'no-such-name').error).toBe(
      'No such name: the resolver (10.89.0.1) answered NXDOMAIN for no-such-name.dns.podman',
    );
  });

  it('a server that does not answer → timeout', () => {
    for (const file of ['docker-nslookup-timeout.txt', 'podman-nslookup-timeout.txt']) {
      expect(parseNslookup(dns(file), 'ck-n1-a')).toEqual({
        addresses: [],
        server: null,
        error: 'No answer from the resolver for ck-n1-a: the lookup timed out (no servers could be reached)',
      });
    }
  });
});

describe('parseNslookup — BIND 9.18 nslookup, captured inside the containers’ network namespaces', () => {
  it.each([
    ['docker-bind-nslookup-ck-n1-a.txt', '172.20.0.2', '127.0.0.11'],
    ['docker-bind-nslookup-alias-a.txt', '172.20.0.2', '127.0.0.11'],
    ['podman-bind-nslookup-ck-n1-a.txt', '10.89.0.6', '10.89.0.1'],
    ['podman-bind-nslookup-alias-a.txt', '10.89.0.6', '10.89.0.1'],
  ])('%s', (file, address, server) => {
    expect(parseNslookup(dns(file), 'x')).toEqual({ addresses: [address], server, error: null });
  });

  it('NXDOMAIN and a dead server (whose address BIND names)', () => {
    expect(parseNslookup(dns('podman-bind-nslookup-no-such-name.txt'), 'no-such-name').error).toBe(
      'No such name: the resolver (10.89.0.1) answered NXDOMAIN for no-such-name',
    );
    expect(parseNslookup(dns('docker-bind-nslookup-timeout.txt'), 'ck-n1-a')).toEqual({
      addresses: [],
      server: '172.20.0.254',
      error: 'No answer from the resolver (172.20.0.254) for ck-n1-a: the lookup timed out (no servers could be reached)',
    });
  });

  it('follows a CNAME to every address, IPv6 included (documented format)', () => {
    expect(parseNslookup(dns('bind-nslookup-cname.txt'), 'www.example.com')).toEqual({
      addresses: ['192.0.2.38', '192.0.2.39', '2001:db8::27'],
      server: '192.168.65.5',
      error: null,
    });
  });
});

describe('parseNslookup — older BusyBox (documented outputs)', () => {
  it('pre-1.30: `Address 1:` lines, the server’s block is not the answer', () => {
    expect(parseNslookup(dns('busybox-old-nslookup-docker.txt'), 'web')).toEqual({ addresses: ['172.22.0.2'], server: '127.0.0.11', error: null });
    expect(parseNslookup(dns('busybox-old-nslookup-multi.txt'), 'discovery-service.community')).toEqual({
      addresses: ['10.137.63.146', '10.137.63.184', '10.137.63.159'],
      server: '172.21.0.10',
      error: null,
    });
  });

  it("pre-1.30 failure: `nslookup: can't resolve`", () => {
    expect(parseNslookup(dns('busybox-old-nslookup-cant-resolve.txt'), 'nginx')).toEqual({
      addresses: [],
      server: '192.168.192.10',
      error: 'nslookup could not resolve nginx',
    });
    expect(parseNslookup("nslookup: can't resolve 'db': Name does not resolve\n", 'db').error).toBe('nslookup could not resolve db (Name does not resolve)');
  });

  it("ignores old BusyBox's complaint about the server's own name ('(null)') when the lookup worked", () => {
    expect(parseNslookup(dns('busybox-old-nslookup-null-server.txt'), 'db')).toEqual({ addresses: ['10.42.0.7'], server: null, error: null });
  });

  it('1.31: an A answer with "No answer" for AAAA is a success; NXDOMAIN outranks "No answer"', () => {
    expect(parseNslookup(dns('busybox-1.31-nslookup-a-only.txt'), 'kubernetes.default.svc.cluster.local')).toEqual({
      addresses: ['10.0.0.1'],
      server: '10.0.0.10',
      error: null,
    });
    expect(parseNslookup(dns('busybox-1.31-nslookup-nxdomain-no-answer.txt'), 'kubernetes.default').error).toBe(
      'No such name: the resolver (10.0.0.10) answered NXDOMAIN for kubernetes.default',
    );
  });

  it('connection refused is the cause, not the timeout BusyBox prints after it', () => {
    expect(parseNslookup(dns('busybox-nslookup-connection-refused.txt'), 'example.test').error).toBe(
      'The resolver refused the connection: nothing answers DNS there',
    );
    expect(parseNslookup('nslookup: read: Connection refused\n', 'x').error).toBe('The resolver refused the connection: nothing answers DNS there');
  });
});

describe('parseNslookup — other shapes', () => {
  it('only "No answer" → the name has no address record', () => {
    expect(parseNslookup("Server:\t\t10.0.0.10\nAddress:\t10.0.0.10:53\n\n*** Can't find web: No answer\n", 'web').error).toBe(
      'web exists but has no address record (the resolver (10.0.0.10) gave no answer)',
    );
  });

  it('other response codes, and the server from the Address line when there is no Server line', () => {
    expect(parseNslookup("Address:\t[fd00::53]:53\n\n** server can't find web: SERVFAIL\n", 'web')).toEqual({
      addresses: [],
      server: 'fd00::53',
      error: 'The lookup of web failed: the resolver (fd00::53) answered SERVFAIL',
    });
  });

  it('nothing recognisable → no addresses and no reason (the caller words it)', () => {
    expect(parseNslookup('', 'x')).toEqual({ addresses: [], server: null, error: null });
    expect(parseNslookup('sh: nslookup: not found\n', 'x')).toEqual({ addresses: [], server: null, error: null });
  });

  it('canonicalises and de-duplicates answer addresses', () => {
    expect(parseNslookup('Name:\tweb\nAddress: FD00:0:0::2\nName:\tweb\nAddress: fd00::2\n', 'web').addresses).toEqual(['fd00::2']);
  });
});
