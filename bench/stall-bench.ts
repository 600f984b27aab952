/**
 * The longest event-loop stall of the main process while it answers a big request. The rule it
 * checks: no IPC call may hold the event loop for more than 50 ms (every other window, the tray
 * and the engines' heartbeats wait behind it).
 *
 * `monitorEventLoopDelay` samples with a 10 ms timer; its `max` is the longest gap between two
 * ticks, so an idle loop reads about 10 ms and a 100 ms synchronous slice reads about 100 ms.
 * A gap is not always this process's own work: on a small machine the engine's daemons, busy with
 * the very requests we send, take the CPU from it. So a second sampler notes how much CPU this
 * process used during its longest gap (all its threads, so an upper bound for the loop's own work).
 *
 * Measured, through the real router of an app core on Docker:
 *   - `ports.check` of 1,000 host ports (one range with a few busy ports, so conflicts, owner
 *     lookups and a suggestion all run), and of 1,000 one-port specs;
 *   - `containers.list` with 200 containers (and the cold load of those 200 when the app starts);
 *   - a full `diagnostics.run` (every checker) on a container with a published port and a peer.
 * The bench creates its own containers and network (labelled) and removes them at the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Docker from 'dockerode';
import { createAppCore, type AppCore } from '../src/main/core/app-core';
import { BENCH_IMAGE, BENCH_LABEL, removeBenchObjects } from './bench-objects';
import { ms } from './bench-stats';

const CONTAINERS = 200;
const ENDPOINT = 'unix:///var/run/docker.sock';
const SOCKET = '/var/run/docker.sock';
const TARGET_MS = 50;
const FIRST_PORT = 43_000;
const PUBLISHED_BASE = 34_000;

const sleep = (msec: number) => new Promise((r) => setTimeout(r, msec));

export interface Stall {
  /** monitorEventLoopDelay's max: the longest gap between two of its ticks. */
  maxMs: number;
  /** CPU this process used during the longest gap the second sampler saw. */
  cpuMs: number;
  durationMs: number;
}

/** A 5 ms timer noting its longest gap and the process's CPU time within it. */
function gapSampler(): () => { gapMs: number; cpuMs: number } {
  let last = performance.now();
  let cpu = process.cpuUsage();
  let worst = { gapMs: 0, cpuMs: 0 };
  const timer = setInterval(() => {
    const now = performance.now();
    const used = process.cpuUsage(cpu);
    if (now - last > worst.gapMs) worst = { gapMs: now - last, cpuMs: (used.user + used.system) / 1000 };
    last = now;
    cpu = process.cpuUsage();
  }, 5);
  return () => {
    clearInterval(timer);
    return worst;
  };
}

/**
 * Runs `fn` with the loop-delay histogram on; returns the longest gap between ticks, in ms. The
 * histogram only records from its second tick on, and a stall only once the tick after it fires:
 * hence the idle 30 ms before and after.
 */
export async function longestStall(fn: () => Promise<unknown>): Promise<Stall> {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  const stop = gapSampler();
  try {
    await sleep(30);
    const t0 = performance.now();
    await fn();
    const durationMs = performance.now() - t0;
    await sleep(30);
    return { maxMs: h.max / 1e6, cpuMs: stop().cpuMs, durationMs };
  } finally {
    h.disable();
    stop(); // again when fn threw: the sampler's timer must not outlive the measurement
  }
}

async function invoke(core: AppCore, channel: string, payload: unknown): Promise<unknown> {
  const r = await core.invoke(channel, payload);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.data;
}

async function listen(port: number): Promise<Server | null> {
  const s = createServer();
  return new Promise((resolve) => {
    s.once('error', () => resolve(null));
    s.listen(port, '127.0.0.1', () => resolve(s));
  });
}

const line = (what: string, r: Stall): string =>
  `${what.padEnd(48)} longest stall ${ms(r.maxMs).padStart(9)}  ${r.maxMs <= TARGET_MS ? 'ok  ' : 'OVER'}  (our CPU in the longest gap ${ms(r.cpuMs)}; whole call ${ms(r.durationMs)})`;

export async function benchStalls(): Promise<void> {
  const docker = new Docker({ socketPath: SOCKET });
  try {
    await docker.ping();
  } catch {
    console.log(`\n## event-loop stalls: Docker not reachable at ${SOCKET}, skipped`);
    return;
  }
  await removeBenchObjects(docker);
  const dir = mkdtempSync(join(tmpdir(), 'ck-bench-stall-'));
  const servers: Server[] = [];
  let core: AppCore | null = null;
  const suffix = `${process.pid}-${Date.now().toString(36)}`;
  try {
    // 200 containers; every fourth runs and publishes a port, so the list carries real bindings.
    for (let i = 0; i < CONTAINERS; i++) {
      const publish = i % 4 === 0;
      const c = await docker.createContainer({
        name: `ck-bench-stall-${suffix}-${i}`,
        Image: BENCH_IMAGE,
        Cmd: ['sleep', '3600'],
        Labels: { [BENCH_LABEL]: '1' },
        StopTimeout: 1,
        ExposedPorts: publish ? { '80/tcp': {} } : {},
        HostConfig: publish ? { PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: String(PUBLISHED_BASE + i) }] } } : {},
      });
      if (publish) await c.start().catch(() => undefined); // a port taken by someone else: stays created
    }
    const netName = `ck-bench-stall-net-${suffix}`;
    await docker.createNetwork({ Name: netName, Labels: { [BENCH_LABEL]: '1' } });
    const web = `ck-bench-stall-web-${suffix}`;
    const peer = `ck-bench-stall-peer-${suffix}`;
    for (const [name, publish] of [
      [web, true],
      [peer, false],
    ] as const) {
      const c = await docker.createContainer({
        name,
        Image: BENCH_IMAGE,
        Cmd: ['httpd', '-f', '-p', '0.0.0.0:80', '-h', '/www'],
        Labels: { [BENCH_LABEL]: '1' },
        StopTimeout: 1,
        ExposedPorts: { '80/tcp': {} },
        HostConfig: { NetworkMode: netName, ...(publish ? { PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] } } : {}) },
      });
      await c.start();
    }

    core = createAppCore({
      settingsFile: join(dir, 'settings.json'),
      appleCli: false,
      conflictScanMs: 0,
      quickCheckOnStart: false,
      discovery: () => ({ env: {}, platform: 'linux', home: dir, extraSockets: [ENDPOINT] }),
    });
    const app = core;
    const cold = await longestStall(async () => {
      await app.start();
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        const listed = (await invoke(app, 'containers.list', {})) as unknown[];
        if (listed.length >= CONTAINERS + 2) return;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`containers.list did not reach ${CONTAINERS} containers`);
    });

    // One call per turn of the loop, as separate IPC requests arrive: the figure is the longest single call.
    const list = await longestStall(async () => {
      for (let i = 0; i < 20; i++) {
        await invoke(app, 'containers.list', {});
        await new Promise((r) => setImmediate(r));
      }
    });

    // A few busy ports inside the checked range: conflicts, owner lookups and a suggestion all run.
    for (const p of [FIRST_PORT + 10, FIRST_PORT + 500, FIRST_PORT + 999]) {
      const s = await listen(p);
      if (s) servers.push(s);
    }
    const rangeSpec = {
      hostIp: '',
      hostPortStart: FIRST_PORT,
      hostPortEnd: FIRST_PORT + 999,
      containerPortStart: FIRST_PORT,
      containerPortEnd: FIRST_PORT + 999,
      protocol: 'tcp',
    };
    const oneRange = await longestStall(() => invoke(app, 'ports.check', { specs: [rangeSpec] }));
    const singles = Array.from({ length: 1000 }, (_, i) => ({
      ...rangeSpec,
      hostPortStart: FIRST_PORT + i,
      hostPortEnd: FIRST_PORT + i,
      containerPortStart: 80,
      containerPortEnd: 80,
    }));
    const manySpecs = await longestStall(() => invoke(app, 'ports.check', { specs: singles }));

    const ref = { engineId: ENDPOINT, id: web };
    await invoke(app, 'diagnostics.run', { ...ref, peers: [peer] }); // warm-up: first execs pay for image layers
    const diagnostics = await longestStall(async () => {
      for (let i = 0; i < 3; i++) await invoke(app, 'diagnostics.run', { ...ref, peers: [peer] });
    });

    console.log(`\n## event-loop stalls (monitorEventLoopDelay, 10 ms resolution; target <= ${TARGET_MS} ms)`);
    console.log(line('ports.check, one 1,000-port range, 3 busy', oneRange));
    console.log(line('ports.check, 1,000 one-port specs, 3 busy', manySpecs));
    console.log(line(`containers.list x20, ${CONTAINERS + 2} containers (Docker)`, list));
    console.log(line('diagnostics.run x3, every checker (Docker)', diagnostics));
    console.log(line(`app start, cold load of ${CONTAINERS + 2} containers`, cold));
  } finally {
    for (const s of servers) s.close();
    await core?.dispose();
    await removeBenchObjects(docker);
    rmSync(dir, { recursive: true, force: true });
  }
}
