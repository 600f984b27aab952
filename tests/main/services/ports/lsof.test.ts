import { describe, expect, it } from 'vitest';
import { parseLsof, parseLsofFields, parseLsofTable, splitLsofName } from '../../../../src/main/services/ports/lsof';
import { fixture } from './fake-proc';

const root = { pid: 12702, command: 'node', user: 'root', uid: 0 };
const brief = (rows: ReturnType<typeof parseLsof>) => rows.map((r) => `${r.pid} ${r.protocol} ${r.family ?? '?'} ${r.address} ${r.port}`);

describe('lsof field output (captured on Linux, lsof 4.95)', () => {
  it('-FpcuLn of a LISTEN-only query: no f/t/P fields, so each n starts a socket and * stays ambiguous', async () => {
    const rows = parseLsofFields(await fixture('linux/lsof-tcp-listen-F.txt'));
    expect(rows).toHaveLength(8);
    expect(rows[0]).toEqual({ ...root, protocol: 'tcp', family: 4, address: '127.0.0.1', port: 18081 });
    expect(rows[1]).toEqual({ ...root, protocol: 'tcp', family: null, address: '*', port: 18082 });
    expect(rows[2]).toEqual({ ...root, protocol: 'tcp', family: 6, address: '::1', port: 18083 });
    expect(rows[7]).toEqual({ pid: 12712, command: 'node', user: 'nobody', uid: 65534, protocol: 'tcp', family: 4, address: '127.0.0.1', port: 18088 });
  });

  it('-FpcfuLtPTn: protocol and family known, connected TCP dropped, connected UDP keeps its local port', async () => {
    const rows = parseLsof(await fixture('linux/lsof-tcp-udp-F-full.txt'));
    expect(brief(rows)).toEqual([
      '12702 tcp 4 127.0.0.1 18081',
      '12702 tcp 6 :: 18082',
      '12702 tcp 6 ::1 18083',
      '12702 tcp 6 :: 18084',
      // a socket bound to ::ffff:127.0.0.1 is shown by lsof as plain 127.0.0.1 (type IPv6)
      '12702 tcp 4 127.0.0.1 18085',
      '12702 tcp 4 0.0.0.0 18086',
      '12702 tcp 6 fd00::2 18087',
      '12702 udp 4 0.0.0.0 18091',
      '12702 udp 4 127.0.0.1 18092',
      '12702 udp 6 :: 18093',
      '12702 udp 6 ::1 18094',
      '12702 udp 4 127.0.0.1 18095',
      '12712 tcp 4 127.0.0.1 18088',
    ]);
  });

  it('keeps the full command name that the table cuts to 9 characters', async () => {
    const fields = parseLsof(await fixture('docker-proxy/lsof-tcp-udp-F-full.txt'));
    const table = parseLsof(await fixture('docker-proxy/lsof-tcp-udp-table.txt'));
    expect(fields.map((r) => r.command)).toEqual(Array(5).fill('docker-proxy'));
    expect(table.map((r) => r.command)).toEqual(Array(5).fill('docker-pr'));
    expect(brief(fields)).toEqual(brief(table));
    expect(brief(fields)).toContain('14518 udp 6 :: 18996');
  });
});

describe('lsof table output', () => {
  it('parses the captured Linux table like the field output', async () => {
    const table = parseLsofTable(await fixture('linux/lsof-tcp-udp-table.txt'));
    const fields = parseLsofFields(await fixture('linux/lsof-tcp-udp-F-full.txt'));
    // The table's USER column is the login name; only the field output also has the uid.
    expect(table).toEqual(fields.map((r) => ({ ...r, uid: null })));
  });

  it('reads the documented macOS gvproxy listing (podman#28047): localhost and IPv6 *', async () => {
    const rows = parseLsofTable(await fixture('macos/lsof-i-P-gvproxy.podman-28047.txt'));
    expect(rows).toHaveLength(8);
    expect(rows[0]).toEqual({ pid: 41394, command: 'gvproxy', user: 'xavier', uid: null, protocol: 'tcp', family: 4, address: '127.0.0.1', port: 50451 });
    expect(rows[1]).toMatchObject({ family: 6, address: '::', port: 2379 });
    expect(rows.map((r) => r.port)).toEqual([50451, 2379, 50006, 58081, 59091, 9411, 50005, 58080]);
  });

  it('refuses service names (lsof without -P) instead of guessing a number (docker/for-mac#843)', async () => {
    expect(parseLsofTable(await fixture('macos/lsof-i-3306.docker-for-mac-843.txt'))).toEqual([]);
  });

  it('decodes escaped command names and numeric users', () => {
    const text = 'COMMAND     PID USER   FD   TYPE DEVICE SIZE/OFF NODE NAME\nOrbStack\\x20 812  501   12u  IPv4 0x1      0t0  TCP *:8080 (LISTEN)\n';
    expect(parseLsof(text)).toEqual([{ pid: 812, command: 'OrbStack ', user: null, uid: 501, protocol: 'tcp', family: 4, address: '0.0.0.0', port: 8080 }]);
  });
});

describe('splitting lsof names', () => {
  it.each([
    ['*:8080', 4, { address: '0.0.0.0', family: 4, port: 8080 }],
    ['*:8080', 6, { address: '::', family: 6, port: 8080 }],
    ['127.0.0.1:5432', null, { address: '127.0.0.1', family: 4, port: 5432 }],
    ['[::1]:3000', 6, { address: '::1', family: 6, port: 3000 }],
    ['[::]:80', 6, { address: '::', family: 6, port: 80 }],
    ['[fe80::1%en0]:22', 6, { address: 'fe80::1', family: 6, port: 22 }],
    ['localhost:50451', 6, { address: '::1', family: 6, port: 50451 }],
    ['127.0.0.1:18095->127.0.0.1:18092', 4, { address: '127.0.0.1', family: 4, port: 18095 }],
  ] as const)('%s (IPv%s)', (name, family, expected) => {
    expect(splitLsofName(name, family)).toEqual(expected);
  });

  it('returns null for names and garbage', () => {
    expect(splitLsofName('*:http', 4)).toBeNull();
    expect(splitLsofName('example.com:80', 4)).toBeNull();
    expect(splitLsofName('nonsense', null)).toBeNull();
  });
});
