/**
 * Property tests for the `-p` parser. The grammar and the accept/reject rules being checked come
 * from docker/go-connections nat/nat.go (ParsePortSpec, SplitProtoPort, parsePortRange) and Go's
 * net.ParseIP; Node's own IP parser serves as an independent oracle for the address part.
 */
import { isIP } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PortSpecSchema } from '../../src/shared/contract/ports';
import { canonicalIp, formatPortSpec, parsePortSpec, parsePortSpecs, PortSpecError, type PortSpec } from '../../src/shared/port-spec';

const port = fc.integer({ min: 1, max: 65535 });
const protocol = fc.constantFrom<PortSpec['protocol']>('tcp', 'udp', 'sctp');
const hostIp = fc.oneof(
  fc.constantFrom('', '127.0.0.1', '0.0.0.0', '::1', '::', 'fe80::1', '2001:db8::8a2e:370:7334', '::ffff:192.168.0.1'),
  fc.ipV4(),
  // Any RFC 3986 IPv6 literal, stored the way the parser stores it (canonical, as Docker's netip does).
  fc.ipV6().map((ip) => canonicalIp(ip) as string),
);

/** Only specs Docker accepts: equal-length ranges, or a host range for a single container port. */
const validSpec: fc.Arbitrary<PortSpec> = fc
  .record({
    hostIp,
    protocol,
    kind: fc.constantFrom('engine-picks', 'single', 'equal-ranges', 'dynamic-range'),
    c: port,
    h: port,
    len: fc.nat({ max: 200 }),
  })
  .map(({ hostIp, protocol, kind, c, h, len }): PortSpec => {
    const cEnd = kind === 'single' || kind === 'dynamic-range' ? c : Math.min(65535, c + len);
    if (kind === 'engine-picks') return { hostIp, hostPortStart: null, hostPortEnd: null, containerPortStart: c, containerPortEnd: cEnd, protocol };
    const hLen = kind === 'dynamic-range' ? len : cEnd - c;
    const hStart = Math.min(h, 65535 - hLen);
    return { hostIp, hostPortStart: hStart, hostPortEnd: hStart + hLen, containerPortStart: c, containerPortEnd: cEnd, protocol };
  });

/** Never anything but a contract-valid PortSpec or a PortSpecError. */
function parsesOrRejects(input: string): void {
  let result: PortSpec;
  try {
    result = parsePortSpec(input);
  } catch (e) {
    expect(e).toBeInstanceOf(PortSpecError);
    expect((e as PortSpecError).message.length).toBeGreaterThan(0);
    return;
  }
  expect(PortSpecSchema.safeParse(result).success).toBe(true);
  // Whatever we accept, we can print and read back to the same thing.
  expect(parsePortSpec(formatPortSpec(result))).toEqual(result);
}

const piece = fc.constantFrom(
  ':',
  '::',
  '-',
  '/',
  '[',
  ']',
  '.',
  ',',
  '=',
  ' ',
  '0',
  '1',
  '8',
  '80',
  '8080',
  '65535',
  '65536',
  '99999',
  'tcp',
  'UDP',
  'sctp',
  'a',
  'f',
  '::1',
  '127.0.0.1',
  'published',
  'target',
  '%',
);

describe('parsePortSpec properties', () => {
  it('round-trips every valid spec through formatPortSpec', () => {
    fc.assert(
      fc.property(validSpec, (s) => {
        expect(PortSpecSchema.parse(s)).toEqual(s);
        expect(parsePortSpec(formatPortSpec(s))).toEqual(s);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads the long form and a padded spec the same as the short form', () => {
    fc.assert(
      fc.property(validSpec, fc.constantFrom(' ', '\t', '\n', '  '), (s, pad) => {
        expect(parsePortSpec(`${pad}${formatPortSpec(s)}${pad}`)).toEqual(s);
        if (s.hostIp === '' && s.containerPortStart === s.containerPortEnd) {
          const published = s.hostPortStart === null ? '' : `published=${formatPortSpec(s).split(':')[0]},`;
          expect(parsePortSpec(`${published}target=${s.containerPortStart},protocol=${s.protocol.toUpperCase()}`)).toEqual(s);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('parses a list of valid specs joined by any separators', () => {
    fc.assert(
      fc.property(fc.array(validSpec, { maxLength: 8 }), fc.constantFrom(' ', ',', '\n', ', ', ' -p ', ' --publish='), (specs, sep) => {
        const text = (sep.includes('-') && specs.length ? sep.trimStart() : '') + specs.map(formatPortSpec).join(sep);
        expect(parsePortSpecs(text)).toEqual(specs);
      }),
      { numRuns: 1000 },
    );
  });

  it('either returns a contract-valid spec or throws PortSpecError for any string', () => {
    fc.assert(fc.property(fc.string({ maxLength: 40 }), parsesOrRejects), { numRuns: 2000 });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), parsesOrRejects), { numRuns: 1000 });
    fc.assert(fc.property(fc.string({ unit: piece, maxLength: 12 }), parsesOrRejects), { numRuns: 2000 });
  });

  it('never accepts port 0 as a container port, or a number above 65535 anywhere', () => {
    fc.assert(
      fc.property(fc.option(port, { nil: null }), fc.integer({ min: 65536, max: 10_000_000 }), (h, big) => {
        expect(() => parsePortSpec(h === null ? '0' : `${h}:0`)).toThrow(PortSpecError);
        expect(() => parsePortSpec(`${big}`)).toThrow(/out of range/);
        expect(() => parsePortSpec(`${big}:80`)).toThrow(/out of range/);
      }),
      { numRuns: 500 },
    );
  });
});

describe('host IP parsing against Node as an oracle', () => {
  const ipish = fc.string({ unit: fc.constantFrom(':', '::', '.', '0', '1', '00', '255', '256', 'ff', 'FFFF', 'abcd', '12345', 'g'), maxLength: 10 });

  it('accepts exactly the addresses Node accepts (zones aside), printed the way WHATWG URLs print them', () => {
    fc.assert(
      fc.property(fc.oneof(ipish, fc.ipV4(), fc.ipV6(), fc.ipV4Extended()), (text) => {
        const ours = canonicalIp(text);
        expect(ours !== null).toBe(isIP(text) !== 0);
        if (ours !== null && isIP(text) === 6 && !ours.startsWith('::ffff:')) {
          // WHATWG and Go both follow RFC 5952 here (they differ only for IPv4-mapped addresses).
          expect(ours).toBe(new URL(`http://[${text}]/`).hostname.slice(1, -1));
        }
        if (ours !== null) expect(canonicalIp(ours)).toBe(ours);
      }),
      { numRuns: 2000 },
    );
  });
});
