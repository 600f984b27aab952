import { describe, expect, it } from 'vitest';
import { fixture } from './fixtures';
import { parseUfwStatusVerbose, ufwRulesForPort } from '../../../../src/main/services/firewall/ufw';
import { parseFirewalldState, parseActiveZones, parseFirewalldListAll, zoneOpensPort } from '../../../../src/main/services/firewall/firewalld';
import { parseIptablesSave, parseIptablesVersion, findEngineChains, findDnatMappings, chainPolicy } from '../../../../src/main/services/firewall/iptables';
import { parseNftRuleset, findNftEngineChains, nftRulesForPort, nftBaseChains } from '../../../../src/main/services/firewall/nftables';

describe('ufw status verbose', () => {
  it('parses an active firewall with routed policy, app profiles, FWD and v6 rows', () => {
    const s = parseUfwStatusVerbose(fixture('ufw-status-verbose.active-routed.txt'));
    expect(s.active).toBe(true);
    expect(s.logging).toBe('on (low)');
    expect(s.defaults).toEqual({ incoming: 'deny', outgoing: 'allow', routed: 'deny' });
    expect(s.rules).toHaveLength(6);
    expect(s.rules[0]).toMatchObject({
      to: '22/tcp (OpenSSH)',
      action: 'ALLOW IN',
      verdict: 'ALLOW',
      direction: 'in',
      from: 'Anywhere',
      v6: false,
      app: 'OpenSSH',
    });
    expect(s.rules[1]).toMatchObject({ v6: true, from: 'Anywhere (v6)', ports: [{ start: 22, end: 22, protocol: 'tcp' }] });
    expect(s.rules[2]).toMatchObject({ to: '80/tcp', direction: 'fwd', v6: false });
    expect(s.rules[4]).toMatchObject({ to: '80/tcp (v6)', v6: true, ports: [{ start: 80, end: 80, protocol: 'tcp' }] });
    expect(ufwRulesForPort(s, 443, 'tcp').map((r) => r.to)).toEqual(['443/tcp', '443/tcp (v6)']);
    expect(ufwRulesForPort(s, 443, 'udp')).toEqual([]);
  });

  it('parses the moby#4737 output (no routed policy, portless protocol, source address)', () => {
    const s = parseUfwStatusVerbose(fixture('ufw-status-verbose.active-moby-4737.txt'));
    expect(s.defaults).toEqual({ incoming: 'deny', outgoing: 'allow', routed: null });
    expect(s.rules).toHaveLength(8);
    expect(s.rules[3]).toMatchObject({ to: '5666', from: '95.xx.xx.xx', ports: [{ start: 5666, end: 5666, protocol: null }] });
    expect(s.rules.filter((r) => r.v6)).toHaveLength(3);
    expect(ufwRulesForPort(s, 22, 'udp')).toHaveLength(2);
  });

  it('parses an inactive firewall', () => {
    const s = parseUfwStatusVerbose(fixture('ufw-status-verbose.inactive.txt'));
    expect(s).toEqual({ active: false, logging: null, defaults: { incoming: null, outgoing: null, routed: null }, rules: [] });
  });
});

describe('firewalld', () => {
  it('parses --state', () => {
    expect(parseFirewalldState(fixture('firewalld-state.running.txt'))).toBe('running');
    expect(parseFirewalldState('', fixture('firewalld-state.not-running.txt'))).toBe('not running');
    expect(parseFirewalldState('')).toBe('unknown');
  });

  it('parses --get-active-zones', () => {
    expect(parseActiveZones(fixture('firewalld-get-active-zones.txt'))).toEqual([
      { zone: 'docker', interfaces: ['docker0', 'br-c6d4a486127d', 'br-6e7f995ee7b1'], sources: [] },
      { zone: 'mock_docker', interfaces: ['ens33'], sources: [] },
    ]);
  });

  it('parses the docker zone with a rich rule', () => {
    const [z] = parseFirewalldListAll(fixture('firewalld-list-all.docker-zone.txt'));
    expect(z).toMatchObject({ zone: 'docker', active: true, isDefault: false, target: 'ACCEPT', masquerade: false, services: [], ports: [] });
    expect(z.interfaces).toEqual(['docker0', 'br-c6d4a486127d', 'br-6e7f995ee7b1']);
    expect(z.richRules).toEqual(['rule family="ipv4" source address="192.168.222.1" port port="80" protocol="tcp" reject']);
  });

  it('parses a public zone with ports, services and forward', () => {
    const [z] = parseFirewalldListAll(fixture('firewalld-list-all.public-zone.txt'));
    expect(z).toMatchObject({ zone: 'public', active: true, isDefault: true, target: 'default', forward: true, interfaces: ['eth0'] });
    expect(z.services).toEqual(['cockpit', 'dhcpv6-client', 'ssh']);
    expect(z.ports).toEqual([
      { start: 8080, end: 8080, protocol: 'tcp' },
      { start: 60000, end: 60010, protocol: 'udp' },
    ]);
    expect(zoneOpensPort(z, 60005, 'udp')).toBe(true);
    expect(zoneOpensPort(z, 8080, 'udp')).toBe(false);
  });
});

describe('iptables-save (captured on this machine, iptables-nft, Docker + Podman)', () => {
  const save = parseIptablesSave(fixture('iptables-save.linux-docker-podman.txt'));

  it('reads the generator, tables, chains and policies', () => {
    expect(save.generator).toBe('iptables-save v1.8.9 (nf_tables)');
    expect(save.backend).toBe('nf_tables');
    expect(Object.keys(save.tables)).toEqual(['filter', 'nat']);
    expect(chainPolicy(save, 'filter', 'INPUT')).toBe('ACCEPT');
    expect(chainPolicy(save, 'filter', 'FORWARD')).toBe('DROP');
    expect(save.tables.filter.DOCKER.policy).toBeNull();
    expect(save.tables.filter.FORWARD.rules[0].target).toBe('DOCKER-USER');
    expect(save.tables.filter.FORWARD.rules[6].comment).toBe('netavark firewall plugin rules');
  });

  it('finds Docker and netavark chains', () => {
    expect(findEngineChains(save)).toEqual([
      'filter/DOCKER',
      'filter/DOCKER-ISOLATION-STAGE-1',
      'filter/DOCKER-ISOLATION-STAGE-2',
      'filter/DOCKER-USER',
      'filter/NETAVARK_FORWARD',
      'filter/NETAVARK_ISOLATION_1',
      'filter/NETAVARK_ISOLATION_2',
      'nat/DOCKER',
      'nat/NETAVARK-HOSTPORT-DNAT',
      'nat/NETAVARK-HOSTPORT-MASQ',
      'nat/NETAVARK-HOSTPORT-SETMARK',
    ]);
  });

  it('maps host ports to container addresses from the DNAT rules', () => {
    expect(findDnatMappings(save)).toEqual([
      expect.objectContaining({
        table: 'nat',
        chain: 'DOCKER',
        engine: 'docker',
        protocol: 'tcp',
        hostIp: null,
        hostPort: 18778,
        containerIp: '172.17.0.2',
        containerPort: 80,
      }),
      expect.objectContaining({ chain: 'DOCKER', hostIp: '127.0.0.1', hostPort: 18777, containerIp: '172.17.0.2', containerPort: 80 }),
    ]);
    const dnat = save.tables.nat.DOCKER.rules[1];
    expect(dnat.negated).toEqual({ inInterface: true });
  });

  it('recognises netavark DNAT rules (synthetic snippet in the documented netavark layout)', () => {
    const s = parseIptablesSave(
      [
        '*nat',
        ':NETAVARK-DN-1D8721804F16F - [0:0]',
        '-A NETAVARK-DN-1D8721804F16F -p tcp -m tcp --dport 18779 -m comment --comment "dnat name: podman id: abc" -j DNAT --to-destination 10.88.0.2:80',
        'COMMIT',
      ].join('\n'),
    );
    expect(findDnatMappings(s)).toEqual([expect.objectContaining({ engine: 'podman', hostPort: 18779, containerIp: '10.88.0.2', containerPort: 80 })]);
  });

  it('parses ip6tables-save output that is empty here (no ip6 rules loaded)', () => {
    expect(parseIptablesSave(fixture('ip6tables-save.linux-docker-podman.txt')).tables).toEqual({});
  });

  it('parses iptables --version', () => {
    expect(parseIptablesVersion(fixture('iptables-version.txt'))).toEqual({ version: '1.8.9', backend: 'nf_tables' });
    expect(parseIptablesVersion('iptables v1.8.7 (legacy)')).toEqual({ version: '1.8.7', backend: 'legacy' });
    expect(parseIptablesVersion('iptables v1.6.1')).toEqual({ version: '1.6.1', backend: 'legacy' });
  });
});

describe('nft -j list ruleset (captured on this machine)', () => {
  const rs = parseNftRuleset(fixture('nft-list-ruleset.linux-docker-podman.json'));

  it('reads tables and base chains with hooks and policies', () => {
    expect(rs.version).toBe('1.0.6');
    expect(rs.tables).toEqual([
      { family: 'ip', name: 'nat' },
      { family: 'ip', name: 'filter' },
    ]);
    expect(nftBaseChains(rs).map((c) => `${c.table}/${c.name}:${c.hook}:${c.policy}`)).toEqual(
      expect.arrayContaining(['nat/PREROUTING:prerouting:accept', 'filter/FORWARD:forward:drop']),
    );
  });

  it('finds engine chains and the DNAT rule for the published port', () => {
    expect(findNftEngineChains(rs)).toEqual(expect.arrayContaining(['ip nat/DOCKER', 'ip filter/DOCKER-USER', 'ip nat/NETAVARK-HOSTPORT-DNAT']));
    const hits = nftRulesForPort(rs, 18778, 'tcp');
    expect(hits.find((r) => r.dnat)).toMatchObject({ table: 'nat', chain: 'DOCKER', verdict: 'xt DNAT' });
    expect(nftRulesForPort(rs, 18778, 'udp')).toEqual([]);
  });
});
