/**
 * Troubleshooting through the full app core against real Docker and Podman. Traffic goes only to
 * 127.0.0.1 on the host and to the test's own containers and networks, which afterEach removes.
 */
import { createServer, type Server } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ContainerFactsSchema,
  DiagnosticsProgressSchema,
  DiagnosticsReportSchema,
  TroubleshootReportSchema,
  type DiagnosticsProgress,
  type TroubleshootReport,
} from '../../src/shared/contract';
import { TEST_ENGINES, freePort } from './support/test-engines';
import { TestObjects } from './support/test-objects';
import { TestCore, waitFor } from './support/test-core';

describe.each(TEST_ENGINES)('troubleshoot on $kind', (testEngine) => {
  const objects = new TestObjects(testEngine);
  const servers: Server[] = [];
  let app: TestCore;
  const cli = testEngine.kind;

  beforeAll(async () => {
    await objects.sweepLeftovers();
    app = new TestCore([testEngine]);
    await app.start();
    await app.waitForEngine(testEngine.endpoint, 'available', 15_000);
  });
  afterEach(async () => {
    for (const s of servers.splice(0)) s.close();
    await objects.cleanup();
  });
  afterAll(() => app?.dispose());

  const engineId = testEngine.endpoint;
  /** Waits until something listens on :80 inside the container (httpd forks right after start). */
  const listening = (id: string) => waitFor(async () => (await objects.exec(id, ['netstat', '-tln'])).includes(':80 '), 10_000, 'httpd to listen');
  const httpd = (bind: string, extra: { network?: string } = {}) => objects.httpd(bind, extra);

  const troubleshoot = async (req: Record<string, unknown>) => TroubleshootReportSchema.parse(await app.call<TroubleshootReport>('troubleshoot.run', req));
  const ids = (r: TroubleshootReport) => r.steps.map((s) => `${s.id}=${s.status}`);

  it('web-unreachable, httpd on 127.0.0.1 inside: the cause is "listening on loopback only", with the fix', async () => {
    const c = await httpd('127.0.0.1');
    const started = performance.now();
    const r = await troubleshoot({ scenario: 'web-unreachable', engineId, id: c.name, runId: 'web-loopback-1' });
    console.log(`[${cli}] web-unreachable (loopback) took ${Math.round(performance.now() - started)} ms (report ${r.durationMs} ms): ${ids(r).join(', ')}`);
    expect(r.verdict).toBe('cause-found');
    expect(r.cause!.stepId).toBe('listener-not-loopback-only');
    expect(r.cause!.summary).toMatch(/only on 127\.0\.0\.1/);
    expect(r.cause!.fixes.join('\n')).toMatch(/0\.0\.0\.0:80/);
    // Stopped at the cause: the mapping checks after it never ran.
    expect(r.steps.at(-1)!.id).toBe('listener-not-loopback-only');
    expect(ids(r)).toEqual(['container-running=pass', 'published-port=pass', 'listener-for-each-port=pass', 'listener-not-loopback-only=fail']);
    expect(r.markdown).toContain("# I can't reach the web service in my container");
    expect(r.markdown).toContain('## Cause');
  });

  it('web-unreachable, httpd on 0.0.0.0: no problem, and progress events arrive before the call returns', async () => {
    const c = await httpd('0.0.0.0');
    const runId = `web-ok-${Date.now()}`;
    let returnedAt = 0;
    const started = performance.now();
    const r = await troubleshoot({ scenario: 'web-unreachable', engineId, id: c.id, runId, hostPort: c.hostPort }).then((x) => {
      returnedAt = Date.now();
      return x;
    });
    console.log(
      `[${cli}] web-unreachable (0.0.0.0) took ${Math.round(performance.now() - started)} ms (report ${r.durationMs} ms): ${r.steps.map((s) => `${s.id}=${s.status}/${s.durationMs}ms`).join(', ')}`,
    );
    expect(r.verdict, r.markdown).toBe('no-problem');
    expect(r.cause).toBeNull();
    expect(r.steps.map((s) => s.id)).toEqual([
      'container-running',
      'published-port',
      'listener-for-each-port',
      'listener-not-loopback-only',
      'host-port-held-by-mapping',
      'host-port-answers',
    ]);
    const progress = app.events.filter((e) => e.event === 'diagnostics.progress' && (e.payload as DiagnosticsProgress).runId === runId);
    expect(progress.map((e) => DiagnosticsProgressSchema.parse(e.payload).result.id)).toEqual(r.steps.map((s) => s.id));
    expect(progress.every((e) => e.at <= returnedAt)).toBe(true);
    expect((progress[0].payload as DiagnosticsProgress).containerId).toBe(r.steps.length ? c.id : null);
  });

  it('web-unreachable on a host port the container does not publish: the cause names the ports it does publish', async () => {
    const c = await httpd('0.0.0.0');
    const other = c.hostPort === 65000 ? 65001 : 65000;
    const r = await troubleshoot({ scenario: 'web-unreachable', engineId, id: c.id, hostPort: other });
    expect(r.cause!.stepId).toBe('published-port');
    expect(r.cause!.summary).toContain(`does not publish host port ${other}`);
    expect(r.cause!.summary).toContain(`${c.hostPort}`);
  });

  it('web-unreachable on a container without published ports: the fix is a run command with -p for this engine', async () => {
    const c = await objects.container({ cmd: ['httpd', '-f', '-p', '0.0.0.0:80', '-h', '/www'] });
    await listening(c.id);
    const r = await troubleshoot({ scenario: 'web-unreachable', engineId, id: c.name });
    expect(r.cause!.stepId).toBe('published-port');
    expect(r.cause!.fixes.join('\n')).toContain(`${cli} run -p 8080:80 …`);
  });

  it('port-in-use on a port this test holds with its own server: the cause names a host process', async () => {
    const port = await freePort();
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    servers.push(server);
    const r = await troubleshoot({ scenario: 'port-in-use', hostPort: port });
    expect(r.verdict).toBe('cause-found');
    expect(r.cause!.summary).toMatch(/held by a host process: .*\(pid \d+\)/);
    expect(r.cause!.summary).toContain(`pid ${process.pid}`);
    expect(r.cause!.fixes).toContain(`ss -ltnp 'sport = :${port}'`);
    expect(r.subject).toBe(`host port ${port}/tcp`);

    server.close();
    servers.length = 0;
    const free = await troubleshoot({ scenario: 'port-in-use', hostPort: port });
    expect(free.verdict).toBe('no-problem');
    expect(free.steps[0].summary).toMatch(/Nothing holds .* now/);
  });

  it('port-in-use on a port another container publishes: the cause names that container and how to stop it', async () => {
    const c = await httpd('0.0.0.0');
    // The app learns about the container from engine events; wait until its cache has it.
    await waitFor(() => app.core.services.containers.list().some((x) => x.id === c.id && x.state === 'running'), 10_000, 'the container in the app');
    const r = await troubleshoot({ scenario: 'port-in-use', hostPort: c.hostPort });
    expect(r.verdict, r.markdown).toBe('cause-found');
    expect(r.cause!.summary).toContain(c.name);
    expect(r.cause!.fixes).toContain(`${cli} stop ${c.name}`);
  });

  it('containers-cant-talk on two different networks: "no shared network", with a network connect fix', async () => {
    const [netA, netB] = [await objects.network(), await objects.network()];
    const a = await objects.container({ network: netA });
    const b = await objects.container({ network: netB });
    const r = await troubleshoot({ scenario: 'containers-cant-talk', engineId, id: a.name, peers: [b.name] });
    expect(r.verdict).toBe('cause-found');
    expect(r.cause!.stepId).toBe('shared-network');
    expect(r.cause!.summary).toMatch(/no shared network/);
    expect(r.cause!.fixes).toContain(`${cli} network connect ${netA} ${b.name}`);
  });

  it('containers-cant-talk on one user network: every step passes', async () => {
    const net = await objects.network();
    const peer = await objects.container({ network: net, cmd: ['httpd', '-f', '-p', '0.0.0.0:80', '-h', '/www'] });
    await listening(peer.id);
    const a = await objects.container({ network: net });
    const r = await troubleshoot({ scenario: 'containers-cant-talk', engineId, id: a.name, peers: [peer.name] });
    expect(r.verdict, r.markdown).toBe('no-problem');
    expect(r.steps.map((s) => s.id)).toEqual(['container-running', 'peer-running', 'shared-network', 'peer-name-resolves', 'peer-connectivity']);
  });

  it('dns-broken on a user network: the resolver answers and container names resolve', async () => {
    const net = await objects.network();
    const peer = await objects.container({ network: net });
    const a = await objects.container({ network: net });
    const r = await troubleshoot({ scenario: 'dns-broken', engineId, id: a.name, dnsName: peer.name });
    expect(r.verdict, r.markdown).toBe('no-problem');
    expect(r.steps.map((s) => s.id)).toEqual(['container-running', 'resolv-conf-nameservers', 'resolver-answers', 'container-name-resolves']);
  });

  it('no-internet without an outside target: nothing outside is contacted, and the run is inconclusive', async () => {
    const net = await objects.network();
    const a = await objects.container({ network: net });
    const r = await troubleshoot({ scenario: 'no-internet', engineId, id: a.name });
    expect(r.verdict, r.markdown).toBe('inconclusive');
    expect(r.steps.find((s) => s.id === 'outside-connectivity')).toMatchObject({ status: 'skipped', summary: expect.stringMatching(/set a target you allow/) });
  });

  it('a stopped container: the walk stops at "container is running"', async () => {
    const c = await objects.container({ start: false });
    const r = await troubleshoot({ scenario: 'dns-broken', engineId, id: c.name });
    expect(r.verdict).toBe('cause-found');
    expect(ids(r)).toEqual(['container-running=fail']);
  });

  it('diagnostics.run streams progress with the request runId and returns a report the contract accepts; facts reads the container', async () => {
    const c = await httpd('0.0.0.0');
    const runId = `diag-${Date.now()}`;
    const report = DiagnosticsReportSchema.parse(await app.call('diagnostics.run', { engineId, id: c.name, runId }));
    expect(report.runId).toBe(runId);
    const progress = app.events.filter((e) => e.event === 'diagnostics.progress' && (e.payload as DiagnosticsProgress).runId === runId);
    expect(progress.map((e) => (e.payload as DiagnosticsProgress).result.id).sort()).toEqual(report.results.map((r) => r.id).sort());
    expect(report.facts?.listeners.some((l) => l.port === 80)).toBe(true);

    const facts = ContainerFactsSchema.parse(await app.call('diagnostics.facts', { engineId, id: c.id, disableTools: ['ip', 'netstat'] }));
    const ip = (await app.call<{ networks: Array<{ ipAddress: string | null }> }>('containers.inspect', { engineId, id: c.id })).networks[0].ipAddress;
    expect(facts.sources.interfaces).toBe('/proc');
    expect(facts.addresses.some((a) => a.startsWith(`${ip}/`))).toBe(true);
    expect(facts.addresses.every((a) => !a.startsWith('127.'))).toBe(true);
    expect(facts.gateway).not.toBeNull();
    expect(facts.ports).toEqual([expect.objectContaining({ hostPort: c.hostPort, containerPort: 80 })]);

    const stopped = await objects.container({ start: false });
    await expect(app.call('diagnostics.facts', { engineId, id: stopped.name })).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
