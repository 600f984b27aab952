/**
 * HostPortTable against this machine's real socket tables: no fakes, no fixtures. Every socket,
 * child process and container a test opens is closed/removed in afterEach.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { createSocket, type Socket } from 'node:dgram';
import { execa, type ResultPromise } from 'execa';
import Docker from 'dockerode';
import { PortHolderSchema } from '../../src/shared/contract/ports';
import { bindProbe } from '../../bench/bind-probe';
import { HostPortTable } from '../../src/main/services/ports/host-port-table';
import { TEST_ENGINES, freePort } from './support/test-engines';
import { TestObjects } from './support/test-objects';

const servers: Server[] = [];
const udpSockets: Socket[] = [];
const children: ResultPromise[] = [];
const engineObjects: TestObjects[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  for (const u of udpSockets.splice(0)) u.close();
  for (const c of children.splice(0)) {
    c.kill();
    await c.catch(() => undefined);
  }
  for (const o of engineObjects.splice(0)) await o.cleanup();
});

function listenTcp(host: string): Promise<number> {
  const server = createServer();
  servers.push(server);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port: 0 }, () => resolve((server.address() as AddressInfo).port));
  });
}

function bindUdp(host: string): Promise<number> {
  const socket = createSocket('udp4');
  udpSockets.push(socket);
  return new Promise((resolve) => socket.bind(0, host, () => resolve(socket.address().port)));
}

async function ipv6Available(): Promise<boolean> {
  const probe = createServer();
  return new Promise((resolve) => {
    probe.once('error', () => resolve(false));
    probe.listen({ host: '::1', port: 0 }, () => probe.close(() => resolve(true)));
  });
}

describe('HostPortTable on this machine', () => {
  it('sees a TCP listener of this test process, names it, and forgets it once closed', async () => {
    const port = await listenTcp('127.0.0.1');
    const table = await HostPortTable.read();
    expect(table.isFree('127.0.0.1', port, 'tcp')).toBe(false);
    expect(table.isFree('', port, 'tcp')).toBe(false);
    expect(table.isFree('0.0.0.0', port, 'tcp')).toBe(false);

    const holders = await table.holdersOf(port, 'tcp', '127.0.0.1');
    expect(holders).toHaveLength(1);
    const { holder } = holders[0];
    expect(holder).toMatchObject({ kind: 'process', pid: process.pid, hostIp: '127.0.0.1', hostPort: port, protocol: 'tcp' });
    expect(holder.command).toMatch(/node|vitest/);
    expect(() => PortHolderSchema.parse(holder)).not.toThrow();

    await new Promise((r) => servers.pop()!.close(r));
    const after = await HostPortTable.read();
    expect(after.isFree('127.0.0.1', port, 'tcp')).toBe(true);
    expect(await after.holdersOf(port, 'tcp', '127.0.0.1')).toEqual([]);
  });

  it('sees a bound UDP socket', async () => {
    const port = await bindUdp('127.0.0.1');
    const table = await HostPortTable.read();
    expect(table.isFree('127.0.0.1', port, 'udp')).toBe(false);
    expect(table.isFree('0.0.0.0', port, 'udp')).toBe(false);
    const [first] = await table.holdersOf(port, 'udp');
    expect(first.holder).toMatchObject({ kind: 'process', pid: process.pid, protocol: 'udp', hostIp: '127.0.0.1' });
  });

  it("reports a child process's pid and command line", async () => {
    const script = "const s = require('net').createServer().listen(0, '127.0.0.1', () => console.log(s.address().port))";
    const child = execa(process.execPath, ['-e', script]);
    children.push(child);
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
      child.once('exit', () => reject(new Error('the child exited before listening')));
    });

    const holders = await (await HostPortTable.read()).holdersOf(port, 'tcp', '127.0.0.1');
    expect(holders.map((h) => h.holder.pid)).toEqual([child.pid]);
    expect(holders[0].holder.command).toContain(process.execPath);
    expect(holders[0].holder.command).toContain("require('net').createServer()");
  });

  it('a listener on :: blocks an IPv4 request', async (ctx) => {
    if (!(await ipv6Available())) ctx.skip();
    const port = await listenTcp('::');
    const table = await HostPortTable.read();
    expect(table.isFree('127.0.0.1', port, 'tcp')).toBe(false);
    expect(table.isFree('0.0.0.0', port, 'tcp')).toBe(false);
    expect(table.isFree('::1', port, 'tcp')).toBe(false);
    const holders = await table.holdersOf(port, 'tcp', '127.0.0.1');
    expect(holders.map((h) => [h.holder.pid, h.holder.hostIp])).toEqual([[process.pid, '::']]);
  });

  it('agrees with the bind probe', async () => {
    const port = await listenTcp('127.0.0.1');
    const table = await HostPortTable.read();
    for (const ip of ['127.0.0.1', '0.0.0.0', '']) {
      expect(table.isFree(ip, port, 'tcp')).toBe(await bindProbe(ip, port, 'tcp'));
    }
    const spare = await freePort();
    expect(await bindProbe('127.0.0.1', spare, 'tcp')).toBe(true);
  });
});

describe.each(TEST_ENGINES)('a port published by $kind', (engine) => {
  it("is held by the engine's forwarder, which points back at the container", async () => {
    const objects = new TestObjects(engine);
    engineObjects.push(objects);
    const hostPort = await freePort();
    const { id, name } = await objects.container({ ports: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: String(hostPort) }] } });
    const info = await new Docker({ socketPath: engine.socketPath }).getContainer(id).inspect();

    const table = await HostPortTable.read();
    expect(table.isFree('127.0.0.1', hostPort, 'tcp')).toBe(false);
    const holders = await table.holdersOf(hostPort, 'tcp', '127.0.0.1');
    expect(holders).toHaveLength(1);
    const [{ holder, proxyTarget }] = holders;
    expect(holder).toMatchObject({ kind: 'engine-proxy', hostIp: '127.0.0.1', hostPort, engineId: null, containerId: null });
    expect(() => PortHolderSchema.parse(holder)).not.toThrow();
    if (engine.kind === 'docker') {
      expect(holder).toMatchObject({ proxy: 'docker-proxy' });
      const containerIp = Object.values(info.NetworkSettings.Networks)[0]?.IPAddress;
      expect(containerIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      expect(proxyTarget).toEqual({ containerIp, containerPort: 80 });
    } else {
      expect(holder).toMatchObject({ proxy: 'conmon' });
      expect(proxyTarget).toEqual({ containerId: id, containerName: name });
    }
  });
});
