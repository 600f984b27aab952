import { describe, expect, it } from 'vitest';
import { validateNetworkSpec, type NetworkRulesContext } from '../../src/shared/network-rules';

const empty: NetworkRulesContext = { networks: [], routes: [] };
const context: NetworkRulesContext = {
  networks: [
    { name: 'bridge', subnets: ['172.17.0.0/16'] },
    { name: 'backend', subnets: ['10.10.0.0/16', 'fd00:10::/64'] },
    { name: 'none', subnets: [] },
    { name: 'odd', subnets: ['not-a-cidr'] },
  ],
  routes: [
    { destination: '0.0.0.0/0', iface: 'eth0' },
    { destination: '::/0', iface: 'eth0' },
    { destination: '192.168.1.0/24', iface: 'eth0' },
    { destination: '192.168.1.1/32', iface: 'eth0' },
    { destination: '10.8.0.0/24', iface: 'wg0' },
    { destination: 'fd7a:115c::/48', iface: 'tailscale0' },
  ],
};

describe('validateNetworkSpec', () => {
  it('accepts a name alone, and a complete valid spec', () => {
    expect(validateNetworkSpec({ name: 'web' }, context)).toEqual([]);
    expect(
      validateNetworkSpec(
        { name: 'web', subnet: '10.20.0.0/24', gateway: '10.20.0.1', ipRange: '10.20.0.128/25', ipv6: true, ipv6Subnet: 'fd00:20::/64' },
        context,
      ),
    ).toEqual([]);
  });

  it('treats empty strings as not given (untouched form fields)', () => {
    expect(validateNetworkSpec({ name: 'web', subnet: '', gateway: ' ', ipRange: '', ipv6Subnet: '' }, context)).toEqual([]);
  });

  it('refuses a duplicate or empty name', () => {
    expect(validateNetworkSpec({ name: 'backend' }, context)).toEqual([
      { field: 'name', message: 'A network named "backend" already exists: choose another name' },
    ]);
    expect(validateNetworkSpec({ name: '  ' }, empty)).toEqual([{ field: 'name', message: 'Give the network a name' }]);
  });

  it('reports invalid CIDRs on their field, with the parser’s reason', () => {
    expect(validateNetworkSpec({ name: 'x', subnet: '10.20.0.1/24' }, empty)).toEqual([
      { field: 'subnet', message: 'Subnet: 10.20.0.1/24 has host bits set: did you mean 10.20.0.0/24?' },
    ]);
    expect(validateNetworkSpec({ name: 'x', subnet: '10.20.0.0' }, empty)[0]).toMatchObject({
      field: 'subnet',
      message: expect.stringMatching(/CIDR notation/),
    });
    expect(validateNetworkSpec({ name: 'x', subnet: '10.20.0.0/24', ipRange: '10.20.0.0/33' }, empty)[0]).toMatchObject({ field: 'ipRange' });
    expect(validateNetworkSpec({ name: 'x', ipv6Subnet: 'fd00::/200' }, empty)[0]).toMatchObject({ field: 'ipv6Subnet' });
  });

  describe('gateway', () => {
    const check = (gateway: string, subnet?: string) => validateNetworkSpec({ name: 'x', subnet, gateway }, empty);

    it('needs a subnet', () => {
      expect(check('10.20.0.1')).toEqual([{ field: 'gateway', message: 'A gateway needs a subnet: set the subnet that contains 10.20.0.1' }]);
    });

    it('must be an address inside the subnet', () => {
      expect(check('10.21.0.1', '10.20.0.0/24')).toEqual([
        { field: 'gateway', message: 'Gateway 10.21.0.1 is not inside the subnet 10.20.0.0/24 (10.20.0.0–10.20.0.255)' },
      ]);
      expect(check('10.20.0.300', '10.20.0.0/24')[0]).toMatchObject({ field: 'gateway', message: expect.stringMatching(/^Gateway: .*300 is more than 255/) });
      expect(check('fd00::1', '10.20.0.0/24')).toEqual([{ field: 'gateway', message: 'Gateway fd00::1 is IPv6 but the subnet 10.20.0.0/24 is IPv4' }]);
    });

    it('is not the network or broadcast address of an IPv4 subnet', () => {
      expect(check('10.20.0.0', '10.20.0.0/24')).toEqual([
        { field: 'gateway', message: 'Gateway 10.20.0.0 is the network address of 10.20.0.0/24 — use a host address such as 10.20.0.1' },
      ]);
      expect(check('10.20.0.255', '10.20.0.0/24')).toEqual([
        { field: 'gateway', message: 'Gateway 10.20.0.255 is the broadcast address of 10.20.0.0/24 — use a host address such as 10.20.0.1' },
      ]);
      expect(check('10.20.0.254', '10.20.0.0/24')).toEqual([]);
    });

    it('allows both addresses of a /31 (RFC 3021) and any IPv6 address', () => {
      expect(check('10.20.0.0', '10.20.0.0/31')).toEqual([]);
      expect(check('10.20.0.1', '10.20.0.0/31')).toEqual([]);
      expect(check('fd00:20::', 'fd00:20::/64')).toEqual([]);
    });

    it('reports no gateway problem when the subnet itself is wrong (one problem, not two)', () => {
      expect(check('10.20.0.1', '10.20.0.0/40').map((p) => p.field)).toEqual(['subnet']);
    });
  });

  describe('ipRange', () => {
    it('needs a subnet and lies within it', () => {
      expect(validateNetworkSpec({ name: 'x', ipRange: '10.20.0.0/25' }, empty)).toEqual([
        { field: 'ipRange', message: 'An IP range needs a subnet: set the subnet that contains 10.20.0.0/25' },
      ]);
      expect(validateNetworkSpec({ name: 'x', subnet: '10.20.0.0/24', ipRange: '10.20.0.0/23' }, empty)).toEqual([
        { field: 'ipRange', message: 'IP range 10.20.0.0/23 is not inside the subnet 10.20.0.0/24' },
      ]);
      expect(validateNetworkSpec({ name: 'x', subnet: '10.20.0.0/24', ipRange: '10.20.0.0/24' }, empty)).toEqual([]);
    });
  });

  describe('overlap with existing networks', () => {
    it('names the network and its subnet, whichever block is larger', () => {
      expect(validateNetworkSpec({ name: 'x', subnet: '10.10.0.0/24' }, context)).toEqual([
        { field: 'subnet', message: '10.10.0.0/24 overlaps network "backend" (10.10.0.0/16)' },
      ]);
      expect(validateNetworkSpec({ name: 'x', subnet: '10.0.0.0/8' }, context)).toEqual([
        { field: 'subnet', message: '10.0.0.0/8 overlaps network "backend" (10.10.0.0/16)' },
        { field: 'subnet', message: '10.0.0.0/8 overlaps the host route 10.8.0.0/24 on wg0 — containers could not reach that network' },
      ]);
      expect(validateNetworkSpec({ name: 'x', subnet: '172.16.0.0/12' }, context)[0].message).toBe('172.16.0.0/12 overlaps network "bridge" (172.17.0.0/16)');
    });

    it('checks the IPv6 subnet too, and allows an IPv6 block in the subnet field', () => {
      expect(validateNetworkSpec({ name: 'x', ipv6: true, ipv6Subnet: 'fd00:10::/56' }, context)).toEqual([
        { field: 'ipv6Subnet', message: 'fd00:10::/56 overlaps network "backend" (fd00:10::/64)' },
      ]);
      expect(validateNetworkSpec({ name: 'x', subnet: 'fd00:10::/64' }, context)).toEqual([
        { field: 'subnet', message: 'fd00:10::/64 overlaps network "backend" (fd00:10::/64)' },
      ]);
    });

    it('does not compare across families, nor with subnets it cannot read', () => {
      expect(validateNetworkSpec({ name: 'x', subnet: '10.99.0.0/16', ipv6Subnet: 'fd00:99::/64' }, context)).toEqual([]);
    });
  });

  describe('overlap with host routes', () => {
    it('names the route and its interface', () => {
      expect(validateNetworkSpec({ name: 'x', subnet: '192.168.1.0/24' }, context)).toEqual([
        { field: 'subnet', message: '192.168.1.0/24 overlaps the host route 192.168.1.0/24 on eth0 — containers could not reach that network' },
      ]);
      expect(validateNetworkSpec({ name: 'x', subnet: '192.168.1.128/25' }, context)[0].message).toBe(
        '192.168.1.128/25 overlaps the host route 192.168.1.0/24 on eth0 — containers could not reach that network',
      );
      expect(validateNetworkSpec({ name: 'x', ipv6Subnet: 'fd7a:115c:0:1::/64' }, context)).toEqual([
        { field: 'ipv6Subnet', message: 'fd7a:115c:0:1::/64 overlaps the host route fd7a:115c::/48 on tailscale0 — containers could not reach that network' },
      ]);
    });

    it('ignores default routes and names a /32 only when no wider route on that interface covers it', () => {
      const routes = [
        { destination: '0.0.0.0/0', iface: 'eth0' },
        { destination: '192.168.1.1/32', iface: 'eth0' },
        { destination: '192.168.1.9/32', iface: 'wg0' },
      ];
      expect(validateNetworkSpec({ name: 'x', subnet: '192.168.1.0/24' }, { networks: [], routes }).map((p) => p.message)).toEqual([
        '192.168.1.0/24 overlaps the host route 192.168.1.1/32 on eth0 — containers could not reach that network',
        '192.168.1.0/24 overlaps the host route 192.168.1.9/32 on wg0 — containers could not reach that network',
      ]);
      expect(validateNetworkSpec({ name: 'x', subnet: '203.0.113.0/24' }, context)).toEqual([]);
    });
  });

  describe('ipv6Subnet', () => {
    it('must be IPv6', () => {
      expect(validateNetworkSpec({ name: 'x', ipv6: true, ipv6Subnet: '10.30.0.0/24' }, empty)).toEqual([
        {
          field: 'ipv6Subnet',
          message: 'The IPv6 subnet 10.30.0.0/24 is an IPv4 block: put it in the subnet field or give an IPv6 block such as fd00:10::/64',
        },
      ]);
    });

    it('must not overlap an IPv6 block given as the subnet', () => {
      expect(validateNetworkSpec({ name: 'x', subnet: 'fd00:30::/64', ipv6Subnet: 'fd00:30::/48' }, empty)).toEqual([
        { field: 'ipv6Subnet', message: 'The IPv6 subnet fd00:30::/48 overlaps the subnet fd00:30::/64 of this network' },
      ]);
    });
  });

  it('reports every problem at once: field problems first, then overlaps', () => {
    const problems = validateNetworkSpec({ name: 'backend', subnet: '10.10.5.0/24', gateway: '10.10.6.1', ipRange: '10.10.4.0/24' }, context);
    expect(problems.map((p) => p.field)).toEqual(['name', 'gateway', 'ipRange', 'subnet']);
  });
});
