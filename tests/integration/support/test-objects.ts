import type Docker from 'dockerode';
import { TEST_IMAGE, TEST_LABEL, dockerClient, freePort, uniqueName, type TestEngine } from './test-engines';
import { waitFor } from './test-core';

export interface ContainerSpec {
  name?: string;
  cmd?: string[];
  /** `{ '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '18080' }] }` */
  ports?: Record<string, Array<{ HostIp?: string; HostPort?: string }>>;
  network?: string;
  aliases?: string[];
  start?: boolean;
}

/**
 * Creates containers and networks straight through the engine API (not through the app under
 * test) and removes every one of them in `cleanup()`, which tests call from afterEach/afterAll
 * so a failing test still leaves nothing behind.
 */
export class TestObjects {
  readonly docker: Docker;
  private readonly containers = new Set<string>();
  private readonly networks = new Set<string>();

  constructor(readonly engine: TestEngine) {
    this.docker = dockerClient(engine);
  }

  async network(name = uniqueName('net'), subnet?: string): Promise<string> {
    await this.docker.createNetwork({
      Name: name,
      Driver: 'bridge',
      Labels: { [TEST_LABEL]: '1' },
      ...(subnet ? { IPAM: { Driver: 'default', Config: [{ Subnet: subnet }] } } : {}),
    });
    this.networks.add(name);
    return name;
  }

  async container(spec: ContainerSpec = {}): Promise<{ id: string; name: string }> {
    const name = spec.name ?? uniqueName('c');
    const exposed = Object.fromEntries(Object.keys(spec.ports ?? {}).map((k) => [k, {}]));
    const created = await this.docker.createContainer({
      name,
      Image: TEST_IMAGE,
      Cmd: spec.cmd ?? ['sleep', '600'],
      Labels: { [TEST_LABEL]: '1' },
      ExposedPorts: exposed,
      StopTimeout: 1,
      HostConfig: { PortBindings: spec.ports ?? {}, NetworkMode: spec.network ?? undefined },
      NetworkingConfig: spec.network ? { EndpointsConfig: { [spec.network]: { Aliases: spec.aliases ?? [] } } } : undefined,
    });
    this.containers.add(created.id);
    if (spec.start !== false) await created.start();
    return { id: created.id, name };
  }

  /**
   * A busybox httpd bound to `bind` inside the container, published on a free port of the host's
   * 127.0.0.1; resolves once something listens on :80 inside (httpd forks right after start).
   */
  async httpd(bind: string, extra: Pick<ContainerSpec, 'network' | 'aliases' | 'name'> = {}): Promise<{ id: string; name: string; hostPort: number }> {
    const hostPort = await freePort();
    const c = await this.container({
      cmd: ['httpd', '-f', '-p', `${bind}:80`, '-h', '/www'],
      ports: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: String(hostPort) }] },
      ...extra,
    });
    await waitFor(async () => (await this.exec(c.id, ['netstat', '-tln'])).includes(':80 '), 10_000, 'httpd to listen');
    return { ...c, hostPort };
  }

  /** Runs argv in a container (the engine API, no shell) and returns its output. */
  async exec(id: string, argv: string[]): Promise<string> {
    const e = await this.docker.getContainer(id).exec({ Cmd: argv, AttachStdout: true, AttachStderr: true });
    const stream = await e.start({});
    return new Promise<string>((resolve, reject) => {
      let text = '';
      stream.on('data', (d: Buffer) => (text += d.toString('latin1')));
      stream.on('end', () => resolve(text));
      stream.on('error', reject);
    });
  }

  /** Takes responsibility for removing a container the app under test created. */
  adopt(id: string): void {
    this.containers.add(id);
  }

  async cleanup(): Promise<void> {
    for (const id of this.containers) {
      await this.docker
        .getContainer(id)
        .remove({ force: true })
        .catch(() => undefined);
    }
    this.containers.clear();
    for (const name of this.networks) {
      await this.docker
        .getNetwork(name)
        .remove()
        .catch(() => undefined);
    }
    this.networks.clear();
  }

  /**
   * Sweeps what an earlier, killed run of the tests left behind: objects with the test label, and
   * containers the app under test created with the tests' own name prefix.
   */
  async sweepLeftovers(): Promise<void> {
    const filters = { label: [TEST_LABEL] };
    const labelled = await this.docker.listContainers({ all: true, filters }).catch(() => []);
    const named = await this.docker.listContainers({ all: true, filters: { name: ['ck-it-'] } }).catch(() => []);
    const ours = named.filter((c) => c.Names.some((n) => n.replace(/^\//, '').startsWith('ck-it-')));
    for (const c of [...labelled, ...ours])
      await this.docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined);
    const nets = await this.docker.listNetworks({ filters }).catch(() => []);
    for (const n of nets)
      await this.docker
        .getNetwork(n.Id)
        .remove()
        .catch(() => undefined);
  }
}
