import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NetworkSchema } from '../../../../src/shared/contract';
import { AppError } from '../../../../src/shared/errors';
import type { CreateNetworkSpec, EventSubscription, NetworkEvent } from '../../../../src/main/engines/container-engine';
import { AppleContainerEngine } from '../../../../src/main/engines/apple/apple-engine';
import { createFakeAdmin, type FakeAdmin } from './fake-admin';
import { createFakeCli, type FakeCli } from './fake-container-cli';

let fake: FakeCli;
let admin: FakeAdmin;
let adminCwd: string;
let engine: AppleContainerEngine;
const subscriptions: EventSubscription[] = [];

function setup(dirPrefix?: string): void {
  fake = createFakeCli({ dirPrefix });
  adminCwd = mkdtempSync(path.join(tmpdir(), 'ck-apple-admin-'));
  admin = createFakeAdmin(adminCwd);
  engine = new AppleContainerEngine({ binary: fake.binary, pollIntervalMs: 50, adminRunner: admin.runner });
}

beforeEach(() => setup());

afterEach(() => {
  for (const s of subscriptions.splice(0)) s.close();
  engine.dispose();
  rmSync(fake.dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  rmSync(adminCwd, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
});

async function errorOf(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected a rejection');
}

async function waitFor(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const bridge = (patch: Partial<CreateNetworkSpec>): CreateNetworkSpec => ({
  name: 'lab',
  driver: 'bridge',
  internal: false,
  ipv6: false,
  dnsServers: [],
  labels: {},
  ...patch,
});

describe('Apple networks through the engine', () => {
  it('declares what Apple can do', () => {
    expect(engine.capabilities).toEqual({ connectRunning: false, networkDrivers: ['bridge'], perNetworkDns: false, dnsDomains: true });
  });

  it('lists networks sorted by name, with members from `ls -a`', async () => {
    const list = await engine.listNetworks();
    expect(list.map((n) => [n.name, n.isDefault, n.containers.map((m) => m.containerName)])).toEqual([
      ['backend', false, ['web']],
      ['default', true, []],
    ]);
    for (const n of list) expect(NetworkSchema.parse(n).engineId).toBe(engine.id);
    expect(
      fake
        .calls()
        .map((a) => a.join(' '))
        .sort(),
    ).toEqual(['ls -a --format json', 'network ls --format json']);
  });

  it('inspects one network; unknown and hostile names fail', async () => {
    const n = await engine.inspectNetwork('backend');
    expect(n).toMatchObject({ id: 'backend', driver: 'nat', subnets: [{ subnet: '192.168.100.0/24', gateway: '192.168.100.1' }, {}] });
    expect(n.containers[0]).toMatchObject({ containerId: 'web', ipv4Address: '192.168.100.2', prefixLength: 24 });
    expect((await errorOf(engine.inspectNetwork('nope'))).code).toBe('NOT_FOUND');
    const before = fake.calls().length;
    for (const bad of ['--help', '-a', 'a b', '../x', '']) expect((await errorOf(engine.inspectNetwork(bad))).code).toBe('INVALID_INPUT');
    expect(fake.calls().length).toBe(before);
  });

  it('creates a host-only network with a subnet and labels, and it shows up', async () => {
    const id = await engine.createNetwork(bridge({ internal: true, subnet: '10.20.0.0/24', labels: { team: 'qa' } }));
    expect(id).toBe('lab');
    expect(fake.calls().at(-1)).toEqual(['network', 'create', '--internal', '--subnet', '10.20.0.0/24', '--label', 'team=qa', 'lab']);
    expect(await engine.inspectNetwork('lab')).toMatchObject({
      driver: 'hostOnly',
      internal: true,
      labels: { team: 'qa' },
      subnets: [{ subnet: '10.20.0.0/24', gateway: '10.20.0.1' }],
    });
  });

  it('refuses what Apple cannot create before running anything', async () => {
    const err = await errorOf(engine.createNetwork(bridge({ driver: 'macvlan', parent: 'en0' })));
    expect(err.code).toBe('UNSUPPORTED');
    expect(err.message).toMatch(/^Apple container cannot set driver macvlan on a network/);
    expect((await errorOf(engine.createNetwork(bridge({ gateway: '10.0.0.254' })))).message).toContain('gateway');
    expect(fake.calls()).toEqual([]);
  });

  it('an existing name is a CLI error carrying the CLI message', async () => {
    const err = await errorOf(engine.createNetwork(bridge({ name: 'backend' })));
    expect(err.code).toBe('ENGINE_ERROR');
    expect(err.message).toContain('already exists');
  });

  it('removes a network; unknown is NOT_FOUND; the builtin default is a CONFLICT', async () => {
    await engine.removeNetwork('backend');
    expect(fake.calls().at(-1)).toEqual(['network', 'rm', 'backend']);
    expect((await engine.listNetworks()).map((n) => n.name)).toEqual(['default']);
    expect((await errorOf(engine.removeNetwork('backend'))).code).toBe('NOT_FOUND');
    const def = await errorOf(engine.removeNetwork('default'));
    expect(def.code).toBe('CONFLICT');
    expect(def.message).toContain('built-in default network');
    expect((await errorOf(engine.removeNetwork('-a'))).code).toBe('INVALID_INPUT');
  });

  it('connect and disconnect are UNSUPPORTED with the reason, and run nothing', async () => {
    const message =
      'Apple container attaches networks only when a container is created (container run --network …); it cannot connect or disconnect a container afterwards.';
    const c = await errorOf(engine.connectNetwork('backend', 'db', { aliases: [] }));
    const d = await errorOf(engine.disconnectNetwork('backend', 'web', false));
    expect([c.code, c.message, d.code, d.message]).toEqual(['UNSUPPORTED', message, 'UNSUPPORTED', message]);
    expect(fake.calls()).toEqual([]);
  });

  it('createContainer passes network and DNS options as argv; host networking is refused', async () => {
    // The fake answers no `create`; the argv it logged is what matters.
    await errorOf(
      engine.createContainer({
        image: 'alpine',
        name: 'x',
        network: 'backend',
        ports: [],
        env: [],
        dns: ['192.0.2.11'],
        dnsSearch: ['corp'],
        dnsOptions: ['ndots:2'],
        dnsDomain: 'test',
      }),
    );
    expect(fake.calls().at(-1)).toEqual([
      'create',
      '--name',
      'x',
      '--network',
      'backend',
      '--dns',
      '192.0.2.11',
      '--dns-search',
      'corp',
      '--dns-option',
      'ndots:2',
      '--dns-domain',
      'test',
      'alpine',
    ]);
    const host = await errorOf(engine.createContainer({ image: 'alpine', network: 'host', ports: [], env: [] }));
    expect([host.code, host.message]).toEqual(['UNSUPPORTED', expect.stringContaining('Apple container has no host network')]);
    expect(fake.calls()).toHaveLength(1);
  });
});

describe('exec', () => {
  it('passes argv verbatim and returns output and exit code 0', async () => {
    const argv = ['$(id)', 'a b', "it's", '--flag', ';', '*'];
    const r = await engine.exec('web', ['argv', ...argv], { timeoutMs: 5000 });
    expect(r).toEqual({ exitCode: 0, stdout: `${JSON.stringify(argv)}\n`, stderr: '', timedOut: false });
    expect(fake.calls().at(-1)).toEqual(['exec', 'web', 'argv', ...argv]);
  });

  it('returns a non-zero exit, even when the command prints "not found", instead of throwing', async () => {
    const r = await engine.exec('web', ['fail', '3', 'Error: web: thing not found'], { timeoutMs: 5000 });
    expect(r).toEqual({ exitCode: 3, stdout: 'partial\n', stderr: 'Error: web: thing not found\n', timedOut: false });
    const missing = await engine.exec('web', ['nslookup', 'db'], { timeoutMs: 5000 });
    expect(missing).toMatchObject({ exitCode: 127, timedOut: false });
    expect(missing.stderr).toContain('executable file not found');
  });

  it('reads resolv.conf', async () => {
    expect((await engine.exec('web', ['cat', '/etc/resolv.conf'], { timeoutMs: 5000 })).stdout).toBe('nameserver 192.168.100.1\nsearch test\n');
  });

  it('reports a timeout as timedOut, not as an error', async () => {
    const r = await engine.exec('web', ['sleep', '10'], { timeoutMs: 300 });
    expect(r).toMatchObject({ exitCode: null, timedOut: true });
  });

  it('an unknown container is NOT_FOUND, a stopped one is a CONFLICT, a dead API server is unavailable', async () => {
    expect((await errorOf(engine.exec('nope', ['argv'], { timeoutMs: 5000 }))).code).toBe('NOT_FOUND');
    const stopped = await errorOf(engine.exec('db', ['argv'], { timeoutMs: 5000 }));
    expect([stopped.code, stopped.message]).toEqual(['CONFLICT', expect.stringContaining('db is not running')]);
    fake.setRunning(false);
    expect((await errorOf(engine.exec('web', ['argv'], { timeoutMs: 5000 }))).code).toBe('ENGINE_UNAVAILABLE');
  });

  it('refuses hostile ids and options-as-commands without running anything', async () => {
    for (const id of ['--help', '-it', 'a b', '$(id)']) expect((await errorOf(engine.exec(id, ['argv'], { timeoutMs: 1000 }))).code).toBe('INVALID_INPUT');
    for (const cmd of [[], ['--help'], ['-c', 'x'], [''], ['a\0b']]) {
      expect((await errorOf(engine.exec('web', cmd, { timeoutMs: 1000 }))).code).toBe('INVALID_INPUT');
    }
    expect(fake.calls()).toEqual([]);
  });
});

describe('DNS domains', () => {
  it('lists domains (JSON), and falls back to the 0.5 plain-text list', async () => {
    expect(await engine.listDnsDomains()).toEqual(['host.container.internal', 'test']);
    fake.setDnsLegacy(true);
    expect(await engine.listDnsDomains()).toEqual(['host.container.internal', 'test']);
    expect(fake.calls().slice(-2)).toEqual([
      ['system', 'dns', 'ls', '--format', 'json'],
      ['system', 'dns', 'list'],
    ]);
  });

  it('create and delete run as root through the administrator prompt, never through the plain CLI', async () => {
    await engine.createDnsDomain('dev.local', '203.0.113.7');
    await engine.deleteDnsDomain('test');
    expect(fake.adminCalls()).toEqual([
      ['system', 'dns', 'create', '--localhost', '203.0.113.7', 'dev.local'],
      ['system', 'dns', 'delete', 'test'],
    ]);
    expect(admin.scripts[1]).toBe(`do shell script "'${fake.binary}' 'system' 'dns' 'delete' 'test'" with administrator privileges`);
    expect(await engine.listDnsDomains()).toEqual(['dev.local', 'host.container.internal']);
  });

  it('maps an existing domain, an unknown one and a cancelled prompt', async () => {
    expect((await errorOf(engine.createDnsDomain('test'))).code).toBe('CONFLICT');
    expect((await errorOf(engine.deleteDnsDomain('nope'))).code).toBe('NOT_FOUND');
    admin.answer = 'cancel';
    expect((await errorOf(engine.createDnsDomain('new'))).code).toBe('UNAUTHORIZED');
    expect(fake.adminCalls()).toHaveLength(2);
  });

  it('hostile domains are rejected before any prompt or CLI call', async () => {
    for (const d of ['x"; touch pwned; "', "a'b", '$(touch pwned)', '--help', 'a\\b']) {
      expect((await errorOf(engine.createDnsDomain(d))).code).toBe('INVALID_INPUT');
      expect((await errorOf(engine.deleteDnsDomain(d))).code).toBe('INVALID_INPUT');
    }
    expect((await errorOf(engine.createDnsDomain('ok', '192.0.2.11 && id'))).code).toBe('INVALID_INPUT');
    expect(admin.scripts).toEqual([]);
    expect(fake.calls()).toEqual([]);
  });

  it('a binary path full of shell and AppleScript syntax is quoted, not run', async () => {
    engine.dispose();
    rmSync(fake.dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
    rmSync(adminCwd, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
    setup(`ck "apple" 'q' \\ $(touch pwned) \`touch pwned\` ; -`);
    await engine.createDnsDomain('quoted');
    expect(fake.adminCalls()).toEqual([['system', 'dns', 'create', 'quoted']]);
    expect(existsSync(path.join(adminCwd, 'pwned'))).toBe(false);
  });
});

describe('network events from the poller', () => {
  function watchNetworks() {
    const seen: NetworkEvent[] = [];
    subscriptions.push(engine.watch({ onEvent: () => undefined, onNetworkEvent: (e) => seen.push(e), onEnd: () => undefined }));
    return seen;
  }
  const networkPolls = () => fake.calls().filter((a) => a[0] === 'network' && a[1] === 'ls').length;

  it('the first poll is a baseline; create, membership changes and rm are upserts and removes', async () => {
    const seen = watchNetworks();
    await waitFor(() => networkPolls() >= 2);
    expect(seen).toEqual([]);

    await engine.createNetwork(bridge({}));
    await waitFor(() => seen.some((e) => e.id === 'lab'));
    const added = seen.find((e) => e.id === 'lab')!;
    expect(added).toMatchObject({ id: 'lab', action: 'upsert', raw: 'poll', network: { name: 'lab', driver: 'nat' } });
    expect(seen.filter((e) => e.id !== 'lab')).toEqual([]);

    // web stops: backend loses its only member, which is a change to backend.
    await engine.stopContainer('web');
    await waitFor(() => seen.some((e) => e.id === 'backend'));
    expect(seen.find((e) => e.id === 'backend')?.network?.containers).toEqual([]);

    await engine.removeNetwork('lab');
    await waitFor(() => seen.some((e) => e.id === 'lab' && e.action === 'remove'));
    expect(seen.at(-1)).toEqual({ id: 'lab', action: 'remove', raw: 'poll' });
  });

  it('a failing `network ls` keeps the baseline: no removes, and container events still flow', async () => {
    const seen = watchNetworks();
    const containerEvents: string[] = [];
    subscriptions.push(engine.watch({ onEvent: (e) => containerEvents.push(e.id), onEnd: () => undefined }));
    await waitFor(() => networkPolls() >= 4);
    fake.setNetworkLsFails(true);
    const failedFrom = networkPolls();
    await engine.startContainer('db');
    await waitFor(() => containerEvents.includes('db') && networkPolls() >= failedFrom + 4);
    expect(seen).toEqual([]);
    fake.setNetworkLsFails(false);
    // db now runs on `default`, so the first good poll after the blip reports that change only.
    await waitFor(() => seen.length > 0);
    await new Promise((r) => setTimeout(r, 200));
    expect(seen.map((e) => [e.id, e.action])).toEqual([['default', 'upsert']]);
    expect(seen[0].network?.containers.map((m) => m.containerName)).toEqual(['db']);
  });
});
