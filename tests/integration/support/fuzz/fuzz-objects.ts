/**
 * The containers and networks the router fuzz owns on each engine, created straight through the
 * engine API, and before/after snapshots of everything the engines hold.
 *
 * Every object is named `ck-fuzz-<run>-…` and labelled `io.container-kit.fuzz=<run>`. None can
 * reach outside the machine: the containers that diagnostics and DNS calls may exec into run with
 * network mode `none`, and the fuzz networks are `internal`.
 */
import type Docker from 'dockerode';
import { TEST_IMAGE, TEST_LABEL, dockerClient, type TestEngine } from '../test-engines';

export const FUZZ_LABEL = 'io.container-kit.fuzz';
/** Ends on SIGTERM within a second, so a stop with a long timeout never waits for it. */
const IDLE = ['sh', '-c', 'trap "exit 0" TERM; while :; do sleep 1; done'];

export interface OwnedRef {
  id: string;
  name: string;
}

export interface EngineObjects {
  engine: TestEngine;
  /** Running, network mode none: the only container exec-ing channels may name. */
  isolated: OwnedRef;
  /** Running on `net` (internal). */
  member: OwnedRef;
  /** Created on `net`, never started by the setup: the one `containers.remove` may name. */
  victim: OwnedRef;
  /** Internal bridge network with `member` and `victim` on it. */
  net: OwnedRef;
  /** Internal bridge network with nothing on it: the one `networks.remove` may name. */
  spareNet: OwnedRef;
}

export interface SnapshotItem {
  id: string;
  name: string;
  labels: Record<string, string>;
}
export interface EngineSnapshot {
  containers: SnapshotItem[];
  networks: SnapshotItem[];
}

export class FuzzObjects {
  readonly docker: Docker;
  readonly prefix: string;

  constructor(
    readonly engine: TestEngine,
    readonly run: string,
  ) {
    this.docker = dockerClient(engine);
    this.prefix = `ck-fuzz-${run}-${engine.kind}`;
  }

  async create(): Promise<EngineObjects> {
    const labels = { [FUZZ_LABEL]: this.run };
    const network = async (suffix: string): Promise<OwnedRef> => {
      const name = `${this.prefix}-${suffix}`;
      const n = await this.docker.createNetwork({ Name: name, Driver: 'bridge', Internal: true, Labels: labels });
      return { id: n.id, name };
    };
    const container = async (suffix: string, networkMode: string, start: boolean): Promise<OwnedRef> => {
      const name = `${this.prefix}-${suffix}`;
      const c = await this.docker.createContainer({
        name,
        Image: TEST_IMAGE,
        Cmd: IDLE,
        Labels: labels,
        StopTimeout: 1,
        HostConfig: { NetworkMode: networkMode },
      });
      if (start) await c.start();
      return { id: c.id, name };
    };
    const net = await network('net');
    const spareNet = await network('net2');
    const isolated = await container('c', 'none', true);
    const member = await container('c2', net.name, true);
    const victim = await container('c3', net.name, false);
    return { engine: this.engine, isolated, member, victim, net, spareNet };
  }

  /** Removes every container and network of this run (the setup's and any the fuzz made through the app). */
  async cleanup(): Promise<void> {
    const containers = await this.docker.listContainers({ all: true }).catch(() => []);
    for (const c of containers) {
      if (c.Names.some((n) => n.replace(/^\//, '').startsWith(`ck-fuzz-${this.run}-`)) || c.Labels?.[FUZZ_LABEL] === this.run) {
        // A container the fuzz just stopped or restarted may refuse removal for a moment: retry until it is gone.
        for (let i = 0; i < 20; i++) {
          const gone = await this.docker
            .getContainer(c.Id)
            .remove({ force: true })
            .then(
              () => true,
              (e: { statusCode?: number }) => e.statusCode === 404,
            );
          if (gone) break;
          await new Promise((r) => setTimeout(r, 250));
        }
      }
    }
    const networks = await this.docker.listNetworks().catch(() => []);
    for (const n of networks) {
      if (n.Name.startsWith(`ck-fuzz-${this.run}-`) || n.Labels?.[FUZZ_LABEL] === this.run) {
        // Podman may still be tearing down a removed container's endpoint: retry briefly.
        for (let i = 0; i < 20; i++) {
          const gone = await this.docker
            .getNetwork(n.Id)
            .remove()
            .then(
              () => true,
              (e: { statusCode?: number }) => e.statusCode === 404,
            );
          if (gone) break;
          await new Promise((r) => setTimeout(r, 250));
        }
      }
    }
  }

  /** Names of this run's containers and networks still on the engine (none after `cleanup()`). */
  async leftovers(): Promise<string[]> {
    const mine = (name: string, labels?: Record<string, string>) =>
      name.replace(/^\//, '').startsWith(`ck-fuzz-${this.run}-`) || labels?.[FUZZ_LABEL] === this.run;
    const containers = await this.docker.listContainers({ all: true }).catch(() => []);
    const networks = await this.docker.listNetworks().catch(() => []);
    return [
      ...containers.filter((c) => c.Names.some((n) => mine(n, c.Labels))).map((c) => `container ${c.Names[0]}`),
      ...networks.filter((n) => mine(n.Name, n.Labels)).map((n) => `network ${n.Name}`),
    ];
  }

  /** Leftovers of an earlier fuzz run that was killed (older than ten minutes, so never a live run's). */
  async sweepOldRuns(): Promise<void> {
    const cutoff = Date.now() / 1000 - 600;
    const containers = await this.docker.listContainers({ all: true }).catch(() => []);
    for (const c of containers) {
      const ours = c.Names.some((n) => n.replace(/^\//, '').startsWith('ck-fuzz-')) || c.Labels?.[FUZZ_LABEL] !== undefined;
      if (ours && c.Created < cutoff)
        await this.docker
          .getContainer(c.Id)
          .remove({ force: true })
          .catch(() => undefined);
    }
    const networks = await this.docker.listNetworks().catch(() => []);
    for (const n of networks) {
      const ours = n.Name.startsWith('ck-fuzz-') || n.Labels?.[FUZZ_LABEL] !== undefined;
      if (ours && Date.parse(n.Created ?? '') / 1000 < cutoff)
        await this.docker
          .getNetwork(n.Id)
          .remove()
          .catch(() => undefined);
    }
  }

  async snapshot(): Promise<EngineSnapshot> {
    const containers = await this.docker.listContainers({ all: true });
    const networks = await this.docker.listNetworks();
    return {
      containers: containers.map((c) => ({ id: c.Id, name: (c.Names[0] ?? '').replace(/^\//, ''), labels: c.Labels ?? {} })),
      networks: networks.map((n) => ({ id: n.Id, name: n.Name, labels: n.Labels ?? {} })),
    };
  }
}

/**
 * Objects other test files and benchmarks create and remove while this one runs: they carry the
 * test label, or a `ck-` name (`ck-it-…`, `ck-bench-…`) that is not the fuzz's own.
 */
export const belongsToOtherTests = (item: SnapshotItem): boolean =>
  item.labels[TEST_LABEL] !== undefined || (item.name.startsWith('ck-') && !item.name.startsWith('ck-fuzz-'));

/** What changed between two snapshots, leaving out other tests' objects and `ignore`d ones. */
export function snapshotDiff(before: EngineSnapshot, after: EngineSnapshot, ignore: (item: SnapshotItem) => boolean): string[] {
  const out: string[] = [];
  for (const kind of ['containers', 'networks'] as const) {
    const was = new Map(before[kind].map((x) => [x.id, x]));
    const now = new Map(after[kind].map((x) => [x.id, x]));
    for (const [id, x] of was) if (!now.has(id) && !belongsToOtherTests(x) && !ignore(x)) out.push(`${kind}: ${x.name} (${id.slice(0, 12)}) is gone`);
    for (const [id, x] of now) if (!was.has(id) && !belongsToOtherTests(x) && !ignore(x)) out.push(`${kind}: ${x.name} (${id.slice(0, 12)}) is new`);
  }
  return out;
}
