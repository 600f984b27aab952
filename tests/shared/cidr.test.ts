import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CidrError, cidrWithin, cidrsOverlap, formatIp, ipInCidr, parseCidr, parseIp, prefixMask } from '../../src/shared/cidr';

describe('parseIp', () => {
  it('reads IPv4 as a 32-bit value', () => {
    expect(parseIp('10.0.0.1')).toEqual({ family: 4, value: 0x0a000001n, text: '10.0.0.1' });
    expect(parseIp(' 255.255.255.255 ').value).toBe(0xffffffffn);
    expect(parseIp('0.0.0.0').value).toBe(0n);
  });

  it.each([
    ['10.0.0', /four numbers/],
    ['10.0.0.256', /256 is more than 255/],
    ['10.0.0.01', /leading zero/],
    ['10.0.0.-1', /not a number/],
    ['10.0.0.1.2', /four numbers/],
    ['', /required/],
    ['web', /not an IPv4 address/],
  ])('refuses IPv4 %j', (text, message) => {
    expect(() => parseIp(text)).toThrow(CidrError);
    expect(() => parseIp(text)).toThrow(message);
  });

  it.each([
    ['::', '::', 0n],
    ['::1', '::1', 1n],
    ['1::', '1::', 1n << 112n],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1', 0x20010db8000000000000000000000001n],
    ['2001:0db8:0000:0000:0001:0000:0000:0001', '2001:db8::1:0:0:1', 0x20010db8000000000001000000000001n],
    ['fe80:0:0:0:0:0:0:1', 'fe80::1', 0xfe800000000000000000000000000001n],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1', 0x20010db8000000010001000100010001n],
    ['::ffff:10.0.0.1', '::ffff:10.0.0.1', 0xffff0a000001n],
    ['::ffff:a00:1', '::ffff:10.0.0.1', 0xffff0a000001n],
    ['64:ff9b::192.0.2.33', '64:ff9b::c000:221', 0x0064ff9b0000000000000000c0000221n],
    ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0', 0x00010002000300040005000600070000n],
  ])('reads IPv6 %s → %s', (text, canonical, value) => {
    expect(parseIp(text)).toEqual({ family: 6, value, text: canonical });
  });

  it('compresses the longest zero run, the leftmost on a tie (RFC 5952 §4.2.3)', () => {
    expect(parseIp('1:0:0:2:0:0:0:3').text).toBe('1:0:0:2::3');
    expect(parseIp('1:0:0:2:0:0:3:4').text).toBe('1::2:0:0:3:4');
    expect(parseIp('1:0:2:3:4:5:6:7').text).toBe('1:0:2:3:4:5:6:7'); // one zero group is not compressed
  });

  it.each([
    ['1::2::3', /only once/],
    ['1:2:3:4:5:6:7:8:9', /8 groups/],
    ['1:2:3:4:5:6:7', /8 groups/],
    ['1:2:3:4:5:6:7:8::', /too many groups/],
    ['12345::', /1 to 4 hex digits/],
    ['fe80::1%eth0', /zone/],
    ['::g', /hex digits/],
    ['1.2.3.4::', /hex digits/],
    [':::', /hex digits/],
  ])('refuses IPv6 %j', (text, message) => {
    expect(() => parseIp(text)).toThrow(message);
  });

  it('formats what it parses, for any value (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), (v) => {
        const text = formatIp(6, v);
        expect(parseIp(text)).toEqual({ family: 6, value: v, text });
      }),
    );
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 0xffffffffn }), (v) => {
        expect(parseIp(formatIp(4, v)).value).toBe(v);
      }),
    );
  });

  it('refuses to format a value outside the family', () => {
    expect(() => formatIp(4, 1n << 32n)).toThrow(CidrError);
  });
});

describe('parseCidr', () => {
  it('gives the network, prefix and first/last address', () => {
    expect(parseCidr('10.10.0.0/16')).toEqual({
      family: 4,
      network: 0x0a0a0000n,
      prefix: 16,
      text: '10.10.0.0/16',
      first: 0x0a0a0000n,
      last: 0x0a0affffn,
    });
  });

  it('handles /0, /32 and /128', () => {
    expect(parseCidr('0.0.0.0/0')).toMatchObject({ first: 0n, last: 0xffffffffn, text: '0.0.0.0/0' });
    expect(parseCidr('192.168.1.7/32')).toMatchObject({ first: 0xc0a80107n, last: 0xc0a80107n, prefix: 32 });
    expect(parseCidr('::/0')).toMatchObject({ first: 0n, last: (1n << 128n) - 1n, text: '::/0' });
    expect(parseCidr('2001:db8::1/128')).toMatchObject({ first: 0x20010db8000000000000000000000001n, last: 0x20010db8000000000000000000000001n });
  });

  it('canonicalises IPv6 text', () => {
    expect(parseCidr('FD00:0000:0000:0000::/64').text).toBe('fd00::/64');
    expect(parseCidr('2001:db8:0:1::/64').last).toBe(0x20010db800000001ffffffffffffffffn);
  });

  it('refuses host bits, naming the network address to use instead', () => {
    expect(() => parseCidr('10.0.0.1/24')).toThrow('10.0.0.1/24 has host bits set: did you mean 10.0.0.0/24?');
    expect(() => parseCidr('fd00::1/64')).toThrow('did you mean fd00::/64?');
  });

  it('masks host bits when asked (interface addresses)', () => {
    expect(parseCidr('172.18.0.3/16', { allowHostBits: true }).text).toBe('172.18.0.0/16');
  });

  it.each([
    ['10.0.0.0', /CIDR notation/],
    ['10.0.0.0/33', /0 to 32/],
    ['fd00::/129', /0 to 128/],
    ['10.0.0.0/08', /prefix length/],
    ['10.0.0.0/', /prefix length/],
    ['10.0.0.0/-1', /prefix length/],
    ['10.0.0.300/24', /300 is more than 255/],
  ])('refuses %j', (text, message) => {
    expect(() => parseCidr(text)).toThrow(message);
  });

  it('prefixMask', () => {
    expect(prefixMask(4, 0)).toBe(0n);
    expect(prefixMask(4, 24)).toBe(0xffffff00n);
    expect(prefixMask(6, 128)).toBe((1n << 128n) - 1n);
  });
});

describe('ipInCidr / cidrWithin / cidrsOverlap', () => {
  it('ipInCidr covers the edges and never matches across families', () => {
    expect(ipInCidr('10.0.0.0', '10.0.0.0/24')).toBe(true);
    expect(ipInCidr('10.0.0.255', '10.0.0.0/24')).toBe(true);
    expect(ipInCidr('10.0.1.0', '10.0.0.0/24')).toBe(false);
    expect(ipInCidr('198.51.100.88', '0.0.0.0/0')).toBe(true);
    expect(ipInCidr('::ffff:10.0.0.1', '10.0.0.0/8')).toBe(false);
    expect(ipInCidr('fd00::5', 'fd00::/64')).toBe(true);
    expect(ipInCidr('fd00:0:0:1::5', 'fd00::/64')).toBe(false);
    expect(ipInCidr('10.0.0.9', '10.0.0.1/24')).toBe(true); // text CIDRs are read leniently
  });

  it('cidrWithin is containment, a block is within itself', () => {
    expect(cidrWithin('10.10.1.0/24', '10.10.0.0/16')).toBe(true);
    expect(cidrWithin('10.10.0.0/16', '10.10.0.0/16')).toBe(true);
    expect(cidrWithin('10.10.0.0/16', '10.10.1.0/24')).toBe(false);
    expect(cidrWithin('10.11.0.0/24', '10.10.0.0/16')).toBe(false);
    expect(cidrWithin('fd00:0:0:1::/64', 'fd00::/48')).toBe(true);
    expect(cidrWithin('10.0.0.0/8', '::/0')).toBe(false);
    expect(cidrWithin('1.2.3.4/32', '0.0.0.0/0')).toBe(true);
  });

  it('cidrsOverlap is symmetric, in both directions of nesting', () => {
    const pairs: Array<[string, string, boolean]> = [
      ['10.10.0.0/24', '10.10.0.0/16', true],
      ['10.10.0.0/16', '10.10.0.0/24', true],
      ['10.10.0.0/16', '10.11.0.0/16', false],
      ['10.10.255.0/24', '10.10.0.0/16', true],
      ['10.11.0.0/24', '10.10.0.0/16', false],
      ['172.16.0.0/12', '172.31.255.0/24', true],
      ['192.168.0.0/24', '192.168.1.0/24', false],
      ['fd00::/64', 'fd00::/8', true],
      ['fd00::/64', 'fd01::/64', false],
      ['10.0.0.0/8', 'fd00::/8', false],
      ['0.0.0.0/0', '203.0.113.0/24', true],
    ];
    for (const [a, b, expected] of pairs) {
      expect(cidrsOverlap(a, b), `${a} vs ${b}`).toBe(expected);
      expect(cidrsOverlap(b, a), `${b} vs ${a}`).toBe(expected);
    }
  });

  it('accepts parsed values as well as text', () => {
    expect(cidrsOverlap(parseCidr('10.0.0.0/24'), parseCidr('10.0.0.128/25'))).toBe(true);
    expect(ipInCidr(parseIp('10.0.0.5'), parseCidr('10.0.0.0/24'))).toBe(true);
  });

  it('overlap agrees with "some address of one is in the other" (property)', () => {
    const block = fc.tuple(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 16, max: 32 })).map(([hi, prefix]) => {
      const v = BigInt(0x0a000000 + hi * 256) & prefixMask(4, prefix);
      return parseCidr(`${formatIp(4, v)}/${prefix}`);
    });
    fc.assert(
      fc.property(block, block, (a, b) => {
        const expected = ipInCidr(formatIp(4, a.first), b) || ipInCidr(formatIp(4, b.first), a);
        expect(cidrsOverlap(a, b)).toBe(expected);
      }),
    );
  });
});
