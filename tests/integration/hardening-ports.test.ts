import { createServer, type Server } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PORTS_PER_REQUEST, type Engine, type Envelope, type PortCheck } from '../../src/shared/contract';
import type { PortSpec } from '../../src/shared/port-spec';
import { readHostPortTable } from '../../src/main/services/ports/host-port-table';
import type { ReadHostPorts } from '../../src/main/services/ports/host-port-snapshot';
import { TEST_ENGINES, TEST_IMAGE, freePort } from './support/test-engines';
import { TestCore } from './support/test-core';

/**
 * `ports.check` through the real router and the host's real socket tables: the worst specs are
 * refused before any work, and the biggest allowed check leaves the event loop to other calls.
 * Timings are printed, never asserted; what is asserted is who answers first.
 */
const engine = TEST_ENGINES[0];

const range = (start: number, end: number, containerStart = start, containerEnd = end): PortSpec => ({
  hostIp: '',
  hostPortStart: start,
  hostPortEnd: end,
  containerPortStart: containerStart,
  containerPortEnd: containerEnd,
  protocol: 'tcp',
});
const everyPort = range(1, 65535);

async function listen(port: number): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return server;
}

describe('ports.check cannot hold the main process', () => {
  const servers: Server[] = [];
  /** Called each time the app has read the host's socket tables (its work starts right after). */
  let onTableRead: (() => void) | null = null;
  const readHostPorts: ReadHostPorts = async (protocols) => {
    const table = await readHostPortTable(protocols);
    onTableRead?.();
    return table;
  };
  let app: TestCore;

  beforeAll(async () => {
    app = new TestCore([engine], { readHostPorts });
    await app.start();
    await app.waitForEngine(engine.endpoint, 'available', 10_000);
  });
  afterEach(() => {
    onTableRead = null;
    for (const s of servers.splice(0)) s.close();
  });
  afterAll(() => app?.dispose());

  it.each<[string, string, unknown]>([
    ['one spec of every port (1-65535:1-65535)', 'ports.check', { specs: [everyPort] }],
    ['eight specs of every port', 'ports.check', { specs: Array.from({ length: 8 }, () => everyPort) }],
    ['1,024 specs of every port', 'ports.check', { specs: Array.from({ length: 1024 }, () => everyPort) }],
    ['a dynamic host range of every port (1-65535:80)', 'ports.check', { specs: [range(1, 65535, 80, 80)] }],
    ['a container range published on random ports (1-65535)', 'ports.check', { specs: [{ ...everyPort, hostPortStart: null, hostPortEnd: null }] }],
    ['a new container publishing every port', 'containers.create', { engineId: engine.endpoint, image: TEST_IMAGE, ports: [everyPort], start: false }],
  ])('refuses %s with INVALID_INPUT naming the limit', async (_label, channel, payload) => {
    const t0 = performance.now();
    const res = await app.core.invoke(channel, payload);
    console.log(`${channel} refused in ${(performance.now() - t0).toFixed(1)} ms`);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.code).toBe('INVALID_INPUT');
    expect(res.error.message).toContain(`at most ${MAX_PORTS_PER_REQUEST} ports`);
  });

  it(`a check of ${MAX_PORTS_PER_REQUEST} ports with busy ones among them lets engines.list answer first`, async () => {
    // A block of ports around one the kernel says is free; two of them held by this process.
    const near = await freePort();
    const start = Math.min(Math.max(1024, near - 100), 65536 - MAX_PORTS_PER_REQUEST);
    const spec = range(start, start + MAX_PORTS_PER_REQUEST - 1);
    for (const p of [near, start + MAX_PORTS_PER_REQUEST - 1]) servers.push(await listen(p));

    const order: string[] = [];
    const listed: { answer?: Promise<Envelope<unknown>> } = {};
    onTableRead = () => {
      // A click in another window, arriving as the check starts its work.
      setImmediate(() => {
        listed.answer = app.core.invoke('engines.list', {}).then((res) => {
          order.push('engines.list');
          return res;
        });
      });
    };
    // A window polling the engines every 5 ms, for the printed figures.
    let polling = true;
    let answers = 0;
    let longestWait = 0;
    const poll = (async () => {
      while (polling) {
        const asked = performance.now();
        await new Promise((r) => setTimeout(r, 5));
        await app.core.invoke('engines.list', {});
        longestWait = Math.max(longestWait, performance.now() - asked - 5);
        answers++;
      }
    })();

    const h = monitorEventLoopDelay({ resolution: 10 });
    h.enable();
    await new Promise((r) => setTimeout(r, 30));
    const t0 = performance.now();
    const res = await app.core.invoke('ports.check', { specs: [spec] });
    order.push('ports.check');
    const took = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 30));
    h.disable();
    polling = false;
    await poll;
    console.log(
      `ports.check of ${MAX_PORTS_PER_REQUEST} ports: ${took.toFixed(0)} ms; longest event-loop stall ${(h.max / 1e6).toFixed(1)} ms; ` +
        `engines.list answered ${answers} times meanwhile, longest wait ${longestWait.toFixed(1)} ms`,
    );

    expect(order).toEqual(['engines.list', 'ports.check']);
    const engines = await listed.answer;
    expect(engines?.ok).toBe(true);
    if (engines?.ok) expect((engines.data as Engine[]).map((e) => e.id)).toContain(engine.endpoint);

    expect(res.ok).toBe(true);
    if (!res.ok) return;
    const [check] = (res.data as { checks: PortCheck[] }).checks;
    expect(check.ok).toBe(false);
    for (const p of [near, start + MAX_PORTS_PER_REQUEST - 1]) {
      const conflict = check.conflicts.find((c) => c.hostPort === p);
      expect(conflict?.holders).toContainEqual(expect.objectContaining({ kind: 'process', pid: process.pid }));
    }
    const moved = check.suggestion!;
    expect((moved.hostPortEnd ?? 0) - (moved.hostPortStart ?? 0)).toBe(MAX_PORTS_PER_REQUEST - 1);
  });
});
