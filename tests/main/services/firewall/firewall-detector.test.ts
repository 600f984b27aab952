import { describe, expect, it } from 'vitest';
import { fixture } from './fixtures';
import { detectFirewall, defaultRunner, type Runner, type RunResult } from '../../../../src/main/services/firewall/firewall-detector';
import { firewallStateFromReport } from '../../../../src/main/services/firewall/reachability-input';
import { explainPortReachability } from '../../../../src/main/services/firewall/port-reachability';

const ok = (stdout: string): RunResult => ({ stdout, stderr: '', exitCode: 0 });
const missing = (file: string): RunResult => ({ stdout: '', stderr: `${file}: command not found`, exitCode: 127 });

function fakeRunner(table: Record<string, RunResult | Error>): Runner & { calls: string[] } {
  const calls: string[] = [];
  const run = async (file: string, args: string[]) => {
    const key = [file, ...args].join(' ');
    calls.push(key);
    const hit = table[key];
    if (hit instanceof Error) throw hit;
    return hit ?? missing(file);
  };
  return Object.assign(run, { calls });
}

describe('detectFirewall with an injected runner', () => {
  it('linux: ufw active, firewalld missing, iptables + nft from real captures, ip6tables permission denied', async () => {
    const run = fakeRunner({
      'ufw status verbose': ok(fixture('ufw-status-verbose.active-routed.txt')),
      'iptables --version': ok(fixture('iptables-version.txt')),
      'iptables-save': ok(fixture('iptables-save.linux-docker-podman.txt')),
      'ip6tables-save': { stdout: '', stderr: 'ip6tables-save: Permission denied (you must be root)', exitCode: 1 },
      'nft -j list ruleset': ok(fixture('nft-list-ruleset.linux-docker-podman.json')),
    });
    const report = await detectFirewall({ platform: 'linux', run });
    expect(report.platform).toBe('linux');
    expect(report.firewalls.map((f) => [f.name, f.active])).toEqual([
      ['ufw', true],
      ['firewalld', null],
      ['iptables', true],
      ['nftables', true],
    ]);
    expect(report.firewalls[0].summary).toBe('ufw active: default deny incoming, allow outgoing, deny routed; 6 rules');
    expect(report.firewalls[1].error).toBe('firewall-cmd is not installed (command not found)');
    expect(report.firewalls[2].summary).toBe('iptables 1.8.9 (nf_tables): INPUT ACCEPT, FORWARD DROP; 11 engine chains, 2 DNAT port mappings');
    expect(report.engineChains).toEqual(expect.arrayContaining(['DOCKER', 'DOCKER-USER', 'DOCKER-ISOLATION-STAGE-1', 'NETAVARK-HOSTPORT-DNAT']));
    expect(run.calls).not.toContain('netsh advfirewall show allprofiles');
    const firewall = firewallStateFromReport(report);
    const r = explainPortReachability({
      platform: 'linux',
      port: { hostIp: '0.0.0.0', hostPort: 18778, protocol: 'tcp', containerName: 'p', engineKind: 'docker' },
      firewall,
    });
    expect(r.reachableFromOutside).toBe('yes');
  });

  it('linux: inactive ufw, firewalld not running (exit 252), iptables-save permission denied, nft missing (ENOENT throw)', async () => {
    const enoent = Object.assign(new Error('spawn nft ENOENT'), { code: 'ENOENT' });
    const run = fakeRunner({
      'ufw status verbose': ok(fixture('ufw-status-verbose.inactive.txt')),
      'firewall-cmd --state': { stdout: fixture('firewalld-state.not-running.txt'), stderr: '', exitCode: 252 },
      'iptables --version': ok('iptables v1.8.7 (legacy)\n'),
      'iptables-save': { stdout: '', stderr: 'iptables-save v1.8.7 (legacy): Cannot initialize: Permission denied (you must be root)', exitCode: 1 },
      'nft -j list ruleset': enoent,
    });
    const report = await detectFirewall({ platform: 'linux', run });
    const [ufw, firewalld, iptables, nft] = report.firewalls;
    expect(ufw).toMatchObject({ active: false, summary: 'ufw inactive', error: null });
    expect(firewalld).toMatchObject({ active: false, summary: 'firewalld not running', error: null });
    expect(iptables.active).toBeNull();
    expect(iptables.error).toMatch(/^permission denied running iptables-save/);
    expect(iptables.details).toEqual({ version: { version: '1.8.7', backend: 'legacy' } });
    expect(nft).toMatchObject({ active: null, error: 'nft is not installed (command not found)' });
    expect(report.engineChains).toEqual([]);
  });

  it('linux: firewalld running reads active zones and the docker zone', async () => {
    const run = fakeRunner({
      'firewall-cmd --state': ok('running\n'),
      'firewall-cmd --get-active-zones': ok(fixture('firewalld-get-active-zones.txt')),
      'firewall-cmd --list-all --zone=docker': ok(fixture('firewalld-list-all.docker-zone.txt')),
      'firewall-cmd --list-all --zone=mock_docker': ok(fixture('firewalld-list-all.public-zone.txt')),
    });
    const report = await detectFirewall({ platform: 'linux', run });
    const fwd = report.firewalls.find((f) => f.name === 'firewalld')!;
    expect(fwd.active).toBe(true);
    expect(fwd.summary).toBe('firewalld running; active zones: docker, mock_docker; docker zone present');
    expect(firewallStateFromReport(report).firewalld?.zones.map((z) => z.zone)).toEqual(['docker', 'public']);
  });

  it('darwin: runs only socketfilterfw queries', async () => {
    const f = '/usr/libexec/ApplicationFirewall/socketfilterfw';
    const run = fakeRunner({
      [`${f} --getglobalstate`]: ok(fixture('macos-getglobalstate.enabled.txt')),
      [`${f} --getblockall`]: ok(fixture('macos-getblockall.enabled.txt')),
      [`${f} --getstealthmode`]: ok(fixture('macos-getstealthmode.enabled.txt')),
      [`${f} --getallowsigned`]: ok(fixture('macos-getallowsigned.txt')),
      [`${f} --listapps`]: ok(fixture('macos-listapps.nix-darwin-1705.txt')),
    });
    const report = await detectFirewall({ platform: 'darwin', run });
    expect(run.calls.every((c) => c.startsWith(f))).toBe(true);
    expect(report.firewalls).toHaveLength(1);
    expect(report.firewalls[0]).toMatchObject({
      name: 'macos-application-firewall',
      active: true,
      error: null,
      summary: 'Application firewall on, blocking all incoming, stealth mode; 9 apps listed',
    });
  });

  it('darwin: socketfilterfw missing is reported as unknown', async () => {
    const report = await detectFirewall({ platform: 'darwin', run: fakeRunner({}) });
    expect(report.firewalls[0]).toMatchObject({ active: null, error: '/usr/libexec/ApplicationFirewall/socketfilterfw is not installed (command not found)' });
  });

  it('win32: profiles and inbound rules; access denied on rules is kept as error', async () => {
    const run = fakeRunner({
      'netsh advfirewall show allprofiles': ok(fixture('windows-netsh-show-allprofiles.txt')),
      'netsh advfirewall firewall show rule name=all dir=in': ok(fixture('windows-netsh-show-rule-in.txt')),
    });
    const report = await detectFirewall({ platform: 'win32', run });
    expect(report.firewalls[0]).toMatchObject({
      name: 'windows-defender-firewall',
      active: true,
      error: null,
      summary: 'Domain ON (BlockInbound), Private OFF (BlockInbound), Public ON (BlockInboundAlways); 5 inbound rules',
    });
    const denied = await detectFirewall({
      platform: 'win32',
      run: fakeRunner({
        'netsh advfirewall show allprofiles': { stdout: 'The requested operation requires elevation (Run as administrator).', stderr: '', exitCode: 1 },
      }),
    });
    expect(denied.firewalls[0].active).toBeNull();
    expect(denied.firewalls[0].error).toMatch(/^permission denied running netsh advfirewall show allprofiles/);
  });

  it('the default runner reports a missing binary as exit 127', async () => {
    expect(await defaultRunner('ck-definitely-not-a-command', [])).toMatchObject({ exitCode: 127 });
  });
});

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

describe('detectFirewall on this machine (real commands)', () => {
  it.skipIf(process.platform !== 'linux' || !isRoot)(
    'finds the iptables/nftables state and the DOCKER chain (skipped unless running as root on Linux: iptables-save needs root)',
    async () => {
      const report = await detectFirewall();
      expect(report.platform).toBe('linux');
      const iptables = report.firewalls.find((f) => f.name === 'iptables')!;
      const nft = report.firewalls.find((f) => f.name === 'nftables')!;
      expect(iptables.error === null || nft.error === null).toBe(true);
      if (iptables.error === null) expect(iptables.summary).toMatch(/^iptables \d/);
      expect(report.engineChains).toContain('DOCKER');
    },
    20_000,
  );
});
