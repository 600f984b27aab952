import { afterEach, describe, expect, it } from 'vitest';
import { DiagnosticsProgressSchema, DiagnosticsReportSchema, type DiagnosticsProgress, type PortHolder, type Protocol } from '../../../../src/shared/contract';
import { AppError } from '../../../../src/shared/errors';
import type { EngineRegistry } from '../../../../src/main/engines/engine-registry';
import { ALL_CHECKERS } from '../../../../src/main/services/diagnostics/diagnostics';
import { DiagnosticsService } from '../../../../src/main/services/diagnostics/diagnostics-service';
import type { HostPortSnapshot, ReadHostPorts } from '../../../../src/main/services/ports/host-port-snapshot';
import { ENGINE_ID, FakeNetworkEngine, attachment, fakeContainer, fakeRegistry, published } from './fake-network-engine';

const registries: EngineRegistry[] = [];
afterEach(() => {
  for (const r of registries.splice(0)) r.stop();
});

/** A host socket table with one holder per port, as the app's reader returns it. */
function hostPorts(holders: Record<number, PortHolder>, asked: Array<readonly Protocol[] | undefined> = []): ReadHostPorts {
  return async (protocols) => {
    asked.push(protocols);
    const snapshot: HostPortSnapshot = {
      isFree: (_ip, port) => !holders[port],
      holdersOf: async (port) => (holders[port] ? [{ holder: holders[port] }] : []),
    };
    return snapshot;
  };
}

async function setup(engine: FakeNetworkEngine, readHostPorts?: ReadHostPorts) {
  const registry = await fakeRegistry(engine);
  registries.push(registry);
  const progress: Array<DiagnosticsProgress & { order: number }> = [];
  let order = 0;
  const service = new DiagnosticsService({
    engines: registry,
    emitProgress: (p) => progress.push({ ...DiagnosticsProgressSchema.parse(p), order: order++ }),
    readHostPorts,
  });
  return { service, progress };
}

const web = () =>
  fakeContainer(
    'web',
    { ports: [published(8080)], networks: [attachment('appnet', '10.1.0.2', ['web'])] },
    { listeners: [{ protocol: 'tcp', address: '127.0.0.1', port: 80 }] },
  );

describe('DiagnosticsService.run', () => {
  it('streams every result with the run id before returning a report the contract accepts', async () => {
    const engine = new FakeNetworkEngine('docker', [web()]);
    const { service, progress } = await setup(engine, hostPorts({}));
    const report = await service.run({ engineId: ENGINE_ID, id: 'web', runId: 'run-12345678' });
    expect(DiagnosticsReportSchema.parse(report)).toEqual(report);
    expect(report.runId).toBe('run-12345678');
    expect(progress.map((p) => p.result.id).sort()).toEqual(report.results.map((r) => r.id).sort());
    expect(progress.every((p) => p.runId === 'run-12345678' && p.engineId === ENGINE_ID && p.containerId === 'web-0123456789abcdef')).toBe(true);
    // Each carries its checker's place in the run, whatever order they finished in.
    expect(progress.map((p) => [p.result.id, p.position]).sort()).toEqual(ALL_CHECKERS.map((c, i) => [c.id, i]).sort());
    const byId = Object.fromEntries(report.results.map((r) => [r.id, r]));
    expect(byId['listener-not-loopback-only'].status).toBe('fail');
    expect(report.facts).toMatchObject({ containerName: 'web', addresses: ['10.1.0.2/24'], gateway: '10.1.0.1', ports: [published(8080)] });
  });

  it('makes a run id when the request has none', async () => {
    const { service } = await setup(new FakeNetworkEngine('docker', [web()]), hostPorts({}));
    const a = await service.run({ engineId: ENGINE_ID, id: 'web' });
    const b = await service.run({ engineId: ENGINE_ID, id: 'web' });
    expect(a.runId).toMatch(/^[a-zA-Z0-9_-]{8,64}$/);
    expect(a.runId).not.toBe(b.runId);
  });

  it('reports a stopped container: container-running fails, everything else is skipped, no facts', async () => {
    const engine = new FakeNetworkEngine('docker', [fakeContainer('db', { state: 'exited', status: 'Exited (1) 2 minutes ago' })]);
    const { service } = await setup(engine);
    const report = DiagnosticsReportSchema.parse(await service.run({ engineId: ENGINE_ID, id: 'db' }));
    expect(report.results.find((r) => r.id === 'container-running')).toMatchObject({ status: 'fail', summary: expect.stringContaining('exited') });
    expect(report.results.filter((r) => r.id !== 'container-running').every((r) => r.status === 'skipped')).toBe(true);
    expect(report.facts).toBeNull();
    expect(engine.calls).toEqual([]);
  });

  it("reads the host's sockets through the app's reader: another process on the published port is named", async () => {
    const asked: Array<readonly Protocol[] | undefined> = [];
    const nginx: PortHolder = {
      kind: 'process',
      pid: 4242,
      command: 'nginx: master process',
      user: 'root',
      hostIp: '127.0.0.1',
      hostPort: 8080,
      protocol: 'tcp',
    };
    const { service } = await setup(new FakeNetworkEngine('docker', [web()]), hostPorts({ 8080: nginx }, asked));
    const report = await service.run({ engineId: ENGINE_ID, id: 'web' });
    const held = report.results.find((r) => r.id === 'host-port-held-by-mapping')!;
    expect(held.status).toBe('fail');
    expect(held.evidence.join('\n')).toContain('nginx: (pid 4242)');
    expect(asked).toEqual([['tcp', 'udp']]);
  });

  it('refuses an unknown container with NOT_FOUND', async () => {
    const { service } = await setup(new FakeNetworkEngine('docker', [web()]));
    await expect(service.run({ engineId: ENGINE_ID, id: 'ghost' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('DiagnosticsService.facts', () => {
  it('gives addresses without loopback, the default gateway, published ports and where each fact came from', async () => {
    const box = web();
    box.container.ports.push({ hostIp: '', hostPort: null, containerPort: 443, protocol: 'tcp' });
    const { service } = await setup(new FakeNetworkEngine('docker', [box]));
    const facts = await service.facts({ engineId: ENGINE_ID, id: 'web' });
    expect(facts).toMatchObject({
      engineId: ENGINE_ID,
      containerId: 'web-0123456789abcdef',
      containerName: 'web',
      addresses: ['10.1.0.2/24'],
      gateway: '10.1.0.1',
      dns: { nameservers: ['127.0.0.11'], search: [], options: ['ndots:0'] },
      ports: [published(8080)],
      listeners: [{ protocol: 'tcp', address: '127.0.0.1', port: 80 }],
      sources: { interfaces: 'ip', routes: 'ip', listeners: 'netstat', dns: '/etc/resolv.conf' },
    });
    expect(facts.interfaces.map((i) => i.name)).toEqual(['lo', 'eth0']);
  });

  it('passes disableTools through: the /proc fallback is used and ip is never run', async () => {
    const engine = new FakeNetworkEngine('docker', [web()]);
    const { service } = await setup(engine);
    const facts = await service.facts({ engineId: ENGINE_ID, id: 'web' }, ['ip']);
    expect(engine.calls.some((c) => c.argv[0] === 'ip')).toBe(false);
    expect(facts.sources.routes).not.toBe('ip');
  });

  it('refuses a stopped container with CONFLICT, saying so', async () => {
    const { service } = await setup(new FakeNetworkEngine('docker', [fakeContainer('db', { state: 'exited' })]));
    const err = await service.facts({ engineId: ENGINE_ID, id: 'db' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'CONFLICT', message: 'db is exited: start it to look inside.' });
  });
});

describe('DiagnosticsService.tally', () => {
  it('counts failed DNS checks and failed connectivity checks per container, across runs and recorded troubleshoot steps', async () => {
    const a = fakeContainer('a', { networks: [attachment('appnet', '10.1.0.2', ['a'])] });
    const b = fakeContainer('b', { networks: [attachment('appnet', '10.1.0.3', ['b'])] });
    const engine = new FakeNetworkEngine('docker', [a, b]);
    const { service } = await setup(engine);
    // Nothing listens on b and ping is not permitted: peer connectivity fails; the name does not resolve.
    engine.names.delete('b');
    await service.run({ engineId: ENGINE_ID, id: 'a', peers: ['b'] });
    expect(service.tally({ engineId: ENGINE_ID, id: a.container.id })).toEqual({ dnsFailures: 1, networkErrors: 1 });
    await service.run({ engineId: ENGINE_ID, id: 'a', peers: ['b'], dnsName: 'nowhere.internal' });
    // By name or short id, as the monitor may hold either (the shared ref rule: a hex id prefix of 12+, see host-address).
    expect(service.tally({ engineId: ENGINE_ID, id: 'a' })).toEqual({ dnsFailures: 2, networkErrors: 2 });
    expect(service.tally({ engineId: ENGINE_ID, id: 'a-0123' })).toEqual({ dnsFailures: 0, networkErrors: 0 });
    service.record({ engineId: ENGINE_ID, containerId: a.container.id, containerName: 'a' }, [
      { id: 'resolv-conf-nameservers', title: 't', status: 'fail', summary: '', evidence: [], fixes: [], durationMs: 1, timedOut: false },
      { id: 'outside-connectivity', title: 't', status: 'fail', summary: '', evidence: [], fixes: [], durationMs: 1, timedOut: true },
      { id: 'listener-for-each-port', title: 't', status: 'fail', summary: '', evidence: [], fixes: [], durationMs: 1, timedOut: false },
      { id: 'dns-resolver', title: 't', status: 'pass', summary: '', evidence: [], fixes: [], durationMs: 1, timedOut: false },
    ]);
    expect(service.tally({ engineId: ENGINE_ID, id: 'a' })).toEqual({ dnsFailures: 3, networkErrors: 3 });
    expect(service.tally({ engineId: ENGINE_ID, id: b.container.id })).toEqual({ dnsFailures: 0, networkErrors: 0 });
    expect(service.tally({ engineId: 'unix:///other.sock', id: 'a' })).toEqual({ dnsFailures: 0, networkErrors: 0 });
  });
});
