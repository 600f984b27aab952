import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseNetDevCounters } from '../../../../src/main/services/monitor/proc-net-dev';
import { countTcpConnections } from '../../../../src/main/services/monitor/tcp-connections';
import { ratesBetween } from '../../../../src/main/services/monitor/network-rates';

const local = (name: string) => readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8');
const diagnostics = (name: string) => readFileSync(fileURLToPath(new URL(`../../../fixtures/diagnostics/${name}`, import.meta.url)), 'utf8');
const AT = new Date('2026-11-30T10:00:00Z');

describe('parseNetDevCounters (real /proc/net/dev from Docker and Podman containers)', () => {
  it('sums the non-loopback interfaces: receive and transmit bytes, errors, drops', () => {
    expect(parseNetDevCounters(local('podman-proc-net-dev-after-traffic.txt'), AT)).toEqual({
      at: AT,
      rxBytes: 1870,
      txBytes: 1020,
      rxErrors: 0,
      txErrors: 0,
      rxDropped: 0,
      txDropped: 0,
    });
    expect(parseNetDevCounters(diagnostics('docker-proc-net-dev.txt'), AT)).toMatchObject({ rxBytes: 736, txBytes: 0 });
    expect(parseNetDevCounters(diagnostics('podman-proc-net-dev.txt'), AT)).not.toBeNull();
  });

  it('leaves lo out, reads counters glued to the colon, and takes errs/drop from their columns', () => {
    const text = [
      'Inter-|   Receive                                                |  Transmit',
      ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
      '    lo:  999999     10    0    0    0     0          0         0   999999      10    0    0    0     0       0          0',
      '  eth0:1234567890 900    1    2    0     0          0         0  5000       40    3    4    0     0       0          0',
      '  eth1:     100      1    0    5    0     0          0         0   200        2    0    6    0     0       0          0',
    ].join('\n');
    expect(parseNetDevCounters(text, AT)).toEqual({
      at: AT,
      rxBytes: 1234567990,
      txBytes: 5200,
      rxErrors: 1,
      txErrors: 3,
      rxDropped: 7,
      txDropped: 10,
    });
  });

  it('null when there is no interface row (an error message, an empty read)', () => {
    expect(parseNetDevCounters("cat: can't open '/proc/net/dev': No such file or directory\n", AT)).toBeNull();
    expect(parseNetDevCounters('', AT)).toBeNull();
  });

  it('a container with only lo reads as zeros, not as unreadable', () => {
    const onlyLo = diagnostics('docker-proc-net-dev.txt')
      .split('\n')
      .filter((l) => !l.includes('eth0'))
      .join('\n');
    expect(parseNetDevCounters(onlyLo, AT)).toMatchObject({ rxBytes: 0, txBytes: 0 });
  });
});

describe('countTcpConnections (real /proc/net/tcp + tcp6)', () => {
  it('Docker and Podman: httpd listening and two connections from the host open', () => {
    expect(countTcpConnections(local('docker-proc-net-tcp-tcp6-established.txt'))).toEqual({ established: 2, listening: 1, other: 0 });
    expect(countTcpConnections(local('podman-proc-net-tcp-tcp6-established.txt'))).toEqual({ established: 2, listening: 1, other: 0 });
  });

  it('counts listeners in tcp6 too (httpd -p 80 listens on :::80, tcp is empty)', () => {
    for (const engine of ['docker', 'podman']) {
      const text = diagnostics(`${engine}-proc-net-tcp.txt`) + diagnostics(`${engine}-proc-net-tcp6.txt`);
      expect(countTcpConnections(text), engine).toEqual({ established: 0, listening: 1, other: 0 });
    }
  });

  it('states other than 01 and 0A (TIME_WAIT 06, CLOSE_WAIT 08, SYN_SENT 02) count as other', () => {
    const header = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';
    const row = (n: number, st: string) =>
      `   ${n}: 020011AC:0050 010011AC:D712 ${st} 00000000:00000000 00:00000000 00000000     0        0 0 1 0000000000000000 100 0 0 10 0`;
    expect(countTcpConnections([header, row(0, '06'), row(1, '08'), row(2, '02'), row(3, '01'), row(4, '0A')].join('\n'))).toEqual({
      established: 1,
      listening: 1,
      other: 3,
    });
  });

  it('null when neither table could be read', () => {
    expect(countTcpConnections("cat: can't open '/proc/net/tcp': No such file or directory\n")).toBeNull();
    expect(countTcpConnections('')).toBeNull();
  });
});

describe('ratesBetween', () => {
  const at = (s: number, rx: number, tx: number) => ({
    at: new Date(AT.getTime() + s * 1000),
    rxBytes: rx,
    txBytes: tx,
    rxErrors: 0,
    txErrors: 0,
    rxDropped: 0,
    txDropped: 0,
  });

  it('null for the first reading, bytes per second after', () => {
    expect(ratesBetween(null, at(0, 100, 50))).toEqual({ rxBytesPerSec: null, txBytesPerSec: null });
    expect(ratesBetween(at(0, 100, 50), at(2, 2100, 1050))).toEqual({ rxBytesPerSec: 1000, txBytesPerSec: 500 });
    // Podman's 5 s cadence.
    expect(ratesBetween(at(0, 3128, 3322), at(5, 3448, 3772))).toEqual({ rxBytesPerSec: 64, txBytesPerSec: 90 });
  });

  it('null when counters went backwards (container restarted) or time did not advance', () => {
    expect(ratesBetween(at(0, 5000, 50), at(1, 10, 60))).toEqual({ rxBytesPerSec: null, txBytesPerSec: null });
    expect(ratesBetween(at(1, 0, 0), at(1, 10, 10))).toEqual({ rxBytesPerSec: null, txBytesPerSec: null });
  });
});
