import { describe, expect, it } from 'vitest';
import { parseNetstatWindows, parseTasklistCsv, splitWindowsEndpoint } from '../../../../src/main/services/ports/netstat-windows';
import { fixture } from './fake-proc';

describe('netstat -ano (documented outputs)', () => {
  it('reads IPv4, [::] and [::1] listeners (docker/for-win#12474)', async () => {
    expect(parseNetstatWindows(await fixture('windows/netstat-aon-findstr-80.docker-for-win-12474.txt'))).toEqual([
      { pid: 4332, protocol: 'tcp', family: 4, address: '0.0.0.0', port: 80 },
      { pid: 9676, protocol: 'tcp', family: 4, address: '0.0.0.0', port: 80 },
      { pid: 4332, protocol: 'tcp', family: 6, address: '::', port: 80 },
      { pid: 2672, protocol: 'tcp', family: 6, address: '::1', port: 80 },
    ]);
  });

  it('reads UDP rows (no state column) and skips -b annotations (flutter#53477)', async () => {
    const rows = parseNetstatWindows(await fixture('windows/netstat-anob.flutter-53477.txt'));
    expect(rows.map((r) => `${r.protocol} ${r.address}:${r.port} ${r.pid}`)).toEqual([
      'tcp 0.0.0.0:135 1100',
      'tcp 0.0.0.0:445 4',
      'tcp 0.0.0.0:554 11380',
      'tcp 0.0.0.0:2869 4',
      'udp 0.0.0.0:500 5364',
      'udp 0.0.0.0:1900 4812',
      'udp 0.0.0.0:3702 3128',
      'udp 0.0.0.0:3702 3128',
      'udp 0.0.0.0:3702 2720',
      'udp 0.0.0.0:3702 2720',
    ]);
  });

  it('recognises listeners on a German Windows by the foreign port, not the word ABHÖREN', async () => {
    const rows = parseNetstatWindows(await fixture('windows/netstat-ano-de.pastebin-kDSmMTcd.txt'));
    expect(rows.map((r) => `${r.address}:${r.port} ${r.pid}`)).toEqual(['0.0.0.0:135 896', '0.0.0.0:445 4', '0.0.0.0:8000 10916', '127.0.0.1:5939 4844']);
  });

  it('handles scoped IPv6 and CRLF', () => {
    const text = '  UDP    [fe80::1c2d:3e4f:5a6b:7c8d%12]:5353  *:*    2716\r\n  TCP    [::1]:5173   [::]:0   LISTENING   9120\r\n';
    expect(parseNetstatWindows(text)).toEqual([
      { pid: 2716, protocol: 'udp', family: 6, address: 'fe80::1c2d:3e4f:5a6b:7c8d', port: 5353 },
      { pid: 9120, protocol: 'tcp', family: 6, address: '::1', port: 5173 },
    ]);
  });

  it('splits endpoints', () => {
    expect(splitWindowsEndpoint('[::]:445')).toEqual({ address: '::', family: 6, port: 445 });
    expect(splitWindowsEndpoint('*:*')).toBeNull();
    expect(splitWindowsEndpoint('DESKTOP-1:55452')).toBeNull();
  });
});

describe('tasklist', () => {
  it('/fo csv /nh (layout documented by Microsoft; constructed fixture)', async () => {
    const names = parseTasklistCsv(await fixture('windows/tasklist-csv.constructed.txt'));
    expect([...names]).toEqual([
      [4332, 'com.docker.backend.exe'],
      [9676, 'svchost.exe'],
      [0, 'System Idle Process'],
    ]);
  });

  it('quoted fields may contain commas and doubled quotes', () => {
    expect([...parseTasklistCsv('"a, b.exe","12","Console","1","1,024 K"\n"say ""hi"".exe","13","Console","1","8 K"')]).toEqual([
      [12, 'a, b.exe'],
      [13, 'say "hi".exe'],
    ]);
  });
});
