import { describe, expect, it } from 'vitest';
import { fixture } from './fixtures';
import {
  parseGlobalState,
  parseBlockAll,
  parseStealthMode,
  parseAllowSigned,
  parseListApps,
  findEngineHelperApps,
} from '../../../../src/main/services/firewall/macos-socketfilterfw';
import { parseAllProfiles, parseFirewallRules, rulesForPort } from '../../../../src/main/services/firewall/windows-netsh';

describe('macOS socketfilterfw', () => {
  it('parses --getglobalstate', () => {
    expect(parseGlobalState(fixture('macos-getglobalstate.enabled.txt'))).toEqual({ enabled: true, state: 1 });
    expect(parseGlobalState(fixture('macos-getglobalstate.disabled.txt'))).toEqual({ enabled: false, state: 0 });
    expect(parseGlobalState(fixture('macos-getglobalstate.blockall-state2.txt'))).toEqual({ enabled: true, state: 2 });
    expect(parseGlobalState('garbage')).toEqual({ enabled: null, state: null });
  });

  it('parses --getblockall, --getstealthmode and --getallowsigned', () => {
    expect(parseBlockAll(fixture('macos-getblockall.disabled.txt'))).toBe(false);
    expect(parseBlockAll(fixture('macos-getblockall.enabled.txt'))).toBe(true);
    expect(parseStealthMode(fixture('macos-getstealthmode.enabled.txt'))).toBe(true);
    expect(parseStealthMode(fixture('macos-getstealthmode.disabled.txt'))).toBe(false);
    expect(parseStealthMode('Firewall stealth mode is on')).toBe(true);
    expect(parseAllowSigned(fixture('macos-getallowsigned.txt'))).toEqual({ builtIn: true, downloaded: true });
  });

  it('parses the combined kolide.com example', () => {
    const text = fixture('macos-socketfilterfw.enabled.txt');
    expect(parseGlobalState(text).enabled).toBe(true);
    expect(parseBlockAll(text)).toBe(false);
    expect(parseStealthMode(text)).toBe(false);
  });

  it('parses --listapps (nix-darwin#1705)', () => {
    const { total, apps } = parseListApps(fixture('macos-listapps.nix-darwin-1705.txt'));
    expect(total).toBe(9);
    expect(apps).toHaveLength(9);
    expect(apps[0]).toEqual({ index: 1, path: '/usr/libexec/sshd-session', allowed: false });
    expect(apps[8]).toEqual({ index: 9, path: '/usr/sbin/smbd', allowed: true });
    expect(findEngineHelperApps(apps, 'docker')).toEqual([]);
    expect(findEngineHelperApps([{ index: 1, path: '/Applications/Docker.app/Contents/MacOS/com.docker.backend', allowed: true }], 'docker')).toHaveLength(1);
  });
});

describe('Windows netsh advfirewall', () => {
  it('parses show allprofiles', () => {
    const profiles = parseAllProfiles(fixture('windows-netsh-show-allprofiles.txt'));
    expect(profiles.map((p) => [p.name, p.state, p.inboundPolicy, p.outboundPolicy])).toEqual([
      ['Domain', 'ON', 'BlockInbound', 'AllowOutbound'],
      ['Private', 'OFF', 'BlockInbound', 'AllowOutbound'],
      ['Public', 'ON', 'BlockInboundAlways', 'AllowOutbound'],
    ]);
    expect(profiles[0].settings.LocalFirewallRules).toBe('N/A (GPO-store only)');
    expect(profiles[0].settings.MaxFileSize).toBe('4096');
  });

  it('parses show rule name=all dir=in and matches ports', () => {
    const rules = parseFirewallRules(fixture('windows-netsh-show-rule-in.txt'));
    expect(rules).toHaveLength(5);
    expect(rules[1]).toMatchObject({
      name: 'Container Kit 8080',
      enabled: true,
      direction: 'In',
      profiles: ['Private'],
      protocol: 'TCP',
      localPort: '8080',
      action: 'Allow',
      edgeTraversal: 'No',
    });
    expect(rules[3].enabled).toBe(false);
    expect(rules[4]).toMatchObject({ grouping: 'Core Networking', protocol: 'UDP', localPort: '53' });
    expect(rulesForPort(rules, 8080, 'tcp').map((r) => r.name)).toEqual(['Container Kit 8080']);
    expect(rulesForPort(rules, 9005, 'tcp')).toEqual([]);
    expect(rulesForPort(rules, 8080, 'tcp', { includeAnyPort: true }).map((r) => r.name)).toEqual(['Docker Desktop Backend', 'Container Kit 8080']);
  });
});
