/**
 * Live network samples through the real app core on Docker (1 s stats) and Podman (5 s stats).
 * Traffic goes only from this process to 127.0.0.1 on the port the test's own container publishes;
 * the container is removed in afterEach.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkSample } from '../../src/shared/contract';
import { TEST_ENGINES, freePort } from './support/test-engines';
import { TestObjects } from './support/test-objects';
import { TestCore, waitFor } from './support/test-core';

/** One HTTP request to the published loopback port; resolves with the bytes received. */
function httpGet(port: number): Promise<number> {
  return new Promise((resolve) => {
    let received = 0;
    const s = connect(port, '127.0.0.1', () => s.end('GET / HTTP/1.0\r\nHost: localhost\r\n\r\n'));
    s.on('data', (d: Buffer) => (received += d.length));
    s.on('close', () => resolve(received));
    s.on('error', () => resolve(received));
    s.setTimeout(2000, () => s.destroy());
  });
}

/** Requests every `everyMs` until stopped, so the counters move between samples. */
function trafficLoop(port: number, everyMs = 150): { stop(): Promise<void> } {
  let running = true;
  const done = (async () => {
    while (running) {
      await httpGet(port);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await done;
    },
  };
}

describe.each(TEST_ENGINES)('network monitor on $kind', (testEngine) => {
  const objects = new TestObjects(testEngine);
  const open: Socket[] = [];
  let app: TestCore;

  beforeAll(async () => {
    app = new TestCore([testEngine]);
    await app.start();
    await app.waitForEngine(testEngine.endpoint, 'available', 10_000);
  });
  afterEach(async () => {
    for (const s of open.splice(0)) s.destroy();
    await objects.cleanup();
  });
  afterAll(() => app?.dispose());

  it('streams growing rx/tx counters, rates from the second sample on, and TCP connection counts', async () => {
    const hostPort = await freePort();
    const c = await objects.container({
      cmd: ['httpd', '-f', '-p', '0.0.0.0:80', '-h', '/www'],
      ports: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: String(hostPort) }] },
    });
    await waitFor(async () => (await httpGet(hostPort)) > 0, 10_000, 'httpd to answer on the published port');
    const ref = { engineId: testEngine.endpoint, id: c.id };
    const since = Date.now();
    const samples = (): NetworkSample[] =>
      app.events
        .filter((e) => e.at >= since && e.event === 'monitor.sample')
        .map((e) => e.payload as NetworkSample)
        .filter((s) => s.containerId === c.id);

    const traffic = trafficLoop(hostPort);
    try {
      // One idle connection kept open, so there is something ESTABLISHED to count.
      const idle = connect(hostPort, '127.0.0.1');
      open.push(idle);
      const lease = await app.call<{ expiresAt: string; intervalMs: number }>('monitor.watch', ref);
      expect(lease.intervalMs).toBe(testEngine.kind === 'podman' ? 5000 : 1000);
      expect(Date.parse(lease.expiresAt) - Date.now()).toBeGreaterThan(10_000);
      await waitFor(() => samples().length >= 3 || undefined, lease.intervalMs * 4 + 5000, 'three monitor.sample events');
      // A renewal keeps the same stream: no second "first" sample with null rates.
      await app.call('monitor.watch', { engineId: testEngine.endpoint, id: c.name });
    } finally {
      await traffic.stop();
    }
    const got = samples();
    console.log(
      `[${testEngine.kind}] ${got.length} samples:\n${got.map((s) => `  ${s.at} rx=${s.rxBytes} tx=${s.txBytes} rx/s=${s.rxBytesPerSec} tx/s=${s.txBytesPerSec} conns=${JSON.stringify(s.connections)} errs=${s.rxErrors}/${s.txErrors} drop=${s.rxDropped}/${s.txDropped}`).join('\n')}`,
    );
    const [first, second] = got;
    const last = got[got.length - 1];
    expect(first).toMatchObject({ engineId: testEngine.endpoint, containerId: c.id, rxBytesPerSec: null, txBytesPerSec: null });
    expect(last.rxBytes).toBeGreaterThan(first.rxBytes);
    expect(last.txBytes).toBeGreaterThan(first.txBytes);
    for (const s of got.slice(1)) {
      expect(s.rxBytesPerSec).toEqual(expect.any(Number));
      expect(s.txBytesPerSec).toEqual(expect.any(Number));
    }
    expect(second.rxBytesPerSec! + second.txBytesPerSec!).toBeGreaterThan(0);
    expect(got.filter((s) => s.rxBytesPerSec === null)).toHaveLength(1);
    for (const s of got) {
      expect(s.connections).toEqual({ established: expect.any(Number), listening: expect.any(Number), other: expect.any(Number) });
      expect(s.connections!.listening).toBeGreaterThanOrEqual(1);
      expect(s).toMatchObject({ dnsFailures: expect.any(Number), networkErrors: expect.any(Number) });
    }
    expect(Math.max(...got.map((s) => s.connections!.established))).toBeGreaterThanOrEqual(1);

    // After unwatch no more samples arrive.
    expect(await app.call('monitor.unwatch', ref)).toEqual({ ok: true });
    const count = samples().length;
    await new Promise((r) => setTimeout(r, testEngine.kind === 'podman' ? 6000 : 2000));
    expect(samples().length).toBe(count);
  });

  it('a stopped container cannot be watched (CONFLICT); one that stops ends its stream by itself', async () => {
    const c = await objects.container({ cmd: ['sleep', '600'] });
    const ref = { engineId: testEngine.endpoint, id: c.id };
    await app.call('monitor.watch', ref);
    await objects.docker.getContainer(c.id).stop({ t: 0 });
    // Docker: the zero-time message ends it; Podman: the engine closes the stream. Either way a
    // new watch then inspects the container afresh and refuses.
    await waitFor(
      async () => {
        try {
          await app.call('monitor.watch', ref);
          return undefined;
        } catch (err) {
          return (err as { code?: string }).code === 'CONFLICT' || undefined;
        }
      },
      15_000,
      'monitor.watch to answer CONFLICT for the stopped container',
    );
    await expect(app.call('monitor.watch', { engineId: testEngine.endpoint, id: 'ck-it-no-such-container' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
