/**
 * Cases derived from Docker's own parser tests, re-expressed for our PortSpec shape:
 *  - docker/go-connections nat/nat_test.go (TestParsePort, TestSplitProtoPort, TestParsePortSpecFull,
 *    TestPartPortSpecIPV6, TestParsePortSpecs*, TestParseNetworkOpts*, TestStringer)
 *  - docker/cli opts/swarmopts/port_test.go (TestPortOptValidSimpleSyntax, TestPortOptInvalidSimpleSyntax)
 *  - docker/cli cli/command/container/opts.go convertToStandardNotation (the `name=value` long form)
 *  - moby daemon/container.go validatePortBindings (container port 0 is refused)
 */
import { describe, expect, it } from 'vitest';
import { PortSpecSchema } from '../../src/shared/contract/ports';
import {
  canonicalIp,
  expandHostPorts,
  formatPortSpec,
  isDynamicHostRange,
  parsePortSpec,
  parsePortSpecs,
  PortSpecError,
  type PortSpec,
} from '../../src/shared/port-spec';

const spec = (p: Partial<PortSpec> & Pick<PortSpec, 'containerPortStart'>): PortSpec => ({
  hostIp: '',
  hostPortStart: null,
  hostPortEnd: null,
  containerPortEnd: p.containerPortStart,
  protocol: 'tcp',
  ...p,
});

function errorOf(input: string): PortSpecError {
  try {
    parsePortSpec(input);
  } catch (e) {
    expect(e).toBeInstanceOf(PortSpecError);
    return e as PortSpecError;
  }
  throw new Error(`expected "${input}" to be rejected`);
}

describe('parsePortSpec: what Docker accepts', () => {
  it.each<[string, PortSpec]>([
    // nat_test.go TestParsePortSpecs / swarm TestPortOptValidSimpleSyntax
    ['1234/tcp', spec({ containerPortStart: 1234 })],
    ['2345/udp', spec({ containerPortStart: 2345, protocol: 'udp' })],
    ['3456/sctp', spec({ containerPortStart: 3456, protocol: 'sctp' })],
    ['1234:1234/tcp', spec({ hostPortStart: 1234, hostPortEnd: 1234, containerPortStart: 1234 })],
    ['0.0.0.0:2345:2345/udp', spec({ hostIp: '0.0.0.0', hostPortStart: 2345, hostPortEnd: 2345, containerPortStart: 2345, protocol: 'udp' })],
    ['80:8080/udp', spec({ hostPortStart: 80, hostPortEnd: 80, containerPortStart: 8080, protocol: 'udp' })],
    // TestParseNetworkOptsPrivateOnly / Public / Udp / Sctp
    ['192.168.1.100::80', spec({ hostIp: '192.168.1.100', containerPortStart: 80 })],
    ['192.168.1.100:8080:80', spec({ hostIp: '192.168.1.100', hostPortStart: 8080, hostPortEnd: 8080, containerPortStart: 80 })],
    ['192.168.1.100::6000/udp', spec({ hostIp: '192.168.1.100', containerPortStart: 6000, protocol: 'udp' })],
    ['192.168.1.100::6000/sctp', spec({ hostIp: '192.168.1.100', containerPortStart: 6000, protocol: 'sctp' })],
    // TestParsePortSpecFull and the range tests
    ['0.0.0.0:1234-1235:3333-3334/tcp', spec({ hostIp: '0.0.0.0', hostPortStart: 1234, hostPortEnd: 1235, containerPortStart: 3333, containerPortEnd: 3334 })],
    ['1234-1236/tcp', spec({ containerPortStart: 1234, containerPortEnd: 1236 })],
    ['2345-2347:2345-2347/udp', spec({ hostPortStart: 2345, hostPortEnd: 2347, containerPortStart: 2345, containerPortEnd: 2347, protocol: 'udp' })],
    // A host range for one container port: the engine binds any free port in it.
    ['80-82:8080/udp', spec({ hostPortStart: 80, hostPortEnd: 82, containerPortStart: 8080, protocol: 'udp' })],
    ['8000-8010:80', spec({ hostPortStart: 8000, hostPortEnd: 8010, containerPortStart: 80 })],
    // "80-80" is one port (parsePortRange compares the two halves as strings first).
    ['80-80:8080/tcp', spec({ hostPortStart: 80, hostPortEnd: 80, containerPortStart: 8080 })],
    // TestPartPortSpecIPV6: bracketed and "legacy" unbracketed IPv6.
    ['[2001:4860:0:2001::68]::333', spec({ hostIp: '2001:4860:0:2001::68', containerPortStart: 333 })],
    ['[::1]:80:80', spec({ hostIp: '::1', hostPortStart: 80, hostPortEnd: 80, containerPortStart: 80 })],
    ['2001:4860:0:2001::68::333', spec({ hostIp: '2001:4860:0:2001::68', containerPortStart: 333 })],
    ['::1:80:80', spec({ hostIp: '::1', hostPortStart: 80, hostPortEnd: 80, containerPortStart: 80 })],
    ['::::80', spec({ hostIp: '::', containerPortStart: 80 })],
    ['1:2:3:4:5:6:7:8::80', spec({ hostIp: '1:2:3:4:5:6:7:8', containerPortStart: 80 })],
    ['[::]:80:80', spec({ hostIp: '::', hostPortStart: 80, hostPortEnd: 80, containerPortStart: 80 })],
    // TestStringer: an empty IP and/or host port in front of the container port.
    [':8080:6000/tcp', spec({ hostPortStart: 8080, hostPortEnd: 8080, containerPortStart: 6000 })],
    ['::6000', spec({ containerPortStart: 6000 })],
    [':80', spec({ containerPortStart: 80 })],
    // TestSplitProtoPort: an empty protocol means tcp; the protocol is case-insensitive.
    ['1234/', spec({ containerPortStart: 1234 })],
    ['80-8080/', spec({ containerPortStart: 80, containerPortEnd: 8080 })],
    ['1234/UDP', spec({ containerPortStart: 1234, protocol: 'udp' })],
    ['53:53/uDp', spec({ hostPortStart: 53, hostPortEnd: 53, containerPortStart: 53, protocol: 'udp' })],
    // TestParsePort: leading zeros are decimal ("octal value" 0123 → 123), 65535 is the maximum.
    ['0123', spec({ containerPortStart: 123 })],
    ['65535:65535', spec({ hostPortStart: 65535, hostPortEnd: 65535, containerPortStart: 65535 })],
    // Host port 0 means "engine picks", the same as leaving it out.
    ['0:80', spec({ containerPortStart: 80 })],
    ['127.0.0.1:0:80', spec({ hostIp: '127.0.0.1', containerPortStart: 80 })],
    // net.SplitHostPort strips brackets from anything, even IPv4 or nothing at all.
    ['[127.0.0.1]:8080:80', spec({ hostIp: '127.0.0.1', hostPortStart: 8080, hostPortEnd: 8080, containerPortStart: 80 })],
    ['[]:8080:80', spec({ hostPortStart: 8080, hostPortEnd: 8080, containerPortStart: 80 })],
    // convertToStandardNotation: docker run also takes the long form.
    ['published=8080,target=80', spec({ hostPortStart: 8080, hostPortEnd: 8080, containerPortStart: 80 })],
    ['target=53,published=5353,protocol=udp,mode=host', spec({ hostPortStart: 5353, hostPortEnd: 5353, containerPortStart: 53, protocol: 'udp' })],
    ['target=80', spec({ containerPortStart: 80 })],
    // Surrounding whitespace (a shell would have dropped it).
    ['  8080:80\n', spec({ hostPortStart: 8080, hostPortEnd: 8080, containerPortStart: 80 })],
  ])('%j', (input, expected) => {
    const parsed = parsePortSpec(input);
    expect(parsed).toEqual(expected);
    expect(PortSpecSchema.parse(parsed)).toEqual(parsed);
  });

  it('prints IPv6 host addresses in canonical form, as the CLI does through netip', () => {
    expect(parsePortSpec('[0:0:0:0:0:0:0:1]:80:80').hostIp).toBe('::1');
    expect(parsePortSpec('[FE80:0:0:0:0:0:0:1]:80:80').hostIp).toBe('fe80::1');
    expect(parsePortSpec('[::FFFF:127.0.0.1]:80:80').hostIp).toBe('::ffff:127.0.0.1');
    expect(parsePortSpec('[2001:db8:0:0:1:0:0:1]::80').hostIp).toBe('2001:db8::1:0:0:1');
  });
});

describe('parsePortSpec: what Docker rejects, and why', () => {
  it.each<[string, PortSpecError['part'], RegExp]>([
    ['', 'spec', /Empty port spec/],
    ['   ', 'spec', /Empty port spec/],
    ['8080:', 'containerPort', /Missing container port in "8080:"/],
    ['/udp', 'containerPort', /Missing container port/],
    ['127.0.0.1:8080:', 'containerPort', /Missing container port/],
    ['80/http', 'protocol', /Invalid protocol "http" in "80\/http": use tcp, udp or sctp/],
    ['80/xyz', 'protocol', /Invalid protocol "xyz"/],
    ['80/tcp/udp', 'protocol', /Invalid protocol "tcp\/udp"/],
    ['tcp', 'containerPort', /Invalid container port "tcp" in "tcp": not a number/],
    ['9999999', 'containerPort', /9999999 is out of range/],
    ['65536', 'containerPort', /Invalid container port "65536" in "65536": 65536 is out of range/],
    ['8080:65536', 'containerPort', /65536 is out of range/],
    ['65536:80', 'hostPort', /Invalid host port "65536"/],
    ['0', 'containerPort', /port 0 cannot be published/],
    ['8080:0', 'containerPort', /port 0 cannot be published/],
    ['0-5', 'containerPort', /port 0 cannot be published/],
    ['80a:80', 'hostPort', /^Invalid host port "80a" in "80a:80": not a number$/],
    ['-1', 'containerPort', /port number is missing/],
    ['192.168.1.100:-1:-1', 'containerPort', /Invalid container port range "-1"/],
    ['+80', 'containerPort', /not a number/],
    ['80 :80', 'hostPort', /not a number/],
    ['90-80', 'containerPort', /the end \(80\) is below the start \(90\)/],
    ['1234-1230:80', 'hostPort', /Invalid host port range "1234-1230".*below the start/],
    ['80-', 'containerPort', /port number is missing/],
    ['1-2-3', 'containerPort', /"2-3" is not a number/],
    ['8000-8002:80-81', 'range', /host 8000-8002 has 3 ports, container 80-81 has 2/],
    ['8080:80-81', 'range', /host 8080 has 1 port, container 80-81 has 2/],
    ['0-5:80-85', 'hostPort', /a range cannot include port 0/],
    ['300.1.1.1:80:80', 'hostIp', /Invalid host IP "300.1.1.1" in "300.1.1.1:80:80": not an IPv4 or IPv6 address/],
    ['localhost:1234:1234/tcp', 'hostIp', /host names are not allowed/],
    ['192.168.1.100', 'containerPort', /not a number/],
    ['127.000.0.1:80:80', 'hostIp', /not an IPv4/],
    [':::80', 'hostIp', /write IPv6 in brackets/],
    ['[::1:80:80', 'hostIp', /brackets must enclose the whole address/],
    ['[::1]x:80:80', 'hostIp', /brackets/],
    ['[[::1]]:80:80', 'hostIp', /brackets/],
    ['fe80::1%eth0:80:80', 'hostIp', /zone indexes/],
    ['[fe80::1%eth0]:80:80', 'hostIp', /zone indexes/],
    ['1:2:3:4:5:6:7:8:9::80', 'hostIp', /not an IPv4 or IPv6/],
    ['invalid,target=80', 'spec', /Invalid publish option "invalid"/],
    ['invalid=field', 'containerPort', /Missing container port/],
  ])('%j', (input, part, message) => {
    const e = errorOf(input);
    expect(e.part).toBe(part);
    expect(e.message).toMatch(message);
    expect(e.input).toBe(input);
    expect(e.name).toBe('PortSpecError');
  });
});

describe('formatPortSpec', () => {
  it.each<[string, string]>([
    ['80', '80'],
    ['80/udp', '80/udp'],
    ['8080:80/tcp', '8080:80'],
    ['127.0.0.1::80', '127.0.0.1::80'],
    ['192.168.1.100:8080:6000/udp', '192.168.1.100:8080:6000/udp'],
    // TestStringer's legacy forms come back bracketed.
    ['::1:8080:6000/udp', '[::1]:8080:6000/udp'],
    ['::::6000/udp', '[::]::6000/udp'],
    ['[::1]::6000/udp', '[::1]::6000/udp'],
    ['8000-8010:80', '8000-8010:80'],
    ['0.0.0.0:1234-1235:3333-3334/SCTP', '0.0.0.0:1234-1235:3333-3334/sctp'],
    ['80-80:80', '80:80'],
    ['0:80', '80'],
    ['published=8080,target=80,protocol=udp', '8080:80/udp'],
  ])('%j → %j', (input, out) => {
    expect(formatPortSpec(parsePortSpec(input))).toBe(out);
    expect(parsePortSpec(out)).toEqual(parsePortSpec(input));
  });
});

describe('parsePortSpecs', () => {
  it('splits on whitespace, commas and newlines', () => {
    expect(parsePortSpecs('8080:80, 8443:443\n5432:5432  53/udp').map(formatPortSpec)).toEqual(['8080:80', '8443:443', '5432:5432', '53/udp']);
    expect(parsePortSpecs(' ,\n ')).toEqual([]);
  });

  it('reads -p / --publish values pasted from a command line and ignores the rest', () => {
    const line = 'docker run -d --name web -p 8080:80 --publish=127.0.0.1:8443:443 -p"9000:9000" --publish 53:53/udp -dp 3000:3000 -p=5000:5000 -e A=1 nginx';
    expect(parsePortSpecs(line).map(formatPortSpec)).toEqual(['8080:80', '127.0.0.1:8443:443', '9000:9000', '53:53/udp', '3000:3000', '5000:5000']);
    expect(parsePortSpecs(`-p '[::1]:8080:80'`)[0].hostIp).toBe('::1');
    expect(parsePortSpecs('--publish published=8080,target=80').map(formatPortSpec)).toEqual(['8080:80']);
    // -P / --publish-all publish every exposed port; they are not -p.
    expect(parsePortSpecs('docker run -P --publish-all -p 80 nginx').map(formatPortSpec)).toEqual(['80']);
  });

  it('throws the error of the bad spec', () => {
    expect(() => parsePortSpecs('8080:80, 80a:80')).toThrow(/Invalid host port "80a" in "80a:80"/);
    expect(() => parsePortSpecs('docker run -p')).toThrow(PortSpecError);
  });
});

describe('helpers', () => {
  it('expands host ports as nat.ParsePortSpec does', () => {
    expect(expandHostPorts(parsePortSpec('80'))).toEqual([]);
    expect(expandHostPorts(parsePortSpec('8000-8002:80-82'))).toEqual([8000, 8001, 8002]);
    expect(isDynamicHostRange(parsePortSpec('8000-8010:80'))).toBe(true);
    expect(isDynamicHostRange(parsePortSpec('8000-8001:80-81'))).toBe(false);
  });

  it('canonicalIp follows Go net.ParseIP', () => {
    expect(canonicalIp('1.2.3.4')).toBe('1.2.3.4');
    expect(canonicalIp('::1.2.3.4')).toBe('::102:304');
    expect(canonicalIp('1:2:3:4:5:6:1.2.3.4')).toBe('1:2:3:4:5:6:102:304');
    expect(canonicalIp('1:2:3:4:5:6:7::')).toBe('1:2:3:4:5:6:7:0');
    expect(canonicalIp('1:0:0:2:0:0:0:3')).toBe('1:0:0:2::3');
    expect(canonicalIp('1:0:0:2:0:0:3:4')).toBe('1::2:0:0:3:4');
    for (const bad of [
      '1.2.3',
      '1.2.3.4.5',
      '01.2.3.4',
      '::1:2:3:4:5:6:7:8',
      '1:2:3:4:5:6:7:8:9',
      '12345::',
      '1::2::3',
      ':1::',
      '1::2:',
      '1.2.3.4::',
      '::1.2.3.4:5',
      'g::1',
      '',
    ]) {
      expect(canonicalIp(bad)).toBeNull();
    }
  });
});
