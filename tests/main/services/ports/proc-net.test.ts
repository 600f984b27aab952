import { describe, expect, it } from 'vitest';
import { decodeProcAddress, parseProcNet, parseSctpEps } from '../../../../src/main/services/ports/proc-net';
import { fixture } from './fake-proc';

// The fixtures were captured on x86_64, so they decode as little-endian whatever runs the tests.
const LE = 'LE' as const;

describe('decoding /proc/net addresses', () => {
  it.each([
    ['00000000', '0.0.0.0'],
    ['0100007F', '127.0.0.1'],
    ['0200A8C0', '192.168.0.2'],
    ['00000000000000000000000000000000', '::'],
    ['00000000000000000000000001000000', '::1'],
    ['0000000000000000FFFF00000100007F', '::ffff:127.0.0.1'],
    ['000000FD000000000000000002000000', 'fd00::2'],
    ['B80D0120000000000000000001000000', '2001:db8::1'],
  ])('%s → %s (little-endian host)', (hex, text) => {
    expect(decodeProcAddress(hex, LE).address).toBe(text);
  });

  it('reads words in network order on big-endian hosts (s390x)', () => {
    expect(decodeProcAddress('7F000001', 'BE')).toEqual({ address: '127.0.0.1', family: 4 });
    expect(decodeProcAddress('20010DB8000000000000000000000001', 'BE').address).toBe('2001:db8::1');
  });

  it('rejects malformed hex', () => {
    expect(() => decodeProcAddress('0100007', LE)).toThrow();
    expect(() => decodeProcAddress('XYZ00000', LE)).toThrow();
  });
});

describe('parsing the captured tables (linux/)', () => {
  it('tcp: listeners only, not the ESTABLISHED pair', async () => {
    expect(parseProcNet(await fixture('linux/proc-net-tcp.txt'), 'tcp', LE)).toEqual([
      { protocol: 'tcp', family: 4, address: '0.0.0.0', port: 18086, uid: 0, inode: 136913 },
      { protocol: 'tcp', family: 4, address: '0.0.0.0', port: 2024, uid: 0, inode: 666 },
      { protocol: 'tcp', family: 4, address: '127.0.0.1', port: 18081, uid: 0, inode: 136908 },
      { protocol: 'tcp', family: 4, address: '127.0.0.1', port: 18088, uid: 65534, inode: 136932 },
    ]);
  });

  it('tcp6: ::1, a global address, both :: listeners (v6only is invisible) and the IPv4-mapped one', async () => {
    expect(parseProcNet(await fixture('linux/proc-net-tcp6.txt'), 'tcp', LE)).toEqual([
      { protocol: 'tcp', family: 6, address: '::1', port: 18083, uid: 0, inode: 136910 },
      { protocol: 'tcp', family: 6, address: 'fd00::2', port: 18087, uid: 0, inode: 136914 },
      { protocol: 'tcp', family: 6, address: '::', port: 18084, uid: 0, inode: 136911 },
      { protocol: 'tcp', family: 6, address: '::', port: 18082, uid: 0, inode: 136909 },
      { protocol: 'tcp', family: 6, address: '::ffff:127.0.0.1', port: 18085, uid: 0, inode: 136912 },
    ]);
  });

  it('udp: every bound socket, the connected one (state 01) included', async () => {
    expect(parseProcNet(await fixture('linux/proc-net-udp.txt'), 'udp', LE)).toEqual([
      { protocol: 'udp', family: 4, address: '0.0.0.0', port: 18091, uid: 0, inode: 136915 },
      { protocol: 'udp', family: 4, address: '127.0.0.1', port: 18092, uid: 0, inode: 136916 },
      { protocol: 'udp', family: 4, address: '127.0.0.1', port: 18095, uid: 0, inode: 136921 },
    ]);
    expect(parseProcNet(await fixture('linux/proc-net-udp6.txt'), 'udp', LE)).toEqual([
      { protocol: 'udp', family: 6, address: '::', port: 18093, uid: 0, inode: 136917 },
      { protocol: 'udp', family: 6, address: '::1', port: 18094, uid: 0, inode: 136918 },
    ]);
  });

  it('skips TIME_WAIT rows (inode 0) and keeps docker-proxy listeners', async () => {
    const rows = parseProcNet(await fixture('docker-proxy/proc-net-tcp.txt'), 'tcp', LE);
    expect(rows.map((r) => `${r.address}:${r.port}#${r.inode}`)).toEqual(['0.0.0.0:18997#143759', '0.0.0.0:2024#666', '127.0.0.1:18999#142237']);
  });

  it('an empty or missing table is no sockets', () => {
    expect(parseProcNet('', 'tcp', LE)).toEqual([]);
    expect(parseProcNet('  sl  local_address rem_address   st\n', 'udp', LE)).toEqual([]);
  });
});

describe('/proc/net/sctp/eps', () => {
  // No SCTP on the capture machine (no sctp module); this text follows the kernel's format string
  // in net/sctp/proc.c (sctp_eps_seq_show: "%8pK %8pK %-3d %-3d %-4d %-5d %5u %5lu " + addresses).
  const eps = [
    ' ENDPT     SOCK   STY SST HBKT LPORT   UID INODE LADDRS',
    'ffff8880073e2000 ffff888004a1c000 2   10  29   3868      0  41011 127.0.0.1 10.0.0.5 ',
    'ffff8880073e3000 ffff888004a1d000 2   10  30   3869   1000  41012 0000:0000:0000:0000:0000:0000:0000:0001 ',
  ].join('\n');

  it('yields one socket per local address', () => {
    expect(parseSctpEps(eps)).toEqual([
      { protocol: 'sctp', family: 4, address: '127.0.0.1', port: 3868, uid: 0, inode: 41011 },
      { protocol: 'sctp', family: 4, address: '10.0.0.5', port: 3868, uid: 0, inode: 41011 },
      { protocol: 'sctp', family: 6, address: '::1', port: 3869, uid: 1000, inode: 41012 },
    ]);
  });
});
