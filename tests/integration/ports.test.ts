import { createServer, type Server } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Container, PortCheck, PortConflictEvent, PortHolder } from '../../src/shared/contract';
import type { PortSpec } from '../../src/shared/port-spec';
import { readHostPortTable } from '../../src/main/services/ports/host-port-table';
import { TEST_ENGINES, TEST_IMAGE, freePort, uniqueName } from './support/test-engines';
import { TestObjects } from './support/test-objects';
import { TestCore } from './support/test-core';

const spec = (hostPort: number, containerPort = 80, hostIp = '127.0.0.1'): PortSpec => ({
  hostIp,
  hostPortStart: hostPort,
  hostPortEnd: hostPort,
  containerPortStart: containerPort,
  containerPortEnd: containerPort,
  protocol: 'tcp',
});

/** A real listener in this test process: the holder the app must name (our pid, our command). */
async function listen(port: number, host = '127.0.0.1'): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}

/** Binding it ourselves is the only proof that a suggested port is really free. */
async function reallyFree(port: number): Promise<boolean> {
  try {
    (await listen(port)).close();
    return true;
  } catch {
    return false;
  }
}

describe.each(TEST_ENGINES)('ports on a real $kind engine', (engine) => {
  const objects = new TestObjects(engine);
  const servers: Server[] = [];
  let app: TestCore;

  beforeAll(async () => {
    await objects.sweepLeftovers();
    app = new TestCore([engine]);
    await app.start();
    await app.waitForEngine(engine.endpoint, 'available', 10_000);
  });
  afterEach(async () => {
    for (const s of servers.splice(0)) s.close();
    await objects.cleanup();
  });
  afterAll(() => app?.dispose());

  const check = async (specs: PortSpec[]) => (await app.call<{ checks: PortCheck[] }>('ports.check', { specs })).checks;

  it('reports a host listener as busy, naming this process by pid and command', async () => {
    const port = await freePort();
    servers.push(await listen(port));
    const [result] = await check([spec(port)]);
    expect(result.ok).toBe(false);
    const holder = result.conflicts[0].holders.find((h) => h.kind === 'process') as Extract<PortHolder, { kind: 'process' }>;
    expect(holder).toMatchObject({ pid: process.pid, hostPort: port, protocol: 'tcp' });
    expect(holder.command).toMatch(/node|vitest/);
    // A wildcard request collides with the loopback listener too; another loopback address does not exist for it.
    expect((await check([spec(port, 80, '')]))[0].ok).toBe(false);

    const suggestion = result.suggestion!;
    expect(suggestion.hostPortStart).not.toBe(port);
    expect(await reallyFree(suggestion.hostPortStart!)).toBe(true);

    const owner = await app.call<{ holders: PortHolder[] }>('ports.owner', { hostPort: port });
    expect(owner.holders).toContainEqual(expect.objectContaining({ kind: 'process', pid: process.pid }));
  });

  it('names the container that publishes a port, and a stopped one that will claim its port', async () => {
    const port = await freePort();
    const { name } = await objects.container({ ports: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: String(port) }] } });
    const stoppedPort = await freePort();
    const stopped = await objects.container({ start: false, ports: { '5432/tcp': [{ HostIp: '', HostPort: String(stoppedPort) }] } });
    await app.waitForChange((c) => c.type === 'upsert' && c.container.name === stopped.name, 5000, 0, 'the stopped container');
    await app.waitForChange((c) => c.type === 'upsert' && c.container.name === name && c.container.state === 'running', 5000, 0, 'the running one');

    const [running, future] = await check([spec(port), spec(stoppedPort, 5432)]);
    expect(running.ok).toBe(false);
    expect(running.conflicts[0].holders).toContainEqual(expect.objectContaining({ kind: 'container', containerName: name, running: true }));
    expect(future.ok).toBe(false);
    expect(future.conflicts[0].holders).toContainEqual(expect.objectContaining({ kind: 'container', containerName: stopped.name, running: false }));
    // The two suggestions never collide with each other.
    expect(running.suggestion!.hostPortStart).not.toBe(future.suggestion!.hostPortStart);
  });

  it('refuses to create a container on a busy port before the engine is called, with a free suggestion', async () => {
    const port = await freePort();
    servers.push(await listen(port));
    const name = uniqueName('refused');
    const res = await app.core.invoke('containers.create', { engineId: engine.endpoint, image: TEST_IMAGE, name, ports: [spec(port)], start: true });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.code).toBe('CONFLICT');
    expect(res.error.message).toContain(`pid ${process.pid}`);
    const checks = (res.error.details as { checks: PortCheck[] }).checks;
    expect(await reallyFree(checks[0].suggestion!.hostPortStart!)).toBe(true);
    // The engine never saw the request: no container by that name exists.
    const there = await objects.docker.listContainers({ all: true, filters: { name: [name] } });
    expect(there).toHaveLength(0);
    const notified = app.events.find((e) => e.event === 'ports.conflict' && (e.payload as PortConflictEvent).hostPort === port);
    expect(notified?.payload).toMatchObject({ source: 'preflight', hostPort: port });
  });

  it('creates and starts a container on a free port, and it is listed with that port', async () => {
    const port = await freePort();
    const name = uniqueName('created');
    const created = await app.call<{ container: Container }>('containers.create', {
      engineId: engine.endpoint,
      image: TEST_IMAGE,
      name,
      ports: [spec(port)],
      command: ['httpd', '-f', '-p', '80', '-h', '/www'],
      start: true,
    });
    objects.adopt(created.container.id);
    expect(created.container).toMatchObject({ name, state: 'running' });
    expect(created.container.ports).toContainEqual({ hostIp: '127.0.0.1', hostPort: port, containerPort: 80, protocol: 'tcp' });
    const res = await fetch(`http://127.0.0.1:${port}/`);
    expect(await res.text()).toContain('ck-test');
  });

  it('turns an engine refusal (a port grabbed after the check) into CONFLICT, and keeps the container listed', async () => {
    const port = await freePort();
    // The race: the pre-flight check's view of the host's sockets was read before another process
    // took the port. Every later read (the one that names the holder) is fresh.
    const stale = await readHostPortTable();
    let reads = 0;
    const raced = new TestCore([engine], { readHostPorts: async () => (reads++ === 0 ? stale : readHostPortTable()) });
    await raced.start();
    try {
      await raced.waitForEngine(engine.endpoint, 'available', 10_000);
      servers.push(await listen(port));
      const name = uniqueName('raced');
      const res = await raced.core.invoke('containers.create', { engineId: engine.endpoint, image: TEST_IMAGE, name, ports: [spec(port)], start: true });
      const there = await objects.docker.listContainers({ all: true, filters: { name: [name] } });
      there.forEach((c) => objects.adopt(c.Id));
      expect(res.ok).toBe(false);
      if (res.ok) return;
      expect(res.error.code).toBe('CONFLICT');
      expect(res.error.message).toContain(String(port));
      expect(res.error.message).toContain(`pid ${process.pid}`);
      const listed = (await raced.call<Container[]>('containers.list', {})).find((c) => c.name === name);
      expect(listed).toBeDefined();
      expect(listed!.state).not.toBe('running');
      expect(raced.events.some((e) => e.event === 'ports.conflict' && (e.payload as PortConflictEvent).source === 'engine')).toBe(true);
    } finally {
      await raced.dispose();
    }
  });

  it('refuses to start a stopped container whose port a host process grabbed, and notifies once', async () => {
    const port = await freePort();
    const { id, name } = await objects.container({ start: false, ports: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: String(port) }] } });
    await app.waitForChange((c) => c.type === 'upsert' && c.container.id === id, 5000, 0, 'the stopped container');
    servers.push(await listen(port));
    const scanned = await app.core.services.portMonitor.scan();
    expect(scanned).toContainEqual(expect.objectContaining({ source: 'host-grab', containerName: name, hostPort: port }));
    expect(await app.core.services.portMonitor.scan()).toHaveLength(0); // once, until it clears

    const res = await app.core.invoke('containers.start', { engineId: engine.endpoint, id });
    expect(res).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const after = (await app.call<Container[]>('containers.list', {})).find((c) => c.id === id);
    expect(after?.state).not.toBe('running');
  });
});
