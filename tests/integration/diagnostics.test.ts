/**
 * Container diagnostics against real Docker and Podman. Traffic goes only to 127.0.0.1 on the
 * host and to the test's own containers; every container and network is removed in afterEach.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DockerEngine } from '../../src/main/engines/docker/docker-engine';
import { diagnoseContainer, type DiagnoseOptions } from '../../src/main/services/diagnostics/diagnostics';
import { gatherFacts } from '../../src/main/services/diagnostics/facts';
import { TEST_ENGINES, freePort } from './support/test-engines';
import { TestObjects } from './support/test-objects';
import { waitFor } from './support/test-core';

describe.each(TEST_ENGINES)('diagnostics on $kind', (testEngine) => {
  const objects = new TestObjects(testEngine);
  const engine = new DockerEngine({ endpoint: testEngine.endpoint });

  beforeAll(async () => {
    await engine.probe();
  });
  afterEach(async () => {
    await objects.cleanup();
  });
  afterAll(() => engine.dispose());

  /** Waits until something listens on :80 inside the container (httpd forks right after start). */
  const listening = (id: string) =>
    waitFor(async () => (await engine.exec(id, ['netstat', '-tln'], { timeoutMs: 2000 })).stdout.includes(':80 '), 10_000, 'httpd to listen');

  const diagnose = async (id: string, options: DiagnoseOptions = {}) => {
    const report = await diagnoseContainer(engine, id, { engineKind: testEngine.kind, ...options });
    return { report, byId: Object.fromEntries(report.results.map((r) => [r.id, r])) };
  };

  const httpd = (bind: string, extra: { network?: string } = {}) => objects.httpd(bind, extra);

  it('an httpd bound to 127.0.0.1 inside: listener-not-loopback-only fails with the fix', async () => {
    const c = await httpd('127.0.0.1');
    const { byId } = await diagnose(c.id);
    expect(byId['listener-for-each-port'].status).toBe('pass');
    expect(byId['listener-not-loopback-only']).toMatchObject({ status: 'fail' });
    expect(byId['listener-not-loopback-only'].summary).toMatch(/only on 127\.0\.0\.1/);
    expect(byId['listener-not-loopback-only'].evidence.join('\n')).toContain('127.0.0.1:80');
    expect(byId['listener-not-loopback-only'].fixes.join('\n')).toMatch(/0\.0\.0\.0:80/);
    expect(byId['listener-not-loopback-only'].fixes.join('\n')).toContain("server.listen(port, '0.0.0.0')");
    expect(byId['host-port-answers'].status).toBe('fail');
  });

  it('an httpd bound to 0.0.0.0: every port check passes and the host gets HTTP 200', async () => {
    const c = await httpd('0.0.0.0');
    const streamed: string[] = [];
    const { report, byId } = await diagnose(c.id, { onResult: (r) => streamed.push(r.id) });
    console.log(
      `[${testEngine.kind}] full diagnosis of one container: ${report.durationMs} ms; per check: ${report.results.map((r) => `${r.id}=${r.status}/${r.durationMs}ms`).join(', ')}`,
    );
    expect(byId['container-running'].status).toBe('pass');
    expect(byId['listener-for-each-port'].status).toBe('pass');
    expect(byId['listener-not-loopback-only'].status).toBe('pass');
    expect(byId['host-port-answers'].status).toBe('pass');
    expect(byId['host-port-answers'].evidence.join('\n')).toContain(`Connected to 127.0.0.1 port ${c.hostPort}`);
    expect(byId['host-port-answers'].evidence.join('\n')).toMatch(/< HTTP\/1\.[01] 200 OK/);
    expect(byId['host-port-held-by-mapping'].status).not.toBe('fail');
    expect(byId['outside-connectivity']).toMatchObject({ status: 'skipped', summary: 'no target set' });
    expect(streamed.sort()).toEqual(report.results.map((r) => r.id).sort());
    expect(report.durationMs).toBeLessThan(6000);
  });

  it('a published port with nothing listening: listener-for-each-port fails', async () => {
    const hostPort = await freePort();
    const c = await objects.container({ cmd: ['sleep', '600'], ports: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: String(hostPort) }] } });
    const { byId } = await diagnose(c.id);
    expect(byId['listener-for-each-port'].status).toBe('fail');
    expect(byId['listener-for-each-port'].summary).toContain('80/tcp');
    expect(byId['listener-not-loopback-only'].status).toBe('skipped');
    expect(byId['host-port-answers'].status).toBe('fail');
  });

  it('two containers on different networks: peer-connectivity says there is no shared network', async () => {
    const [netA, netB] = [await objects.network(), await objects.network()];
    const a = await objects.container({ network: netA });
    const b = await objects.container({ network: netB });
    const { byId } = await diagnose(a.id, { peers: [b.name] });
    expect(byId['peer-connectivity'].status).toBe('fail');
    expect(byId['peer-connectivity'].summary).toContain('no shared network');
    expect(byId['peer-connectivity'].fixes.join('\n')).toContain(`${testEngine.kind} network connect`);
  });

  it('two containers on one user network: peer-connectivity and DNS pass', async () => {
    const net = await objects.network();
    const peer = await objects.container({ network: net, cmd: ['httpd', '-f', '-p', '0.0.0.0:80', '-h', '/www'] });
    await listening(peer.id);
    const a = await httpd('0.0.0.0', { network: net });
    const peerIp = (await engine.getContainer(peer.id))!.networks[0].ipAddress!;
    // Every checker applies here; the "outside" target is the test's own peer container.
    const { report, byId } = await diagnose(a.id, { peers: [peer.name], dnsName: peer.name, outsideTarget: `${peerIp}:80` });
    console.log(
      `[${testEngine.kind}] all 8 checkers on one container: ${report.durationMs} ms; ${report.results.map((r) => `${r.id}=${r.status}/${r.durationMs}ms`).join(', ')}\n${report.results.map((r) => `  ${r.id}: ${r.summary}\n    ${r.evidence.join('\n    ')}`).join('\n')}`,
    );
    expect(report.results.filter((r) => r.status !== 'pass')).toEqual([]);
    expect(byId['peer-connectivity'].status, byId['peer-connectivity'].evidence.join('\n')).toBe('pass');
    expect(byId['peer-connectivity'].evidence.join('\n')).toMatch(new RegExp(`nc ${peer.name} 80: ok`));
    expect(byId['dns-resolver'].status, byId['dns-resolver'].evidence.join('\n')).toBe('pass');
    expect(byId['dns-resolver'].evidence.join('\n')).toContain(`nslookup ${peer.name}:`);
  });

  it('reads facts from /proc when the image has no ip (removed) and netstat is disabled', async () => {
    const net = await objects.network();
    const c = await objects.container({ network: net, cmd: ['httpd', '-f', '-p', '0.0.0.0:80', '-h', '/www'] });
    await listening(c.id);
    const withTools = await gatherFacts(engine, c.id);
    expect(withTools.sources).toEqual({ interfaces: 'ip', routes: 'ip', listeners: 'netstat', dns: '/etc/resolv.conf' });
    expect((await engine.exec(c.id, ['rm', '/bin/ip'], { timeoutMs: 5000 })).exitCode).toBe(0);
    const f = await gatherFacts(engine, c.id, { disableTools: ['netstat'] });
    expect(f.sources).toEqual({ interfaces: '/proc', routes: '/proc', listeners: '/proc', dns: '/etc/resolv.conf' });
    const ip = (await engine.getContainer(c.id))!.networks[0].ipAddress!;
    const eth0 = f.interfaces.find((i) => i.addresses.some((a) => a.startsWith(`${ip}/`)));
    expect(eth0).toMatchObject({ name: 'eth0', up: true });
    expect(eth0!.addresses).toEqual(withTools.interfaces.find((i) => i.name === 'eth0')!.addresses);
    expect(eth0!.mac).toBe(withTools.interfaces.find((i) => i.name === 'eth0')!.mac);
    expect(f.routes).toEqual(withTools.routes);
    expect(f.listeners.filter((l) => l.port === 80)).toEqual(withTools.listeners.filter((l) => l.port === 80));
  });
});
