import { describe, expect, it } from 'vitest';
import { fixture } from './fixtures';
import { explainPortReachability, type PublishedPortInput } from '../../../../src/main/services/firewall/port-reachability';
import { parseUfwStatusVerbose } from '../../../../src/main/services/firewall/ufw';
import { parseFirewalldListAll } from '../../../../src/main/services/firewall/firewalld';
import { parseIptablesSave } from '../../../../src/main/services/firewall/iptables';
import { parseAllProfiles, parseFirewallRules } from '../../../../src/main/services/firewall/windows-netsh';
import type { MacAppFirewallState } from '../../../../src/main/services/firewall/macos-socketfilterfw';

const port = (p: Partial<PublishedPortInput> = {}): PublishedPortInput => ({
  hostIp: '0.0.0.0',
  hostPort: 18778,
  protocol: 'tcp',
  containerName: 'web',
  engineKind: 'docker',
  ...p,
});
const save = parseIptablesSave(fixture('iptables-save.linux-docker-podman.txt'));
const ufw = parseUfwStatusVerbose(fixture('ufw-status-verbose.active-moby-4737.txt'));

describe('explainPortReachability', () => {
  it('loopback binding is not reachable, with the all-interfaces command and its risk', () => {
    for (const hostIp of ['127.0.0.1', '::1']) {
      const r = explainPortReachability({ platform: 'linux', port: port({ hostIp, hostPort: 18777 }), firewall: { iptables: save } });
      expect(r.reachableFromOutside).toBe('no');
      expect(r.reasons[0]).toContain('loopback');
      expect(r.reasons.join(' ')).toMatch(/exposes the port to every network/);
      expect(r.commands[0]).toContain('docker run -p 0.0.0.0:18777:');
    }
  });

  it('Linux + Docker + active ufw: reachable regardless of ufw, with a DOCKER-USER rule', () => {
    const r = explainPortReachability({ platform: 'linux', port: port(), firewall: { ufw, iptables: save } });
    expect(r.reachableFromOutside).toBe('yes');
    expect(r.reasons.join(' ')).toMatch(/bypass ufw/);
    expect(r.reasons.join(' ')).toContain('nat/DOCKER DNATs tcp port 18778 to 172.17.0.2:80');
    expect(r.commands[0]).toMatch(/^iptables -I DOCKER-USER -p tcp -m conntrack --ctorigdstport 18778 .*! -s 192\.168\.1\.0\/24 -j DROP .*EXAMPLE subnet/);
    expect(r.commands[1]).toContain('iptables -I DOCKER-USER -p tcp --dport 80 ! -s 192.168.1.0/24 -j DROP');
  });

  it('Linux + ufw active without an engine DNAT (rootless Podman): ufw policy decides', () => {
    const r = explainPortReachability({ platform: 'linux', port: port({ engineKind: 'podman', hostPort: 9999 }), firewall: { ufw, iptables: save } });
    expect(r.reachableFromOutside).toBe('no');
    expect(r.commands).toContain('sudo ufw allow 9999/tcp');
  });

  it('Linux + Podman with a DNAT: filters in FORWARD, since netavark has no DOCKER-USER chain', () => {
    const r = explainPortReachability({ platform: 'linux', port: port({ engineKind: 'podman' }), firewall: { iptables: save } });
    expect(r.reachableFromOutside).toBe('yes');
    expect(r.commands[0]).toMatch(/^iptables -I FORWARD -p tcp -m conntrack --ctorigdstport 18778 /);
    expect(r.commands.join('\n')).not.toContain('DOCKER-USER');
    expect(r.reasons.join(' ')).toMatch(/INPUT chain never sees it/);
  });

  it('Linux + firewalld running: docker zone and forwarding rules', () => {
    const zones = parseFirewalldListAll(fixture('firewalld-list-all.docker-zone.txt'));
    const r = explainPortReachability({ platform: 'linux', port: port(), firewall: { firewalld: { running: true, zones }, iptables: save } });
    expect(r.reachableFromOutside).toBe('yes');
    expect(r.reasons.join(' ')).toMatch(/"docker" zone \(target ACCEPT, interfaces docker0/);
    expect(r.reasons.join(' ')).toMatch(/rich rules do not filter/);
    expect(r.commands.some((c) => c.startsWith('firewall-cmd --permanent --direct --add-rule ipv4 filter DOCKER-USER'))).toBe(true);
  });

  it('INPUT policy DROP with an engine DNAT: explains FORWARD vs INPUT', () => {
    const dropInput = parseIptablesSave(fixture('iptables-save.linux-docker-podman.txt').replace(':INPUT ACCEPT', ':INPUT DROP'));
    const r = explainPortReachability({ platform: 'linux', port: port(), firewall: { iptables: dropInput } });
    expect(r.reachableFromOutside).toBe('yes');
    expect(r.reasons.join(' ')).toMatch(/passes the FORWARD chain, not INPUT/);
    expect(r.reasons.join(' ')).toMatch(/INPUT policy is DROP/);
    const other = explainPortReachability({ platform: 'linux', port: port({ hostPort: 4000 }), firewall: { iptables: dropInput } });
    expect(other.reachableFromOutside).toBe('unknown');
    expect(other.commands[0]).toContain('iptables -I INPUT -p tcp --dport 4000');
  });

  it('Linux with nothing readable is unknown and says why', () => {
    const r = explainPortReachability({ platform: 'linux', port: port(), firewall: {} });
    expect(r.reachableFromOutside).toBe('unknown');
    expect(r.reasons[0]).toMatch(/could not be read/);
  });

  const mac = (s: Partial<MacAppFirewallState>): MacAppFirewallState => ({
    enabled: true,
    globalState: 1,
    blockAll: false,
    stealthMode: false,
    allowSigned: { builtIn: true, downloaded: true },
    apps: [],
    ...s,
  });

  it('macOS: block all blocks the engine helper; stealth mode is explained', () => {
    const r = explainPortReachability({ platform: 'darwin', port: port(), firewall: { macos: mac({ blockAll: true, stealthMode: true }) } });
    expect(r.reachableFromOutside).toBe('no');
    expect(r.reasons.join(' ')).toMatch(/com\.docker\.backend/);
    expect(r.reasons[0]).toMatch(/Stealth mode is on/);
    expect(r.commands).toEqual(['sudo /usr/libexec/ApplicationFirewall/socketfilterfw --setblockall off']);
  });

  it('macOS: firewall off, helper allowed/blocked, helper unknown', () => {
    expect(explainPortReachability({ platform: 'darwin', port: port(), firewall: { macos: mac({ enabled: false }) } }).reachableFromOutside).toBe('yes');
    const gv = '/opt/podman/bin/gvproxy';
    const blocked = explainPortReachability({
      platform: 'darwin',
      port: port({ engineKind: 'podman' }),
      firewall: { macos: mac({ apps: [{ index: 1, path: gv, allowed: false }] }) },
    });
    expect(blocked.reachableFromOutside).toBe('no');
    expect(blocked.commands[0]).toBe(`sudo /usr/libexec/ApplicationFirewall/socketfilterfw --unblockapp "${gv}"`);
    const allowed = explainPortReachability({
      platform: 'darwin',
      port: port({ engineKind: 'podman' }),
      firewall: { macos: mac({ apps: [{ index: 1, path: gv, allowed: true }] }) },
    });
    expect(allowed.reachableFromOutside).toBe('yes');
    expect(explainPortReachability({ platform: 'darwin', port: port(), firewall: { macos: mac({}) } }).reachableFromOutside).toBe('unknown');
    expect(explainPortReachability({ platform: 'darwin', port: port(), firewall: {} }).reachableFromOutside).toBe('unknown');
  });

  const windows = {
    profiles: parseAllProfiles(fixture('windows-netsh-show-allprofiles.txt')),
    rules: parseFirewallRules(fixture('windows-netsh-show-rule-in.txt')),
  };

  it('Windows: profile state and inbound rules matching LocalPort', () => {
    const blocked = explainPortReachability({ platform: 'win32', port: port(), firewall: { windows } });
    expect(blocked.reachableFromOutside).toBe('no');
    expect(blocked.reasons[1]).toContain('"Block 18778"');
    const allowed = explainPortReachability({ platform: 'win32', port: port({ hostPort: 8080 }), firewall: { windows } });
    expect(allowed.reachableFromOutside).toBe('yes');
    expect(allowed.reasons[0]).toBe('Profiles: Domain ON (BlockInbound), Private OFF (BlockInbound), Public ON (BlockInboundAlways).');
    const programOnly = explainPortReachability({ platform: 'win32', port: port({ hostPort: 5000 }), firewall: { windows } });
    expect(programOnly.reachableFromOutside).toBe('unknown');
    expect(programOnly.reasons[1]).toContain('"Docker Desktop Backend"');
    expect(programOnly.commands[0]).toBe(
      'netsh advfirewall firewall add rule name="Container Kit 5000" dir=in action=allow protocol=TCP localport=5000 profile=private',
    );
    const noRules = explainPortReachability({ platform: 'win32', port: port({ hostPort: 5000 }), firewall: { windows: { ...windows, rules: [] } } });
    expect(noRules.reachableFromOutside).toBe('no');
    const off = windows.profiles.map((p) => ({ ...p, state: 'OFF' as const }));
    expect(explainPortReachability({ platform: 'win32', port: port(), firewall: { windows: { profiles: off, rules: [] } } }).reachableFromOutside).toBe('yes');
  });
});
