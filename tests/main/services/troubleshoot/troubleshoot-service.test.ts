import { afterEach, describe, expect, it } from 'vitest';
import {
  DiagnosticsProgressSchema,
  SettingsSchema,
  TroubleshootReportSchema,
  TroubleshootRequestSchema,
  type Container,
  type DiagnosticsProgress,
  type PortHolder,
} from '../../../../src/shared/contract';
import { renderTroubleshootMarkdown } from '../../../../src/shared/troubleshoot-markdown';
import type { EngineRegistry } from '../../../../src/main/engines/engine-registry';
import { DiagnosticsService } from '../../../../src/main/services/diagnostics/diagnostics-service';
import type { HostPortSnapshot } from '../../../../src/main/services/ports/host-port-snapshot';
import { PortsService } from '../../../../src/main/services/ports/ports-service';
import { TroubleshootService } from '../../../../src/main/services/troubleshoot/troubleshoot-service';
import { ENGINE_ID, FakeNetworkEngine, attachment, fakeContainer, network, published } from '../diagnostics/fake-network-engine';
import { fakeRegistry } from '../diagnostics/fake-network-engine';

const registries: EngineRegistry[] = [];
afterEach(() => {
  for (const r of registries.splice(0)) r.stop();
});

async function setup(engine: FakeNetworkEngine, hostHolders: Record<number, PortHolder> = {}) {
  const registry = await fakeRegistry(engine);
  registries.push(registry);
  const progress: DiagnosticsProgress[] = [];
  const emitProgress = (p: DiagnosticsProgress) => progress.push(DiagnosticsProgressSchema.parse(p));
  const readHostPorts = async (): Promise<HostPortSnapshot> => ({
    isFree: (_ip, port) => !hostHolders[port],
    holdersOf: async (port) => (hostHolders[port] ? [{ holder: hostHolders[port] }] : []),
  });
  const diagnostics = new DiagnosticsService({ engines: registry, emitProgress, readHostPorts });
  const ports = new PortsService({
    readHostPorts,
    containers: () => [...engine.boxes.values()].map((b) => b.container),
    settings: () => SettingsSchema.parse({ engineSockets: [] }),
    emitConflict: () => undefined,
  });
  const service = new TroubleshootService({ engines: registry, diagnostics, ports, emitProgress, platform: 'linux' });
  const run = async (req: Record<string, unknown>) => TroubleshootReportSchema.parse(await service.run(TroubleshootRequestSchema.parse(req)));
  return { run, progress, diagnostics };
}

const steps = (r: { steps: Array<{ id: string; status: string }> }) => r.steps.map((s) => `${s.id}=${s.status}`);
const on = (net: string, ip: string, name: string) => attachment(net, ip, [name]);

describe('web-unreachable', () => {
  const web = (bind: string, over: Partial<Container> = {}) =>
    fakeContainer(
      'web',
      { ports: [published(8080)], networks: [on('appnet', '10.1.0.2', 'web')], ...over },
      { listeners: [{ protocol: 'tcp', address: bind, port: 80 }] },
    );

  it('stops at "listening on loopback only", streams each step in order, and reports it as the cause', async () => {
    const engine = new FakeNetworkEngine('docker', [web('127.0.0.1')]);
    const { run, progress } = await setup(engine);
    const r = await run({ scenario: 'web-unreachable', engineId: ENGINE_ID, id: 'web', runId: 'walk-0001' });
    expect(r.title).toBe("I can't reach the web service in my container");
    expect(steps(r)).toEqual(['container-running=pass', 'published-port=pass', 'listener-for-each-port=pass', 'listener-not-loopback-only=fail']);
    expect(r.verdict).toBe('cause-found');
    expect(r.cause).toMatchObject({ stepId: 'listener-not-loopback-only', summary: expect.stringContaining('only on 127.0.0.1') });
    expect(r.cause!.fixes.join('\n')).toContain('httpd -p 0.0.0.0:80');
    expect(progress.map((p) => [p.runId, p.engineId, p.containerId, p.position, p.result.id])).toEqual(
      r.steps.map((s, i) => ['walk-0001', ENGINE_ID, 'web-0123456789abcdef', i, s.id]),
    );
    expect(r.subject).toBe('web (web-01234567) on Docker 20.10.24');
    expect(r.markdown).toBe(renderTroubleshootMarkdown({ ...r, markdown: undefined } as never));
  });

  it('a container that publishes nothing: the fix is a run command with -p, in the engine own CLI', async () => {
    for (const kind of ['docker', 'podman'] as const) {
      const { run } = await setup(new FakeNetworkEngine(kind, [web('0.0.0.0', { ports: [] })]));
      const r = await run({ scenario: 'web-unreachable', engineId: ENGINE_ID, id: 'web' });
      expect(r.cause!.stepId).toBe('published-port');
      expect(r.cause!.fixes.join('\n')).toContain(`${kind} run -p 8080:80 …`);
      registries.splice(0).forEach((x) => x.stop());
    }
  });

  it('hostPort narrows the walk to that mapping: a port it does not publish is the cause', async () => {
    const { run } = await setup(new FakeNetworkEngine('docker', [web('0.0.0.0')]));
    const r = await run({ scenario: 'web-unreachable', engineId: ENGINE_ID, id: 'web', hostPort: 9090 });
    expect(r.cause).toMatchObject({ stepId: 'published-port', summary: 'web does not publish host port 9090; it publishes 127.0.0.1:8080 → 80/tcp.' });
  });

  it('a stopped container ends the walk at its first step', async () => {
    const engine = new FakeNetworkEngine('docker', [web('0.0.0.0', { state: 'exited', status: 'Exited (0)' })]);
    const { run } = await setup(engine);
    const r = await run({ scenario: 'web-unreachable', engineId: ENGINE_ID, id: 'web' });
    expect(steps(r)).toEqual(['container-running=fail']);
    expect(engine.calls).toEqual([]);
  });
});

describe('port-in-use', () => {
  it('a host process holds the port: names it with pid and the commands to find and stop it; no engine or container in progress', async () => {
    const node: PortHolder = {
      kind: 'process',
      pid: 4242,
      command: '/usr/bin/node server.js',
      user: 'me',
      hostIp: '127.0.0.1',
      hostPort: 8080,
      protocol: 'tcp',
    };
    const { run, progress } = await setup(new FakeNetworkEngine('docker'), { 8080: node });
    const r = await run({ scenario: 'port-in-use', hostPort: 8080 });
    expect(r.verdict).toBe('cause-found');
    expect(r.cause!.summary).toBe(
      'Port 8080/tcp is held by a host process: node (pid 4242) on 127.0.0.1. The engine cannot bind a port a host process already listens on.',
    );
    expect(r.cause!.fixes).toEqual(expect.arrayContaining(["ss -ltnp 'sport = :8080'", 'lsof -nP -iTCP:8080 -sTCP:LISTEN', 'kill 4242']));
    expect(progress.map((p) => [p.engineId, p.containerId])).toEqual([[null, null]]);
    expect(r.subject).toBe('host port 8080/tcp');
  });

  it('another running container publishes it: names the container and how to stop it', async () => {
    const other = fakeContainer('api', { ports: [published(8080)] });
    const mine = fakeContainer('web', { state: 'created', status: 'Created', ports: [published(8080)] });
    const { run } = await setup(new FakeNetworkEngine('podman', [other, mine]));
    const r = await run({ scenario: 'port-in-use', engineId: ENGINE_ID, id: 'web' });
    expect(r.cause!.stepId).toBe('port-holder-8080-tcp');
    expect(r.cause!.summary).toContain('held by container api');
    expect(r.cause!.fixes[0]).toBe('podman stop api');
  });

  it("the container's own mapping is not a conflict, and a free port passes", async () => {
    const { run } = await setup(new FakeNetworkEngine('docker', [fakeContainer('web', { ports: [published(8080)] })]));
    const own = await run({ scenario: 'port-in-use', engineId: ENGINE_ID, id: 'web' });
    expect(own.verdict).toBe('no-problem');
    expect(own.steps[0].evidence.join('\n')).toContain('(the container itself)');
    const free = await run({ scenario: 'port-in-use', hostPort: 18080 });
    expect(free).toMatchObject({ verdict: 'no-problem', steps: [expect.objectContaining({ summary: 'Nothing holds port 18080/tcp now: it is free.' })] });
  });
});

describe('no-internet', () => {
  it('network mode none is the cause', async () => {
    const { run } = await setup(new FakeNetworkEngine('docker', [fakeContainer('box', { networkMode: 'none', networks: [] })]));
    const r = await run({ scenario: 'no-internet', engineId: ENGINE_ID, id: 'box' });
    expect(r.cause).toMatchObject({ stepId: 'network-reaches-outside', summary: expect.stringContaining('network mode none') });
  });

  it('only an internal network is the cause, with a connect fix', async () => {
    const engine = new FakeNetworkEngine('docker', [
      fakeContainer('box', { networkMode: 'vault', networks: [on('vault', '10.9.0.2', 'box')] }, { defaultRoute: false }),
    ]);
    engine.networks.push(network('vault', { internal: true }));
    const { run } = await setup(engine);
    const r = await run({ scenario: 'no-internet', engineId: ENGINE_ID, id: 'box' });
    expect(r.cause!.summary).toContain('only on internal network vault');
    expect(r.cause!.fixes[0]).toContain('docker network connect bridge box');
  });

  it('no default route, then no nameserver: each is the cause in turn', async () => {
    const noRoute = await setup(new FakeNetworkEngine('docker', [fakeContainer('box', {}, { defaultRoute: false })]));
    expect((await noRoute.run({ scenario: 'no-internet', engineId: ENGINE_ID, id: 'box' })).cause!.stepId).toBe('default-route');
    const noDns = await setup(new FakeNetworkEngine('docker', [fakeContainer('box', {}, { resolvConf: '# nothing\n' })]));
    expect((await noDns.run({ scenario: 'no-internet', engineId: ENGINE_ID, id: 'box' })).cause!.stepId).toBe('resolv-conf-nameservers');
  });

  it('without a name and a target nothing outside is contacted, and the run is inconclusive', async () => {
    const engine = new FakeNetworkEngine('docker', [fakeContainer('box')]);
    const { run } = await setup(engine);
    const r = await run({ scenario: 'no-internet', engineId: ENGINE_ID, id: 'box' });
    expect(r.verdict).toBe('inconclusive');
    expect(steps(r).slice(-2)).toEqual(['resolver-answers=skipped', 'outside-connectivity=skipped']);
    expect(r.steps.at(-1)!.summary).toContain('set a target you allow');
    expect(engine.calls.filter((c) => ['nc', 'ping', 'nslookup'].includes(c.argv[0]))).toEqual([]);
  });

  it('with a target, only that target is tried', async () => {
    const engine = new FakeNetworkEngine('docker', [fakeContainer('box')]);
    engine.names.set('registry.internal', '192.0.2.10');
    engine.open.add('192.0.2.10 443');
    const { run } = await setup(engine);
    const r = await run({ scenario: 'no-internet', engineId: ENGINE_ID, id: 'box', dnsName: 'registry.internal', outsideTarget: '192.0.2.10:443' });
    expect(r.verdict).toBe('no-problem');
    expect(engine.calls.filter((c) => c.argv[0] === 'nc').map((c) => c.argv)).toEqual([['nc', '-w', '2', '192.0.2.10', '443']]);
  });
});

describe('containers-cant-talk', () => {
  it('different networks: "no shared network", with a connect fix for this engine', async () => {
    const engine = new FakeNetworkEngine('podman', [
      fakeContainer('a', { networks: [on('net-a', '10.1.0.2', 'a')] }),
      fakeContainer('b', { networks: [on('net-b', '10.2.0.2', 'b')] }),
    ]);
    engine.networks.push(network('net-a'), network('net-b'));
    const { run } = await setup(engine);
    const r = await run({ scenario: 'containers-cant-talk', engineId: ENGINE_ID, id: 'a', peers: ['b'] });
    expect(steps(r)).toEqual(['container-running=pass', 'peer-running=pass', 'shared-network=fail']);
    expect(r.cause!.summary).toContain('no shared network');
    expect(r.cause!.fixes).toEqual(['podman network connect net-a b']);
  });

  it('a stopped peer is the cause', async () => {
    const engine = new FakeNetworkEngine('docker', [fakeContainer('a'), fakeContainer('b', { state: 'exited' })]);
    const { run } = await setup(engine);
    const r = await run({ scenario: 'containers-cant-talk', engineId: ENGINE_ID, id: 'a', peers: ['b'] });
    expect(r.cause).toEqual({ stepId: 'peer-running', summary: 'b is exited.', fixes: ['docker start b'] });
  });

  it('on the default bridge: warns that names do not resolve there, then reaches the peer by IP', async () => {
    const engine = new FakeNetworkEngine('docker', [
      fakeContainer('a'),
      fakeContainer('b', { networks: [attachment('bridge', '172.17.0.3')] }, { listeners: [{ protocol: 'tcp', address: '0.0.0.0', port: 80 }] }),
    ]);
    engine.open.add('172.17.0.3 80');
    const { run } = await setup(engine);
    const r = await run({ scenario: 'containers-cant-talk', engineId: ENGINE_ID, id: 'a', peers: ['b'] });
    expect(steps(r)).toEqual(['container-running=pass', 'peer-running=pass', 'shared-network=pass', 'peer-name-resolves=warn', 'peer-connectivity=pass']);
    expect(r.verdict).toBe('inconclusive');
    expect(r.steps[3].summary).toContain('default network');
    expect(r.steps[3].fixes[0]).toContain('docker network create app-net');
  });
});

describe('dns-broken', () => {
  it('the name given does not resolve: the resolver step is the cause', async () => {
    const { run } = await setup(new FakeNetworkEngine('docker', [fakeContainer('a', { networks: [on('appnet', '10.1.0.2', 'a')] })]));
    const r = await run({ scenario: 'dns-broken', engineId: ENGINE_ID, id: 'a', dnsName: 'db' });
    expect(r.cause).toMatchObject({ stepId: 'resolver-answers', summary: 'db did not resolve inside a.' });
  });

  it('on a user network: a container name resolves, and the tally counts nothing', async () => {
    const engine = new FakeNetworkEngine('docker', [
      fakeContainer('a', { networks: [on('appnet', '10.1.0.2', 'a')] }),
      fakeContainer('b', { networks: [on('appnet', '10.1.0.3', 'b')] }),
    ]);
    const { run, diagnostics } = await setup(engine);
    const r = await run({ scenario: 'dns-broken', engineId: ENGINE_ID, id: 'a', dnsName: 'b' });
    expect(r.verdict).toBe('no-problem');
    expect(r.steps.at(-1)!.evidence.join('\n')).toContain('nslookup b: 10.1.0.3');
    expect(diagnostics.tally({ engineId: ENGINE_ID, id: 'a' })).toEqual({ dnsFailures: 0, networkErrors: 0 });
  });

  it('records its failures in the tally the monitor reads', async () => {
    const { run, diagnostics } = await setup(new FakeNetworkEngine('docker', [fakeContainer('a', {}, { resolvConf: '' })]));
    await run({ scenario: 'dns-broken', engineId: ENGINE_ID, id: 'a' });
    expect(diagnostics.tally({ engineId: ENGINE_ID, id: 'a' })).toEqual({ dnsFailures: 1, networkErrors: 0 });
  });
});
