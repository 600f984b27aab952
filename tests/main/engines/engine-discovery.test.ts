import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discoverEndpoints, toEndpoint, wellKnownSockets, type DiscoveryContext } from '../../../src/main/engines/engine-discovery';

let home: string;
const servers: Server[] = [];

beforeEach(() => {
  // realpath: on some systems the temp dir itself is behind a symlink.
  home = realpathSync(mkdtempSync(join(tmpdir(), 'ck-disc-')));
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((r) => s.close(() => r()))));
  rmSync(home, { recursive: true, force: true });
});

function ctx(overrides: Partial<DiscoveryContext> & { present?: string[] } = {}): DiscoveryContext {
  const { present, ...rest } = overrides;
  const set = new Set(present ?? []);
  return {
    env: { TMPDIR: join(home, 'tmp') },
    platform: 'linux',
    home,
    extraSockets: [],
    exists: (p) => set.has(p),
    ...rest,
  };
}

const endpoints = (c: DiscoveryContext) => discoverEndpoints(c).map((e) => [e.endpoint, e.source]);

describe('toEndpoint', () => {
  it.each([
    ['/var/run/docker.sock', 'unix:///var/run/docker.sock'],
    ['  /run/podman/podman.sock  ', 'unix:///run/podman/podman.sock'],
    ['unix:///var/run/docker.sock', 'unix:///var/run/docker.sock'],
    ['tcp://127.0.0.1:2375', 'tcp://127.0.0.1:2375'],
    ['tcp://docker.local:2375/', 'tcp://docker.local:2375'],
    ['http://127.0.0.1:2375', 'tcp://127.0.0.1:2375'],
  ])('%s → %s', (input, expected) => {
    expect(toEndpoint(input)).toBe(expected);
  });

  it.each(['not a socket', 'relative/docker.sock', 'docker.sock', '', 'unix://relative.sock', 'tcp://', 'https://host:2376', 'npipe:////./pipe/docker_engine'])(
    'refuses %j',
    (input) => {
      expect(toEndpoint(input)).toBeNull();
    },
  );
});

describe('discoverEndpoints (injected exists)', () => {
  it('finds nothing when no socket exists and nothing is configured', () => {
    expect(discoverEndpoints(ctx())).toEqual([]);
  });

  it('always lists DOCKER_HOST (source env), even when its socket is missing', () => {
    expect(discoverEndpoints(ctx({ env: { DOCKER_HOST: 'unix:///nowhere/docker.sock' } }))).toEqual([
      { endpoint: 'unix:///nowhere/docker.sock', socketPath: '/nowhere/docker.sock', source: 'env' },
    ]);
    expect(endpoints(ctx({ env: { DOCKER_HOST: 'tcp://10.0.0.5:2375' } }))).toEqual([['tcp://10.0.0.5:2375', 'env']]);
    expect(discoverEndpoints(ctx({ env: { DOCKER_HOST: 'tcp://10.0.0.5:2375' } }))[0].socketPath).toBeNull();
  });

  it('ignores a DOCKER_HOST it cannot read', () => {
    expect(discoverEndpoints(ctx({ env: { DOCKER_HOST: 'ssh://me@host' } }))).toEqual([]);
  });

  it('always lists the settings sockets (source settings), normalized', () => {
    expect(endpoints(ctx({ extraSockets: ['/missing/a.sock', 'unix:///missing/b.sock', 'tcp://h:1', 'garbage'] }))).toEqual([
      ['unix:///missing/a.sock', 'settings'],
      ['unix:///missing/b.sock', 'settings'],
      ['tcp://h:1', 'settings'],
    ]);
  });

  it('lists well-known sockets only when they exist, in the documented order', () => {
    const present = ['/run/podman/podman.sock', join(home, '.colima/default/docker.sock'), '/var/run/docker.sock'];
    expect(endpoints(ctx({ present }))).toEqual([
      ['unix:///var/run/docker.sock', 'discovered'],
      [`unix://${join(home, '.colima/default/docker.sock')}`, 'discovered'],
      ['unix:///run/podman/podman.sock', 'discovered'],
    ]);
  });

  it('checks every well-known home socket', () => {
    const all = wellKnownSockets(ctx());
    for (const rel of [
      '.docker/run/docker.sock',
      '.docker/desktop/docker.sock',
      '.orbstack/run/docker.sock',
      '.colima/docker.sock',
      '.rd/docker.sock',
      '.lima/default/sock/docker.sock',
    ]) {
      expect(all).toContain(join(home, rel));
      expect(endpoints(ctx({ present: [join(home, rel)] }))).toEqual([[`unix://${join(home, rel)}`, 'discovered']]);
    }
  });

  it('finds the rootless Podman and Docker sockets under XDG_RUNTIME_DIR', () => {
    const xdg = '/run/user/1000';
    const c = ctx({ env: { XDG_RUNTIME_DIR: xdg }, present: [`${xdg}/podman/podman.sock`, `${xdg}/docker.sock`, '/run/podman/podman.sock'] });
    expect(endpoints(c)).toEqual([
      ['unix:///run/podman/podman.sock', 'discovered'],
      ['unix:///run/user/1000/podman/podman.sock', 'discovered'],
      ['unix:///run/user/1000/docker.sock', 'discovered'],
    ]);
    // Without XDG_RUNTIME_DIR those paths are not even considered.
    expect(wellKnownSockets(ctx()).some((p) => p.startsWith('/run/user/'))).toBe(false);
  });

  it('orders env, then settings, then discovered', () => {
    const c = ctx({
      env: { DOCKER_HOST: 'tcp://10.0.0.5:2375' },
      extraSockets: ['/opt/engine.sock'],
      present: ['/var/run/docker.sock'],
    });
    expect(endpoints(c)).toEqual([
      ['tcp://10.0.0.5:2375', 'env'],
      ['unix:///opt/engine.sock', 'settings'],
      ['unix:///var/run/docker.sock', 'discovered'],
    ]);
  });

  it('lists a socket given twice once, keeping the first source', () => {
    const sock = join(home, '.docker/run/docker.sock');
    const c = ctx({ env: { DOCKER_HOST: `unix://${sock}` }, extraSockets: [sock, `unix://${sock}`], present: [sock] });
    expect(endpoints(c)).toEqual([[`unix://${sock}`, 'env']]);
    expect(endpoints(ctx({ extraSockets: ['tcp://h:1', 'http://h:1/'] }))).toEqual([['tcp://h:1', 'settings']]);
  });

  it('finds macOS Podman machine sockets in the home and TMPDIR folders', () => {
    const machineDir = join(home, '.local/share/containers/podman/machine');
    const tmpPodman = join(home, 'tmp/podman');
    mkdirSync(join(machineDir, 'qemu'), { recursive: true });
    mkdirSync(join(machineDir, 'podman-machine-default'), { recursive: true });
    writeFileSync(join(machineDir, 'podman-machine-default-api.sock'), '');
    mkdirSync(tmpPodman, { recursive: true });
    writeFileSync(join(tmpPodman, 'dev-api.sock'), '');
    writeFileSync(join(tmpPodman, 'unrelated.json'), '');
    const present = [join(machineDir, 'qemu/podman.sock'), join(machineDir, 'podman-machine-default-api.sock'), join(tmpPodman, 'dev-api.sock')];
    // `exists` says which sockets are there; the folder listing decides which paths are tried at all.
    const mac = discoverEndpoints(ctx({ platform: 'darwin', present }));
    expect(mac.every((e) => e.source === 'discovered')).toBe(true);
    expect(mac.map((e) => e.endpoint).sort()).toEqual(present.map((p) => `unix://${p}`).sort());
    const tried = wellKnownSockets(ctx({ platform: 'darwin' }));
    expect(tried).toContain(join(machineDir, 'podman-machine-default/podman.sock'));
    expect(tried).toContain(join(tmpPodman, 'unrelated.json/podman.sock'));
    expect(tried).not.toContain(join(tmpPodman, 'unrelated.json'));
    // Linux never looks there.
    expect(endpoints(ctx({ platform: 'linux', present }))).toEqual([]);
  });

  it('survives missing machine folders on macOS', () => {
    expect(() => discoverEndpoints(ctx({ platform: 'darwin' }))).not.toThrow();
    expect(discoverEndpoints(ctx({ platform: 'darwin' }))).toEqual([]);
  });
});

describe('discoverEndpoints (real filesystem)', () => {
  async function listen(path: string): Promise<void> {
    const server = createServer();
    servers.push(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => resolve());
    });
  }

  it('lists a real socket, not a plain file at a well-known path, and one socket reached via a symlink once', async () => {
    const real = join(home, '.docker/run/docker.sock');
    const link = join(home, '.docker/desktop/docker.sock');
    const plainFile = join(home, '.orbstack/run/docker.sock');
    mkdirSync(join(home, '.docker/run'), { recursive: true });
    mkdirSync(join(home, '.docker/desktop'), { recursive: true });
    mkdirSync(join(home, '.orbstack/run'), { recursive: true });
    await listen(real);
    symlinkSync(real, link);
    writeFileSync(plainFile, 'not a socket');

    const found = discoverEndpoints({ env: { TMPDIR: join(home, 'tmp') }, platform: 'linux', home, extraSockets: [] });
    const mine = found.filter((e) => e.endpoint.includes(home));
    expect(mine).toEqual([{ endpoint: `unix://${real}`, socketPath: real, source: 'discovered' }]);
  });

  it('de-duplicates a settings symlink and the real socket it points at', async () => {
    const real = join(home, '.colima/default/docker.sock');
    mkdirSync(join(home, '.colima/default'), { recursive: true });
    await listen(real);
    const link = join(home, 'my-engine.sock');
    symlinkSync(real, link);

    const found = discoverEndpoints({ env: { TMPDIR: join(home, 'tmp') }, platform: 'linux', home, extraSockets: [link] });
    const mine = found.filter((e) => e.endpoint.includes(home));
    expect(mine).toEqual([{ endpoint: `unix://${link}`, socketPath: link, source: 'settings' }]);
  });
});
