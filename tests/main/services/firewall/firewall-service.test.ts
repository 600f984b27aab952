import { afterEach, describe, expect, it, vi } from 'vitest';
import { FirewallStatusSchema, type Container, type FirewallStatus, type PortBinding } from '../../../../src/shared/contract';
import { AppError } from '../../../../src/shared/errors';
import type { EngineRegistry } from '../../../../src/main/engines/engine-registry';
import type { EngineSupervisor } from '../../../../src/main/engines/engine-supervisor';
import { detectFirewall, type FirewallReport, type Runner, type RunResult } from '../../../../src/main/services/firewall/firewall-detector';
import { FirewallService } from '../../../../src/main/services/firewall/firewall-service';
import { SOCKETFILTERFW } from '../../../../src/main/services/firewall/macos-socketfilterfw';
import { fixture } from './fixtures';

/**
 * The service over detection driven by the real captured (or documented) command outputs in
 * tests/fixtures/firewall: only the command runner and the engine list are fakes.
 */

const DOCKER = 'unix:///var/run/docker.sock';
const PODMAN = 'unix:///run/podman/podman.sock';

const ok = (stdout: string): RunResult => ({ stdout, stderr: '', exitCode: 0 });
const missing = (file: string): RunResult => ({ stdout: '', stderr: `${file}: command not found`, exitCode: 127 });

function runner(table: Record<string, RunResult>): Runner & { calls: string[] } {
  const calls: string[] = [];
  const run: Runner = async (file, args) => {
    const key = [file, ...args].join(' ');
    calls.push(key);
    return table[key] ?? missing(file);
  };
  return Object.assign(run, { calls });
}

const linuxRunner = () =>
  runner({
    'ufw status verbose': ok(fixture('ufw-status-verbose.active-moby-4737.txt')),
    'iptables --version': ok(fixture('iptables-version.txt')),
    'iptables-save': ok(fixture('iptables-save.linux-docker-podman.txt')),
    'ip6tables-save': ok(fixture('ip6tables-save.linux-docker-podman.txt')),
    'nft -j list ruleset': ok(fixture('nft-list-ruleset.linux-docker-podman.json')),
  });

const macRunner = (variant: 'enabled' | 'block-all') =>
  runner({
    [`${SOCKETFILTERFW} --getglobalstate`]: ok(
      fixture(variant === 'enabled' ? 'macos-getglobalstate.enabled.txt' : 'macos-getglobalstate.blockall-state2.txt'),
    ),
    [`${SOCKETFILTERFW} --getblockall`]: ok(fixture(variant === 'enabled' ? 'macos-getblockall.disabled.txt' : 'macos-getblockall.enabled.txt')),
    [`${SOCKETFILTERFW} --getstealthmode`]: ok(fixture(variant === 'enabled' ? 'macos-getstealthmode.disabled.txt' : 'macos-getstealthmode.enabled.txt')),
    [`${SOCKETFILTERFW} --getallowsigned`]: ok(fixture('macos-getallowsigned.txt')),
    [`${SOCKETFILTERFW} --listapps`]: ok(fixture('macos-listapps.nix-darwin-1705.txt')),
  });

const windowsRunner = () =>
  runner({
    'netsh advfirewall show allprofiles': ok(fixture('windows-netsh-show-allprofiles.txt')),
    'netsh advfirewall firewall show rule name=all dir=in': ok(fixture('windows-netsh-show-rule-in.txt')),
  });

function port(hostIp: string, hostPort: number | null, containerPort = 80): PortBinding {
  return { hostIp, hostPort, containerPort, protocol: 'tcp' };
}

function container(engineId: string, name: string, ports: PortBinding[], state: Container['state'] = 'running'): Container {
  return {
    engineId,
    id: `${name}-id`,
    name,
    image: 'localhost/ck-test:latest',
    state,
    status: '',
    createdAt: null,
    startedAt: null,
    ports,
    networks: [],
    networkMode: 'bridge',
    labels: {},
  };
}

/** Just enough of the registry: which engines exist and what kind they are. */
function registry(kinds: Record<string, 'docker' | 'podman' | 'apple'>): Pick<EngineRegistry, 'get' | 'all'> {
  const supervisors = Object.entries(kinds).map(([id, kind]) => ({ snapshot: { id, kind }, available: true }) as unknown as EngineSupervisor);
  return {
    get: (id: string) => {
      const s = supervisors.find((x) => x.snapshot.id === id);
      if (!s) throw new AppError('NOT_FOUND', `No engine with id ${id}.`);
      return s;
    },
    all: () => supervisors,
  };
}

const CONTAINERS = [
  // Docker reports a port published on all addresses with HostIp ''; the capture's DNAT rules map 18778 and 18777.
  container(DOCKER, 'web', [port('', 18778), port('127.0.0.1', 18777), port('', null, 443)]),
  container(PODMAN, 'api', [port('0.0.0.0', 18779, 8080)]),
  container(DOCKER, 'old', [port('', 18780)], 'exited'),
];

function service(
  run: Runner,
  platform: string,
  containers = CONTAINERS,
  kinds: Record<string, 'docker' | 'podman' | 'apple'> = { [DOCKER]: 'docker', [PODMAN]: 'podman' },
) {
  const detect = vi.fn((): Promise<FirewallReport> => detectFirewall({ platform, run }));
  return { detect, svc: new FirewallService({ engines: registry(kinds), containers: () => containers, detect }) };
}

const byPort = (s: FirewallStatus) => Object.fromEntries(s.ports.map((p) => [p.hostPort, p]));

afterEach(() => {
  vi.useRealTimers();
});

describe('FirewallService.status on Linux (iptables-nft with Docker DNAT, ufw active)', () => {
  it('explains each published port of running containers and passes the contract', async () => {
    const { svc } = service(linuxRunner(), 'linux');
    const status = await svc.status();
    expect(() => FirewallStatusSchema.parse(status)).not.toThrow();
    expect(status).toMatchObject({ platform: 'linux', platformName: 'Linux' });
    // Unpublished (hostPort null) and stopped containers' ports are left out.
    expect(status.ports.map((p) => [p.containerName, p.hostIp, p.hostPort])).toEqual([
      ['web', '0.0.0.0', 18778],
      ['web', '127.0.0.1', 18777],
      ['api', '0.0.0.0', 18779],
    ]);
    const p = byPort(status);

    // 0.0.0.0 on Docker: DNATed, so ufw's "deny incoming" does not protect it.
    expect(p[18778]).toMatchObject({ engineId: DOCKER, containerId: 'web-id', containerPort: 80, protocol: 'tcp', reachableFromOutside: 'yes' });
    expect(p[18778].reasons[0]).toContain('The docker chain nat/DOCKER DNATs tcp port 18778 to 172.17.0.2:80');
    expect(p[18778].reasons[1]).toMatch(/^ufw is active \(default incoming: deny\), but Docker's published ports bypass ufw/);
    expect(p[18778].commands[0]).toMatch(/^iptables -I DOCKER-USER -p tcp -m conntrack --ctorigdstport 18778 --ctdir ORIGINAL ! -s 192\.168\.1\.0\/24 -j DROP/);
    expect(p[18778].commands[1]).toMatch(/^iptables -I DOCKER-USER -p tcp --dport 80 ! -s 192\.168\.1\.0\/24 -j DROP/);

    // Loopback: nobody else can connect, whatever the firewall says.
    expect(p[18777].reachableFromOutside).toBe('no');
    expect(p[18777].reasons[0]).toContain('publishes 18777/tcp on 127.0.0.1 (loopback): only programs on this machine can connect');
    expect(p[18777].commands[0]).toMatch(/^docker run -p 0\.0\.0\.0:18777:<container-port>\/tcp/);

    // Podman with no DNAT rule for it in this capture: ufw's INPUT rules apply, default deny.
    expect(p[18779].reachableFromOutside).toBe('no');
    expect(p[18779].reasons[0]).toBe("No ufw rule names port 18779; ufw's default incoming policy is deny.");
    expect(p[18779].commands).toEqual(['sudo ufw allow 18779/tcp']);
  });

  it('maps each firewall to a summary and facts, without the raw rulesets', async () => {
    const { svc } = service(linuxRunner(), 'linux');
    const status = await svc.status();
    expect(status.firewalls.map((f) => [f.name, f.installed, f.active, f.error])).toEqual([
      ['ufw', true, true, null],
      // A missing command means "not installed", not an error to show.
      ['firewalld', false, false, null],
      ['iptables', true, true, null],
      ['nftables', true, true, null],
    ]);
    const facts = (name: string) => Object.fromEntries(status.firewalls.find((f) => f.name === name)!.facts.map((f) => [f.label, f.value]));
    expect(facts('ufw')).toMatchObject({ Status: 'active', 'Default policies': 'incoming deny, outgoing allow, routed ?' });
    expect(facts('ufw').Rules).toMatch(/^8 \(22 ALLOW, 443\/tcp ALLOW, 80\/tcp ALLOW, 5666 ALLOW, 4949 ALLOW\)$/);
    expect(facts('iptables')).toMatchObject({
      Version: '1.8.9 (nf_tables)',
      Backend: 'nf_tables',
      'INPUT policy': 'ACCEPT',
      'FORWARD policy': 'DROP',
      'DNAT port mappings': '2 (tcp *:18778 → 172.17.0.2:80, tcp 127.0.0.1:18777 → 172.17.0.2:80)',
    });
    expect(facts('iptables')['Engine chains']).toBeUndefined();
    expect(facts('nftables')['Input/forward policies']).toContain('ip filter/FORWARD: drop');
    expect(status.firewalls.find((f) => f.name === 'firewalld')).toMatchObject({ summary: 'firewalld is not installed', facts: [] });
    // The contract's entry has no `details`: rulesets stay in main.
    expect(status.firewalls.every((f) => !('details' in f))).toBe(true);
    expect(status.engineChains).toEqual(expect.arrayContaining(['DOCKER', 'DOCKER-USER', 'NETAVARK_FORWARD']));
    expect(status.notes[0]).toMatch(/bypasses ufw and INPUT rules\. Filter published ports in the DOCKER-USER chain/);
    expect(status.notes.some((n) => n.startsWith('ufw is active'))).toBe(true);
  });

  it('filters by engine id, and refuses an unknown one with NOT_FOUND', async () => {
    const { svc } = service(linuxRunner(), 'linux');
    const podman = await svc.status(PODMAN);
    expect(podman.ports.map((p) => p.containerName)).toEqual(['api']);
    await expect(svc.status('unix:///nope.sock')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('without root (iptables-save and nft refused) the DNATed port is unknown and the notes say why', async () => {
    const denied = { stdout: '', stderr: 'iptables-save v1.8.9 (nf_tables): Permission denied (you must be root)', exitCode: 1 };
    const run = runner({
      'ufw status verbose': { stdout: '', stderr: 'ERROR: You need to be root to run this script', exitCode: 1 },
      'iptables --version': ok(fixture('iptables-version.txt')),
      'iptables-save': denied,
      'nft -j list ruleset': { stdout: '', stderr: 'Error: Operation not permitted', exitCode: 1 },
    });
    const status = await service(run, 'linux').svc.status(DOCKER);
    expect(() => FirewallStatusSchema.parse(status)).not.toThrow();
    const p = byPort(status);
    expect(p[18778].reachableFromOutside).toBe('unknown');
    expect(p[18778].reasons[0]).toMatch(/could not be read/);
    expect(p[18777].reachableFromOutside).toBe('no');
    expect(status.notes.find((n) => n.startsWith('Reading'))).toBe(
      'Reading ufw, iptables, nftables needs root; verdicts below are "unknown" where that state was needed.',
    );
  });

  it('runs detection once for calls within 5 s, and again after', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-30T10:00:00Z'));
    const run = linuxRunner();
    const { svc, detect } = service(run, 'linux');
    const [a, b] = await Promise.all([svc.status(), svc.status()]);
    vi.setSystemTime(new Date('2026-11-30T10:00:04Z'));
    const c = await svc.status(DOCKER);
    expect(detect).toHaveBeenCalledTimes(1);
    expect(run.calls.filter((x) => x === 'iptables-save')).toHaveLength(1);
    expect([a.checkedAt, b.checkedAt, c.checkedAt]).toEqual(Array(3).fill('2026-11-30T10:00:00.000Z'));
    vi.setSystemTime(new Date('2026-11-30T10:00:06Z'));
    const d = await svc.status();
    expect(detect).toHaveBeenCalledTimes(2);
    expect(d.checkedAt).toBe('2026-11-30T10:00:06.000Z');
  });

  it('does not keep a failed detection', async () => {
    const detect = vi
      .fn<() => Promise<FirewallReport>>()
      .mockRejectedValueOnce(new Error('spawn failed'))
      .mockResolvedValueOnce({ platform: 'linux', firewalls: [], engineChains: [] });
    const svc = new FirewallService({ engines: registry({ [DOCKER]: 'docker' }), containers: () => [], detect });
    await expect(svc.status()).rejects.toThrow('spawn failed');
    await expect(svc.status()).resolves.toMatchObject({ platform: 'linux', ports: [] });
    expect(detect).toHaveBeenCalledTimes(2);
  });
});

describe('FirewallService.status on macOS (socketfilterfw)', () => {
  const mac = [container(DOCKER, 'web', [port('', 8080), port('127.0.0.1', 8081)])];

  it('application firewall on, engine helper not in the app list: unknown, with how to list and allow it', async () => {
    const { svc } = service(macRunner('enabled'), 'darwin', mac, { [DOCKER]: 'docker' });
    const status = await svc.status();
    expect(() => FirewallStatusSchema.parse(status)).not.toThrow();
    expect(status.platformName).toBe('macOS');
    const p = byPort(status);
    expect(p[8080].reachableFromOutside).toBe('unknown');
    expect(p[8080].reasons[0]).toMatch(
      /^The application firewall is on and com\.docker\.backend \/ vpnkit is not in its app list; signed downloaded software is allowed automatically/,
    );
    expect(p[8080].commands).toEqual([
      `${SOCKETFILTERFW} --listapps`,
      `sudo ${SOCKETFILTERFW} --add <path-to-helper> && sudo ${SOCKETFILTERFW} --unblockapp <path-to-helper>`,
    ]);
    expect(p[8081].reachableFromOutside).toBe('no');
    const facts = Object.fromEntries(status.firewalls[0].facts.map((f) => [f.label, f.value]));
    expect(facts).toEqual({
      'Global state': 'on (State = 1)',
      'Block all incoming': 'off',
      'Stealth mode': 'off',
      'Allow signed software': 'built-in on, downloaded on',
      'Engine helpers': 'not in the app list (9 apps listed)',
    });
    expect(status.notes[1]).toMatch(/filters per application, not per port/);
  });

  it('block all incoming (State = 2): no, and the command that turns it off', async () => {
    const status = await service(macRunner('block-all'), 'darwin', mac, { [DOCKER]: 'docker' }).svc.status();
    const p = byPort(status);
    expect(p[8080].reachableFromOutside).toBe('no');
    expect(p[8080].reasons).toContain(
      "The application firewall blocks all incoming connections, so connections to com.docker.backend / vpnkit (which listens for web's port 8080) are blocked.",
    );
    expect(p[8080].commands).toEqual([`sudo ${SOCKETFILTERFW} --setblockall off`]);
    expect(status.firewalls[0].facts).toContainEqual({ label: 'Global state', value: 'on, blocking all incoming (State = 2)' });
  });

  it("shows the engine helper's allow state when it is in the app list", async () => {
    // The nix-darwin capture with one engine helper entry added in the same layout.
    const listapps =
      fixture('macos-listapps.nix-darwin-1705.txt').replace('Total number of apps = 9', 'Total number of apps = 10') +
      '10 : /Applications/Docker.app/Contents/MacOS/com.docker.backend\n             (Block incoming connections)\n';
    const run = macRunner('enabled');
    const withHelper: Runner = (file, args) => (args[0] === '--listapps' ? Promise.resolve(ok(listapps)) : run(file, args));
    const status = await service(withHelper, 'darwin', mac, { [DOCKER]: 'docker' }).svc.status();
    expect(status.firewalls[0].facts).toContainEqual({
      label: 'Engine helper (docker)',
      value: '/Applications/Docker.app/Contents/MacOS/com.docker.backend: blocked',
    });
    expect(byPort(status)[8080]).toMatchObject({
      reachableFromOutside: 'no',
      commands: [`sudo ${SOCKETFILTERFW} --unblockapp "/Applications/Docker.app/Contents/MacOS/com.docker.backend"`],
    });
  });
});

describe('FirewallService.status on Windows (netsh advfirewall)', () => {
  it('a block rule, an allow rule and a program rule with LocalPort Any', async () => {
    const win = [container(DOCKER, 'web', [port('', 18778), port('0.0.0.0', 8080), port('', 5000)])];
    const { svc } = service(windowsRunner(), 'win32', win, { [DOCKER]: 'docker' });
    const status = await svc.status();
    expect(() => FirewallStatusSchema.parse(status)).not.toThrow();
    expect(status.platformName).toBe('Windows');
    const p = byPort(status);
    expect(p[18778]).toMatchObject({ reachableFromOutside: 'no', commands: ['netsh advfirewall firewall set rule name="Block 18778" new enable=no'] });
    expect(p[18778].reasons[1]).toBe('Inbound rule "Block 18778" blocks TCP 18778 (block rules win over allow rules).');
    expect(p[8080]).toMatchObject({ reachableFromOutside: 'yes' });
    expect(p[8080].reasons[1]).toBe('Inbound rule "Container Kit 8080" allows TCP 8080 on profiles Private.');
    expect(p[5000].reachableFromOutside).toBe('unknown');
    expect(p[5000].reasons[1]).toContain('"Docker Desktop Backend"');
    expect(p[5000].commands).toEqual([
      'netsh advfirewall firewall add rule name="Container Kit 5000" dir=in action=allow protocol=TCP localport=5000 profile=private',
    ]);
    expect(status.firewalls[0].facts).toEqual([
      { label: 'Domain profile', value: 'ON; inbound BlockInbound, outbound AllowOutbound' },
      { label: 'Private profile', value: 'OFF; inbound BlockInbound, outbound AllowOutbound' },
      { label: 'Public profile', value: 'ON; inbound BlockInboundAlways, outbound AllowOutbound' },
      { label: 'Inbound rules', value: '5 (4 enabled)' },
    ]);
    expect(status.notes[0]).toMatch(/^Windows Defender Firewall applies the profile of the network you are on/);
  });
});
