/**
 * `firewall.status` through the real app core, on this machine's real firewall (iptables-nft with
 * the engines' DNAT rules). Reads only: the service runs ufw/firewall-cmd/iptables-save/nft
 * queries and changes nothing. Containers are the test's own and are removed in afterEach.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Container, FirewallStatus } from '../../src/shared/contract';
import { TEST_ENGINES, freePort } from './support/test-engines';
import { TestObjects } from './support/test-objects';
import { TestCore, waitFor } from './support/test-core';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

describe.each(TEST_ENGINES)('firewall.status on $kind', (testEngine) => {
  const objects = new TestObjects(testEngine);
  let app: TestCore;

  beforeAll(async () => {
    app = new TestCore([testEngine]);
    await app.start();
    await app.waitForEngine(testEngine.endpoint, 'available', 10_000);
  });
  afterEach(async () => {
    await objects.cleanup();
  });
  afterAll(() => app?.dispose());

  it.skipIf(process.platform !== 'linux' || !isRoot)(
    "a port on 127.0.0.1 is not reachable from outside; one on 0.0.0.0 is explained by the engine's DNAT rule (needs root for iptables-save)",
    async () => {
      const [open, local] = [await freePort(), await freePort()];
      const c = await objects.container({
        cmd: ['sleep', '600'],
        ports: {
          '80/tcp': [{ HostIp: '0.0.0.0', HostPort: String(open) }],
          '81/tcp': [{ HostIp: '127.0.0.1', HostPort: String(local) }],
        },
      });
      // The app learns about the container from the engine's events.
      await waitFor(
        async () => {
          const list = await app.call<Container[]>('containers.list', { engineId: testEngine.endpoint });
          return list.find((x) => x.id === c.id && x.state === 'running' && x.ports.length >= 2);
        },
        10_000,
        `${c.name} in containers.list`,
      );

      const status = await app.call<FirewallStatus>('firewall.status', { engineId: testEngine.endpoint });
      const mine = status.ports.filter((p) => p.containerId === c.id);
      expect(status).toMatchObject({ platform: 'linux', platformName: 'Linux' });
      const iptables = status.firewalls.find((f) => f.name === 'iptables')!;
      expect(iptables.error).toBeNull();
      expect(iptables.facts).toContainEqual({ label: 'Backend', value: 'nf_tables' });

      const loopback = mine.find((p) => p.hostPort === local)!;
      expect(loopback).toMatchObject({ hostIp: '127.0.0.1', containerPort: 81, reachableFromOutside: 'no' });
      expect(loopback.reasons[0]).toContain(`publishes ${local}/tcp on 127.0.0.1 (loopback): only programs on this machine can connect`);

      const everywhere = mine.find((p) => p.hostPort === open && p.hostIp === '0.0.0.0')!;
      expect(everywhere).toBeDefined();
      expect(everywhere.containerPort).toBe(80);
      // The engine's own DNAT chain (Docker's DOCKER, netavark's NETAVARK-*) forwards it, past INPUT.
      const chain =
        testEngine.kind === 'docker'
          ? /The docker chain nat\/DOCKER DNATs tcp port \d+ to [\d.]+:80/
          : /The podman chain nat\/NETAVARK-[\w-]+ DNATs tcp port \d+ to [\d.]+:80/;
      expect(everywhere.reasons.join('\n')).toMatch(chain);
      expect(everywhere.reasons.join('\n')).toMatch(/FORWARD/);
      expect(everywhere.reachableFromOutside).toBe('yes');
      expect(everywhere.commands.join('\n')).toContain(`--ctorigdstport ${open}`);
      expect(status.engineChains).toEqual(expect.arrayContaining(testEngine.kind === 'docker' ? ['DOCKER', 'DOCKER-USER'] : ['NETAVARK_FORWARD']));
    },
  );
});
