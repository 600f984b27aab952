import { describe, expect, it } from 'vitest';
import type { Container } from '../../../../src/shared/contract';
import type { EngineRegistry } from '../../../../src/main/engines/engine-registry';
import { detectFirewall, type Runner } from '../../../../src/main/services/firewall/firewall-detector';
import { FirewallService } from '../../../../src/main/services/firewall/firewall-service';
import { findDnatMappings, parseIptablesSave } from '../../../../src/main/services/firewall/iptables';

/** Docker's rules for `count` published ports: a DNAT rule and a filter rule per port. */
function iptablesSave(count: number): string {
  const filter = ['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD DROP [0:0]', ':OUTPUT ACCEPT [0:0]', ':DOCKER - [0:0]'];
  const nat = ['*nat', ':PREROUTING ACCEPT [0:0]', ':DOCKER - [0:0]'];
  for (let i = 0; i < count; i++) {
    const ip = `172.17.${i >> 8}.${i & 255}`;
    filter.push(`-A DOCKER -d ${ip}/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT`);
    nat.push(`-A DOCKER ! -i docker0 -p tcp -m tcp --dport ${10_000 + i} -j DNAT --to-destination ${ip}:80`);
  }
  return [...filter, 'COMMIT', ...nat, 'COMMIT', ''].join('\n');
}

const container = (i: number): Container => ({
  engineId: 'docker',
  id: `c${i}`,
  name: `c${i}`,
  image: 'nginx',
  state: 'running',
  status: 'Up',
  createdAt: null,
  startedAt: null,
  ports: [{ hostIp: '0.0.0.0', hostPort: 10_000 + i, containerPort: 80, protocol: 'tcp' }],
  networks: [],
  networkMode: 'bridge',
  labels: {},
});

describe('firewall.status on a host with many published ports', () => {
  const COUNT = 1500;
  const save = iptablesSave(COUNT);
  // Every command answers at once, so only the service's own pacing can let the loop turn.
  const run: Runner = (file, args) => {
    const key = [file, ...args].join(' ');
    if (key === 'iptables-save') return Promise.resolve({ stdout: save, stderr: '', exitCode: 0 });
    if (key === 'iptables --version') return Promise.resolve({ stdout: 'iptables v1.8.9 (legacy)\n', stderr: '', exitCode: 0 });
    return Promise.resolve({ stdout: '', stderr: `${file}: command not found`, exitCode: 127 });
  };
  const engines = { get: () => ({}), all: () => [{ snapshot: { id: 'docker', kind: 'docker' }, available: true }] } as unknown as Pick<
    EngineRegistry,
    'get' | 'all'
  >;

  it('explains every port, handing the event loop back on the way', async () => {
    const containers = Array.from({ length: COUNT }, (_, i) => container(i));
    const service = new FirewallService({ engines, containers: () => containers, detect: () => detectFirewall({ platform: 'linux', run }) });
    let turned = false;
    setImmediate(() => (turned = true));
    const status = await service.status();
    expect(turned).toBe(true);
    expect(status.ports).toHaveLength(COUNT);
    expect(status.ports.every((p) => p.reachableFromOutside === 'yes')).toBe(true);
    expect(status.ports[COUNT - 1]).toMatchObject({ hostPort: 10_000 + COUNT - 1, containerName: `c${COUNT - 1}` });
  });

  it('reads the DNAT mappings of one rule set once, however many ports ask', () => {
    const parsed = parseIptablesSave(save);
    const first = findDnatMappings(parsed);
    expect(first).toHaveLength(COUNT);
    expect(findDnatMappings(parsed)).toBe(first);
  });
});
