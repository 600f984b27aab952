import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExecResult } from '../../../../src/main/engines/container-engine';
import { gatherFacts } from '../../../../src/main/services/diagnostics/facts';

const fx = (name: string) => readFileSync(resolve(import.meta.dirname, '../../../fixtures/diagnostics', name), 'utf8');

/** Replays the Podman fixtures; `missing` tools answer like an image without them. */
function fakeEngine(missing: string[] = []) {
  const calls: string[][] = [];
  const files: Record<string, string> = {
    'ip addr': fx('podman-ip-addr.txt'),
    'ip route': fx('podman-ip-route.txt'),
    'netstat -tuln': fx('podman-netstat-tuln.txt'),
    'cat /etc/resolv.conf': fx('podman-resolv-conf.txt'),
    'cat /proc/net/route': fx('podman-proc-net-route.txt'),
    'cat /proc/net/dev': fx('podman-proc-net-dev.txt'),
    'cat /proc/net/fib_trie': fx('podman-proc-net-fib_trie.txt'),
    'cat /proc/net/if_inet6': fx('podman-proc-net-if_inet6.txt'),
    'cat /proc/net/tcp': fx('podman-proc-net-tcp.txt'),
    'cat /proc/net/tcp6': fx('podman-proc-net-tcp6.txt'),
    'cat /proc/net/udp': fx('podman-proc-net-udp.txt'),
    'cat /sys/class/net/eth0/address /sys/class/net/eth0/operstate': fx('podman-sys-class-net-eth0.txt'),
    'cat /sys/class/net/lo/address /sys/class/net/lo/operstate': '00:00:00:00:00:00\nunknown\n',
  };
  return {
    calls,
    async exec(_id: string, argv: string[]): Promise<ExecResult> {
      calls.push(argv);
      if (missing.includes(argv[0])) return { exitCode: 127, stdout: '', stderr: `exec: "${argv[0]}": executable file not found in $PATH`, timedOut: false };
      const text = files[argv.join(' ')];
      return text === undefined
        ? { exitCode: 1, stdout: '', stderr: 'cat: no such file', timedOut: false }
        : { exitCode: 0, stdout: text, stderr: '', timedOut: false };
    },
  };
}

describe('gatherFacts', () => {
  it('uses ip and netstat when the image has them', async () => {
    const e = fakeEngine();
    const f = await gatherFacts(e, 'c1');
    expect(f.sources).toEqual({ interfaces: 'ip', routes: 'ip', listeners: 'netstat', dns: '/etc/resolv.conf' });
    expect(f.listeners).toEqual([{ protocol: 'tcp', address: '::', port: 80 }]);
    expect(f.dns).toEqual({ nameservers: ['10.89.0.1', '10.255.255.53'], search: ['dns.podman'], options: [] });
    expect(e.calls.every((c) => Array.isArray(c) && !c.includes('sh'))).toBe(true);
  });

  it('falls back to /proc and /sys when ip and netstat are missing, with the same facts', async () => {
    const withTools = await gatherFacts(fakeEngine(), 'c1');
    const f = await gatherFacts(fakeEngine(['ip', 'netstat']), 'c1');
    expect(f.sources).toEqual({ interfaces: '/proc', routes: '/proc', listeners: '/proc', dns: '/etc/resolv.conf' });
    expect(f.interfaces).toEqual(withTools.interfaces);
    expect(f.routes).toEqual(withTools.routes);
    expect(f.listeners).toEqual(withTools.listeners);
  });

  it('disableTools forces the fallback without running the tool', async () => {
    const e = fakeEngine();
    const f = await gatherFacts(e, 'c1', { disableTools: ['ip'] });
    expect(f.sources.interfaces).toBe('/proc');
    expect(e.calls.some((c) => c[0] === 'ip')).toBe(false);
  });

  it('says none when nothing can be read', async () => {
    const f = await gatherFacts({ exec: async () => ({ exitCode: 127, stdout: '', stderr: 'not found', timedOut: false }) }, 'c1');
    expect(f.sources).toEqual({ interfaces: 'none', routes: 'none', listeners: 'none', dns: 'none' });
  });
});
