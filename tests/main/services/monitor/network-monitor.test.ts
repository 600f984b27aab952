import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NetworkSampleSchema, type Container, type NetworkSample } from '../../../../src/shared/contract';
import { AppError } from '../../../../src/shared/errors';
import type { ExecResult, EventSubscription, NetworkCounters, NetworkStatsHandlers } from '../../../../src/main/engines/container-engine';
import type { EngineRegistry } from '../../../../src/main/engines/engine-registry';
import type { EngineSupervisor } from '../../../../src/main/engines/engine-supervisor';
import { NetworkMonitor } from '../../../../src/main/services/monitor/network-monitor';
import { NullEngine } from '../../support/null-engine';

const TCP = readFileSync(fileURLToPath(new URL('./fixtures/docker-proc-net-tcp-tcp6-established.txt', import.meta.url)), 'utf8');
const ENGINE = 'unix:///fake/docker.sock';
const ID = 'c0ffee000000aaaabbbbccccdddd';

function container(state: Container['state'] = 'running'): Container {
  return {
    engineId: ENGINE,
    id: ID,
    name: 'web',
    image: 'localhost/ck-test:latest',
    state,
    status: '',
    createdAt: null,
    startedAt: null,
    ports: [],
    networks: [],
    networkMode: 'bridge',
    labels: {},
  };
}

/** Engines that know one container and answer exec of /proc/net/tcp with a real capture. */
class PollingEngine extends NullEngine {
  current: Container | null = container();
  readonly execs: string[][] = [];
  tcp: () => Promise<ExecResult> = async () => ({ exitCode: 0, stdout: TCP, stderr: '', timedOut: false });
  netDev: () => Promise<ExecResult> = async () => ({ exitCode: 0, stdout: '', stderr: '', timedOut: false });

  async getContainer(id: string): Promise<Container | null> {
    return this.current && (id === this.current.id || id === this.current.name) ? this.current : null;
  }
  // Optional parameters: NullEngine declares exec() without any, and an override may not require more.
  async exec(_id?: string, command: string[] = []): Promise<ExecResult> {
    this.execs.push(command);
    return command[1] === '/proc/net/dev' ? this.netDev() : this.tcp();
  }
}

interface FakeStream {
  handlers: NetworkStatsHandlers;
  closed: boolean;
}

/** A Docker-API engine: counters arrive when the test pushes them. */
class StreamingEngine extends PollingEngine {
  readonly streams: FakeStream[] = [];
  networkStats(_id: string, handlers: NetworkStatsHandlers): EventSubscription {
    const s: FakeStream = { handlers, closed: false };
    this.streams.push(s);
    return { close: () => void (s.closed = true) };
  }
  get open(): FakeStream[] {
    return this.streams.filter((s) => !s.closed);
  }
  /** Pushes a reading to the newest stream, stamped with the (fake) current time. */
  push(rxBytes: number, txBytes: number, extra: Partial<NetworkCounters> = {}): void {
    const c: NetworkCounters = { at: new Date(), rxBytes, txBytes, rxErrors: 0, txErrors: 0, rxDropped: 0, txDropped: 0, ...extra };
    this.streams[this.streams.length - 1].handlers.onStats(c);
  }
}

function setup<E extends PollingEngine>(engine: E, opts: { kind?: 'docker' | 'podman' | 'apple'; available?: boolean } = {}) {
  const supervisor = {
    available: opts.available ?? true,
    snapshot: { id: ENGINE, name: 'Docker 20.10.24', kind: opts.kind ?? 'docker' },
    engine,
  } as unknown as EngineSupervisor;
  const engines: Pick<EngineRegistry, 'get'> = {
    get: (id) => {
      if (id !== ENGINE) throw new AppError('NOT_FOUND', `No engine with id ${id}.`);
      return supervisor;
    },
  };
  const samples: NetworkSample[] = [];
  const tally = vi.fn(() => ({ dnsFailures: 2, networkErrors: 1 }));
  const monitor = new NetworkMonitor({ engines, emitSample: (s) => samples.push(NetworkSampleSchema.parse(s)), tally });
  return { monitor, engine, samples, tally };
}

/** Lets the awaited /proc reads and the emit after them run. */
const flush = () => vi.advanceTimersByTimeAsync(0);
const ref = { engineId: ENGINE, id: ID };

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-11-30T10:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
});

describe('NetworkMonitor.watch errors', () => {
  it('NOT_FOUND for an unknown container or engine, CONFLICT for a stopped one, ENGINE_UNAVAILABLE when the engine is down', async () => {
    const { monitor, engine } = setup(new StreamingEngine());
    await expect(monitor.watch({ engineId: ENGINE, id: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(monitor.watch({ engineId: 'unix:///other.sock', id: ID })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    engine.current = container('exited');
    await expect(monitor.watch(ref)).rejects.toMatchObject({ code: 'CONFLICT', message: 'web is exited: start it to see its live traffic.' });
    expect(engine.streams).toHaveLength(0);
    const down = setup(new StreamingEngine(), { available: false });
    await expect(down.monitor.watch(ref)).rejects.toMatchObject({ code: 'ENGINE_UNAVAILABLE' });
  });
});

describe('NetworkMonitor with an engine stats stream', () => {
  it('emits samples with rates from the previous reading, totals, connections and tallies', async () => {
    const { monitor, engine, samples, tally } = setup(new StreamingEngine());
    expect(await monitor.watch(ref)).toEqual({ expiresAt: '2026-11-30T10:00:15.000Z', intervalMs: 1000 });
    engine.push(1000, 500, { rxErrors: 1, txDropped: 3 });
    await flush();
    await vi.advanceTimersByTimeAsync(1000);
    engine.push(3000, 1500, { rxErrors: 1, txDropped: 3 });
    await flush();
    await vi.advanceTimersByTimeAsync(500);
    engine.push(4000, 1500);
    await flush();
    expect(samples).toEqual([
      {
        engineId: ENGINE,
        containerId: ID,
        at: '2026-11-30T10:00:00.000Z',
        rxBytesPerSec: null,
        txBytesPerSec: null,
        rxBytes: 1000,
        txBytes: 500,
        rxErrors: 1,
        txErrors: 0,
        rxDropped: 0,
        txDropped: 3,
        connections: { established: 2, listening: 1, other: 0 },
        dnsFailures: 2,
        networkErrors: 1,
      },
      expect.objectContaining({ at: '2026-11-30T10:00:01.000Z', rxBytesPerSec: 2000, txBytesPerSec: 1000, rxBytes: 3000 }),
      expect.objectContaining({ at: '2026-11-30T10:00:01.500Z', rxBytesPerSec: 2000, txBytesPerSec: 0 }),
    ]);
    expect(tally).toHaveBeenCalledWith({ engineId: ENGINE, id: ID });
  });

  it('reads /proc/net/tcp at most every 2 s, with argv (never a shell string)', async () => {
    const { monitor, engine, samples } = setup(new StreamingEngine());
    await monitor.watch(ref);
    for (let i = 0; i < 5; i++) {
      engine.push(i * 100, i * 10);
      await flush();
      await vi.advanceTimersByTimeAsync(1000);
    }
    expect(samples).toHaveLength(5);
    const tcpReads = engine.execs.filter((c) => c[1] === '/proc/net/tcp');
    expect(tcpReads).toEqual(Array(3).fill(['cat', '/proc/net/tcp', '/proc/net/tcp6']));
  });

  it('connections are null when /proc/net/tcp cannot be read, and samples stay in order while a read is slow', async () => {
    const { monitor, engine, samples } = setup(new StreamingEngine());
    let answer: (r: ExecResult) => void = () => undefined;
    engine.tcp = () => new Promise((resolve) => (answer = resolve));
    await monitor.watch(ref);
    engine.push(100, 10);
    await vi.advanceTimersByTimeAsync(1000);
    engine.push(200, 20);
    await flush();
    expect(samples).toHaveLength(0);
    answer({ exitCode: 1, stdout: '', stderr: "cat: can't open '/proc/net/tcp': Permission denied", timedOut: false });
    await flush();
    expect(samples.map((s) => [s.rxBytes, s.connections])).toEqual([
      [100, null],
      [200, null],
    ]);
    engine.tcp = () => Promise.reject(new AppError('CONFLICT', 'container is not running'));
    await vi.advanceTimersByTimeAsync(1000);
    engine.push(300, 30);
    await flush();
    expect(samples[2]).toMatchObject({ rxBytes: 300, connections: null });
  });

  it('Podman: the lease says its 5 s cadence', async () => {
    const { monitor } = setup(new StreamingEngine(), { kind: 'podman' });
    expect((await monitor.watch(ref)).intervalMs).toBe(5000);
  });

  it('stops by itself when the 15 s lease is not renewed', async () => {
    const { monitor, engine, samples } = setup(new StreamingEngine());
    await monitor.watch(ref);
    await vi.advanceTimersByTimeAsync(14_999);
    expect(engine.open).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(engine.open).toHaveLength(0);
    expect(monitor.size).toBe(0);
    // A late reading from the closed stream is not emitted.
    engine.push(1, 1);
    await flush();
    expect(samples).toHaveLength(0);
  });

  it('a renewal (by id or by name) extends the lease and keeps the one stream', async () => {
    const { monitor, engine } = setup(new StreamingEngine());
    await monitor.watch(ref);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await monitor.watch({ engineId: ENGINE, id: 'web' })).toEqual({ expiresAt: '2026-11-30T10:00:25.000Z', intervalMs: 1000 });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await monitor.watch({ engineId: ENGINE, id: ID.slice(0, 12) })).toMatchObject({ expiresAt: '2026-11-30T10:00:35.000Z' });
    expect(engine.streams).toHaveLength(1);
    expect(engine.open).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(15_000);
    expect(engine.open).toHaveLength(0);
  });

  it('two watches racing through the inspect share one stream', async () => {
    const { monitor, engine } = setup(new StreamingEngine());
    await Promise.all([monitor.watch(ref), monitor.watch({ engineId: ENGINE, id: 'web' })]);
    expect(engine.streams).toHaveLength(1);
  });

  it('a stream that ends (container stopped, engine restarted) is dropped; a later watch restarts it or says CONFLICT', async () => {
    const { monitor, engine, samples } = setup(new StreamingEngine());
    await monitor.watch(ref);
    engine.push(100, 10);
    await flush();
    engine.streams[0].handlers.onEnd(null);
    expect(monitor.size).toBe(0);
    // The container came back: a new stream, whose first sample has no rate (fresh counters).
    await monitor.watch(ref);
    expect(engine.streams).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1000);
    engine.push(5, 5);
    await flush();
    expect(samples.map((s) => s.rxBytesPerSec)).toEqual([null, null]);
    engine.streams[1].handlers.onEnd(new Error('socket hang up'));
    engine.current = container('exited');
    await expect(monitor.watch(ref)).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('unwatch stops one stream; stop() stops all', async () => {
    const { monitor, engine } = setup(new StreamingEngine());
    await monitor.watch(ref);
    expect(monitor.unwatch({ engineId: ENGINE, id: 'web' })).toEqual({ ok: true });
    expect(engine.open).toHaveLength(0);
    expect(monitor.unwatch(ref)).toEqual({ ok: true });
    await monitor.watch(ref);
    monitor.stop();
    expect(engine.open).toHaveLength(0);
    expect(monitor.size).toBe(0);
  });
});

describe('NetworkMonitor without a stats stream (Apple CLI): polls /proc/net/dev', () => {
  const netDev = (rx: number, tx: number) =>
    [
      'Inter-|   Receive                                                |  Transmit',
      ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
      '    lo:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0',
      `  eth0: ${rx}       8    0    0    0     0          0         0 ${tx}       0    0    0    0     0       0          0`,
    ].join('\n');

  it('every 2 s, with rates between polls and the lease saying 2000 ms', async () => {
    const engine = new PollingEngine();
    let rx = 0;
    engine.netDev = async () => ({ exitCode: 0, stdout: netDev((rx += 4000), rx / 2), stderr: '', timedOut: false });
    const { monitor, samples } = setup(engine, { kind: 'apple' });
    expect(await monitor.watch(ref)).toMatchObject({ intervalMs: 2000 });
    await flush();
    await vi.advanceTimersByTimeAsync(2000);
    await vi.advanceTimersByTimeAsync(2000);
    expect(samples.map((s) => [s.at, s.rxBytes, s.rxBytesPerSec, s.txBytesPerSec])).toEqual([
      ['2026-11-30T10:00:00.000Z', 4000, null, null],
      ['2026-11-30T10:00:02.000Z', 8000, 2000, 1000],
      ['2026-11-30T10:00:04.000Z', 12000, 2000, 1000],
    ]);
    expect(samples[0].connections).toEqual({ established: 2, listening: 1, other: 0 });
    expect(engine.execs.filter((c) => c[1] === '/proc/net/dev')).toEqual(Array(3).fill(['cat', '/proc/net/dev']));
  });

  it('a timed-out poll skips a tick; an exec that fails (container stopped) ends the watch', async () => {
    const engine = new PollingEngine();
    const answers: Array<() => Promise<ExecResult>> = [
      async () => ({ exitCode: 0, stdout: netDev(100, 10), stderr: '', timedOut: false }),
      async () => ({ exitCode: null, stdout: '', stderr: '', timedOut: true }),
      async () => ({ exitCode: 0, stdout: netDev(300, 30), stderr: '', timedOut: false }),
      () => Promise.reject(new AppError('CONFLICT', 'container web is not running')),
    ];
    engine.netDev = () => answers.shift()!();
    const { monitor, samples } = setup(engine, { kind: 'apple' });
    await monitor.watch(ref);
    await flush();
    await vi.advanceTimersByTimeAsync(6000);
    expect(samples.map((s) => [s.rxBytes, s.rxBytesPerSec])).toEqual([
      [100, null],
      [300, 50],
    ]);
    expect(monitor.size).toBe(0);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(engine.execs.filter((c) => c[1] === '/proc/net/dev')).toHaveLength(4);
  });

  it('unwatch stops the polling', async () => {
    const engine = new PollingEngine();
    engine.netDev = async () => ({ exitCode: 0, stdout: netDev(1, 1), stderr: '', timedOut: false });
    const { monitor } = setup(engine, { kind: 'apple' });
    await monitor.watch(ref);
    await flush();
    monitor.unwatch(ref);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(engine.execs.filter((c) => c[1] === '/proc/net/dev')).toHaveLength(1);
  });
});
