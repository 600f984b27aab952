import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Container, ContainerDetails, Engine } from '../../src/shared/contract';
import { TEST_ENGINES, TEST_IMAGE, freePort, uniqueName } from './support/test-engines';
import { TestObjects } from './support/test-objects';
import { TestCore } from './support/test-core';

describe.each(TEST_ENGINES)('containers on a real $kind engine', (engine) => {
  const objects = new TestObjects(engine);
  let app: TestCore;

  beforeAll(async () => {
    await objects.sweepLeftovers();
    app = new TestCore([engine]);
    await app.start();
    await app.waitForEngine(engine.endpoint, 'available', 10_000);
  });
  afterEach(() => objects.cleanup());
  afterAll(() => app?.dispose());

  it('identifies the engine by its version endpoint', async () => {
    const engines = await app.call<Engine[]>('engines.list', {});
    const e = engines.find((x) => x.id === engine.endpoint);
    expect(e).toMatchObject({ kind: engine.kind, status: 'available', endpoint: engine.endpoint });
    expect(e?.version).toMatch(/^\d+\.\d+/);
  });

  it('lists a container the test started, with its ports, IP, network and aliases', async () => {
    const network = await objects.network(uniqueName('net'), engine.kind === 'docker' ? '10.241.7.0/24' : '10.242.7.0/24');
    const hostPort = await freePort();
    const { id, name } = await objects.container({
      network,
      aliases: ['web-alias'],
      ports: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: String(hostPort) }] },
      cmd: ['httpd', '-f', '-p', '80', '-h', '/www'],
    });

    const found = await app.waitForChange(
      (c) => c.type === 'upsert' && c.container.id === id && c.container.state === 'running' && c.container.networks.some((n) => n.ipAddress),
      5000,
      0,
      'the new container to be pushed as running',
    );
    expect(found).toBeTruthy();
    const list = await app.call<Container[]>('containers.list', {});
    const c = list.find((x) => x.id === id);
    expect(c).toBeDefined();
    expect(c).toMatchObject({ engineId: engine.endpoint, name, image: TEST_IMAGE, state: 'running' });
    expect(c!.ports).toContainEqual({ hostIp: '127.0.0.1', hostPort, containerPort: 80, protocol: 'tcp' });
    const attachment = c!.networks.find((n) => n.network === network);
    expect(attachment?.ipAddress).toMatch(engine.kind === 'docker' ? /^10\.241\.7\.\d+$/ : /^10\.242\.7\.\d+$/);
    expect(attachment?.prefixLength).toBe(24);
    expect(attachment?.gateway).toMatch(/^10\.24[12]\.7\.1$/);
    expect(attachment?.macAddress).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i);
    expect(attachment?.aliases).toContain('web-alias');
    expect(attachment?.dnsNames).toEqual(expect.arrayContaining([name, 'web-alias']));
    expect(c!.startedAt).not.toBeNull();

    const details = await app.call<ContainerDetails>('containers.inspect', { engineId: engine.endpoint, id: name });
    expect(details.id).toBe(id);
    expect(details.command).toEqual(['httpd', '-f', '-p', '80', '-h', '/www']);

    const running = await app.call<Container[]>('containers.list', { runningOnly: true });
    expect(running.every((x) => x.state === 'running')).toBe(true);
    expect(running.some((x) => x.id === id)).toBe(true);
  });

  it('shows the ports a stopped container will claim on start', async () => {
    const hostPort = await freePort();
    const { id } = await objects.container({ start: false, ports: { '5432/tcp': [{ HostIp: '', HostPort: String(hostPort) }] } });
    await app.waitForChange((c) => c.type === 'upsert' && c.container.id === id, 5000, 0, 'the created container');
    const c = (await app.call<Container[]>('containers.list', {})).find((x) => x.id === id);
    expect(c?.state).toBe('created');
    expect(c?.ports).toContainEqual({ hostIp: '', hostPort, containerPort: 5432, protocol: 'tcp' });
  });

  it('answers NOT_FOUND for a container that does not exist, and for an unknown engine', async () => {
    const missing = await app.core.invoke('containers.inspect', { engineId: engine.endpoint, id: 'ck-it-no-such-container' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const noEngine = await app.core.invoke('containers.start', { engineId: 'unix:///nowhere.sock', id: 'x' });
    expect(noEngine).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('treats a hostile but valid-looking name as data, never as a command', async () => {
    for (const id of ['$(touch${IFS}ck-pwned)', '`id`;reboot|x&y']) {
      const res = await app.core.invoke('containers.stop', { engineId: engine.endpoint, id });
      expect(res).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
    const { existsSync } = await import('node:fs');
    expect(existsSync('ck-pwned')).toBe(false);
  });
});
