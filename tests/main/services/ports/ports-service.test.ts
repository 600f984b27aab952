import { describe, expect, it } from 'vitest';
import { SettingsSchema, type Container, type Protocol } from '../../../../src/shared/contract';
import type { PortSpec } from '../../../../src/shared/port-spec';
import { PortsService } from '../../../../src/main/services/ports/ports-service';
import type { HostPortSnapshot } from '../../../../src/main/services/ports/host-port-snapshot';

/** A socket table with these ports taken on every address; answers at once, like a cached read. */
function table(busy: readonly number[]): HostPortSnapshot {
  const taken = new Set(busy);
  return {
    isFree: (_hostIp: string, port: number, _protocol: Protocol) => !taken.has(port),
    holdersOf: (hostPort, protocol, hostIp = '') =>
      Promise.resolve(
        taken.has(hostPort)
          ? [{ holder: { kind: 'process', pid: 4242, command: 'nc -l', user: 'root', hostIp: hostIp || '0.0.0.0', hostPort, protocol } }]
          : [],
      ),
  };
}

const container = (name: string, hostPort: number): Container => ({
  engineId: 'unix:///var/run/docker.sock',
  id: `${name}-id`.padEnd(64, '0'),
  name,
  image: 'nginx',
  state: 'running',
  status: 'Up',
  createdAt: null,
  startedAt: null,
  ports: [{ hostIp: '0.0.0.0', hostPort, containerPort: 80, protocol: 'tcp' }],
  networks: [],
  networkMode: 'bridge',
  labels: {},
});

function service(busy: readonly number[], containers: Container[] = []): PortsService {
  const snapshot = table(busy);
  return new PortsService({
    readHostPorts: () => Promise.resolve(snapshot),
    containers: () => containers,
    settings: () => SettingsSchema.parse({ engineSockets: [] }),
    emitConflict: () => undefined,
  });
}

const one = (hostPort: number, containerPort = 80): PortSpec => ({
  hostIp: '',
  hostPortStart: hostPort,
  hostPortEnd: hostPort,
  containerPortStart: containerPort,
  containerPortEnd: containerPort,
  protocol: 'tcp',
});

describe('PortsService.check', () => {
  it('hands the event loop back while it checks thousands of ports', async () => {
    let turned = false;
    setImmediate(() => (turned = true));
    const spec: PortSpec = { hostIp: '', hostPortStart: 20_000, hostPortEnd: 24_095, containerPortStart: 20_000, containerPortEnd: 24_095, protocol: 'tcp' };
    const { checks } = await service([20_010, 24_000]).check([spec]);
    // Before pacing, the whole check ran in one go (its reads answer at once) and this was false.
    expect(turned).toBe(true);
    expect(checks[0].ok).toBe(false);
    expect(checks[0].conflicts.map((c) => c.hostPort)).toEqual([20_010, 24_000]);
    const s = checks[0].suggestion!;
    expect(s.hostPortEnd! - s.hostPortStart!).toBe(4095);
    expect(s.hostPortStart! > 24_000 || s.hostPortEnd! < 20_010).toBe(true);
  });

  it('gives every busy spec its own free port, never one the request, the host or a container holds', async () => {
    const busy = Array.from({ length: 20 }, (_, i) => 8080 + i); // 8080–8099 held on the host
    const held = container('web', 8100);
    const specs = [...busy.map((p) => one(p)), one(8101)];
    const { checks } = await service(busy, [held]).check(specs);
    const suggested = checks.filter((c) => !c.ok).map((c) => c.suggestion!.hostPortStart!);
    expect(suggested).toHaveLength(20);
    expect(new Set(suggested).size).toBe(20);
    for (const p of suggested) {
      expect(busy).not.toContain(p);
      expect(p).not.toBe(8100); // the container's claim
      expect(p).not.toBe(8101); // asked for by this very request
    }
    expect(checks.at(-1)).toMatchObject({ ok: true, suggestion: null });
  });

  it('names a container that claims the port, found by port and address', async () => {
    const { checks } = await service([], [container('web', 8100)]).check([one(8100), { ...one(8100), hostIp: '127.0.0.1' }, { ...one(8100), protocol: 'udp' }]);
    expect(checks.map((c) => c.ok)).toEqual([false, false, true]);
    expect(checks[0].conflicts[0].holders).toEqual([expect.objectContaining({ kind: 'container', containerName: 'web', hostPort: 8100 })]);
  });
});

describe('PortsService.suggest', () => {
  it('skips host-held and container-claimed ports', async () => {
    const { ports } = await service([8080], [container('web', 8081)]).suggest({ containerPort: 80, protocol: 'tcp', hostIp: '', count: 3 });
    expect(ports).not.toContain(8080);
    expect(ports).not.toContain(8081);
    expect(ports).toHaveLength(3);
  });
});
