/**
 * Diagnostics against doing the same by hand with the engine's CLI, side by side in one run:
 *   - a full `diagnostics.run` (every checker, in parallel) against the checklist a user types:
 *     inspect, exec `ip addr`, `ip route`, `netstat -tuln`, `cat /etc/resolv.conf`, `nslookup` of
 *     the peer, `nc -z` to the peer, `<cli> port`, and a TCP connect to the published port;
 *   - `firewall.status` against `iptables-save` alone (what the app reads, plus its explanation);
 *   - the first `monitor.sample` after `monitor.watch` against `<cli> stats --no-stream`.
 * Traffic goes only to loopback and to the containers this bench creates.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { createAppCore, type AppCore } from '../src/main/core/app-core';
import { median, ms, timeIt } from './bench-stats';

const run = promisify(execFile);
const ROUNDS = 8;
const LABEL = 'io.container-kit.bench';
const IMAGE = 'localhost/ck-test:latest';

const ENGINES = [
  { kind: 'docker', endpoint: 'unix:///var/run/docker.sock', socketPath: '/var/run/docker.sock', cli: ['docker'] },
  {
    kind: 'podman',
    endpoint: 'unix:///run/podman/podman.sock',
    socketPath: '/run/podman/podman.sock',
    cli: ['podman', '--url', 'unix:///run/podman/podman.sock'],
  },
] as const;

const tcpConnect = (port: number) =>
  new Promise<void>((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port }, () => {
      s.destroy();
      resolve();
    });
    s.on('error', () => resolve());
  });

async function invoke(core: AppCore, channel: string, payload: unknown): Promise<unknown> {
  const r = await core.invoke(channel, payload);
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.data;
}

export async function benchDiagnosticsEngine(e: (typeof ENGINES)[number]): Promise<void> {
  const docker = new Docker({ socketPath: e.socketPath });
  try {
    await docker.ping();
  } catch {
    console.log(`\n## diagnostics, ${e.kind}: not reachable, skipped`);
    return;
  }
  const suffix = `${process.pid}-${Date.now().toString(36)}`;
  const netName = `ck-bench-diag-${suffix}`;
  const hostPort = 32000 + (process.pid % 1000);
  const dir = mkdtempSync(join(tmpdir(), 'ck-bench-diag-'));
  const created: string[] = [];
  let core: AppCore | null = null;
  try {
    await docker.createNetwork({ Name: netName, Labels: { [LABEL]: '1' } });
    for (const [name, cmd, ports] of [
      [`ck-bench-web-${suffix}`, ['httpd', '-f', '-p', '0.0.0.0:80', '-h', '/www'], true],
      [`ck-bench-peer-${suffix}`, ['httpd', '-f', '-p', '80', '-h', '/www'], false],
    ] as const) {
      const c = await docker.createContainer({
        name,
        Image: IMAGE,
        Cmd: [...cmd],
        Labels: { [LABEL]: '1' },
        ExposedPorts: { '80/tcp': {} },
        HostConfig: { NetworkMode: netName, ...(ports ? { PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: String(hostPort) }] } } : {}) },
      });
      created.push(name);
      await c.start();
    }
    const [web, peer] = created;
    core = createAppCore({
      settingsFile: join(dir, 'settings.json'),
      appleCli: false,
      conflictScanMs: 0,
      discovery: () => ({ env: {}, platform: 'linux', home: dir, extraSockets: [e.endpoint] }),
    });
    await core.start();
    const deadline = Date.now() + 15_000;
    while (core.services.engines.list()[0]?.status !== 'available' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const ref = { engineId: e.endpoint, id: web };
    await invoke(core, 'diagnostics.run', { ...ref, peers: [peer] }); // warm-up

    const [cli, ...pre] = e.cli;
    const exec = (argv: string[]) => run(cli, [...pre, 'exec', web, ...argv]).catch(() => undefined);
    const byHand = async () => {
      await run(cli, [...pre, 'inspect', web]);
      await exec(['ip', 'addr']);
      await exec(['ip', 'route']);
      await exec(['netstat', '-tuln']);
      await exec(['cat', '/etc/resolv.conf']);
      await exec(['nslookup', peer]);
      await exec(['nc', '-z', '-w', '1', peer, '80']);
      await run(cli, [...pre, 'port', web]).catch(() => undefined);
      await tcpConnect(hostPort);
    };
    const app: number[] = [];
    const hand: number[] = [];
    let checks = 0;
    for (let i = 0; i < ROUNDS; i++) {
      app.push(
        await timeIt(async () => {
          const report = (await invoke(core!, 'diagnostics.run', { ...ref, peers: [peer] })) as { results: unknown[] };
          checks = report.results.length;
        }),
      );
      hand.push(await timeIt(byHand));
    }
    const fw: number[] = [];
    const fwCli: number[] = [];
    for (let i = 0; i < 3; i++) {
      // Waits past the service's short cache so each round really reads the firewall.
      await new Promise((r) => setTimeout(r, 5_100));
      fw.push(await timeIt(() => invoke(core!, 'firewall.status', { engineId: e.endpoint })));
      fwCli.push(await timeIt(() => run('iptables-save', []).catch(() => undefined)));
    }
    const firstSample: number[] = [];
    const statsCli: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const got = new Promise<void>((resolve) => {
        const off = core!.onEvent((name) => {
          if (name === 'monitor.sample') {
            off();
            resolve();
          }
        });
      });
      await invoke(core, 'monitor.watch', ref);
      await got;
      firstSample.push(performance.now() - t0);
      await invoke(core, 'monitor.unwatch', ref);
      statsCli.push(await timeIt(() => run(cli, [...pre, 'stats', '--no-stream', web])));
    }
    const a = median(app);
    const h = median(hand);
    console.log(`\n## diagnostics, ${e.kind} (${ROUNDS} rounds, medians)`);
    console.log(`diagnostics.run, ${checks} checks in parallel   ${ms(a).padStart(10)}   ratio to by-hand ${(a / h).toFixed(3)}x   (target <= 3 s)`);
    console.log(`the same checklist by hand with ${cli}        ${ms(h).padStart(10)}   1x`);
    console.log(
      `firewall.status (all ports explained)      ${ms(median(fw)).padStart(10)}   ratio to iptables-save ${(median(fw) / median(fwCli)).toFixed(2)}x (${ms(median(fwCli))})`,
    );
    console.log(
      `monitor.watch -> first sample              ${ms(median(firstSample)).padStart(10)}   ratio to ${cli} stats --no-stream ${(median(firstSample) / median(statsCli)).toFixed(2)}x (${ms(median(statsCli))})`,
    );
  } finally {
    await core?.dispose();
    for (const name of created)
      await docker
        .getContainer(name)
        .remove({ force: true })
        .catch(() => undefined);
    await docker
      .getNetwork(netName)
      .remove()
      .catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchDiagnostics(): Promise<void> {
  for (const e of ENGINES) await benchDiagnosticsEngine(e);
}
