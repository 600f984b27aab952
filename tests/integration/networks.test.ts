import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Container, DnsCheck, DnsConfig, Network, ResolveResult } from '../../src/shared/contract';
import { TEST_ENGINES, TEST_IMAGE, uniqueName } from './support/test-engines';
import { TestObjects } from './support/test-objects';
import { TestCore } from './support/test-core';
import { DockerEngine } from '../../src/main/engines/docker/docker-engine';

// Subnets chosen for these tests, one block per engine, never overlapping the engines' defaults.
const SUBNETS = { docker: ['10.244.10.0/24', '10.244.11.0/24'], podman: ['10.245.10.0/24', '10.245.11.0/24'] };

describe.each(TEST_ENGINES)('networks and DNS on a real $kind engine', (engine) => {
  const objects = new TestObjects(engine);
  let app: TestCore;
  const created = { networks: [] as string[], containers: [] as string[] };

  beforeAll(async () => {
    await objects.sweepLeftovers();
    app = new TestCore([engine]);
    await app.start();
    await app.waitForEngine(engine.endpoint, 'available', 10_000);
  });
  afterEach(async () => {
    for (const id of created.containers.splice(0)) objects.adopt(id);
    await objects.cleanup();
    // Podman may still be tearing down a removed container's endpoint: retry briefly.
    for (const name of created.networks.splice(0)) {
      for (let i = 0; i < 20; i++) {
        const gone = await objects.docker
          .getNetwork(name)
          .remove()
          .then(
            () => true,
            (e: { statusCode?: number }) => e.statusCode === 404,
          );
        if (gone) break;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  });
  afterAll(() => app?.dispose());

  const createNetwork = async (subnet: string, extra: Record<string, unknown> = {}) => {
    const name = uniqueName('net');
    created.networks.push(name);
    return app.call<Network>('networks.create', { engineId: engine.endpoint, name, subnet, labels: { 'io.container-kit.test': '1' }, ...extra });
  };
  const run = async (name: string, network: string, extra: Record<string, unknown> = {}) => {
    const res = await app.call<{ container: Container }>('containers.create', {
      engineId: engine.endpoint,
      image: TEST_IMAGE,
      name,
      network,
      command: ['httpd', '-f', '-p', '80', '-h', '/www'],
      start: true,
      ...extra,
    });
    created.containers.push(res.container.id);
    return res.container;
  };
  /**
   * An HTTP GET from inside a container with busybox `nc` (busybox-static's wget crashes in static
   * glibc's getaddrinfo, exit 139). `host` is a container name or IP the test made itself.
   */
  const httpGet = (container: string, host: string) => {
    if (!/^[a-zA-Z0-9.-]+$/.test(host)) throw new Error(`not a host: ${host}`);
    return exec(container, ['sh', '-c', `printf 'GET / HTTP/1.0\\r\\nHost: ${host}\\r\\n\\r\\n' | nc -w 3 ${host} 80`]);
  };
  const exec = async (container: string, cmd: string[]) => {
    const r = await new DockerEngine({ endpoint: engine.endpoint }).exec(container, cmd, { timeoutMs: 10_000 });
    return { output: r.stdout + r.stderr, exitCode: r.exitCode };
  };

  it('creates a network with its subnet; containers on it reach each other by name and alias', async () => {
    const [subnet] = SUBNETS[engine.kind];
    const network = await createNetwork(subnet);
    expect(network.subnets[0].subnet).toBe(subnet);
    expect((await app.call<Network[]>('networks.list', {})).some((n) => n.name === network.name)).toBe(true);

    const a = await run(uniqueName('a'), network.name, { aliases: ['web-alias'] });
    const b = await run(uniqueName('b'), network.name);
    const ipA = a.networks.find((n) => n.network === network.name)?.ipAddress;
    expect(ipA).toMatch(engine.kind === 'docker' ? /^10\.244\.10\./ : /^10\.245\.10\./);

    for (const name of [a.name, 'web-alias']) {
      const r = await app.call<ResolveResult>('dns.resolve', { engineId: engine.endpoint, id: b.id, name });
      expect(r.ok, r.output).toBe(true);
      expect(r.addresses).toContain(ipA);
    }
    const missing = await app.call<ResolveResult>('dns.resolve', { engineId: engine.endpoint, id: b.id, name: 'ck-no-such-container' });
    expect(missing.ok).toBe(false);
    expect(missing.error).toBeTruthy();

    const page = await httpGet(b.id, a.name);
    expect(page.output).toContain('200 OK');
    expect(page.output).toContain('ck-test');

    const check = await app.call<DnsCheck>('dns.check', { engineId: engine.endpoint, id: b.id });
    expect(check.ok, check.summary).toBe(true);

    const inspected = await app.call<Network>('networks.inspect', { engineId: engine.endpoint, id: network.name });
    expect(inspected.containers.map((m) => m.containerName).sort()).toEqual([a.name, b.name].sort());
  });

  it('keeps a container on an internal network from reaching a container on another network', async () => {
    const [open, closed] = SUBNETS[engine.kind];
    const outside = await createNetwork(open);
    const inside = await createNetwork(closed, { internal: true });
    expect(inside.internal).toBe(true);
    const target = await run(uniqueName('target'), outside.name);
    const isolated = await run(uniqueName('isolated'), inside.name);
    const ip = target.networks.find((n) => n.network === outside.name)?.ipAddress;
    expect(ip).toBeTruthy();
    // The control: from the target's own network the page is there.
    const neighbour = await run(uniqueName('neighbour'), outside.name);
    expect((await httpGet(neighbour.id, ip!)).output).toContain('ck-test');
    const attempt = await httpGet(isolated.id, ip!);
    expect(attempt.output).not.toContain('ck-test');
  });

  it('refuses an overlapping subnet and a gateway outside the subnet before the engine is called', async () => {
    const [subnet] = SUBNETS[engine.kind];
    const first = await createNetwork(subnet);
    const name = uniqueName('overlap');
    const wider = subnet.replace(/\.\d+\.0\/24$/, '.0.0/16');
    const overlap = await app.core.invoke('networks.create', { engineId: engine.endpoint, name, subnet: wider });
    expect(overlap).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    if (!overlap.ok) expect(overlap.error.message).toContain(first.name);
    const gateway = await app.core.invoke('networks.create', { engineId: engine.endpoint, name, subnet: '10.246.1.0/24', gateway: '10.246.2.1' });
    expect(gateway).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const there = await objects.docker.listNetworks({ filters: { name: [name] } });
    expect(there).toHaveLength(0);
  });

  it('refuses to remove a network in use, naming the container; removes it once free', async () => {
    const [subnet] = SUBNETS[engine.kind];
    const network = await createNetwork(subnet);
    const user = await run(uniqueName('user'), network.name);
    const refused = await app.core.invoke('networks.remove', { engineId: engine.endpoint, id: network.name });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    if (!refused.ok) expect(refused.error.message).toContain(user.name);
    await objects.docker.getContainer(user.id).remove({ force: true });
    await app.waitForChange((c) => c.type === 'remove' && c.id === user.id, 5000, 0, 'the removed user');
    expect(await app.call('networks.remove', { engineId: engine.endpoint, id: network.name })).toEqual({ ok: true });
    expect((await app.call<Network[]>('networks.list', {})).some((n) => n.name === network.name)).toBe(false);
  });

  it("writes a container's own DNS servers and search domains into its resolv.conf", async () => {
    const c = await run(uniqueName('dns'), 'default', { dns: ['127.0.0.1'], dnsSearch: ['corp.test'], dnsOptions: ['ndots:2'] });
    const conf = await app.call<DnsConfig & { raw: string }>('dns.containerConfig', { engineId: engine.endpoint, id: c.id });
    expect(conf.nameservers).toContain('127.0.0.1');
    expect(conf.search).toContain('corp.test');
    expect(conf.options).toContain('ndots:2');
  });
});
