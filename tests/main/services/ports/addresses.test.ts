import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ipv6FromBytes, ipv6ToBytes, parseAddress, unmapIPv4 } from '../../../../src/main/services/ports/addresses';

describe('canonical address text', () => {
  it.each([
    ['::', '::'],
    ['0:0:0:0:0:0:0:0', '::'],
    ['::1', '::1'],
    ['[::1]', '::1'],
    ['1::', '1::'],
    ['FD00::2', 'fd00::2'],
    ['2001:0db8:0000:0000:0000:ff00:0042:8329', '2001:db8::ff00:42:8329'],
    // the longest zero run is shortened; on a tie, the first one (RFC 5952 4.2.3)
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],
    // a single zero group is not shortened (RFC 5952 4.2.2)
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    // IPv4-mapped, in both spellings, written the way Node prints it
    ['::ffff:7f00:1', '::ffff:127.0.0.1'],
    ['::FFFF:127.0.0.1', '::ffff:127.0.0.1'],
    ['0000:0000:0000:0000:0000:0000:0000:0001', '::1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['[fe80::1%4]', 'fe80::1'],
    ['127.0.0.1', '127.0.0.1'],
  ])('%s → %s', (input, canonical) => {
    expect(parseAddress(input)?.address).toBe(canonical);
  });

  it('refuses what is not an address', () => {
    expect(parseAddress('localhost')).toBeNull();
    expect(parseAddress('*')).toBeNull();
    expect(parseAddress('1.2.3')).toBeNull();
    expect(parseAddress('::ffff::1')).toBeNull();
  });

  it('unmaps IPv4-mapped addresses and leaves the rest alone', () => {
    expect(unmapIPv4('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(unmapIPv4('::1')).toBe('::1');
    expect(unmapIPv4('10.0.0.1')).toBe('10.0.0.1');
  });

  it('round-trips any 16 bytes and agrees with the WHATWG URL serializer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
        const text = ipv6FromBytes(bytes);
        expect(ipv6ToBytes(text)).toEqual([...bytes]);
        const mapped = text.startsWith('::ffff:') && text.includes('.');
        // URL writes mapped addresses in hex (::ffff:7f00:1); everything else must match exactly.
        if (!mapped) expect(new URL(`http://[${text}]/`).hostname).toBe(`[${text}]`);
      }),
      { numRuns: 2000 },
    );
  });

  it('favours zero runs, so compression is exercised', () => {
    const sparse = fc.array(fc.constantFrom(0, 0, 0, 1, 0xffff), { minLength: 8, maxLength: 8 });
    fc.assert(
      fc.property(sparse, (groups) => {
        const bytes = groups.flatMap((g) => [g >> 8, g & 0xff]);
        const text = ipv6FromBytes(bytes);
        expect(ipv6ToBytes(text)).toEqual(bytes);
        if (!(text.startsWith('::ffff:') && text.includes('.'))) expect(new URL(`http://[${text}]/`).hostname).toBe(`[${text}]`);
      }),
      { numRuns: 2000 },
    );
  });
});
