import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Container, ContainersChanged, DiagnosticsAlert } from '../../../../src/shared/contract';
import { events } from '../../../../src/shared/contract';
import type { ExecResult } from '../../../../src/main/engines/container-engine';
import { StartCheck } from '../../../../src/main/services/diagnostics/start-check';

const fx = (name: string) => readFileSync(resolve(import.meta.dirname, '../../../fixtures/diagnostics', name), 'utf8');
const ENGINE = 'unix:///var/run/docker.sock';

const web = (state: Container['state'], startedAt = '2026-11-30T10:00:00.000Z'): Container => ({
  engineId: ENGINE,
  id: 'abc123',
  name: 'web',
  image: 'localhost/ck-test:latest',
  state,
  status: state,
  createdAt: null,
  startedAt,
  ports: [{ hostIp: '127.0.0.1', hostPort: 18080, containerPort: 80, protocol: 'tcp' }],
  networks: [],
  networkMode: 'bridge',
  labels: {},
});

/** Replays a container whose httpd listens on 127.0.0.1:80 only (captured on Docker), or on 0.0.0.0. */
function fakeEngine(listen: 'loopback' | 'all' | 'nothing', current: () => Container) {
  const execs: string[][] = [];
  const netstat = {
    loopback: fx('docker-usernet-loopback-netstat-tuln.txt'),
    all: 'Active Internet connections (only servers)\nProto Recv-Q Send-Q Local Address           Foreign Address         State\ntcp        0      0 0.0.0.0:80              0.0.0.0:*               LISTEN\n',
    nothing: 'Active Internet connections (only servers)\nProto Recv-Q Send-Q Local Address           Foreign Address         State\n',
  }[listen];
  return {
    execs,
    async getContainer() {
      return current();
    },
    async listContainers() {
      return [current()];
    },
    async exec(_id: string, argv: string[]): Promise<ExecResult> {
      execs.push(argv);
      if (argv[0] === 'netstat') return { exitCode: 0, stdout: netstat, stderr: '', timedOut: false };
      return { exitCode: 1, stdout: '', stderr: 'not in this test', timedOut: false };
    },
  };
}

describe('StartCheck (the quick check after a container starts)', () => {
  let alerts: DiagnosticsAlert[];
  let state: Container;
  beforeEach(() => {
    vi.useFakeTimers();
    alerts = [];
    state = web('exited');
  });
  afterEach(() => vi.useRealTimers());

  function setup(listen: 'loopback' | 'all' | 'nothing', enabled = true) {
    const engine = fakeEngine(listen, () => state);
    const check = new StartCheck({ engineFor: (id) => (id === ENGINE ? engine : null), enabled: () => enabled, onAlert: (a) => alerts.push(a), graceMs: 1000 });
    check.onContainersChanged({ type: 'snapshot', engineId: ENGINE, containers: [state] });
    const start = (startedAt?: string) => {
      state = web('running', startedAt);
      check.onContainersChanged({ type: 'upsert', engineId: ENGINE, container: state });
    };
    return { engine, check, start };
  }

  const settle = async (ms = 1000) => {
    await vi.advanceTimersByTimeAsync(ms);
    // The check itself runs real promises (exec replies): let them finish.
    await vi.runOnlyPendingTimersAsync();
  };

  it('alerts, after the grace period, when the server listens on loopback only', async () => {
    const { start, engine } = setup('loopback');
    start();
    await vi.advanceTimersByTimeAsync(999);
    expect(engine.execs).toHaveLength(0);
    await settle(1);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ engineId: ENGINE, containerId: 'abc123', containerName: 'web', checkId: 'listener-not-loopback-only' });
    expect(alerts[0].summary).toMatch(/127\.0\.0\.1/);
    expect(alerts[0].fixes.join('\n')).toMatch(/0\.0\.0\.0/);
    expect(events['diagnostics.alert'].safeParse(alerts[0]).success).toBe(true);
  });

  it('alerts when nothing listens on the published port', async () => {
    const { start } = setup('nothing');
    start();
    await settle();
    expect(alerts.map((a) => a.checkId)).toEqual(['listener-for-each-port']);
  });

  it('stays quiet when the server listens on all interfaces', async () => {
    const { start, engine } = setup('all');
    start();
    await settle();
    expect(engine.execs.length).toBeGreaterThan(0);
    expect(alerts).toEqual([]);
  });

  it('does not check containers that were already running at connect time, nor repeat events of one start', async () => {
    state = web('running');
    const { check, engine } = setup('loopback');
    check.onContainersChanged({ type: 'upsert', engineId: ENGINE, container: state });
    await settle();
    expect(engine.execs).toHaveLength(0);
    expect(alerts).toEqual([]);
  });

  it('checks once per start, and again after a restart', async () => {
    const { check, start } = setup('loopback');
    start('2026-11-30T10:00:00.000Z');
    check.onContainersChanged({ type: 'upsert', engineId: ENGINE, container: state });
    await settle();
    expect(alerts).toHaveLength(1);
    state = web('exited');
    check.onContainersChanged({ type: 'upsert', engineId: ENGINE, container: state });
    start('2026-11-30T10:05:00.000Z');
    await settle();
    expect(alerts).toHaveLength(2);
  });

  it('drops the check when the container stops during the grace period', async () => {
    const { check, start, engine } = setup('loopback');
    start();
    state = web('exited');
    check.onContainersChanged({ type: 'upsert', engineId: ENGINE, container: state });
    await settle();
    expect(engine.execs).toHaveLength(0);
    expect(alerts).toEqual([]);
  });

  it('does nothing when the user turned it off', async () => {
    const { start, engine } = setup('loopback', false);
    start();
    await settle();
    expect(engine.execs).toHaveLength(0);
    expect(alerts).toEqual([]);
  });

  it('ignores containers without published ports', async () => {
    const { check, engine } = setup('loopback');
    state = { ...web('running'), ports: [] };
    check.onContainersChanged({ type: 'upsert', engineId: ENGINE, container: state });
    await settle();
    expect(engine.execs).toHaveLength(0);
  });

  it('stop() cancels pending checks', async () => {
    const { check, start, engine } = setup('loopback');
    start();
    check.stop();
    await settle();
    expect(engine.execs).toHaveLength(0);
    expect(alerts).toEqual([]);
  });

  it('forgets a removed container', async () => {
    const { check, start, engine } = setup('loopback');
    start();
    const change: ContainersChanged = { type: 'remove', engineId: ENGINE, id: 'abc123' };
    check.onContainersChanged(change);
    await settle();
    expect(engine.execs).toHaveLength(0);
  });
});
