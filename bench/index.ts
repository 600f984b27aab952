/**
 * `npm run bench`: Container Kit against the engine's own CLI, measured side by side in one run.
 * Not part of `npm test` (timings depend on the machine); the printed ratios are the result.
 *
 *   1. containers.list with 50 containers: the app's call (live cache, through the validated
 *      contract), the app's cold read (engine list + inspect of each), and `<cli> ps -a --format json`.
 *   2. Event latency: from issuing a stop to the containers.changed push, and from the engine's
 *      own `die` event time to the push.
 *   3. Host port checks: 1,000 ports from one socket-table read vs a bind per port; naming a
 *      port's holder vs `lsof`.
 *   4. Diagnostics: a full run against the same checklist by hand, firewall.status against
 *      iptables-save, the first live network sample against `<cli> stats --no-stream`.
 *   5. Event-loop stalls: the longest the main process's loop is held during a 1,000-port check,
 *      a 200-container list and a full diagnostics run (see stall-bench.ts).
 *
 * Arguments name the parts to run (`list ports diagnostics stalls`); none runs them all.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { createAppCore } from '../src/main/core/app-core';
import { DockerEngine } from '../src/main/engines/docker/docker-engine';
import { JsonLineDecoder } from '../src/main/engines/docker/docker-events';
import type { ContainersChanged } from '../src/shared/contract';
import { BENCH_IMAGE, BENCH_LABEL, removeBenchObjects } from './bench-objects';
import { median, ms, percentile, timeIt } from './bench-stats';
import { benchPorts } from './ports-bench';
import { benchDiagnostics } from './diagnostics-bench';
import { benchStalls } from './stall-bench';

const run = promisify(execFile);
const CONTAINERS = 50;
const LIST_ROUNDS = 30;
const EVENT_ROUNDS = 20;

const ENGINES = [
  { kind: 'docker', endpoint: 'unix:///var/run/docker.sock', socketPath: '/var/run/docker.sock', cli: ['docker', ['ps', '-a', '--format', '{{json .}}']] },
  {
    kind: 'podman',
    endpoint: 'unix:///run/podman/podman.sock',
    socketPath: '/run/podman/podman.sock',
    cli: ['podman', ['--url', 'unix:///run/podman/podman.sock', 'ps', '-a', '--format', 'json']],
  },
] as const;

async function benchEngine(e: (typeof ENGINES)[number]): Promise<void> {
  const docker = new Docker({ socketPath: e.socketPath });
  try {
    await docker.ping();
  } catch {
    console.log(`\n## ${e.kind}: not reachable at ${e.socketPath}, skipped`);
    return;
  }
  await removeBenchObjects(docker);
  const ids: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'ck-bench-'));
  const core = createAppCore({
    settingsFile: join(dir, 'settings.json'),
    appleCli: false,
    discovery: () => ({ env: {}, platform: 'linux', home: dir, extraSockets: [e.endpoint] }),
  });
  try {
    for (let i = 0; i < CONTAINERS; i++) {
      const c = await docker.createContainer({
        name: `ck-bench-${e.kind}-${i}`,
        Image: BENCH_IMAGE,
        Cmd: ['sleep', '3600'],
        Labels: { [BENCH_LABEL]: '1' },
        HostConfig: i % 2 === 0 ? { PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: String(31000 + i) }] } } : {},
        ExposedPorts: i % 2 === 0 ? { '80/tcp': {} } : {},
      });
      ids.push(c.id);
      if (i % 2 === 0) await c.start();
    }
    const events: Array<{ change: ContainersChanged; at: number }> = [];
    core.onEvent((name, payload) => {
      if (name === 'containers.changed') events.push({ change: payload as ContainersChanged, at: performance.now() + performance.timeOrigin });
    });
    await core.start();
    const deadline = Date.now() + 15_000;
    while (core.services.engines.list()[0]?.status !== 'available' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const listed = await core.invoke('containers.list', {});
    if (!listed.ok || (listed.data as unknown[]).length < CONTAINERS) throw new Error(`containers.list did not return the ${CONTAINERS} containers`);

    const cold = new DockerEngine({ endpoint: e.endpoint });
    const [cliBin, cliArgs] = e.cli;
    const app: number[] = [];
    const appCold: number[] = [];
    const cli: number[] = [];
    for (let i = 0; i < LIST_ROUNDS; i++) {
      // Interleaved so machine noise hits all three alike.
      app.push(await timeIt(() => core.invoke('containers.list', {})));
      appCold.push(await timeIt(() => cold.listContainers()));
      cli.push(await timeIt(() => run(cliBin, [...cliArgs], { maxBuffer: 16 * 1024 * 1024 })));
    }
    cold.dispose();
    const mCli = median(cli);
    console.log(`\n## ${e.kind} (${(listed.data as unknown[]).length} containers, ${LIST_ROUNDS} rounds, medians)`);
    console.log(`containers.list (app, live cache)     ${ms(median(app)).padStart(10)}   ratio to CLI ${(median(app) / mCli).toFixed(4)}x   (target <= 0.25x)`);
    console.log(`engine list + inspect each (cold)     ${ms(median(appCold)).padStart(10)}   ratio to CLI ${(median(appCold) / mCli).toFixed(4)}x`);
    console.log(`${cliBin} ps -a --format json             ${ms(mCli).padStart(10)}   1x`);

    const fromStop: number[] = [];
    const fromDie: number[] = [];
    const target = ids[0];
    const engineEvents = await docker.getEvents({ filters: { type: ['container'] } });
    const dieTimes = new Map<number, number>();
    let round = 0;
    // A chunk may end mid-message when the engine is busy: the app's own decoder keeps the rest.
    const decoder = new JsonLineDecoder();
    engineEvents.setEncoding('utf8');
    engineEvents.on('data', (chunk: string) =>
      decoder.push(chunk, (msg) => {
        if (msg.Action === 'die' && (msg.Actor?.ID ?? msg.id) === target && msg.timeNano) dieTimes.set(round, msg.timeNano / 1e6);
      }),
    );
    const waitPush = async (state: string, since: number): Promise<number> => {
      const end = Date.now() + 10_000;
      for (;;) {
        const hit = events.find((x) => x.at >= since && x.change.type === 'upsert' && x.change.container.id === target && x.change.container.state === state);
        if (hit) return hit.at;
        if (Date.now() > end) throw new Error(`no ${state} push within 10 s`);
        await new Promise((r) => setImmediate(r));
      }
    };
    for (round = 0; round < EVENT_ROUNDS; round++) {
      const t0 = performance.now() + performance.timeOrigin;
      await docker
        .getContainer(target)
        .stop({ t: 0 })
        .catch(() => undefined);
      const pushed = await waitPush('exited', t0);
      fromStop.push(pushed - t0);
      const die = dieTimes.get(round);
      if (die) fromDie.push(pushed - die);
      const t1 = performance.now() + performance.timeOrigin;
      await docker.getContainer(target).start();
      await waitPush('running', t1);
    }
    (engineEvents as unknown as { destroy(): void }).destroy();
    console.log(`stop issued -> containers.changed push  median ${ms(median(fromStop))}  p90 ${ms(percentile(fromStop, 90))}  (target < 150 ms)`);
    if (fromDie.length) console.log(`engine 'die' event -> push             median ${ms(median(fromDie))}  p90 ${ms(percentile(fromDie, 90))}`);
  } finally {
    await core.dispose();
    await removeBenchObjects(docker);
    rmSync(dir, { recursive: true, force: true });
  }
}

const PARTS: Record<string, () => Promise<void>> = {
  list: async () => {
    // Leftovers of an interrupted run on one engine would hold the ports the other one publishes.
    for (const e of ENGINES) await removeBenchObjects(new Docker({ socketPath: e.socketPath })).catch(() => undefined);
    for (const e of ENGINES) await benchEngine(e);
  },
  ports: benchPorts,
  diagnostics: benchDiagnostics,
  stalls: benchStalls,
};

async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((a) => !(a in PARTS));
  if (unknown.length) throw new Error(`Unknown bench part(s) ${unknown.join(', ')}: use ${Object.keys(PARTS).join(', ')}`);
  console.log(`Container Kit benchmark, ${new Date().toISOString()}, node ${process.version}`);
  for (const [name, part] of Object.entries(PARTS)) if (asked.length === 0 || asked.includes(name)) await part();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
