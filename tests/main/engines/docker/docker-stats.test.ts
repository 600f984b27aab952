import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readStatsMessage } from '../../../../src/main/engines/docker/docker-stats';
import { JsonLineDecoder } from '../../../../src/main/engines/docker/docker-events';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../../../fixtures/docker-stats/${name}`, import.meta.url)), 'utf8');
const lines = (name: string) =>
  fixture(name)
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as unknown);

describe('readStatsMessage on real Docker and Podman stats payloads', () => {
  it('Docker: one message a second, eth0 counters with their read time', () => {
    const readings = lines('docker-stream.ndjson').map(readStatsMessage);
    expect(readings.map((r) => r?.kind)).toEqual(['counters', 'counters', 'counters']);
    const counters = readings.map((r) => (r?.kind === 'counters' ? r.counters : null));
    expect(counters[0]).toEqual({
      at: new Date('2026-11-30T19:13:43.930Z'),
      rxBytes: 3214,
      txBytes: 2862,
      rxErrors: 0,
      txErrors: 0,
      rxDropped: 0,
      txDropped: 0,
    });
    expect(counters[2]).toMatchObject({ rxBytes: 4012, txBytes: 3426 });
    expect(counters[1]!.at.getTime() - counters[0]!.at.getTime()).toBe(1004);
  });

  it('Podman compat: one message every 5 s, counters under the aggregate "network" key', () => {
    const counters = lines('podman-stream.ndjson').map((m) => {
      const r = readStatsMessage(m);
      return r?.kind === 'counters' ? r.counters : null;
    });
    expect(counters.map((c) => [c?.rxBytes, c?.txBytes])).toEqual([
      [3128, 3322],
      [3448, 3772],
      [4012, 4330],
    ]);
    expect(counters[1]!.at.getTime() - counters[0]!.at.getTime()).toBe(5003);
  });

  it('sums every interface (Docker lists eth0 and eth1; Podman already sums them)', () => {
    expect(readStatsMessage(JSON.parse(fixture('docker-two-networks.json')))).toMatchObject({ kind: 'counters', counters: { rxBytes: 200 + 254, txBytes: 0 } });
    expect(readStatsMessage(JSON.parse(fixture('podman-two-networks.json')))).toMatchObject({ kind: 'counters', counters: { rxBytes: 266, txBytes: 434 } });
  });

  it('--network none: Docker omits networks, Podman sends zeros; both read as zero counters', () => {
    for (const name of ['docker-network-none.json', 'podman-network-none.json']) {
      const r = readStatsMessage(JSON.parse(fixture(name)));
      expect(r, name).toMatchObject({ kind: 'counters', counters: { rxBytes: 0, txBytes: 0, rxErrors: 0, txErrors: 0, rxDropped: 0, txDropped: 0 } });
    }
  });

  it("a stopped container's zero-time message (Docker keeps streaming those) reads as stopped", () => {
    expect(readStatsMessage(JSON.parse(fixture('docker-stopped.json')))).toEqual({ kind: 'stopped' });
  });

  it('sums errors and drops, and ignores negative or non-numeric counters', () => {
    const r = readStatsMessage({
      read: '2026-11-30T19:13:43Z',
      networks: {
        eth0: { rx_bytes: 10, tx_bytes: 20, rx_errors: 1, tx_errors: 2, rx_dropped: 3, tx_dropped: 4 },
        eth1: { rx_bytes: 5, tx_bytes: 'x', rx_errors: -1, tx_errors: 0, rx_dropped: 1, tx_dropped: 0 },
      },
    });
    expect(r).toMatchObject({ kind: 'counters', counters: { rxBytes: 15, txBytes: 20, rxErrors: 1, txErrors: 2, rxDropped: 4, txDropped: 4 } });
  });

  it('non-stats messages read as null', () => {
    expect(readStatsMessage(null)).toBeNull();
    expect(readStatsMessage({ message: 'No such container' })).toBeNull();
    expect(readStatsMessage({ read: 'not a date' })).toBeNull();
  });

  it('the line decoder splits a chunked stream into the same messages', () => {
    const text = fixture('docker-stream.ndjson');
    const got: unknown[] = [];
    const decoder = new JsonLineDecoder();
    for (let i = 0; i < text.length; i += 700) decoder.push(text.slice(i, i + 700), (m) => got.push(m));
    expect(got).toEqual(lines('docker-stream.ndjson'));
  });
});
